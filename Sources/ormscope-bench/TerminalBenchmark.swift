import Foundation

/// Issue 5's figures: the real `ormscope` binary in a real terminal (tmux, 120x35) on a
/// 10,000,000-row SQLite table, and one peer (VisiData, from PyPI) on the same file.
///
/// Two clocks, both the system's monotonic one:
/// - from outside, as a user sees it: from starting the command (or sending a key with
///   `tmux send-keys`) until the screen, read with `tmux capture-pane`, shows the rows; polling
///   adds a few ms, the same for both programs;
/// - from inside ormscope (`ORMSCOPE_TRACE`): from reading a key to having written the changed
///   frame to the terminal. That is the keystroke-to-redraw figure; the peer has no such trace.
enum TerminalBenchmark {
    static let width = 120, height = 35
    static let keystrokes = 100, pages = 1_000

    struct Figures {
        var listShown = 0.0, firstRows = 0.0
        var keyMedian = 0.0, keyP95 = 0.0, keyOutsideMedian = 0.0
        var nextMedian = 0.0, lastMedian = 0.0, lastOutside = 0.0
        var rssAfterPages = 0, pagesDone = 0
    }

    /// Runs ormscope on `file`; returns its figures.
    static func ormscope(binary: String, file: String) throws -> Figures {
        let trace = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-trace-\(getpid()).txt").path
        defer { try? FileManager.default.removeItem(atPath: trace) }
        var f = Figures()
        let t0 = now()
        let tmux = try Tmux(command: "env ORMSCOPE_TRACE=\(trace) \(binary) --db \(file)")
        defer { tmux.close() }
        let log = TraceReader(path: trace)
        let list = try log.waitForFrame(after: t0) { _ in true }
        f.listShown = seconds(list.time - t0)
        try tmux.keys("Enter")
        let rows = try log.waitForFrame(after: list.time) { $0.hasPrefix("rows 1-") }
        f.firstRows = seconds(rows.time - t0)

        // Keystrokes: j and k in turn (each moves the cursor, so each changes the frame).
        var inside: [Double] = [], outside: [Double] = []
        for i in 0..<keystrokes {
            let sent = now()
            try tmux.keys(i % 2 == 0 ? "j" : "k")
            let frame = try log.waitForFrame(after: sent) { _ in true }
            let key = try log.lastKey(before: frame.time)
            inside.append(seconds(frame.time - key))
            outside.append(seconds(frame.time - sent))
        }
        f.keyMedian = median(inside)
        f.keyP95 = percentile(inside, 0.95)
        f.keyOutsideMedian = median(outside)

        // Next page (20 times) and last page (5 times, back to the first between).
        var next: [Double] = [], last: [Double] = [], lastOut: [Double] = []
        for _ in 0..<20 {
            let sent = now()
            try tmux.keys("NPage")
            let frame = try log.waitForFrame(after: sent) { $0.hasPrefix("rows ") && !$0.hasPrefix("rows 1-") && !$0.contains("running") }
            next.append(seconds(frame.time - (try log.lastKey(before: frame.time))))
        }
        for _ in 0..<5 {
            var sent = now()
            try tmux.keys("g")
            _ = try log.waitForFrame(after: sent) { $0.hasPrefix("rows 1-") }
            sent = now()
            try tmux.keys("G")
            let frame = try log.waitForFrame(after: sent) { $0.hasPrefix("last ") && !$0.contains("running") }
            last.append(seconds(frame.time - (try log.lastKey(before: frame.time))))
            lastOut.append(seconds(frame.time - sent))
        }
        f.nextMedian = median(next)
        f.lastMedian = median(last)
        f.lastOutside = median(lastOut)

        // 1,000 pages, one key at a time (each waits for its page), then the resident memory.
        let t1 = now()
        try tmux.keys("g")
        var mark = try log.waitForFrame(after: t1) { $0.hasPrefix("rows 1-") }.time
        for _ in 0..<pages {
            try tmux.keys("NPage")
            mark = try log.waitForFrame(after: mark) { $0.hasPrefix("rows ") && !$0.contains("running") }.time
            f.pagesDone += 1
        }
        f.rssAfterPages = rss(of: try pid(containing: file, binary: binary)) ?? 0
        try tmux.keys("q")
        return f
    }

    /// VisiData on the same file: start until the first rows show, and G until the last page shows.
    /// VisiData reads every row into memory before its last row exists: G is pressed at once and
    /// again when its status line says all rows are read (and no longer "loading"), and the time
    /// runs until the screen has changed after that last G.
    static func visidata(vd: String, file: String, rows total: Int, timeout: Double) throws -> (start: Double, last: Double?, loaded: Int?, rss: Int?) {
        let t0 = now()
        let tmux = try Tmux(command: "\(vd) \(file)")
        defer { tmux.close() }
        _ = try tmux.waitForScreen(timeout: 30) { $0.contains(" big ") }
        try tmux.keys("Enter")
        _ = try tmux.waitForScreen(timeout: 30) { $0.contains("row 1 ") }
        let start = seconds(now() - t0)
        func loaded(_ screen: String) -> Int? {
            // Its status line says how many rows it has read so far: "... 1126339 rows ...".
            let words = screen.split(separator: "\n").last?.split(separator: " ") ?? []
            return words.indices.dropFirst().first { words[$0] == "rows" }.flatMap { Int(words[$0 - 1]) }
        }
        let t1 = now()
        try tmux.keys("G")
        var last: Double?
        var count: Int?
        while seconds(now() - t1) < timeout {
            let screen = try tmux.screen()
            count = loaded(screen)
            if count == total && !screen.contains("loading") {
                try tmux.keys("G")
                _ = try? tmux.waitForScreen(timeout: 2) { $0 != screen }
                last = seconds(now() - t1)
                break
            }
            usleep(20_000)
        }
        let memory = (try? pid(containing: file, binary: nil)).flatMap(rss(of:))
        try tmux.keys("q", "q", "q")
        return (start, last, count, memory)
    }

