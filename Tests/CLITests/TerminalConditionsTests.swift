import Foundation
import TestSupport
import XCTest

/// The explorer on terminals as they are, and quiet when nobody types.
extension TerminalTests {
    /// A demo database and the binary's path in a command line, for TmuxSession.
    func demoCommand(_ prefix: String = "") throws -> (command: String, path: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-term-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("demo.sqlite").path
        try Spawn.run([CLIGoldenTests.binary.path, "create-demo", path])
        return ("\(prefix)\(CLIGoldenTests.binary.path) --db \(path)", path)
    }

    /// CPU time (utime + stime, in clock ticks) of the explorer running on `path`.
    func cpuTicks(of path: String) throws -> Int {
        let pids = try FileManager.default.contentsOfDirectory(atPath: "/proc").compactMap(Int32.init)
        for pid in pids {
            guard let cmd = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8),
                  cmd.hasPrefix(CLIGoldenTests.binary.path), cmd.contains(path),
                  let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return Int(fields[11])! + Int(fields[12])!  // fields 14 and 15 of stat
        }
        throw XCTSkip("the explorer's process was not found in /proc")
    }

    /// Idle, the process sleeps: no timer wakes it to redraw (it used to poll every 50 ms).
    func testTheExplorerUsesNoCPUWhileIdle() throws {
        guard TmuxSession.available else { throw XCTSkip("tmux is not installed") }
        let (command, path) = try demoCommand()
        tmux = try TmuxSession(command)
        try waitFor("hero_power_link")
        Thread.sleep(forTimeInterval: 0.5)
        let before = try cpuTicks(of: path)
        Thread.sleep(forTimeInterval: 3)
        let spent = try cpuTicks(of: path) - before
        XCTAssertLessThanOrEqual(spent, 1, "clock ticks used in 3 s of idling")
        // A resize still wakes it at once.
        try tmux.resize(90, 25)
        try waitFor("─")
        try keys("q")
        try waitFor("EXIT=0")
    }

    /// `TERM=dumb` gets one sentence and the scriptable output instead of a garbled screen.
    func testADumbTerminalGetsASentenceAndTheModels() throws {
        guard TmuxSession.available else { throw XCTSkip("tmux is not installed") }
        tmux = try TmuxSession(try demoCommand("TERM=dumb ").command)
        try waitFor("cannot draw the explorer")
        try waitFor("hero_power_link")
        try waitFor("EXIT=0")
    }

    /// Standard input piped (`true | ormscope`): the sentence names that, not the terminal's type.
    func testPipedStandardInputIsNamedAsTheReason() throws {
        guard TmuxSession.available else { throw XCTSkip("tmux is not installed") }
        tmux = try TmuxSession("true | " + (try demoCommand().command))
        try waitFor("standard input is not a terminal, so the explorer cannot read keys")
        XCTAssertFalse(try tmux.screen().contains("TERM="), "the terminal is not blamed")
        try waitFor("hero_power_link")
    }

    /// The demo's first screen with its colours and attributes as tmux records them (`prefix` sets
    /// the environment), after which the explorer quits.
    func screenWithColours(_ prefix: String) throws -> String {
        tmux = try TmuxSession(try demoCommand(prefix).command)
        try waitFor("hero_power_link")
        let s = try tmux.screen(escapes: true)
        try keys("q")
        try waitFor("EXIT=0")
        return s
    }

    /// An empty NO_COLOR does not turn colour off (no-color.org: set and not empty); a set one does.
    func testColourFollowsNO_COLOR() throws {
        guard TmuxSession.available else { throw XCTSkip("tmux is not installed") }
        // A foreground colour set: ESC[3Nm (N 0-7) or ESC[38;5;Nm; ESC[39m is the default colour.
        func hasColour(_ s: String) -> Bool { s.range(of: "\u{1B}\\[(3[0-7]|38;5;[0-9]+)m", options: .regularExpression) != nil }
        XCTAssertTrue(hasColour(try screenWithColours("NO_COLOR= ")), "colour with an empty NO_COLOR")
        XCTAssertFalse(hasColour(try screenWithColours("NO_COLOR=1 ")), "no colour with NO_COLOR=1")
    }

    /// On an 8-colour terminal grey (colour 8: borders, dim text) is drawn in the default colour,
    /// dimmed, never folded to black (invisible on a dark background); 256 colours keep the grey.
    func testGreyOnAnEightColourTerminalIsDimNotBlack() throws {
        guard TmuxSession.available else { throw XCTSkip("tmux is not installed") }
        // The border between the panes, as tmux writes its colour back: ESC[2m (dim) before it on 8
        // colours, ESC[90m (bright black, grey) on 256; ESC[30m (black) would hide it.
        // (NO_COLOR set empty: colour on, whatever the environment the tests run in says.)
        let eight = try screenWithColours("NO_COLOR= TERM=xterm ")
        XCTAssertTrue(eight.contains("\u{1B}[2m│"), "the border is dim on 8 colours")
        XCTAssertFalse(eight.contains("\u{1B}[30m│"), "the border is not black on 8 colours")
        let many = try screenWithColours("NO_COLOR= ")
        XCTAssertTrue(many.contains("\u{1B}[90m│"), "the border stays grey on 256 colours")
    }
}

