import Foundation
import ORMCore
import SQLiteDriver

/// Issue 12's figures: the release binary in tmux (120x35), timed from inside (ORMSCOPE_TRACE:
/// the key read to the changed frame written).
/// - a table of 300 columns and 10,000,000 rows: `l` scrolls the grid one column to the right,
///   median of 100 (the 298 added columns are SQLite `ADD COLUMN ... DEFAULT`, so every row reads
///   300 values without a 3 GB file);
/// - a list of 5,000 models: `/` then a model's name typed and deleted one character at a time,
///   each key a redraw of the narrowed list, median of 100;
/// - the resident memory (VmRSS) after both.
enum PanesBenchmark {
    static let section = "panes"
    static let rows = 10_000_000, columns = 300, models = 5_000, keys = 100

    /// Fills the wide table (`wide`) in `wideFile` and 5,000 tables in `modelsFile`; returns the seconds taken.
    static func fill(wideFile: String, modelsFile: String) throws -> Double {
        let t0 = TerminalBenchmark.now()
        let db = Database(try SQLiteConnection(wideFile, create: true))
        try db.execute(sql: "CREATE TABLE wide (id integer PRIMARY KEY, name text NOT NULL)")
        try db.execute(sql: "BEGIN")
        try db.execute(sql: "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(rows)) INSERT INTO wide SELECT i, 'row ' || i FROM n")
        try db.execute(sql: "COMMIT")
        for c in 3...columns { try db.execute(sql: "ALTER TABLE wide ADD COLUMN column_\(c) text NOT NULL DEFAULT 'value of column \(c)'") }
        try db.execute(sql: "ANALYZE")
        db.close()
        let m = Database(try SQLiteConnection(modelsFile, create: true))
        try m.execute(sql: "BEGIN")
        for i in 0..<models { try m.execute(sql: "CREATE TABLE table_\(String(format: "%04d", i)) (id integer PRIMARY KEY, name text)") }
        try m.execute(sql: "COMMIT")
        m.close()
        return TerminalBenchmark.seconds(TerminalBenchmark.now() - t0)
    }

    struct Figures {
        var scrollMedian = 0.0, scrollP95 = 0.0
        var searchMedian = 0.0, searchP95 = 0.0
        var rssWide = 0, rssModels = 0
        /// CPU time (user + system, clock ticks) the process used over `idleSeconds` with no key pressed.
        var idleTicks = 0
    }

    static let idleSeconds = 30.0

