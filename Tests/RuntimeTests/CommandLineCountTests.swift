import DemoDatabase
import Explorer
import ExplorerRuntime
import ORMCore
import TestSupport
import XCTest

/// `:count MODEL --where W` and `:exists MODEL --where W` as the shell's commands of those names:
/// the model named is the one counted, whatever is open.
final class CommandLineCountTests: XCTestCase {
    func rows(_ s: ExplorerState) -> RowsScreen? { if case .rows(let r) = s.screen { return r } else { return nil } }

    func count(_ db: Database, _ sql: String) throws -> Int {
        if case .int(let n)? = try db.fetchAll(CompiledSQL(sql)).first?[0] { return Int(n) }
        return -1
    }

    /// The small demo on a backend, and a runtime on it.
    func demo(_ db: Database) throws -> Runtime {
        try DemoDatabase.create(on: db, size: .small)
        return Runtime(session: try Session(db))
    }

    func testCountAndExistsHonourTheModelAndWhere() throws {
        try eachBackend { db, backend in
            let runtime = try demo(db)
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 10, dialect: db.dialect)
            runtime.play(&state, [.openModel("team")])

            runtime.play(&state, [.command("count hero --where \"age > 30\"")])
            XCTAssertNil(state.report?.error, "[\(backend)]")
            XCTAssertEqual(state.report?.action, "count hero", "[\(backend)] the model named, not the one open")
            let sql = try XCTUnwrap(state.report?.statements.last?.sql)
            XCTAssertTrue(sql.contains("count(") && sql.contains("\"hero\""), "[\(backend)] \(sql)")
            XCTAssertFalse(sql.contains("\"team\""), "[\(backend)] \(sql)")
            XCTAssertEqual(rows(state)?.request.model, "hero")
            XCTAssertEqual(rows(state)?.request.filter, "age > 30")
            XCTAssertEqual(rows(state)?.exactCount, try count(db, "SELECT count(*) FROM hero WHERE age > 30"), "[\(backend)]")

            // On the rows asked about, no new screen: just the count.
            let depth = state.backStack.count
            runtime.play(&state, [.command("exists hero --where \"age > 30\"")])
            XCTAssertNil(state.report?.error, "[\(backend)]")
            XCTAssertEqual(state.backStack.count, depth)
            XCTAssertTrue(state.report?.statements.last?.sql.uppercased().contains("EXISTS") ?? false, "[\(backend)]")
            XCTAssertEqual(rows(state)?.exists, true)

            runtime.play(&state, [.command("exists team --where \"id = -5\"")])
            XCTAssertNil(state.report?.error, "[\(backend)]")
            XCTAssertEqual(rows(state)?.request.model, "team")
            XCTAssertEqual(rows(state)?.exists, false)
            XCTAssertEqual(state.report?.action, "exists team")
        }
    }

    /// `:explain MODEL --where W`: the plan of the page statement of those rows, as `ormscope explain`.
    func testExplainShowsThePlanOfTheNamedModelsPage() throws {
        try eachBackend { db, backend in
            let runtime = try demo(db)
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 10, dialect: db.dialect)
            runtime.play(&state, [.openModel("team")])
            runtime.play(&state, [.command("explain hero --where \"age > 30\" --order name")])
            XCTAssertNil(state.report?.error, "[\(backend)]")
            XCTAssertEqual(rows(state)?.request.model, "hero")
            let plan = try XCTUnwrap(state.plan, "[\(backend)] the plan is shown")
            let explain = try XCTUnwrap(plan.report.statements.last?.sql)
            XCTAssertTrue(explain.uppercased().hasPrefix("EXPLAIN") && explain.contains("\"hero\"") && explain.contains("ORDER BY \"name\""), "[\(backend)] \(explain)")
            let page = try XCTUnwrap(state.report?.statements.first?.sql)
            XCTAssertTrue(explain.hasSuffix(page), "[\(backend)] the page's own statement is explained: \(explain) / \(page)")

            // Again on the rows on screen: read again, no new screen.
            let depth = state.backStack.count
            runtime.play(&state, [.command("explain hero --where \"age > 30\"")])
            XCTAssertEqual(state.backStack.count, depth)
            XCTAssertNotNil(state.plan)

            runtime.play(&state, [.command("explain hero --analyze")])
            if backend == .sqlite {
                XCTAssertEqual(state.report?.error, "SQLite has no EXPLAIN ANALYZE; Enter shows the query plan.")
            } else {
                XCTAssertNotNil(state.confirmation, "[\(backend)] ANALYZE runs the statement: it asks first")
            }
        }
    }

    /// With the shell's grammar: a shell command the explorer does not run, an option the command
    /// line takes that means nothing here, and a misspelt option, each get their sentence.
    func testTheShellsGrammarNamesWhatTheExplorerDoesNotRun() throws {
        try eachBackend { db, _ in
            let runtime = try demo(db)
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 10, dialect: db.dialect)
            state.commandLine = CommandLineGrammar([
                .init(name: "count", options: ["where", "schema", "format", "db"], switches: ["read-only"]),
                .init(name: "drift", options: ["db"], switches: []),
            ])
            let sentence: (String) -> String? = { line in
                do { _ = try ExplorerCommand.parse(line, state: state); return nil } catch { return (error as? any UserFacingError)?.sentence }
            }
            XCTAssertEqual(sentence("drift"), "drift is a command of the shell and the command line (ormscope drift ...), not of the explorer; help lists the explorer's.")
            XCTAssertEqual(sentence("count hero --format json"), "count --format has no use in the explorer (it is the command line's); leave it out.")
            XCTAssertEqual(sentence("count hero --wher \"age > 3\""), "count does not take --wher; did you mean --where?")
            XCTAssertEqual(sentence("count hero --read-only"), "count --read-only has no use in the explorer (it is the command line's); leave it out.",
                           "a switch of the grammar takes no value")
            XCTAssertNil(sentence("count hero --where \"age > 3\""))
        }
    }
}
