import DemoDatabase
import Explorer
import ExplorerRuntime
import ORMCore
import TestSupport
import XCTest

/// Action scripts in, state and reports out: the pure explorer driven through the real runtime.
final class ExplorerScriptTests: XCTestCase {
    func play(_ state: inout ExplorerState, _ runtime: Runtime, _ actions: [Action]) { runtime.play(&state, actions) }

    /// The small demo on a backend, and a runtime on it.
    func demo(_ db: Database) throws -> Runtime {
        try DemoDatabase.create(on: db, size: .small)
        return Runtime(session: try Session(db))
    }

    func rows(_ s: ExplorerState) -> RowsScreen? { if case .rows(let r) = s.screen { return r } else { return nil } }

    func testBrowsePageFilterFollowAndBack() throws {
        try eachBackend { db, backend in
            let runtime = try demo(db)
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 10, dialect: db.dialect)
            play(&state, runtime, [.openModel("hero")])
            XCTAssertEqual(rows(state)?.page?.rows.count, 10)
            XCTAssertEqual(rows(state)?.position.first, 1)
            XCTAssertEqual(state.report?.queryCount, 1, "[\(backend)] opening runs one statement, never COUNT(*)")
            XCTAssertFalse(state.report!.statements[0].sql.lowercased().contains("count("))

            play(&state, runtime, [.pageNext, .pageNext])
            XCTAssertEqual(rows(state)?.position.first, 21)
            XCTAssertEqual(rows(state)?.page?.primaryKeys.first, [21])
            play(&state, runtime, [.pagePrevious])
            XCTAssertEqual(rows(state)?.page?.primaryKeys.first, [11])
            play(&state, runtime, [.countExactly, .pageLast])
            XCTAssertEqual(rows(state)?.exactCount, 60)
            XCTAssertEqual(rows(state)?.page?.primaryKeys.last, [60])
            XCTAssertEqual(rows(state)?.position.first, 51)
            XCTAssertEqual(rows(state)?.page?.hasNext, false)

            play(&state, runtime, [.filter("agee > 3")])
            XCTAssertEqual(state.report?.error, "Filter error at column 1: hero has no field agee; did you mean age?")
            XCTAssertEqual(state.report?.queryCount, 0)
            play(&state, runtime, [.filter("team.name = 'Avengers'"), .sort(field: "name", descending: true)])
            let names = rows(state)?.page?.rows.map { $0[1].displayText ?? "" } ?? []
            XCTAssertEqual(names, names.sorted(by: >))

            // Follow hero -> powers (through the link, with its role), then back.
            play(&state, runtime, [.filter(""), .sort(field: "id", descending: false), .follow("powers")])
            XCTAssertEqual(rows(state)?.origin, "powers of hero 1")
            let powers = try XCTUnwrap(rows(state)?.page)
            XCTAssertFalse(powers.rows.isEmpty)
            XCTAssertEqual(powers.linkData.count, powers.rows.count, "[\(backend)] each power comes with its link data")
            XCTAssertNotNil(powers.linkData.first?["role"])
            play(&state, runtime, [.back])
            XCTAssertEqual(rows(state)?.request.model, "hero")
            play(&state, runtime, [.follow("team")])
            XCTAssertEqual(rows(state)?.page?.rows.count, 1, "[\(backend)] the referenced row")
            play(&state, runtime, [.back, .back, .back, .back, .back, .back, .back, .back, .back])
            XCTAssertEqual(state.screen, .models(cursor: 0))
        }
    }

    func testCyclingAStrategyChangesTheCount() throws {
        try eachBackend { db, backend in
            let runtime = try demo(db)
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 6, dialect: db.dialect)
            play(&state, runtime, [.openModel("team")])
            var counts: [Int] = []
            for _ in 0..<3 {
                play(&state, runtime, [.cycleStrategy(relationship: "team.heroes")])
                counts.append(state.report?.queryCount ?? -1)
            }
            // selectin, joined, lazy: 2, 1, 1 + 6
            XCTAssertEqual(counts, [2, 1, 7], "[\(backend)]")
            XCTAssertEqual(state.report?.warnings.first?.hasPrefix("Potential N+1 on Team.heroes"), true)
            XCTAssertEqual(rows(state)?.page?.related.first?["heroes"]?.hasSuffix("rows"), true)
        }
    }

    func testWritesConfirmConflictAndManualTransaction() throws {
        try eachBackend { db, backend in
            let runtime = try demo(db)
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 100, dialect: db.dialect)
            play(&state, runtime, [.openModel("team"), .write(.insert(model: "team", values: ["name": "Avengers"]))])
            XCTAssertEqual(state.report?.error?.hasPrefix("Unique constraint"), true, "[\(backend)]")
            play(&state, runtime, [.write(.insert(model: "team", values: ["name": "Fresh", "headquarters": .null]))])
            XCTAssertNil(state.report?.error)
            XCTAssertTrue(rows(state)?.page?.rows.contains { $0[1] == "Fresh" } ?? false, "the page reloads after a write")
            play(&state, runtime, [.write(.update(model: "team", key: [1], values: ["name": "x", "headquarters": "y"]))])
            XCTAssertNil(state.report?.error)
            XCTAssertTrue(state.report!.statements.contains { $0.sql.contains("UPDATE") })

            // Delete asks first.
            play(&state, runtime, [.write(.delete(model: "team", key: [6]))])
            let heroes6 = try Session(db, registry: runtime.session.registry).count("hero", where: .col("team_id").equals(6))
            XCTAssertEqual(state.confirmation?.message, "Delete team 6? hero.team_id: \(heroes6) set to NULL. y: delete, n: cancel", "[\(backend)]")
            play(&state, runtime, [.cancel])
            XCTAssertNil(state.confirmation)

            // A CHECK violation quotes the rule it broke.
            let link = try XCTUnwrap(try db.fetchAll(CompiledSQL("SELECT hero_id, power_id FROM hero_power_link ORDER BY hero_id, power_id")).first)
            play(&state, runtime, [.write(.update(model: "hero_power_link", key: [link[0], link[1]], values: ["role": "boss"]))])
            let sentence = try XCTUnwrap(state.report?.error, "[\(backend)]")
            XCTAssertTrue(sentence.hasPrefix("Check constraint ck_link_role"), "[\(backend)] \(sentence)")
            XCTAssertTrue(sentence.contains("The rule: ") && sentence.contains("member"), "[\(backend)] \(sentence)")

            // Manual mode: writes are staged until commit; a failed one keeps the others.
            play(&state, runtime, [.setManualTransaction(true),
                                   .write(.insert(model: "team", values: ["name": "Staged 1"])),
                                   .write(.insert(model: "team", values: ["name": "Avengers"])),
                                   .write(.insert(model: "team", values: ["name": "Staged 2"]))])
            XCTAssertEqual(state.staged, 2, "[\(backend)]")
            XCTAssertTrue(db.inTransaction)
            play(&state, runtime, [.commit])
            XCTAssertEqual(state.staged, 0)
            XCTAssertFalse(db.inTransaction)
            let names = try Session(db, registry: runtime.session.registry).query("team").map { $0["name"]! }
            XCTAssertTrue(names.contains("Staged 1") && names.contains("Staged 2"), "[\(backend)] \(names)")
        }
    }
}

