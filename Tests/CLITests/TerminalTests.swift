import Foundation
import TestSupport
import XCTest

/// The real binary in a real terminal (tmux): open the demo, page to the end, filter, follow a
/// relationship and come back, switch a strategy and read the count, resize, quit.
final class TerminalTests: XCTestCase {
    var session = ""

    func tmux(_ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/tmux")
        p.arguments = args
        p.standardError = FileHandle.nullDevice
        guard args.first == "capture-pane" else {
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            return ""
        }
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", session]) }

    @discardableResult
    func waitFor(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        var s = ""
        for _ in 0..<100 {
            s = try screen()
            if s.contains(text) { return s }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTFail("never saw \"\(text)\" on:\n\(s)", file: file, line: line)
        return s
    }

    func keys(_ k: String...) throws { _ = try tmux(["send-keys", "-t", session] + k) }
    func type(_ text: String) throws { _ = try tmux(["send-keys", "-t", session, "-l", text]) }

    func testBrowseTheDemoInARealTerminal() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
            if Backend.postgresRequired { XCTFail("tmux is required under make test") }
            return
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-tui-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("demo.sqlite").path
        let create = Process()
        create.executableURL = CLIGoldenTests.binary
        create.arguments = ["create-demo", path]
        create.standardOutput = FileHandle.nullDevice
        try create.run()
        create.waitUntilExit()

        session = "ormscope-tui-\(UUID().uuidString.prefix(8))"
        _ = try tmux(["new-session", "-d", "-s", session, "-x", "120", "-y", "35",
                      "env TERM=xterm-256color LANG=C.UTF-8 \(CLIGoldenTests.binary.path) --db \(path); echo EXIT=$?; sleep 10"])
        defer { _ = try? tmux(["kill-session", "-t", session]) }

        try waitFor("hero_power_link")
        try keys("j", "j", "j", "j", "Enter")
        try waitFor("rows 1-")
        XCTAssertTrue(try screen().contains("SELECT * FROM \"hero\" ORDER BY \"id\" ASC LIMIT"))
        try keys("G")
        try waitFor("last ")
        XCTAssertTrue(try screen().contains("ORDER BY \"id\" DESC"), "the last page by keyset, not OFFSET")

        try keys("g", "/")
        try type("team.name = 'Avengers' and agee > 1")
        try keys("Enter")
        try waitFor("hero has no field agee; did you mean age?")
        try keys("/")
        for _ in 0..<" and agee > 1".count { try keys("BSpace") }
        try keys("Enter")
        try waitFor("where team.name = 'Avengers'")

        // Switch Hero.team from lazy to selectin to joined and read the count.
        try keys("L")
        try waitFor("Hero.team: selectin")
        XCTAssertTrue(try screen().contains("2 statements"))
        try keys("L")
        try waitFor("Hero.team: joined")
        XCTAssertTrue(try screen().contains("1 statement,"))

        // Follow the relationship from the row and come back.
        try keys("f")
        try waitFor("team: team of hero")
        try keys("BSpace")
        try waitFor("where team.name = 'Avengers'")

        // Resize: still drawn; below the minimum the screen says so.
        _ = try tmux(["resize-window", "-t", session, "-x", "80", "-y", "24"])
        try waitFor("rows 1-")
        _ = try tmux(["resize-window", "-t", session, "-x", "50", "-y", "10"])
        try waitFor("ormscope needs 60x15")
        _ = try tmux(["resize-window", "-t", session, "-x", "120", "-y", "35"])
        try waitFor("rows 1-")

        try keys("q")
        try waitFor("EXIT=0")
    }
}
