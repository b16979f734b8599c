import Foundation
import TestSupport
import XCTest

/// A real terminal for the real binary: a tmux session to start, type into and read. Each session
/// has a tmux server of its own (`-L NAME`), so tests running at the same time, in this run or
/// another, never share the paste buffers the screen is read through.
final class TmuxSession {
    let name = "ormscope-test-\(UUID().uuidString.prefix(8))"

    /// Whether tmux is here; under `make test` (which installs it) its absence is a failure.
    static var available: Bool {
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") { return true }
        if Backend.postgresRequired { XCTFail("tmux is required under make test") }
        return false
    }

    /// Skips the test (with the reason) where tmux is missing; under `make test` that is a failure.
    static func require() throws {
        guard available else { throw XCTSkip("tmux is not installed (make test installs it)") }
    }

    /// Starts `command` in a 120x35 terminal (TERM and locale set inside the command, as tmux wants).
    init(_ command: String, width: Int = 120, height: Int = 35) throws {
        try run(["new-session", "-d", "-s", name, "-x", String(width), "-y", String(height),
                 "env TERM=xterm-256color LANG=C.UTF-8 \(command); echo EXIT=$?; sleep 10"])
    }

    deinit { _ = try? run(["kill-server"]) }

    /// Runs tmux on this session's own server and waits for it (at most 10 s).
    @discardableResult
    func run(_ args: [String]) throws -> Int32 {
        try Spawn.run(["tmux", "-L", name] + args, timeout: 10).status
    }

    /// The screen's text (through a file: no pipe for a process to hold open). The paste buffer is
    /// named after the session: buffers belong to the tmux server, which other test runs share.
    /// With `escapes`, the colour and attribute escape sequences too (tmux's `capture-pane -e`).
    func screen(escapes: Bool = false) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-screen.txt").path
        try run(["capture-pane", "-b", name, "-t", name] + (escapes ? ["-e"] : []))
        try run(["save-buffer", "-b", name, file])
        try run(["delete-buffer", "-b", name])
        return (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
    }

    func keys(_ k: String...) throws { try run(["send-keys", "-t", name] + k) }
    func type(_ text: String) throws { try run(["send-keys", "-t", name, "-l", "--", text]) }  // (-- : a text may start with -)
    func resize(_ width: Int, _ height: Int) throws { try run(["resize-window", "-t", name, "-x", String(width), "-y", String(height)]) }

    /// Polls the screen until `text` is no longer on it (up to 5 s).
    func waitUntilGone(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws {
        for _ in 0..<100 {
            if !(try screen()).contains(text) { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTFail("\"\(text)\" stayed on the screen", file: file, line: line)
    }

    /// Polls the screen every 50 ms, up to 5 s, until every one of `texts` is on it at once (a
    /// screen drawn in steps, or redrawn after a resize, is read when it holds all of them).
    @discardableResult
    func waitFor(_ texts: String..., file: StaticString = #filePath, line: UInt = #line) throws -> String {
        var s = ""
        for _ in 0..<100 {
            s = try screen()
            if texts.allSatisfy(s.contains) { return s }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let missing = texts.filter { !s.contains($0) }.map { "\"\($0)\"" }.joined(separator: ", ")
        XCTFail("never saw \(missing) on:\n\(s)", file: file, line: line)
        return s
    }
}