    /// user + system CPU time of a process so far, in clock ticks (fields 14 and 15 of /proc/PID/stat).
    static func cpuTicks(_ pid: Int32) -> Int? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command's ")": state is field 3, so utime (14) and stime (15) are at 11 and 12.
        guard fields.count > 12, let u = Int(fields[11]), let s = Int(fields[12]) else { return nil }
        return u + s
    }

    /// Presses `keys` one at a time, each waiting for its frame; the key-to-frame times.
    static func timed(_ tmux: Tmux, _ log: TraceReader, _ keys: [String]) throws -> [Double] {
        var out: [Double] = []
        for k in keys {
            let sent = TerminalBenchmark.now()
            try tmux.keys(k)
            let frame = try log.waitForFrame(after: sent) { _ in true }
            out.append(TerminalBenchmark.seconds(frame.time - (try log.lastKey(before: frame.time))))
        }
        return out
    }

    static func measure(binary: String, wideFile: String, modelsFile: String) throws -> Figures {
        var f = Figures()
        let trace = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-panes-trace-\(getpid()).txt").path
        defer { try? FileManager.default.removeItem(atPath: trace) }
        do {
            try? FileManager.default.removeItem(atPath: trace)
            let t0 = TerminalBenchmark.now()
            let tmux = try Tmux(command: "env ORMSCOPE_TRACE=\(trace) \(binary) --db \(wideFile)")
            defer { tmux.close() }
            let log = TraceReader(path: trace)
            let list = try log.waitForFrame(after: t0) { _ in true }
            try tmux.keys("Enter")
            _ = try log.waitForFrame(after: list.time) { $0.hasPrefix("rows 1-") }
            let times = try timed(tmux, log, Array(repeating: "l", count: keys))
            f.scrollMedian = TerminalBenchmark.median(times)
            f.scrollP95 = TerminalBenchmark.percentile(times, 0.95)
            let pid = try TerminalBenchmark.pid(containing: wideFile, binary: binary)
            f.rssWide = TerminalBenchmark.rss(of: pid) ?? 0
            // Idle: the grid on screen, nothing pressed, for 30 s.
            let before = cpuTicks(pid) ?? 0
            usleep(UInt32(idleSeconds * 1_000_000))
            f.idleTicks = (cpuTicks(pid) ?? Int.max) - before
            try tmux.keys("q")
        }
        do {
            try? FileManager.default.removeItem(atPath: trace)
            let t0 = TerminalBenchmark.now()
            let tmux = try Tmux(command: "env ORMSCOPE_TRACE=\(trace) \(binary) --db \(modelsFile)")
            defer { tmux.close() }
            let log = TraceReader(path: trace)
            _ = try log.waitForFrame(after: t0) { $0.hasPrefix("model 1 of") }
            _ = try timed(tmux, log, ["/"])
            // "table_1234" typed and deleted, five times over: 100 keys, each narrowing or widening the list.
            let word = "table_1234".map(String.init)
            var sequence: [String] = []
            for _ in 0..<(keys / (2 * word.count)) { sequence += word + Array(repeating: "BSpace", count: word.count) }
            let times = try timed(tmux, log, sequence)
            f.searchMedian = TerminalBenchmark.median(times)
            f.searchP95 = TerminalBenchmark.percentile(times, 0.95)
            f.rssModels = TerminalBenchmark.rss(of: try TerminalBenchmark.pid(containing: modelsFile, binary: binary)) ?? 0
            try tmux.keys("Escape", "q")
        }
        return f
    }

    static func report(binary: String?, dir: URL, results: inout [(String, Bool)]) throws {
        guard let binary else { return Report.line("  skipped: build the ormscope product in release first (make bench does)") }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else { return Report.line("  skipped: tmux is not installed (make bench installs it)") }
        let wide = dir.appendingPathComponent("wide.sqlite").path, models = dir.appendingPathComponent("models5000.sqlite").path
        func line(_ label: String, _ value: String, _ note: String = "") { Report.line("  " + Report.padded(label, 62) + Report.padded(value, 14) + note) }
        func ms(_ s: Double) -> String { Report.fixed(s * 1000, 1) + " ms" }
        func verdict(_ name: String, _ ok: Bool, _ target: String) -> String {
            results.append(("panes: \(name) \(target)", ok))
            return "target \(target): " + (ok ? "met" : "MISSED")
        }
        line("setup (10,000,000 rows, 300 columns; 5,000 tables)", Report.fixed(try fill(wideFile: wide, modelsFile: models), 1) + " s")
        let f = try measure(binary: binary, wideFile: wide, modelsFile: models)
        line("l (one column right) -> redrawn, inside, median of \(keys)", ms(f.scrollMedian), verdict("horizontal scroll redraw (median)", f.scrollMedian < 0.016, "< 16 ms"))
        line("  the same, 95th percentile", ms(f.scrollP95))
        line("/ search, a key typed or deleted -> redrawn, median of \(keys)", ms(f.searchMedian), verdict("type-to-search redraw (median)", f.searchMedian < 0.016, "< 16 ms"))
        line("  the same, 95th percentile", ms(f.searchP95))
        let mb = { (b: Int) in Double(b) / 1_000_000 }
        line("resident memory (VmRSS): the wide table / 5,000 models", Report.fixed(mb(f.rssWide), 1) + " / " + Report.fixed(mb(f.rssModels), 1) + " MB",
             verdict("memory", f.rssWide > 0 && f.rssModels > 0 && mb(max(f.rssWide, f.rssModels)) < 50, "< 50 MB"))
        // A tick is 1/CLK_TCK s (10 ms here); 0.1% of a core over 30 s is 30 ms, 3 ticks.
        let tick = 1.0 / Double(sysconf(Int32(_SC_CLK_TCK)))
        let share = Double(f.idleTicks) * tick / idleSeconds * 100
        line("idle \(Int(idleSeconds)) s on the grid: CPU used (utime + stime)", "\(f.idleTicks) ticks",
             "\(Report.fixed(share, 3))% of a core, " + verdict("idle CPU", share < 0.1, "< 0.1% of a core"))
    }
}