extension ExplorerScriptTests {
    func testComparingStrategiesDrawsBars() throws {
        try eachBackend { db, backend in
            let runtime = try demo(db)
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 6, dialect: db.dialect)
            play(&state, runtime, [.openModel("team"), .compareStrategies(relationship: "team.heroes")])
            let c = try XCTUnwrap(state.comparison, "[\(backend)]")
            XCTAssertEqual(c.costs.map(\.strategy), [.lazy, .selectin, .joined])
            XCTAssertEqual(c.costs.map(\.statements), [7, 2, 1], "[\(backend)]")
            XCTAssertFalse(c.costs[0].warnings.isEmpty, "lazy carries its N+1 warning")
            XCTAssertEqual(state.report?.queryCount, 10, "[\(backend)] the SQL pane lists all three runs' statements")
            let text = Renderer.render(state, UIState(), title: "t", width: 120, height: 35).text
            XCTAssertTrue(text.contains("Loading Team.heroes for 6 parents"), text)
            let lazyLine = try XCTUnwrap(text.split(separator: "\n").first { $0.contains("lazy") && $0.contains("█") })
            let joinedLine = try XCTUnwrap(text.split(separator: "\n").first { $0.contains("joined") && $0.contains("█") })
            XCTAssertGreaterThan(lazyLine.filter { $0 == "█" }.count, joinedLine.filter { $0 == "█" }.count)
        }
    }
}

