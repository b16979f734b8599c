import Foundation
import TestSupport
import XCTest

/// `rows` on a terminal: a table longer than the window goes through $PAGER; one that fits is printed.
final class PagerTerminalTests: XCTestCase {
    func testALongTableGoesThroughThePager() throws {
        try TmuxSession.require()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-pager-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("demo.sqlite").path
        try Spawn.run([CLIGoldenTests.binary.path, "create-demo", db])
        // A pager that says it is one: `less` with a prompt of its own.
        let tmux = try TmuxSession("PAGER='less -P PAGER-HERE' \(CLIGoldenTests.binary.path) rows hero --db \(db) --limit 100", width: 100, height: 24)
        var s = try tmux.waitFor("PAGER-HERE")
        XCTAssertTrue(s.contains("Deadpond"), s)
        try tmux.keys("q")
        s = try tmux.waitFor("EXIT=0")
        let short = try TmuxSession("PAGER='less -P PAGER-HERE' \(CLIGoldenTests.binary.path) rows hero --db \(db) --limit 3", width: 100, height: 24)
        s = try short.waitFor("EXIT=0")
        XCTAssertFalse(s.contains("PAGER-HERE"), "a table that fits is printed: \(s)")
        XCTAssertTrue(s.contains("(3 rows"), s)
    }
}
