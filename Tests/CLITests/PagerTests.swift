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
        XCTAssertTrue(fits.contains("(3 rows"), fits)
        // Not a terminal (a pipe): never paged.
        let piped = try TmuxSession("PAGER=\"sed 's/^/PAGED|/'\" \(CLIGoldenTests.binary.path) rows hero --db \(db) --limit 50 | tail -3", height: 20)
        let plain = try piped.waitFor("EXIT=0")
        XCTAssertFalse(plain.contains("PAGED|"), plain)
        // The registry and one model's detail are table output too.
        let models = try TmuxSession("PAGER=\"sed 's/^/PAGED|/'\" \(CLIGoldenTests.binary.path) models --db \(db)", height: 8)
        XCTAssertTrue(try models.waitFor("EXIT=0").contains("PAGED|"), "models pages")
        let show = try TmuxSession("PAGER=\"sed 's/^/PAGED|/'\" \(CLIGoldenTests.binary.path) show hero --db \(db)", height: 8)
        XCTAssertTrue(try show.waitFor("EXIT=0").contains("PAGED|"), "show pages")
    }

    /// Without $PAGER the pager is `less -S`, with LESS=FRX: a `less` first on PATH records how it
    /// was called (the real less's own behaviour is not this test's to time).
    func testTheDefaultPagerIsLessChoppingLongLines() throws {
        try TmuxSession.require()
        let db = try demo()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-fakeless-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let record = dir.appendingPathComponent("called").path
        let less = dir.appendingPathComponent("less").path
        try "#!/bin/sh\necho \"args=$* LESS=$LESS\" > '\(record)'\nexec cat > /dev/null\n".write(toFile: less, atomically: true, encoding: .utf8)
        chmod(less, 0o755)
        let session = try TmuxSession("env -u PAGER -u LESS PATH=\(dir.path):$PATH \(CLIGoldenTests.binary.path) rows hero --db \(db) --limit 50", height: 20)
        _ = try session.waitFor("EXIT=0")
        XCTAssertEqual(try String(contentsOfFile: record, encoding: .utf8), "args=-S LESS=FRX\n")
    }
}