extension ExplorerScriptTests {
    /// Tab to the SQL pane, pick the page's statement, Enter: its plan; A asks, then runs it rolled back.
    func testExplainFromTheSQLPane() throws {
        try eachBackend { db, backend in
            let runtime = try demo(db)
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 10, dialect: db.dialect)
            var ui = UIState()
            play(&state, runtime, [.openModel("hero")])
            let pageSQL = try XCTUnwrap(state.report?.statements.first?.sql)
            for key in [Key.tab, .tab] { XCTAssertEqual(Keymap.handle(key, ui: &ui, state: state), []) }
            XCTAssertEqual(ui.focus, .sql, "Tab: the model pane, then the SQL pane")
            let text = Renderer.render(state, ui, title: "t", width: 120, height: 35).text
            XCTAssertTrue(text.contains("SQL pane: ↑↓ choose a statement"), text)
            XCTAssertTrue(text.contains("▶"), "the selected statement is marked")
            let actions = Keymap.handle(.enter, ui: &ui, state: state)
            XCTAssertEqual(actions, [.explain(sql: pageSQL, params: state.report!.statements[0].params, analyze: false)])
            play(&state, runtime, actions)
            let plan = try XCTUnwrap(state.plan, "[\(backend)] \(state.report?.error ?? "")")
            XCTAssertFalse(plan.plan.nodes.isEmpty, "[\(backend)]")
            XCTAssertEqual(plan.report.statements.first?.sql.hasPrefix("EXPLAIN"), true, "the plan names the EXPLAIN it ran")
            XCTAssertEqual(plan.report.statements.first?.cause, .explain)
            XCTAssertEqual(state.report?.statements.first?.sql, pageSQL, "the SQL pane keeps the statements being inspected")
            // ...so another statement (here the same one again) can be explained right away.
            play(&state, runtime, Keymap.handle(.enter, ui: &ui, state: state))
            XCTAssertNotNil(state.plan, "[\(backend)] \(state.report?.error ?? "")")
            let screen = Renderer.render(state, ui, title: "t", width: 120, height: 35).text
            XCTAssertTrue(screen.contains("EXPLAIN (the plan; nothing ran)"), screen)
            XCTAssertTrue(screen.contains(db.dialect.explainStyle == .postgresJSON ? "Scan on hero" : "hero"), screen)

            // ANALYZE: SQLite says it has none; PostgreSQL asks, then runs a DELETE rolled back.
            let delete = CompiledSQL(#"DELETE FROM "hero" WHERE "id" > $1"#, [0])
            if db.dialect.explainStyle == .sqliteQueryPlan {
                play(&state, runtime, [.explain(sql: delete.sql, params: delete.binds, analyze: true)])
                XCTAssertEqual(state.report?.error, "SQLite has no EXPLAIN ANALYZE; Enter shows the query plan.")
                XCTAssertNil(state.confirmation)
            } else {
                play(&state, runtime, [.explain(sql: delete.sql, params: delete.binds, analyze: true)])
                XCTAssertEqual(state.confirmation?.message, "EXPLAIN ANALYZE runs this DELETE inside a transaction that is rolled back (at most 10 s). Run it? (y/n)")
                play(&state, runtime, [.confirm])
                let analyzed = try XCTUnwrap(state.plan, state.report?.error ?? "")
                XCTAssertTrue(analyzed.plan.analyzed)
                XCTAssertEqual(analyzed.plan.nodes.first?.actualRows, 0, "a DELETE node returns no rows; what it deleted is rolled back")
                XCTAssertEqual(analyzed.report.statements.last?.sql, "ROLLBACK")
                XCTAssertEqual(try Session(db, registry: runtime.session.registry).count("hero"), 60, "nothing was deleted")
            }
            // Esc closes a plan (and the loading comparison) without any other action.
            ui.focus = .main
            play(&state, runtime, Keymap.handle(.escape, ui: &ui, state: state))
            XCTAssertNil(state.plan)
            // A statement without a plan gets a sentence.
            play(&state, runtime, [.explain(sql: "COMMIT", params: [], analyze: false)])
            XCTAssertEqual(state.report?.error, "Only SELECT, INSERT, UPDATE and DELETE statements have a plan.")
        }
    }

