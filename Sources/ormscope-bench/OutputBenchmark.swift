import Foundation
import ORMCore

/// Issue 13's JSON figures: the real release `ormscope rows hero --limit 100000` as JSON, NDJSON and
/// CSV on a table of 100,000 heroes (the demo's hero columns), best of 3 each, round-robin.
///
/// Two times per run: the whole command (start to exit, output to /dev/null), and its output phase
/// alone (ORMSCOPE_TRACE's `output start` to `output end`: encoding every row and writing it), so the
/// writer's rate is seen apart from loading the page. Targets: the JSON output phase at least
/// 1,000,000 rows/s on SQLite, the JSON command within 1.5x of the CSV command, and JSON's peak
/// memory no higher than CSV's (+8 MB): the writer streams in 64 KiB chunks, so output adds nothing.
/// `rows` streams these formats, so the output phase runs from before the statement to the last byte.
enum OutputBenchmark {
    static let rows = 100_000
    static let runs = 3
    static let rateTarget = 1_000_000.0
    static let ratioTarget = 1.5

    static func fill(_ db: Database, postgres: Bool) throws -> Double { try fill(db, postgres: postgres, rows: rows) }

    /// The demo's team and hero tables with `rows` heroes (one statement, on the server).
    static func fill(_ db: Database, postgres: Bool, rows: Int) throws -> Double {
        try Timing.seconds {
            try db.execute(sql: "CREATE TABLE team (id integer PRIMARY KEY, name varchar(100) NOT NULL, headquarters varchar(100))")
            try db.execute(sql: """
                CREATE TABLE hero (id integer PRIMARY KEY, name varchar(100) NOT NULL, secret_name varchar(255) NOT NULL,
                    age integer, team_id integer REFERENCES team (id), created_at timestamp NOT NULL)
                """)
            let series = postgres ? "generate_series(1, \(rows)) AS s(i)"
                : "(WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < \(rows)) SELECT i FROM r) AS s"
            let stamp = postgres ? "timestamp '2025-01-01' + i * interval '67 seconds'" : "datetime('2025-01-01', '+' || (i * 67) || ' seconds')"
            try db.transaction {
                try db.execute(sql: "INSERT INTO team (id, name, headquarters) VALUES (1, 'Preventers', 'Sharp Tower'), (2, 'Z-Force', NULL), (3, 'Avengers', 'Tower')")
                try db.execute(sql: """
                    INSERT INTO hero (id, name, secret_name, age, team_id, created_at)
                    SELECT i, 'Hero ' || i, 'Secret "' || i || '", of course', CASE WHEN i % 7 = 0 THEN NULL ELSE 18 + i % 60 END,
                           CASE WHEN i % 10 = 0 THEN NULL ELSE 1 + i % 3 END, \(stamp) FROM \(series)
                    """)
            }
            try db.execute(sql: postgres ? "VACUUM ANALYZE hero" : "ANALYZE")
        }
    }

    struct Run { var whole = Double.infinity; var output = Double.infinity; var peakMB = 0.0 }

