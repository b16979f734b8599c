import Foundation
import ORMCore

/// Issue 10's figures for big values: the real `ormscope` binary in tmux (120x35) on a table of 50
/// rows each holding a 5 MB bytea/blob and a 10 MB text (750 MB a backend), on SQLite and PostgreSQL.
///
/// - open: from starting the command (Enter sent as soon as the model list is drawn) until the
///   first rows are drawn (trace frame with "rows 1-"), outside;
/// - a cursor move: j/k in turn, from reading the key to having drawn the changed frame (the
///   trace, inside), median;
/// - quit: from sending q until the process is gone (polling /proc), outside;
/// - memory: peak resident memory of the process (VmHWM, written to the trace at exit);
/// - paste: 20 KB pasted into the `/` prompt (tmux load-buffer, then paste-buffer: the whole text
///   arrives at once, as a terminal's paste does) until the frame showing its end is drawn, outside.
enum BigValueBenchmark {
    static let rows = 50
    static let blobBytes = 5 * 1_048_576, textBytes = 10 * 1_048_576
    static let keystrokes = 40
    static let pasteBytes = 20_000

    static func fill(_ db: Database, postgres: Bool) throws -> Double {
        try Timing.seconds {
            if postgres {
                try db.execute(sql: "CREATE TABLE big_value (id integer PRIMARY KEY, data bytea NOT NULL, body text NOT NULL)")
                // Stored uncompressed (EXTERNAL): reading them costs what 750 MB costs, not a decompression of repeats.
                try db.execute(sql: "ALTER TABLE big_value ALTER COLUMN data SET STORAGE EXTERNAL, ALTER COLUMN body SET STORAGE EXTERNAL")
                for i in 1...rows {
                    try db.execute(sql: """
                        INSERT INTO big_value SELECT \(i), decode(repeat(md5('\(i)'), \(blobBytes / 16)), 'hex'),
                               'row \(i) ' || repeat(md5('\(i)') || ' ', \(textBytes / 33))
                        """)
                }
                try db.execute(sql: "VACUUM ANALYZE big_value")
            } else {
                try db.execute(sql: "CREATE TABLE big_value (id integer PRIMARY KEY, data blob NOT NULL, body text NOT NULL)")
                try db.transaction {
                    for i in 1...rows {
                        // Random bytes; the text is hex digits with a space for every A (words of about 16 characters).
                        try db.execute(sql: "INSERT INTO big_value VALUES (\(i), randomblob(\(blobBytes)), 'row \(i) ' || replace(hex(randomblob(\(textBytes / 2))), 'A', ' '))")
                    }
                }
            }
        }
    }

    struct Figures {
        var open = 0.0, moveMedian = 0.0, moveP95 = 0.0, quit = 0.0, peak = 0, paste = 0.0, pasteInside = 0.0
    }