    /// The `:` prompt runs the shell's commands as explorer actions; mistakes get one sentence.
    func testCommandLine() throws {
        try eachBackend { db, backend in
            let runtime = try demo(db)
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 10, dialect: db.dialect)
            var ui = UIState()
            func type(_ line: String) {
                _ = Keymap.handle(.char(":"), ui: &ui, state: state)
                for c in line { _ = Keymap.handle(.char(c), ui: &ui, state: state) }
                play(&state, runtime, Keymap.handle(.enter, ui: &ui, state: state))
            }
            type(#"rows hero --where "age > 40" --order age:desc --limit 5"#)
            let r = try XCTUnwrap(rows(state), "[\(backend)] \(state.report?.error ?? "")")
            XCTAssertEqual(r.page?.rows.count, 5)
            let ages = r.page!.rows.map { $0[r.page!.columns.firstIndex(of: "age")!] }
            XCTAssertTrue(ages.allSatisfy { if case .int(let a) = $0 { return a > 40 } else { return false } }, "\(ages)")
            XCTAssertEqual(ages, ages.sorted { ($0.displayText.flatMap { Int($0) } ?? 0) > ($1.displayText.flatMap { Int($0) } ?? 0) })

            type("strategy team selectin")
            XCTAssertEqual(state.strategies["hero.team"], .selectin)
            XCTAssertEqual(state.report?.queryCount, 2, "[\(backend)] the page and one selectin batch")

            type("rows hero --limit 5")
            XCTAssertEqual(state.report?.queryCount, 2, "[\(backend)] :rows keeps the strategy chosen for Hero.team")

            type("get team 2")
            guard case .row(let row) = state.screen else { return XCTFail("[\(backend)] get opens the row") }
            XCTAssertEqual(row.values["id"], 2)

            type("insert team --set name=Command --set headquarters=Shell")
            XCTAssertNil(state.report?.error, "[\(backend)]")
            XCTAssertEqual(try Session(db, registry: runtime.session.registry).query("team", where: .col("name").equals("Command")).count, 1)

            type("rwos hero")
            XCTAssertEqual(state.report?.error, #""rwos" is not a command; did you mean rows? help lists them."#)
            type("rows hero --wher 'age > 1'")
            XCTAssertEqual(state.report?.error, "rows does not take --wher; did you mean --where?")
            type("get hero x")
            XCTAssertEqual(state.report?.error, "The key's id is a whole number (\"x\" is not).")
            type("delete team 1")
            let heroes1 = try Session(db, registry: runtime.session.registry).count("hero", where: .col("team_id").equals(1))
            XCTAssertEqual(state.confirmation?.message, "Delete team 1? hero.team_id: \(heroes1) set to NULL. y: delete, n: cancel",
                           "a delete typed as a command still asks, and says what the foreign keys will do")
            play(&state, runtime, [.cancel])

            // History: Up brings back the last line.
            _ = Keymap.handle(.char(":"), ui: &ui, state: state)
            _ = Keymap.handle(.up, ui: &ui, state: state)
            XCTAssertEqual(ui.mode, .commandPrompt("delete team 1"))
            _ = Keymap.handle(.escape, ui: &ui, state: state)
            type("quit")
            XCTAssertTrue(ui.quit)
        }
    }
}

extension ExplorerScriptTests {
    /// Live rows: another client's insert, change and delete show on refresh (R).
    func testAnotherClientsChangesAppearOnRefresh() throws {
        for backend in Backend.allCases {
            guard let location = try location(backend) else { continue }
            let mine = Database(try connect(location))
            let theirs = Database(try connect(location))
            defer { mine.close(); theirs.close() }
            let runtime = try demo(mine)
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 100, dialect: mine.dialect)
            play(&state, runtime, [.openModel("team"), .filter("id <= 3 or name = 'From elsewhere'")])
            XCTAssertEqual(rows(state)?.page?.rows.count, 3, "[\(backend)]")
            _ = try theirs.execute(sql: "INSERT INTO team (name) VALUES ('From elsewhere')")
            _ = try theirs.execute(sql: "UPDATE team SET name = 'Renamed elsewhere' WHERE id = 2")
            _ = try theirs.execute(sql: "UPDATE hero SET team_id = NULL WHERE team_id = 3")
            _ = try theirs.execute(sql: "DELETE FROM team WHERE id = 3")
            play(&state, runtime, [.refresh])
            let names = rows(state)?.page?.rows.map { $0[1].displayText ?? "" } ?? []
            XCTAssertTrue(names.contains("From elsewhere"), "[\(backend)] \(names)")
            XCTAssertTrue(names.contains("Renamed elsewhere"), "[\(backend)] \(names)")
            XCTAssertEqual(names.count, 3, "[\(backend)] team 3 is gone: \(names)")
        }
    }
}

