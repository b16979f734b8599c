import Foundation
import ORMCore

/// Issue 13's whole-table figures: the release `ormscope export hero --format csv|ndjson` of a table
/// of heroes (10,000,000 by default; ORMSCOPE_BENCH_EXPORT_ROWS to change it), output to /dev/null,
/// against `sqlite3 -csv` / `psql \copy ... TO STDOUT` of the same rows in the same run; then
/// `ormscope insert hero_import --from rows.csv` of 1,000,000 rows (ORMSCOPE_BENCH_IMPORT_ROWS)
/// against `sqlite3 .import` / `psql \copy ... FROM` of the same file into the same empty table.
/// Best of `runs`, tools round-robin. Peak memory: ormscope's own VmHWM (ORMSCOPE_TRACE).
/// Targets: export at least 1,000,000 rows/s on SQLite and 500,000 on PostgreSQL, peak under
/// 64 MB; insert --from within 3x of the peer tool.
enum ExportBenchmark {
    static var rows: Int { Int(ProcessInfo.processInfo.environment["ORMSCOPE_BENCH_EXPORT_ROWS"] ?? "") ?? 10_000_000 }
    static var importRows: Int { min(rows, Int(ProcessInfo.processInfo.environment["ORMSCOPE_BENCH_IMPORT_ROWS"] ?? "") ?? 1_000_000) }
    static let runs = 2

    static func fill(_ db: Database, postgres: Bool) throws -> Double {
        let seconds = try OutputBenchmark.fill(db, postgres: postgres, rows: rows)
        try db.execute(sql: """
            CREATE TABLE hero_import (id integer PRIMARY KEY, name varchar(100) NOT NULL, secret_name varchar(255) NOT NULL,
                age integer, team_id integer, created_at timestamp NOT NULL)
            """)
        return seconds
    }

    struct Best { var seconds = Double.infinity; var peakMB = 0.0 }

