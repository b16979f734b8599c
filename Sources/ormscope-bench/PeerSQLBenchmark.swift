import Foundation

/// Issue 15's comparison: `SELECT * FROM big` typed into pgcli, litecli and harlequin (from
/// `scripts/peers-venv.sh`, opted in with `ORMSCOPE_BENCH_PEERS=<the venv's bin>`), and into the
/// release ormscope binary the same way, on the sql section's own table, from the same run.
///
/// Every program runs in a tmux window of the editor pane's size (120x40) with its own empty
/// XDG directories (default settings, no history). The statement is typed with `send-keys -l`;
/// once the screen shows it and a second has passed (completion menus settle), the clock starts
/// and the run key is sent (Enter for pgcli and
/// litecli, Ctrl-J for harlequin and ormscope); the clock stops when `capture-pane` first shows a
/// row of `big` (a cell `row N`), polled every 2 ms as the terminal section does. Memory is the
/// peak resident set (VmHWM) of the program's process tree (its pager too) at that moment.
/// A peer not drawn within `capSeconds`, or whose tree holds more than `capBytes`, is killed and
/// reported so.
enum PeerSQLBenchmark {
    static let width = SQLPaneBenchmark.width, height = SQLPaneBenchmark.height
    static let capSeconds = 60.0
    static let capBytes = 2 << 30
    static let environmentKey = "ORMSCOPE_BENCH_PEERS"

    struct Program {
        let name: String
        /// The command line (the database's location last).
        let command: [String]
        /// Keys before the statement (ormscope's `Q` opens its editor, then the screen says "SQL editor").
        let open: [String]
        let runKey: String
        /// The screen once the program waits for a statement.
        let ready: (String) -> Bool
        /// What the program does with a large result, said next to its figure.
        let note: String
        /// Launches measured: ormscope's few milliseconds move with the load, so it runs 3 times (the
        /// median is the figure the peers are divided by); a peer takes seconds and up to the memory
        /// cap, so it runs once.
        var runs = 1
        /// What its screen says of the result when the first row shows (harlequin's results title).
        var detail: (String) -> String? = { _ in nil }
    }

    struct Outcome {
        var seconds: Double?
        var peakBytes: Int
        var why: String?
        var detail: String?
    }