extension ExplorerScriptTests {
    /// What a first-time user ran into, each fixed: a failed filter keeps the rows and the
    /// request; a key that matches no row goes back instead of showing NULLs; leaving manual
    /// mode with staged changes is refused; a resize reloads the page at the window's size; the
    /// label after following a many-to-one names the row it came from.
    func testNewUserRoughEdges() throws {
        try eachBackend { db, backend in
            let runtime = try demo(db)
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 10, dialect: db.dialect)
            play(&state, runtime, [.openModel("hero"), .filter("age > 40")])
            let before = try XCTUnwrap(rows(state))
            play(&state, runtime, [.filter("agee > 40")])
            XCTAssertEqual(state.report?.error, "Filter error at column 1: hero has no field agee; did you mean age?")
            XCTAssertEqual(rows(state)?.request.filter, "age > 40", "[\(backend)] the request keeps the filter that works")
            XCTAssertEqual(rows(state)?.page, before.page)

            play(&state, runtime, [.openKey(model: "team", key: [99_999])])
            XCTAssertEqual(state.report?.error, "No team row has id = 99999.")
            XCTAssertEqual(rows(state)?.request.model, "hero", "[\(backend)] back on the rows, no row of NULLs")

            play(&state, runtime, [.setManualTransaction(true), .write(.insert(model: "team", values: ["name": "Staged"])), .setManualTransaction(false)])
            XCTAssertTrue(state.manualTransaction, "[\(backend)]")
            XCTAssertEqual(state.report?.error, "1 change is staged: commit (C) or roll back (U) first, then leave manual mode.")
            play(&state, runtime, [.rollback, .setManualTransaction(false)])
            XCTAssertFalse(state.manualTransaction)
            XCTAssertEqual(try Session(db, registry: runtime.session.registry).query("team", where: .col("name").equals("Staged")).count, 0)

            play(&state, runtime, [.resize(pageSize: 4)])
            XCTAssertEqual(rows(state)?.page?.rows.count, 4, "[\(backend)]")
            XCTAssertEqual(rows(state)?.request.limit, 4)

            play(&state, runtime, [.filter(""), .openRow, .follow("team")])
            guard case .rows(let teamRows) = state.screen else { return XCTFail("[\(backend)]") }
            XCTAssertEqual(teamRows.origin, "team of hero 1", "[\(backend)] named by the hero's key, not the team's")
        }
    }
}

