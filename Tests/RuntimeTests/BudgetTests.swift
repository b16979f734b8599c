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
            ("get team 1 -> 1", "budgets.txt, line 1: only rows actions have budgets (\"get\" is not one); a line is ACTION -> MAX, e.g. rows team --load heroes -> 2."),
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
}