    static func measure(binary: String, location: String) throws -> Figures {
        let trace = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-bigvalue-trace-\(getpid()).txt").path
        defer { try? FileManager.default.removeItem(atPath: trace) }
        var f = Figures()
        let log = TraceReader(path: trace)
        let t0 = TerminalBenchmark.now()
        let tmux = try Tmux(command: "env ORMSCOPE_TRACE=\(trace) \(binary) --db '\(location)'")
        defer { tmux.close() }
        let list = try log.waitForFrame(after: t0) { _ in true }
        try tmux.keys("Enter")
        let rows = try log.waitForFrame(after: list.time) { $0.hasPrefix("rows 1-") }
        f.open = TerminalBenchmark.seconds(rows.time - t0)

        var inside: [Double] = []
        for i in 0..<keystrokes {
            let sent = TerminalBenchmark.now()
            try tmux.keys(i % 2 == 0 ? "j" : "k")
            let frame = try log.waitForFrame(after: sent) { _ in true }
            inside.append(TerminalBenchmark.seconds(frame.time - (try log.lastKey(before: frame.time))))
        }
        f.moveMedian = TerminalBenchmark.median(inside)
        f.moveP95 = TerminalBenchmark.percentile(inside, 0.95)

        // The paste: into the filter prompt, then Esc (nothing is run).
        var sent = TerminalBenchmark.now()
        try tmux.keys("/")
        let prompt = try log.waitForFrame(after: sent) { $0.hasPrefix("filter:") }
        let pasteFile = trace + ".paste"
        defer { try? FileManager.default.removeItem(atPath: pasteFile) }
        try (String(repeating: "x", count: pasteBytes - 3) + "END").write(toFile: pasteFile, atomically: true, encoding: .utf8)
        try Tmux.run(["load-buffer", "-b", tmux.name, pasteFile])
        sent = TerminalBenchmark.now()
        try Tmux.run(["paste-buffer", "-d", "-b", tmux.name, "-t", tmux.name])
        let pasted = try log.waitForFrame(after: prompt.time) { $0.hasSuffix("xEND") }
        f.paste = TerminalBenchmark.seconds(pasted.time - sent)
        let firstKey = log.entries().first { $0.time > prompt.time && $0.kind == "key" }?.time ?? sent
        f.pasteInside = TerminalBenchmark.seconds(pasted.time - firstKey)
        try tmux.keys("Escape")
        _ = try log.waitForFrame(after: pasted.time) { $0.hasPrefix("rows 1-") }

        let pid = try process(of: binary)
        sent = TerminalBenchmark.now()
        try tmux.keys("q")
        while kill(pid, 0) == 0, TerminalBenchmark.seconds(TerminalBenchmark.now() - sent) < 60 {
            // A zombie (exited, not yet reaped by the shell) counts as gone.
            if let s = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), s.contains(") Z ") { break }
            usleep(500)
        }
        f.quit = TerminalBenchmark.seconds(TerminalBenchmark.now() - sent)
        let deadline = TerminalBenchmark.now() + 5_000_000_000
        while TerminalBenchmark.now() < deadline {
            if let e = log.entries().last(where: { $0.kind == "peak" }) { f.peak = Int(e.detail) ?? 0; break }
            usleep(2_000)
        }
        return f
    }

    /// The running process of `binary` (its arguments may be rewritten: a password in a URL is masked).
    static func process(of binary: String) throws -> Int32 {
        for entry in try FileManager.default.contentsOfDirectory(atPath: "/proc") {
            guard let pid = Int32(entry), let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { continue }
            let args = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if args.first == binary, args.contains("--db") { return pid }
        }
        throw BenchError("no running \(binary) found")
    }

    static func report(_ f: Figures, backend: String) -> [(String, Bool)] {
        var verdicts: [(String, Bool)] = []
        func line(_ label: String, _ value: String, _ name: String, _ ok: Bool, _ target: String) {
            verdicts.append(("big values, \(backend): \(name) \(target)", ok))
            Report.line("  " + Report.padded(label, 52) + Report.padded(value, 14) + "target \(target): " + (ok ? "met" : "MISSED"))
        }
        func ms(_ s: Double) -> String { Report.fixed(s * 1000, 1) + " ms" }
        line("start -> first rows drawn (outside)", ms(f.open), "open", f.open < 0.3, "< 300 ms")
        line("cursor move (j/k) -> redrawn, inside, median of \(keystrokes)", ms(f.moveMedian), "cursor move redrawn (median)", f.moveMedian < 0.016, "< 16 ms")
        Report.line("  " + Report.padded("  the same, 95th percentile", 52) + ms(f.moveP95))
        line("q -> process gone (outside)", ms(f.quit), "quit", f.quit < 0.1, "< 100 ms")
        let mb = Double(f.peak) / 1_000_000
        line("peak resident memory (VmHWM, whole run)", Report.fixed(mb, 1) + " MB", "memory", f.peak > 0 && mb < 100, "< 100 MB")
        line("20 KB pasted into / -> its end drawn (outside)", ms(f.paste), "paste 20 KB", f.paste < 0.1, "< 100 ms")
        Report.line("  " + Report.padded("  the same, inside (first key read -> drawn)", 52) + ms(f.pasteInside))
        return verdicts
    }
}
