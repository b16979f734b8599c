import Foundation
import TestSupport
import XCTest

/// Table output taller than the terminal goes through $PAGER; output that fits, or that is not
/// going to a terminal, does not.
final class PagerTests: XCTestCase {
    func demo() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-pager-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("demo.sqlite").path
        XCTAssertEqual(try CLIGoldenTests.run(["create-demo", path, "--small"]).status, 0)
        return path
    }

    func testTallTableOutputOnATerminalGoesThroughThePager() throws {
        try TmuxSession.require()
        let db = try demo()
        // A pager that marks each line it shows.
        let tall = try TmuxSession("PAGER=\"sed 's/^/PAGED|/'\" \(CLIGoldenTests.binary.path) rows hero --db \(db) --limit 50", height: 20)
        let screen = try tall.waitFor("EXIT=0")
        XCTAssertTrue(screen.contains("PAGED|-- 1 statement"), screen)
        // Output that fits the screen is printed as it is.
        let short = try TmuxSession("PAGER=\"sed 's/^/PAGED|/'\" \(CLIGoldenTests.binary.path) rows hero --db \(db) --limit 3", height: 20)
        let fits = try short.waitFor("EXIT=0")
        XCTAssertFalse(fits.contains("PAGED|"), fits)
        XCTAssertTrue(fits.contains("(3 rows)"), fits)
        // Not a terminal (a pipe): never paged.
        let piped = try TmuxSession("PAGER=\"sed 's/^/PAGED|/'\" \(CLIGoldenTests.binary.path) rows hero --db \(db) --limit 50 | tail -3", height: 20)
        let plain = try piped.waitFor("EXIT=0")
        XCTAssertFalse(plain.contains("PAGED|"), plain)
    }

    func testTheDefaultPagerIsLessChoppingLongLines() throws {
        try TmuxSession.require()
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/less") else { throw XCTSkip("less is not installed") }
        let db = try demo()
        let session = try TmuxSession("env -u PAGER -u LESS \(CLIGoldenTests.binary.path) rows hero --db \(db) --limit 50", height: 20)
        let paged = try session.waitFor("Deadpond")
        XCTAssertFalse(paged.contains("EXIT="), "the command ended without waiting in less:\n\(paged)")
        // less waits for a key with its prompt on the last line; q ends it and the command.
        try session.keys("q")
        _ = try session.waitFor("EXIT=0")
    }
}