    // MARK: Helpers

    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    static func seconds(_ ns: UInt64) -> Double { Double(ns) / 1e9 }
    static func median(_ xs: [Double]) -> Double { percentile(xs, 0.5) }
    static func percentile(_ xs: [Double], _ p: Double) -> Double {
        let s = xs.sorted()
        return s.isEmpty ? .nan : s[min(s.count - 1, Int(Double(s.count - 1) * p + 0.5))]
    }

    /// The process whose command line holds `file` (and starts with `binary`, when given).
    static func pid(containing file: String, binary: String?) throws -> Int32 {
        for entry in try FileManager.default.contentsOfDirectory(atPath: "/proc") {
            guard let pid = Int32(entry), let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { continue }
            let args = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            guard args.contains(file), !args.contains(where: { $0.hasPrefix("new-session") }) else { continue }
            if let binary, args.first != binary { continue }
            if binary == nil, !(args.first ?? "").contains("python"), !(args.first ?? "").hasSuffix("vd") { continue }
            return pid
        }
        throw BenchError("no process found for \(file)")
    }

    /// Resident memory (VmRSS) of a process, in bytes.
    static func rss(of pid: Int32) -> Int? { Timing.memory("VmRSS", of: String(pid)) }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// The trace ormscope writes under ORMSCOPE_TRACE: `<ns> key <key>` and `<ns> frame <status line>`.
struct TraceReader {
    let path: String

    func entries() -> [(time: UInt64, kind: Substring, detail: Substring)] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count >= 2, let t = UInt64(parts[0]) else { return nil }
            return (t, parts[1], parts.count > 2 ? parts[2] : "")
        }
    }

    /// The first frame drawn after `time` whose status line passes `test` (waits up to 30 s).
    func waitForFrame(after time: UInt64, _ test: (Substring) -> Bool) throws -> (time: UInt64, status: Substring) {
        let deadline = TerminalBenchmark.now() + 30_000_000_000
        while TerminalBenchmark.now() < deadline {
            if let e = entries().first(where: { $0.time > time && $0.kind == "frame" && test($0.detail) }) { return (e.time, e.detail) }
            usleep(500)
        }
        throw BenchError("ormscope drew no expected frame within 30 s")
    }

    /// When the last key before `time` was read.
    func lastKey(before time: UInt64) throws -> UInt64 {
        guard let e = entries().last(where: { $0.kind == "key" && $0.time <= time }) else { throw BenchError("no key in the trace") }
        return e.time
    }
}

/// A tmux session running one command, driven with send-keys and read with capture-pane.
final class Tmux {
    let name = "ormscope-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"

    init(command: String, width: Int = TerminalBenchmark.width, height: Int = TerminalBenchmark.height) throws {
        try Tmux.run(["new-session", "-d", "-s", name, "-x", String(width), "-y", String(height),
                          "env TERM=xterm-256color LANG=C.UTF-8 \(command); sleep 60"])
    }

    func close() { _ = try? Tmux.run(["kill-session", "-t", name]) }
    func keys(_ k: String...) throws { try Tmux.run(["send-keys", "-t", name] + k) }
    func screen() throws -> String { try Tmux.run(["capture-pane", "-p", "-t", name], capture: true) }

    func waitForScreen(timeout: Double, _ test: (String) -> Bool) throws -> String {
        let deadline = TerminalBenchmark.now() + UInt64(timeout * 1e9)
        while TerminalBenchmark.now() < deadline {
            let s = try screen()
            if test(s) { return s }
            usleep(2_000)
        }
        throw BenchError("the screen did not show what was expected within \(Int(timeout)) s")
    }

    /// Runs tmux and returns its standard output when `capture` (never for new-session: the server
    /// it starts would hold the pipe open).
    @discardableResult
    static func run(_ args: [String], capture: Bool = false) throws -> String {
        try Spawn.run(["tmux"] + args, capture: capture).output
    }
}

/// A child process through posix_spawn (Foundation's Process reaps its children itself, and their
/// usage with them), waited for; its standard output kept when `capture`, else sent to /dev/null.
enum Spawn {
    static func run(_ argv: [String], environment: [String: String]? = nil, capture: Bool = false) throws -> (status: Int32, output: String) {
        var pid: pid_t = 0
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw BenchError("pipe failed") }
        let args: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        let env: [UnsafeMutablePointer<CChar>?]? = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { for p in args + (env ?? []) { free(p) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if capture {
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let rc = env.map { e in e.withUnsafeBufferPointer { posix_spawnp(&pid, argv[0], &actions, nil, args, UnsafeMutablePointer(mutating: $0.baseAddress)) } }
            ?? posix_spawnp(&pid, argv[0], &actions, nil, args, environ)
        guard rc == 0 else {
            Glibc.close(fds[0]); Glibc.close(fds[1])
            throw BenchError("could not start \(argv[0]) (\(rc))")
        }
        Glibc.close(fds[1])
        var out = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fds[0], &buffer, buffer.count)
            if n <= 0 { break }
            out.append(contentsOf: buffer[0..<n])
        }
        Glibc.close(fds[0])
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
        return (status, String(decoding: out, as: UTF8.self))
    }
}