extension ExplorerScriptTests {
    /// From a second first-time user's trial, on both backends.
    func testEditConflictUpsertKeyScopedCountAndFailedLoads() throws {
        try eachBackend { db, backend in
            let runtime = try demo(db)
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 10, dialect: db.dialect)
            let team = try runtime.session.model("team")

            // An edit form guards against the row as it was shown, not as re-read at write time.
            play(&state, runtime, [.openModel("team")])
            guard let page = rows(state)?.page else { return XCTFail("[\(backend)]") }
            let shown = Dictionary(uniqueKeysWithValues: zip(page.columns, page.rows[0]))
            var form = Form(model: team, mode: .edit(key: page.primaryKeys[0]), row: shown)
            form.set("headquarters", "Form HQ")
            _ = try db.execute(sql: "UPDATE team SET headquarters = 'Elsewhere HQ' WHERE id = 1")
            play(&state, runtime, [.write(form.request)])
            XCTAssertEqual(state.report?.error?.contains("changed"), true, "[\(backend)] \(state.report?.error ?? "no error")")
            XCTAssertEqual(try db.fetchAll(CompiledSQL("SELECT headquarters FROM team WHERE id = 1")).first?[0], "Elsewhere HQ", "not overwritten")

            // An upsert that matches on a unique key leaves the matched row's primary key alone.
            play(&state, runtime, [.write(.upsert(model: "team", values: ["id": "777", "name": "Z-Force", "headquarters": "Upserted"], conflictTarget: ["name"]))])
            XCTAssertNil(state.report?.error, "[\(backend)]")
            let z = try db.fetchAll(CompiledSQL("SELECT id, headquarters FROM team WHERE name = 'Z-Force'"))
            XCTAssertEqual(z.first?[1], "Upserted")
            XCTAssertNotEqual(z.first?[0], 777, "[\(backend)] the existing row keeps its id")
            // The report says what the upsert did (the SQL pane's head line shows it).
            XCTAssertEqual(state.report?.outcome, "updated team id = \(z.first?[0].displayText ?? "?")", "[\(backend)]")
            play(&state, runtime, [.write(.upsert(model: "team", values: ["name": "Z-Force", "headquarters": "Upserted"], conflictTarget: ["name"]))])
            XCTAssertEqual(state.report?.outcome?.hasPrefix("unchanged team id = "), true, "[\(backend)] \(state.report?.outcome ?? "nil")")
            let frame = Renderer.render(state, UIState(), title: "t", width: 200, height: 40).text
            XCTAssertTrue(frame.contains(" · unchanged team id = "), "[\(backend)] \(frame)")

            // Counting followed rows counts them, not the whole table.
            play(&state, runtime, [.openRow, .follow("heroes"), .countExactly])
            let heroes = try db.fetchAll(CompiledSQL("SELECT count(*) FROM hero WHERE team_id = 1")).first?[0]
            XCTAssertEqual(rows(state)?.exactCount.map { Value.int(Int64($0)) }, heroes, "[\(backend)]")

            // :rows with a filter typo opens nothing.
            let before = state.screen
            play(&state, runtime, [.command(#"rows hero --where "agee > 1""#)])
            XCTAssertEqual(state.report?.error, "Filter error at column 1: hero has no field agee; did you mean age?")
            XCTAssertEqual(state.screen, before)

            // A page that fails to reload keeps the page shown and the request it came from.
            let shownRequest = rows(state)?.request
            _ = try db.execute(sql: "ALTER TABLE hero RENAME TO hero_moved")
            play(&state, runtime, [.sort(field: "name", descending: false)])
            XCTAssertNotNil(state.report?.error, "[\(backend)]")
            XCTAssertEqual(rows(state)?.request, shownRequest, "[\(backend)] the request matches the rows on screen")
            XCTAssertNotNil(rows(state)?.page)
            _ = try db.execute(sql: "ALTER TABLE hero_moved RENAME TO hero")
        }
    }
}
