import Foundation
import TestSupport
import XCTest

/// A real terminal for the real binary: a tmux session to start, type into and read.
final class TmuxSession {
    let name = "ormscope-test-\(UUID().uuidString.prefix(8))"

    /// Whether tmux is here; under `make test` (which installs it) its absence is a failure.
    static var available: Bool {
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") { return true }
        if Backend.postgresRequired { XCTFail("tmux is required under make test") }
        return false
    }

    /// Starts `command` in a 120x35 terminal (TERM and locale set inside the command, as tmux wants).
    init(_ command: String, width: Int = 120, height: Int = 35) throws {
        try run(["new-session", "-d", "-s", name, "-x", String(width), "-y", String(height),
                 "env TERM=xterm-256color LANG=C.UTF-8 \(command); echo EXIT=$?; sleep 10"])
    }

    deinit { _ = try? run(["kill-session", "-t", name]) }

    /// Runs tmux; only capture-pane's output is read (a new session's server would hold a pipe open).
    @discardableResult
    func run(_ args: [String]) throws -> String {
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

    func screen() throws -> String { try run(["capture-pane", "-p", "-t", name]) }
    func keys(_ k: String...) throws { try run(["send-keys", "-t", name] + k) }
    func type(_ text: String) throws { try run(["send-keys", "-t", name, "-l", text]) }
    func resize(_ width: Int, _ height: Int) throws { try run(["resize-window", "-t", name, "-x", String(width), "-y", String(height)]) }

    /// Polls the screen every 50 ms, up to 5 s, for `text`.
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
}