    static func run(binary: String, backend: String, location: String, open: () throws -> Database) throws -> [(String, Bool)] {
        let postgres = backend == "PostgreSQL"
        let trace = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-export-\(getpid()).txt").path
        defer { try? FileManager.default.removeItem(atPath: trace) }
        var env = ProcessInfo.processInfo.environment
        env["ORMSCOPE_TRACE"] = trace
        func ormscope(_ args: [String]) throws -> (Double, Double) {
            try? FileManager.default.removeItem(atPath: trace)
            var status: Int32 = 0
            let s = try Timing.seconds { status = try Spawn.run([binary] + args + ["--db", location], environment: env).status }
            guard status == 0 else { throw BenchError("ormscope \(args.joined(separator: " ")) exited with status \(status)") }
            let lines = ((try? String(contentsOfFile: trace, encoding: .utf8)) ?? "").split(separator: "\n")
            let peak = lines.last { $0.contains(" peak ") }.flatMap { Double($0.split(separator: " ").last!) } ?? 0
            return (s, peak / 1_048_576)
        }
        func peer(_ argv: [String]) throws -> Double {
            var status: Int32 = 0
            let s = try Timing.seconds { status = try Spawn.run(argv).status }
            guard status == 0 else { throw BenchError("\(argv[0]) exited with status \(status)") }
            return s
        }
        let select = "SELECT * FROM hero ORDER BY id"
        let peerExport = postgres ? ["psql", "-X", "-q", location, "-c", "\\copy (\(select)) TO STDOUT WITH (FORMAT csv, HEADER)"]
            : ["sqlite3", "-csv", "-header", location, select]
        let peerName = postgres ? "psql \\copy TO STDOUT" : "sqlite3 -csv"

        // The export figures, round-robin: ormscope csv, ormscope ndjson, the peer.
        var csv = Best(), ndjson = Best(), peerBest = Best()
        for _ in 0..<runs {
            for (format, i) in [("csv", 0), ("ndjson", 1)] {
                let (s, mb) = try ormscope(["export", "hero", "--format", format])
                if i == 0 { csv.seconds = min(csv.seconds, s); csv.peakMB = max(csv.peakMB, mb) }
                else { ndjson.seconds = min(ndjson.seconds, s); ndjson.peakMB = max(ndjson.peakMB, mb) }
            }
            peerBest.seconds = min(peerBest.seconds, try peer(peerExport))
        }
        func rate(_ n: Int, _ s: Double) -> String { Report.grouped(Int(Double(n) / s)) + " rows/s" }
        var verdicts: [(String, Bool)] = []
        func verdict(_ label: String, _ value: String, _ ok: Bool, _ target: String) {
            Report.line("  " + Report.padded(label, 50) + Report.padded(value, 20) + "target " + target + ": " + (ok ? "met" : "MISSED"))
            verdicts.append(("\(backend): \(label) \(target)", ok))
        }
        func line(_ label: String, _ value: String, _ note: String = "") {
            Report.line("  " + Report.padded(label, 50) + Report.padded(value, 20) + note)
        }
        let n = rows
        line("load average after the export runs", Report.loadAverage)
        line("export --format csv (\(Report.grouped(n)) rows)", Report.fixed(csv.seconds, 2) + " s", rate(n, csv.seconds) + ", peak " + Report.fixed(csv.peakMB, 1) + " MiB")
        line("export --format ndjson", Report.fixed(ndjson.seconds, 2) + " s", rate(n, ndjson.seconds) + ", peak " + Report.fixed(ndjson.peakMB, 1) + " MiB")
        line(peerName, Report.fixed(peerBest.seconds, 2) + " s", rate(n, peerBest.seconds))
        line("ratio ormscope csv / \(peerName)", Report.fixed(csv.seconds / peerBest.seconds, 2) + "x")
        line("ratio ormscope ndjson / \(peerName)", Report.fixed(ndjson.seconds / peerBest.seconds, 2) + "x")
        let target = postgres ? 500_000.0 : 1_000_000.0
        let targetText = postgres ? ">= 500,000 rows/s" : ">= 1,000,000 rows/s"
        verdict("export csv rate", rate(n, csv.seconds), Double(n) / csv.seconds >= target, targetText)
        verdict("export ndjson rate", rate(n, ndjson.seconds), Double(n) / ndjson.seconds >= target, targetText)
        verdict("export peak memory (csv, ndjson)", Report.fixed(max(csv.peakMB, ndjson.peakMB), 1) + " MiB", max(csv.peakMB, ndjson.peakMB) < 64, "< 64 MiB")

        // The import figures: one CSV file of the first importRows heroes, into the empty hero_import.
        let m = importRows
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-import-\(getpid()).csv").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        guard try Spawn.run([binary, "export", "hero", "--db", location, "--format", "csv", "--where", "id <= \(m)", "--output", file]).status == 0 else {
            throw BenchError("could not write the import file")
        }
        let db = try open()
        defer { db.close() }
        func empty() throws { try db.execute(sql: "DELETE FROM hero_import") }
        let peerImport = postgres ? ["psql", "-X", "-q", location, "-c", "\\copy hero_import FROM '\(file)' WITH (FORMAT csv, HEADER)"]
            : ["sqlite3", location, ".import --csv --skip 1 \(file) hero_import"]
        let peerImportName = postgres ? "psql \\copy FROM (COPY)" : "sqlite3 .import"
        var mine = Best(), theirs = Double.infinity
        for _ in 0..<runs {
            try empty()
            let (s, mb) = try ormscope(["insert", "hero_import", "--from", file])
            mine.seconds = min(mine.seconds, s)
            mine.peakMB = max(mine.peakMB, mb)
            guard case .int(let c)? = try db.fetchAll(CompiledSQL("SELECT count(*) FROM hero_import", [])).first?[0], c == Int64(m) else {
                throw BenchError("insert --from did not write \(m) rows")
            }
            try empty()
            theirs = min(theirs, try peer(peerImport))
        }
        try empty()
        line("load average after the import runs", Report.loadAverage)
        line("insert --from rows.csv (\(Report.grouped(m)) rows)", Report.fixed(mine.seconds, 2) + " s", rate(m, mine.seconds) + ", peak " + Report.fixed(mine.peakMB, 1) + " MiB")
        line(peerImportName, Report.fixed(theirs, 2) + " s", rate(m, theirs))
        verdict("insert --from / \(peerImportName)", Report.fixed(mine.seconds / theirs, 2) + "x", mine.seconds / theirs <= 3, "<= 3x")
        return verdicts
    }
}
