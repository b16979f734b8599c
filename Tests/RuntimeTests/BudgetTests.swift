import DemoDatabase
import Explorer
import ExplorerRuntime
import ORMCore
import TestSupport
import XCTest

/// A budgets file in the explorer: a page over its budget (an N+1) is flagged in the SQL pane and
/// on the status line; the same page with selectin is within it and not flagged.
final class BudgetTests: XCTestCase {
    func testAPageOverItsBudgetIsFlaggedAndWithinItIsNot() throws {
        try eachBackend { db, backend in
            try DemoDatabase.create(on: db, size: .small)
            let runtime = Runtime(session: try Session(db))
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 5, dialect: db.dialect)
            state.budgets = try Budgets.parse("""
                # the team list with its heroes: one page, one selectin
                rows team --load heroes -> 2
                rows hero --where "id > 3" -> 0
                """, file: "budgets.txt", registry: state.registry)
            runtime.play(&state, [.command("rows team --load heroes:lazy")])
            let over = try XCTUnwrap(state.report)
            XCTAssertEqual(over.queryCount, 6, "[\(backend)] one page and a lazy load per team: \(over.statements.map(\.sql))")
            XCTAssertEqual(over.overBudget, "over budget: 6 statements, the budget is 2 (budgets.txt, line 2: rows team --load heroes)")
            let frame = Renderer.render(state, UIState(), title: "t", width: 160, height: 30).text
            let lines = frame.split(separator: "\n")
            XCTAssertTrue(lines.contains { $0.contains("✗ over budget: 6 statements, the budget is 2") && !$0.contains("rows 1-") }, "the SQL pane: \(frame)")
            XCTAssertTrue(lines.last?.contains("rows 1-5 of") == true && lines.last?.contains("✗ over budget: 6 statements") == true, "the status line: \(frame)")

            runtime.play(&state, [.setStrategy(relationship: "team.heroes", .selectin)])
            XCTAssertEqual(state.report?.queryCount, 2, "[\(backend)]")
            XCTAssertNil(state.report?.overBudget, "[\(backend)] within the budget")
            XCTAssertFalse(Renderer.render(state, UIState(), title: "t", width: 160, height: 30).text.contains("over budget"))

            // A page the file gives no budget is never flagged; a filter's budget only its filter.
            runtime.play(&state, [.command("rows hero")])
            XCTAssertNil(state.report?.overBudget, "[\(backend)]")
            runtime.play(&state, [.command("rows hero --where \"id > 3\"")])
            XCTAssertEqual(state.report?.overBudget, "over budget: 1 statement, the budget is 0 (budgets.txt, line 3: rows hero --where \"id > 3\")", "[\(backend)]")
        }
    }

    func testABadBudgetsFileNamesTheLine() throws {
        let registry = Registry(backend: "sqlite", models: [
            Model(name: "team", fields: [Field(name: "id", type: FieldType(declared: "integer"), isNullable: false)], primaryKey: ["id"]),
        ])
        for (text, sentence) in [
            ("rows team -> two", "budgets.txt, line 1: \"two\" is not a number of statements (0 or more); a line is ACTION -> MAX, e.g. rows team --load heroes -> 2."),
            ("\n# fine\nrows team 2", "budgets.txt, line 3: there is no -> before the maximum; a line is ACTION -> MAX, e.g. rows team --load heroes -> 2."),
            ("gte team 1 -> 1", "budgets.txt, line 1: \"gte\" is not an action with a budget (rows, follow, get, count, exists, export, insert, update, upsert, delete, sql are); a line is ACTION -> MAX, e.g. rows team --load heroes -> 2."),
            ("update team 1 --set name=x -> 1", "budgets.txt, line 1: --set is not part of a budget's action (update budgets take no options); a line is ACTION -> MAX, e.g. rows team --load heroes -> 2."),
            ("delete team --force -> 1", "budgets.txt, line 1: --force is not part of a budget's action (--yes and --nullify-children are); a line is ACTION -> MAX, e.g. rows team --load heroes -> 2."),
            ("count team 1 -> 1", "budgets.txt, line 1: \"1\" is one word too many; a line is ACTION -> MAX, e.g. rows team --load heroes -> 2."),
            ("insert team --from -> 1", "budgets.txt, line 1: --from needs a value; a line is ACTION -> MAX, e.g. rows team --load heroes -> 2."),
            ("sql team -> 1", "budgets.txt, line 1: \"team\" is one word too many; a line is ACTION -> MAX, e.g. rows team --load heroes -> 2."),
            ("rows team --order id -> 1", "budgets.txt, line 1: --order is not part of a budget's action (--load and --where are); a line is ACTION -> MAX, e.g. rows team --load heroes -> 2."),
        ] {
            XCTAssertThrowsError(try Budgets.parse(text, file: "budgets.txt", registry: registry)) { e in
                XCTAssertEqual((e as? RequestError)?.sentence, sentence)
            }
        }
        XCTAssertThrowsError(try Budgets.parse("rows squad -> 1", file: "budgets.txt", registry: registry)) { e in
            XCTAssertTrue((e as? RequestError)?.sentence.hasPrefix("budgets.txt, line 1: ") ?? false, "\(e)")
        }
        XCTAssertThrowsError(try Budgets.parse("rows team --load heroes -> 1", file: "budgets.txt", registry: registry)) { e in
            XCTAssertTrue((e as? RequestError)?.sentence.contains("heroes") ?? false, "\(e)")
        }
        XCTAssertEqual(try Budgets.parse("rows team -> 1  # the list", file: "b", registry: registry).budgets.map(\.maximum), [1])
    }

    /// Each action's line, read by its grammar, matched against the action its command runs (and
    /// the explorer's twin): the first matching line counts.
    func testEachActionsLineMatchesItsCommand() throws {
        let db = try XCTUnwrap(try open(.sqlite))
        defer { db.close() }
        try DemoDatabase.create(on: db, size: .small)
        let registry = try Session(db).registry
        let budgets = try Budgets.parse("""
            rows team --load heroes -> 2
            rows hero --load team:joined --where "age > 30" -> 1
            follow team heroes --load powers -> 3
            follow team heroes -> 1
            get team 1 --load heroes -> 2
            get team -> 1
            count hero --where "age > 30" -> 1
            count hero -> 2
            exists hero -> 1
            export hero -> 1
            insert hero --from heroes.csv -> 3
            insert hero -> 4
            update hero 7 -> 5
            upsert team --on-conflict "name" -> 6
            upsert team -> 7
            delete team --yes --nullify-children -> 8
            delete team 1 --yes -> 9
            delete team -> 10
            sql -> 11
            """, file: "b", registry: registry)
        func line(_ a: BudgetedAction) -> Int? { budgets.budget(for: a)?.line }
        let heroes = [LoadOption("heroes", .selectin)]
        XCTAssertEqual(line(.page(PageRequest(model: "team", load: heroes), loads: heroes)), 1)
        XCTAssertNil(line(.page(PageRequest(model: "team"), loads: [])), "rows team loads nothing: no line")
        XCTAssertEqual(line(.page(PageRequest(model: "hero", filter: "age > 30"), loads: [LoadOption("team", .joined)])), 2)
        XCTAssertNil(line(.page(PageRequest(model: "hero", filter: "age > 30"), loads: [LoadOption("team", .lazy)])), "the line budgets joined only")
        let scope = Scope(parentModel: "team", relationship: "heroes", parentKey: [.int(1)])
        XCTAssertEqual(line(.page(PageRequest(model: "hero", scope: scope), loads: [LoadOption("powers", .lazy)])), 3)
        XCTAssertEqual(line(.page(PageRequest(model: "hero", filter: "age > 3", scope: scope), loads: [])), 4)
        XCTAssertEqual(line(.page(PageRequest(model: "hero", filter: "age > 30", scope: Scope(parentModel: "power", relationship: "heroes", parentKey: [.int(1)])),
                                  loads: [LoadOption("team", .joined)])), 2, "a related page is a page of its model too")
        XCTAssertEqual(line(.init(.get, model: "team", key: [.int(1)], loads: heroes)), 5)
        XCTAssertEqual(line(.init(.get, model: "team", key: [.int(2)])), 6, "a line without a key: any row")
        XCTAssertNil(line(.init(.get, model: "team", key: [.int(2)], loads: heroes)), "line 5 is team 1's only")
        XCTAssertEqual(line(.init(.count, model: "hero", options: ["where": "age > 30"])), 7)
        XCTAssertEqual(line(.init(.count, model: "hero", options: ["where": ""])), 8)
        XCTAssertEqual(line(.init(.exists, model: "hero")), 9)
        XCTAssertEqual(line(.init(.export, model: "hero", options: ["where": "age > 1"])), 10)
        XCTAssertEqual(line(.write(.insert(model: "hero", values: [:]), from: "heroes.csv")), 11)
        XCTAssertNil(line(.write(.insert(model: "hero", values: [:]), from: "other.csv")), "--from is part of the action")
        XCTAssertEqual(line(.write(.insert(model: "hero", values: [:]))), 12)
        XCTAssertEqual(line(.write(.update(model: "hero", key: [.int(7)], values: [:]))), 13)
        XCTAssertNil(line(.write(.update(model: "hero", key: [.int(8)], values: [:]))))
        XCTAssertEqual(line(.write(.upsert(model: "team", values: [:], conflictTarget: ["name"]))), 14)
        XCTAssertEqual(line(.write(.upsert(model: "team", values: [:], conflictTarget: ["id"]))), 15)
        XCTAssertEqual(line(.write(.deleteNullifyingChildren(model: "team", key: [.int(1)]))), 16)
        XCTAssertEqual(line(.write(.delete(model: "team", key: [.int(1)]))), 17)
        XCTAssertEqual(line(.write(.deleteFollowingApp(model: "team", key: [.int(1)]))), 17, "the application's cascade delete is delete --yes too")
        XCTAssertNil(line(.write(.delete(model: "team", key: [.int(2)]))), "no line budgets the delete of team 2")
        XCTAssertEqual(line(.init(.delete, model: "team", key: [.int(2)])), 18, "the preview: delete without --yes")
        XCTAssertEqual(line(.init(.sql)), 19)
        // The explorer's effects are the same actions.
        XCTAssertEqual(BudgetedAction(.previewAppDelete(id: 1, action: "a", model: "team", key: [.int(3)]), registry: registry).flatMap(line), 18)
        XCTAssertEqual(BudgetedAction(.count(id: 1, action: "a", request: PageRequest(model: "hero", filter: "age > 30")), registry: registry).flatMap(line), 7)
        XCTAssertEqual(BudgetedAction(.loadRow(id: 1, action: "a", model: "team", key: [.int(4)]), registry: registry).flatMap(line), 6)
        XCTAssertEqual(BudgetedAction(.runSQL(id: 1, action: "a", statements: [], pageSize: 5, manual: false), registry: registry).flatMap(line), 19)
        XCTAssertNil(BudgetedAction(.commit(id: 1, action: "commit"), registry: registry))
        // Bad lines against the schema: a relationship, a key, a load path of the related page.
        for (text, part) in [("follow team squad -> 1", "squad"), ("follow team -> 1", "follow needs a relationship of team"),
                             ("get team x -> 1", "x"), ("follow team heroes --load heroes -> 1", "heroes")] {
            XCTAssertThrowsError(try Budgets.parse(text, file: "b", registry: registry), text) { e in
                let sentence = (e as? RequestError)?.sentence ?? ""
                XCTAssertTrue(sentence.hasPrefix("b, line 1: ") && sentence.contains(part), sentence)
            }
        }
    }

    /// A related page, a count, a row, a delete's preview and the delete itself are flagged in the
    /// SQL pane and on the status line when over their line's budget, and not at it.
    func testFollowCountGetAndDeleteOverBudgetAreFlagged() throws {
        try eachBackend { db, backend in
            try DemoDatabase.create(on: db, size: .small)
            let runtime = Runtime(session: try Session(db))
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 5, dialect: db.dialect)
            func flag(_ budgetsText: String, _ actions: [Action]) throws -> (ActionReport, String) {
                state.budgets = try Budgets.parse(budgetsText, file: "budgets.txt", registry: state.registry)
                runtime.play(&state, actions)
                let report = try XCTUnwrap(state.report)
                return (report, Renderer.render(state, UIState(), title: "t", width: 160, height: 30).text)
            }
            runtime.play(&state, [.command("rows team")])
            // follow: the related page (one statement) over a budget of 0, within a budget of 1.
            var (report, frame) = try flag("follow team heroes -> 0\nrows hero -> 5", [.follow("heroes")])
            XCTAssertEqual(report.action, "follow Team.heroes", "[\(backend)]")
            XCTAssertEqual(report.queryCount, 1, "[\(backend)] \(report.statements.map(\.sql))")
            XCTAssertEqual(report.overBudget, "over budget: 1 statement, the budget is 0 (budgets.txt, line 1: follow team heroes)", "[\(backend)]")
            XCTAssertTrue(frame.contains("✗ over budget: 1 statement, the budget is 0 (budgets.txt, line 1: follow team heroes)"), frame)
            XCTAssertTrue(frame.split(separator: "\n").last?.contains("✗ over budget") == true, "the status line: \(frame)")
            // A related page is a page of its model too (a format-1 line budgets it), unless a follow line comes first.
            (report, _) = try flag("rows hero -> 0\nfollow team heroes -> 5", [.back, .follow("heroes")])
            XCTAssertEqual(report.overBudget, "over budget: 1 statement, the budget is 0 (budgets.txt, line 1: rows hero)", "[\(backend)]")
            (report, _) = try flag("rows hero --load team -> 0", [.back, .follow("heroes")])
            XCTAssertNil(report.overBudget, "[\(backend)] the related page loads no team")
            // A related page's filter and next pages are the related page's too.
            (report, _) = try flag("follow team heroes -> 0", [.filter("age > 0")])
            XCTAssertNotNil(report.overBudget, "[\(backend)] the filtered related page")
            state.budgets = try Budgets.parse("follow team heroes -> 1", file: "budgets.txt", registry: state.registry)
            runtime.play(&state, [.back, .follow("heroes")])
            XCTAssertNil(state.report?.overBudget, "[\(backend)] at the budget")

            // count: one statement.
            (report, frame) = try flag("count hero -> 0", [.countExactly])
            XCTAssertEqual(report.overBudget, "over budget: 1 statement, the budget is 0 (budgets.txt, line 1: count hero)", "[\(backend)]")
            XCTAssertTrue(frame.contains("✗ over budget: 1 statement"), frame)
            (report, _) = try flag("count hero -> 1", [.countExactly])
            XCTAssertNil(report.overBudget, "[\(backend)]")

            // get (the row screen), as :get and Enter open it.
            (report, _) = try flag("get team 1 -> 0", [.command("get team 1")])
            XCTAssertEqual(report.overBudget, "over budget: 1 statement, the budget is 0 (budgets.txt, line 1: get team 1)", "[\(backend)]")
            (report, _) = try flag("get team 1 -> 0", [.command("get team 2")])
            XCTAssertNil(report.overBudget, "[\(backend)] the line is team 1's")

            // delete: its preview (delete without --yes), then the delete (delete --yes), flagged
            // while the page read again after it joins its report.
            runtime.play(&state, [.command("rows hero")])
            (report, frame) = try flag("delete hero --yes -> 0\ndelete hero -> 0", [.write(.delete(model: "hero", key: [.int(1)]))])
            XCTAssertTrue(report.action.hasPrefix("delete preview of hero"), "[\(backend)] \(report.action)")
            let previewCount = report.queryCount
            XCTAssertGreaterThan(previewCount, 0, "[\(backend)]")
            XCTAssertEqual(report.overBudget, "over budget: \(previewCount) statement\(previewCount == 1 ? "" : "s"), the budget is 0 (budgets.txt, line 2: delete hero)", "[\(backend)]")
            XCTAssertNotNil(state.confirmation, "[\(backend)]")
            runtime.play(&state, [.confirm])
            report = try XCTUnwrap(state.report)
            XCTAssertEqual(report.action, "delete hero", "[\(backend)]")
            let over = try XCTUnwrap(report.overBudget, "[\(backend)]")
            XCTAssertTrue(over.hasPrefix("over budget: ") && over.hasSuffix(", the budget is 0 (budgets.txt, line 1: delete hero --yes)"), over)
            XCTAssertTrue(Renderer.render(state, UIState(), title: "t", width: 160, height: 30).text.contains("✗ " + over), "[\(backend)]")
            XCTAssertEqual(try Session(db).count("hero", where: .keyEquals(["id"], [.int(1)])), 0, "[\(backend)] deleted")
            // The next action clears the flag.
            runtime.play(&state, [.refresh])
            XCTAssertNil(state.report?.overBudget, "[\(backend)]")

            // The SQL editor's typed statements: `sql`, as `ormscope sql` is.
            (report, _) = try flag("sql -> 0", [.runSQL([TypedStatement(sql: "SELECT 1", dialect: db.dialect)])])
            XCTAssertNil(report.error, "[\(backend)]")
            XCTAssertEqual(report.overBudget, "over budget: \(report.queryCount) statement\(report.queryCount == 1 ? "" : "s"), the budget is 0 (budgets.txt, line 1: sql)", "[\(backend)]")
        }
    }

    /// The application's cascade delete (a models file): its preview is `delete team`, its yes
    /// `delete team --yes`, as `ormscope delete team 1 [--yes] --models FILE` are.
    func testTheApplicationsCascadeDeleteAndItsPreviewAreBudgeted() throws {
        try eachBackend { db, backend in
            for sql in AppCascadeExplorerTests.schema { try db.execute(sql: sql) }
            db.appModels = try AppModels.parse(AppCascadeExplorerTests.models, file: "models.json")
            let runtime = Runtime(session: try Session(db))
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 10, dialect: db.dialect)
            state.budgets = try Budgets.parse("delete team 1 --yes -> 3\ndelete team -> 4\n", file: "budgets.txt", registry: state.registry)
            runtime.play(&state, [.openModel("team"), .write(.delete(model: "team", key: [1]))])
            XCTAssertNotNil(state.confirmation, "[\(backend)] \(state.report?.error ?? "")")
            XCTAssertEqual(state.report?.queryCount, 5, "[\(backend)]")
            XCTAssertEqual(state.report?.overBudget, "over budget: 5 statements, the budget is 4 (budgets.txt, line 2: delete team)", "[\(backend)]")
            runtime.play(&state, [.confirm])
            let report = try XCTUnwrap(state.report)
            XCTAssertNil(report.error, "[\(backend)]")
            let over = try XCTUnwrap(report.overBudget, "[\(backend)] \(report.statements.map(\.sql))")
            XCTAssertTrue(over.hasSuffix("the budget is 3 (budgets.txt, line 1: delete team 1 --yes)"), over)
            XCTAssertTrue(Renderer.render(state, UIState(), title: "t", width: 160, height: 40).text.contains("✗ " + over), "[\(backend)]")
        }
    }
}