    /// The programs for one backend: ormscope first (the figure the others are divided by).
    static func programs(bin: String?, binary: String, postgres: Bool, location: String) -> [Program] {
        let prompt: (String) -> Bool = { s in s.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasSuffix(">") } }
        var out = [Program(name: "ormscope (release, tmux)", command: [binary, "--db", location], open: ["Q"], runKey: "C-j",
                           ready: { $0.contains("Models") }, note: "reads its cursor a page at a time", runs: 3)]
        guard let bin else { return out }
        if postgres {
            out.append(Program(name: "pgcli 4.7.1", command: [bin + "/pgcli", location], open: [], runKey: "Enter", ready: prompt,
                               note: "a client-side psycopg cursor: the whole result read, then the first 1,000 drawn (row_limit)"))
            out.append(Program(name: "harlequin 2.17.0 (postgres)", command: [bin + "/harlequin", "-a", "postgres", location], open: [], runKey: "C-j",
                               ready: harlequinReady, note: "a client-side psycopg cursor, its Limit box off by default: the whole result read first", detail: harlequinTitle))
        } else {
            out.append(Program(name: "litecli 1.17.1", command: [bin + "/litecli", location], open: [], runKey: "Enter", ready: prompt,
                               note: "list(cursor): every row read into Python before the first is drawn"))
            out.append(Program(name: "harlequin 2.17.0 (sqlite)", command: [bin + "/harlequin", "-a", "sqlite", location], open: [], runKey: "C-j",
                               ready: harlequinReady, note: "its Limit box off by default: fetchall() of the whole result before the first row is drawn", detail: harlequinTitle))
        }
        return out
    }

    /// harlequin draws "Run Query" before its editor, and drops the keys typed in between.
    static func harlequinReady(_ screen: String) -> Bool { screen.contains("Run Query") && screen.contains("Query Editor") }

    /// harlequin's results title, `Query Results (500 Records)`.
    static func harlequinTitle(_ screen: String) -> String? {
        screen.range(of: #"Query Results \([^)]*\)"#, options: .regularExpression).map { String(screen[$0]) }
    }

    /// A row of `big` on the screen: a cell `row N` (the statement typed holds no such word).
    static func showsRow(_ screen: String) -> Bool {
        screen.range(of: #"\brow [0-9]+\b"#, options: .regularExpression) != nil
    }

    static func measure(_ p: Program) throws -> Outcome {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-peer-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let xdg = ["XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"].map { "\($0)=\(home.path)/\($0)" }.joined(separator: " ")
        let quoted = p.command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let tmux = try Tmux(command: "env \(xdg) \(quoted)", width: width, height: height)
        defer { killTree(of: tmux); tmux.close() }
        _ = try tmux.waitForScreen(timeout: capSeconds, p.ready)
        if !p.open.isEmpty {
            try Tmux.run(["send-keys", "-t", tmux.name] + p.open)
            _ = try tmux.waitForScreen(timeout: 10) { $0.contains("SQL editor") }
        }
        try Tmux.run(["send-keys", "-t", tmux.name, "-l", SQLBenchmark.sql])
        _ = try tmux.waitForScreen(timeout: 10) { $0.contains(SQLBenchmark.sql) }
        usleep(1_000_000)  // completion menus and highlighting settle before the clock starts
        guard !showsRow(try tmux.screen()) else { throw BenchError("\(p.name) shows a row of big before the statement runs") }
        let t0 = TerminalBenchmark.now()
        try Tmux.run(["send-keys", "-t", tmux.name, p.runKey])
        var polls = 0
        while true {
            let elapsed = TerminalBenchmark.seconds(TerminalBenchmark.now() - t0)
            let screen = try tmux.screen()
            if showsRow(screen) {
                return Outcome(seconds: elapsed, peakBytes: treeMemory(of: tmux, "VmHWM"), detail: p.detail(screen))
            }
            polls += 1
            if polls % 50 == 0 {
                let rss = treeMemory(of: tmux, "VmRSS")
                if rss > capBytes {
                    return Outcome(seconds: nil, peakBytes: treeMemory(of: tmux, "VmHWM"),
                                   why: "not drawn after \(Report.fixed(elapsed, 1)) s: its resident memory passed the \(capBytes >> 30) GiB cap")
                }
            }
            if elapsed > capSeconds {
                return Outcome(seconds: nil, peakBytes: treeMemory(of: tmux, "VmHWM"), why: "not drawn within \(Int(capSeconds)) s")
            }
            usleep(2_000)
        }
    }

    // MARK: The process tree under the tmux pane (the pane's shell excluded)

    static func descendants(of tmux: Tmux) -> [Int32] {
        guard let out = try? Tmux.run(["display-message", "-p", "-t", tmux.name, "#{pane_pid}"], capture: true),
              let root = Int32(out.trimmingCharacters(in: .whitespacesAndNewlines)) else { return [] }
        var parent: [Int32: Int32] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // After the command's ")": the state, then the parent's pid.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let ppid = Int32(fields[1]) { parent[pid] = ppid }
        }
        return parent.keys.filter { pid in
            var p = parent[pid]
            while let q = p, q > 1 { if q == root { return true }; p = parent[q] }
            return false
        }
    }

    /// The sum of one /proc status field over the tree, in bytes.
    static func treeMemory(of tmux: Tmux, _ field: String) -> Int {
        descendants(of: tmux).compactMap { Timing.memory(field, of: String($0)) }.reduce(0, +)
    }

    /// SIGKILL to the program and its children (they may ignore the hangup kill-session sends).
    static func killTree(of tmux: Tmux) {
        for pid in descendants(of: tmux) { kill(pid, SIGKILL) }
    }

    // MARK: The report

    /// Runs ormscope and each peer that supports the backend; prints one line each, with its ratio
    /// to ormscope's time from the same run (in tmux) and to the in-process pane figure.
    static func run(backend: String, postgres: Bool, binary: String?, location: String, paneFirstRows: Double,
                    line: (String, String, String) -> Void) {
        let bin = ProcessInfo.processInfo.environment[environmentKey].flatMap { $0.isEmpty ? nil : $0 }
        guard let binary else {
            return line("peers typing the statement", "skipped", "build the ormscope product in release first (make bench does)")
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
            return line("peers typing the statement", "skipped", "tmux is not installed (make bench installs it)")
        }
        if bin == nil {
            line("peers typing the statement", "skipped", "set \(environmentKey) to scripts/peers-venv.sh's output (make bench-peers does)")
        }
        Report.line("  in tmux \(width)x\(height), `\(SQLBenchmark.sql)` typed: from its run key to a row of big on the screen (capture-pane), a peer once;")
        Report.line("  VmHWM is the peak of the program's processes at that moment; cap \(Int(capSeconds)) s or \(capBytes >> 30) GiB, then killed")
        var mine: Double?
        for p in programs(bin: bin, binary: binary, postgres: postgres, location: location) {
            let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "?"
            let label = "\(p.name), first row"
            do {
                var times: [Double] = [], o = Outcome(seconds: nil, peakBytes: 0)
                for _ in 0..<p.runs {
                    o = try measure(p)
                    guard let s = o.seconds else { break }
                    times.append(s)
                }
                let mb = Report.fixed(Double(o.peakBytes) / 1_048_576, 1) + " MiB"
                guard o.seconds != nil else {
                    line(label, "not drawn", "\(o.why ?? ""); VmHWM \(mb) at the cap (killed); load \(load); \(p.note)")
                    continue
                }
                let s = TerminalBenchmark.median(times)
                if mine == nil { mine = s }
                let ratios = mine.map { m in p.open.isEmpty ? "\(Report.fixed(s / m, 1))x ormscope in tmux, " : "" } ?? ""
                let each = times.count > 1 ? "median of \(times.count) launches (" + times.map { Report.fixed($0 * 1000, 1) }.joined(separator: " / ") + " ms); " : ""
                line(label, Report.fixed(s * 1000, 1) + " ms",
                     "\(each)VmHWM \(mb); \(ratios)\(Report.fixed(s / paneFirstRows, 1))x the pane figure; load \(load); \(p.note)\(o.detail.map { ", it shows \"\($0)\"" } ?? "")")
            } catch {
                line(label, "ERROR", "\(Report.describe(error)); load \(load)")
            }
        }
    }
}
