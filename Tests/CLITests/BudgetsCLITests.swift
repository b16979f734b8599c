import Foundation
import TestSupport
import XCTest

/// `rows` with a budgets file (`--budgets FILE`, `budgets = FILE`): a page over its budget prints,
/// then exits 3 naming the file's line and the statements over it; within it, 0.
final class BudgetsCLITests: XCTestCase {
    func testRowsOverABudgetsFilesBudgetExitsThree() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-budgets-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = dir + "/demo.sqlite", file = dir + "/budgets.txt"
        XCTAssertEqual(try CLIGoldenTests.run(["create-demo", db, "--small"]).status, 0)
        try "rows team --load heroes -> 2\n".write(toFile: file, atomically: true, encoding: .utf8)
        let over = try CLIGoldenTests.run(["rows", "team", "--load", "heroes:lazy", "--limit", "3", "--db", db, "--budgets", file])
        XCTAssertEqual(over.status, 3, over.err)
        XCTAssertTrue(over.out.contains("3 rows"), over.out)
        XCTAssertTrue(over.err.hasPrefix("ormscope: 4 statements ran, over the budget of 2 (budgets.txt, line 1: rows team --load heroes); over it: #3 (lazy load of "), over.err)
        let within = try CLIGoldenTests.run(["rows", "team", "--load", "heroes:selectin", "--limit", "3", "--db", db, "--budgets", file])
        XCTAssertEqual(within.status, 0, within.err)
        // The config's budgets = FILE does the same; --budgets none ignores it; a page without a budget passes.
        let config = dir + "/config"
        try "budgets = \(file)\n".write(toFile: config, atomically: true, encoding: .utf8)
        XCTAssertEqual(try CLIGoldenTests.run(["rows", "team", "--load", "heroes:lazy", "--limit", "3", "--db", db], env: ["ORMSCOPE_CONFIG": config]).status, 3)
        XCTAssertEqual(try CLIGoldenTests.run(["rows", "team", "--load", "heroes:lazy", "--limit", "3", "--db", db, "--budgets", "none"], env: ["ORMSCOPE_CONFIG": config]).status, 0)
        XCTAssertEqual(try CLIGoldenTests.run(["rows", "hero", "--limit", "3", "--db", db, "--budgets", file]).status, 0)
        // A bad line: one sentence, nothing printed.
        try "rows squad -> 2\n".write(toFile: file, atomically: true, encoding: .utf8)
        let bad = try CLIGoldenTests.run(["rows", "team", "--db", db, "--budgets", file])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.err.hasPrefix("ormscope: budgets.txt, line 1: "), bad.err)
        XCTAssertEqual(bad.out, "")
    }
}
