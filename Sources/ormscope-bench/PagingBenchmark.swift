import Explorer
import ExplorerRuntime
import Foundation
import ORMCore

/// Issue 4's figures: paging a 10,000,000-row table by keyset (first page, last page, next page at
/// depth 5,000,000, an indexed and an unindexed filter), beside the LIMIT/OFFSET and COUNT(*) that
/// peers run, and the peak memory of the real `ormscope rows` on that table.
enum PagingBenchmark {
    static let rows = 10_000_000
    static let pageSize = 50
    static let runs = 5
    static let target = 0.050

    /// `big` with `rows` rows (the sql section fills the same table, of its own size).
    static func fill(_ db: Database, postgres: Bool, rows: Int = rows) throws -> Double {
        try Timing.seconds {
            try db.execute(sql: "CREATE TABLE big (id integer PRIMARY KEY, k integer NOT NULL, name text NOT NULL, v double precision)")
            let series = postgres ? "generate_series(1, \(rows)) AS s(i)"
                : "(WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < \(rows)) SELECT i FROM r) AS s"
            try db.transaction {
                try db.execute(sql: "INSERT INTO big (id, k, name, v) SELECT i, ((i % 100000) * 7919) % 100000, 'row ' || i, (i % 1000) / 10.0 FROM \(series)")
            }
            try db.execute(sql: "CREATE INDEX ix_big_k ON big (k)")
            try db.execute(sql: postgres ? "VACUUM ANALYZE big" : "ANALYZE")
        }
    }

    /// Runs every operation best of `runs`; returns each target's verdict.
    static func run(open: () throws -> Database, backend: String, binary: String?, location: String) throws -> [(String, Bool)] {
        let db = try open()
        defer { db.close() }
        let session = try Session(db)
        var verdicts: [(String, Bool)] = []
        func time(_ body: () throws -> Void) throws -> Double {
            var best = Double.infinity
            for _ in 0..<runs { best = min(best, try Timing.seconds(body)) }
            db.log.reset()
            return best
        }
        func line(_ label: String, _ seconds: Double, _ note: String = "") {
            Report.line("  " + Report.padded(label, 44) + Report.padded(Report.fixed(seconds * 1000, 2) + " ms", 14) + note)
        }
        func page(_ position: PagePosition, filter: String = "") throws -> Double {
            try time { _ = try PageLoader.load(PageRequest(model: "big", filter: filter, position: position, limit: pageSize), session: session) }
        }
        let estimate = session.registry.model(named: "big")?.estimatedRowCount
        Report.line("  catalog estimate shown for the row count: ~\(estimate.map(Report.grouped) ?? "none") (no COUNT(*) on open)")
        let checks: [(String, PagePosition, String, Bool)] = [
            ("open: first page", .first, "", true),
            ("last page", .last, "", true),
            ("next page at depth 5,000,000", .after([.int(Int64(rows / 2))]), "", true),
            ("indexed filter: k = 4242", .first, "k = 4242", true),
            ("unindexed filter: name = 'row 9999999'", .first, "name = 'row 9999999'", false),
        ]
        for (label, position, filter, targeted) in checks {
            let t = try page(position, filter: filter)
            let ok = t < target
            line(label, t, targeted ? (ok ? "target < 50 ms: met" : "target < 50 ms: MISSED") : "(reported, no target)")
            if targeted { verdicts.append(("\(backend): \(label) < 50 ms", ok)) }
        }
        Report.line("  the same with what peers run:")
        line("LIMIT 50 OFFSET 9,999,950 (last page)", try time { _ = try db.fetchAll(CompiledSQL("SELECT * FROM big ORDER BY id LIMIT 50 OFFSET \(rows - pageSize)")) })
        line("LIMIT 50 OFFSET 5,000,000", try time { _ = try db.fetchAll(CompiledSQL("SELECT * FROM big ORDER BY id LIMIT 50 OFFSET \(rows / 2)")) })
        line("COUNT(*)", try time { _ = try db.fetchAll(CompiledSQL("SELECT count(*) FROM big")) })

        if let binary {
            let kb = try peakKB(binary, ["rows", "big", "--db", location, "--last", "--limit", String(pageSize), "--format", "json"])
            let mb = Double(kb) / 1024
            let ok = mb < 50
            Report.line("  " + Report.padded("peak memory of `ormscope rows big --last`", 44) + Report.padded(Report.fixed(mb, 1) + " MB", 14)
                        + (ok ? "target < 50 MB: met" : "target < 50 MB: MISSED") + " (its own VmHWM, from its trace)")
            verdicts.append(("\(backend): ormscope rows peak memory < 50 MB", ok))
        }
        return verdicts
    }

    /// Runs a command and returns its peak resident memory in KB: the VmHWM the binary writes to
    /// its ORMSCOPE_TRACE file at exit. (wait4's ru_maxrss would not do: a child started with
    /// posix_spawn, which shares the parent's memory until exec, inherits the parent's peak.)
    static func peakKB(_ binary: String, _ args: [String]) throws -> Int {
        let trace = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-peak-\(getpid()).txt").path
        try? FileManager.default.removeItem(atPath: trace)
        defer { try? FileManager.default.removeItem(atPath: trace) }
        var env = ProcessInfo.processInfo.environment
        env["ORMSCOPE_TRACE"] = trace
        let (status, _) = try Spawn.run([binary] + args, environment: env)
        guard status == 0 else { throw BareLoops.Failure(description: "\(binary) \(args.joined(separator: " ")) exited with status \(status)") }
        let text = (try? String(contentsOfFile: trace, encoding: .utf8)) ?? ""
        guard let line = text.split(separator: "\n").last(where: { $0.contains(" peak ") }),
              let bytes = line.split(separator: " ").last.flatMap({ Int($0) }) else {
            throw BareLoops.Failure(description: "\(binary) wrote no peak memory to its trace")
        }
        return bytes / 1024
    }
}