    static func run(binary: String, backend: String, location: String) throws -> [(String, Bool)] {
        let formats = ["json", "ndjson", "csv"]
        // Once each, checked: the JSON parses and holds every row, the others have a line per row.
        for f in formats {
            let (status, out) = try Spawn.run([binary, "rows", "hero", "--db", location, "--limit", String(rows), "--format", f], capture: true)
            guard status == 0 else { throw BenchError("ormscope rows --format \(f) exited with status \(status)") }
            if f == "json" {
                let doc = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
                guard doc?["format"] as? Int == 1, (doc?["rows"] as? [Any])?.count == rows else { throw BenchError("the JSON output is not \(rows) rows") }
            } else {
                let lines = out.split(separator: f == "csv" ? "\r\n" : "\n", omittingEmptySubsequences: true).count
                guard lines == rows + (f == "csv" ? 1 : 0) else { throw BenchError("--format \(f) printed \(lines) lines") }
            }
        }
        var figures: [String: Run] = [:]
        let trace = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-output-\(getpid()).txt").path
        defer { try? FileManager.default.removeItem(atPath: trace) }
        var env = ProcessInfo.processInfo.environment
        env["ORMSCOPE_TRACE"] = trace
        for _ in 0..<runs {
            for f in formats {
                try? FileManager.default.removeItem(atPath: trace)
                var status: Int32 = 0
                let whole = try Timing.seconds {
                    status = try Spawn.run([binary, "rows", "hero", "--db", location, "--limit", String(rows), "--format", f], environment: env).status
                }
                guard status == 0 else { throw BenchError("ormscope rows --format \(f) exited with status \(status)") }
                let lines = ((try? String(contentsOfFile: trace, encoding: .utf8)) ?? "").split(separator: "\n")
                func stamp(_ word: String) -> UInt64? {
                    lines.first { $0.contains(" output \(word) ") }.flatMap { UInt64($0.split(separator: " ")[0]) }
                }
                guard let start = stamp("start"), let end = stamp("end") else { throw BenchError("no output times in the trace") }
                let peak = lines.last { $0.contains(" peak ") }.flatMap { Double($0.split(separator: " ").last!) } ?? 0
                var r = figures[f, default: Run()]
                r.whole = min(r.whole, whole)
                r.output = min(r.output, Double(end - start) / 1e9)
                r.peakMB = max(r.peakMB, peak / 1_048_576)
                figures[f] = r
            }
        }
        func rate(_ s: Double) -> String { Report.grouped(Int(Double(rows) / s)) + " rows/s" }
        Report.line("  load average after the runs: " + Report.loadAverage)
        for f in formats {
            let r = figures[f]!
            Report.line("  " + Report.padded("--format \(f)", 18) + Report.padded("whole " + Report.fixed(r.whole * 1000, 0) + " ms", 16)
                        + Report.padded("(" + rate(r.whole) + ")", 22) + Report.padded("output " + Report.fixed(r.output * 1000, 1) + " ms", 18)
                        + Report.padded("(" + rate(r.output) + ")", 24) + "peak " + Report.fixed(r.peakMB, 1) + " MiB")
        }
        let json = figures["json"]!, csv = figures["csv"]!, ndjson = figures["ndjson"]!
        var verdicts: [(String, Bool)] = []
        func verdict(_ label: String, _ value: String, _ ok: Bool, _ target: String, targeted: Bool = true) {
            Report.line("  " + Report.padded(label, 52) + Report.padded(value, 18) + "target " + target + ": " + (ok ? "met" : "MISSED")
                        + (targeted ? "" : " (reported)"))
            if targeted { verdicts.append(("\(backend): \(label) \(target)", ok)) }
        }
        let sqlite = backend == "SQLite"
        verdict("JSON output phase (encode + write)", rate(json.output), Double(rows) / json.output >= rateTarget, ">= 1,000,000 rows/s",
                targeted: sqlite)
        verdict("NDJSON output phase (encode + write)", rate(ndjson.output), Double(rows) / ndjson.output >= rateTarget, ">= 1,000,000 rows/s",
                targeted: sqlite)
        verdict("JSON whole command / CSV whole command", Report.fixed(json.whole / csv.whole, 2) + "x", json.whole / csv.whole <= ratioTarget, "<= 1.5x")
        verdict("JSON output phase / CSV output phase", Report.fixed(json.output / csv.output, 2) + "x", json.output / csv.output <= ratioTarget, "<= 1.5x")
        verdict("JSON peak memory - CSV peak memory", Report.fixed(json.peakMB - csv.peakMB, 1) + " MiB", json.peakMB <= csv.peakMB + 8, "<= 8 MiB")
        Report.line("  (rows streams these formats: no page is held, the writers add a 64 KiB buffer; the output phase now includes reading the rows)")
        if let python = ProcessInfo.processInfo.environment["ORMSCOPE_BENCH_APP_PYTHON"], FileManager.default.isExecutableFile(atPath: python) {
            let (hydrate, whole) = try sqlModel(python: python, location: location, postgres: !sqlite)
            Report.line("  " + Report.padded("SQLModel select(Hero).limit(\(Report.grouped(rows))).all()", 52) + Report.padded(Report.fixed(hydrate * 1000, 0) + " ms", 18)
                        + "(" + rate(hydrate) + "; its whole process " + Report.fixed(whole * 1000, 0) + " ms)")
            verdict("SQLModel objects / ormscope rows --format json (whole)", Report.fixed(hydrate / json.whole, 2) + "x", hydrate / json.whole >= 5, ">= 5x")
        } else {
            Report.line("  SQLModel: not measured (ORMSCOPE_BENCH_APP_PYTHON is not set; make bench sets it from scripts/app-venv.sh)")
        }
        return verdicts
    }

    /// SQLModel's objects for the same heroes, in the same run: `session.exec(select(Hero)
    /// .order_by(Hero.id).limit(rows)).all()` timed inside Python (the query and hydrating every
    /// object, not the interpreter's start or imports: the figure most in SQLModel's favour), best
    /// of `runs`; and its whole process once, for reference.
    static func sqlModel(python: String, location: String, postgres: Bool) throws -> (hydrate: Double, whole: Double) {
        let script = """
            import sys, time
            from datetime import datetime
            from typing import Optional
            from sqlmodel import Field, Session, SQLModel, create_engine, select
            class Team(SQLModel, table=True):
                id: Optional[int] = Field(default=None, primary_key=True)
                name: str
                headquarters: Optional[str] = None
            class Hero(SQLModel, table=True):
                id: Optional[int] = Field(default=None, primary_key=True)
                name: str
                secret_name: str
                age: Optional[int] = None
                team_id: Optional[int] = Field(default=None, foreign_key="team.id")
                created_at: datetime
            url, n, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
            engine = create_engine(url)
            best = float("inf")
            for _ in range(runs):
                with Session(engine) as session:
                    start = time.perf_counter()
                    heroes = session.exec(select(Hero).order_by(Hero.id).limit(n)).all()
                    best = min(best, time.perf_counter() - start)
                    assert len(heroes) == n and isinstance(heroes[-1].created_at, datetime)
            print(best)
            """
        var url = location
        if postgres {
            for scheme in ["postgresql://", "postgres://"] where url.hasPrefix(scheme) {
                url = "postgresql+psycopg2://" + url.dropFirst(scheme.count)
            }
        } else {
            url = "sqlite:///" + URL(fileURLWithPath: location).path
        }
        var result: (Int32, String) = (0, "")
        let whole = try Timing.seconds { result = try Spawn.run([python, "-c", script, url, String(rows), String(runs)], capture: true) }
        guard result.0 == 0, let best = Double(result.1.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw BenchError("SQLModel's run failed (status \(result.0)): \(result.1.suffix(300))")
        }
        return (best, whole)
    }
}
