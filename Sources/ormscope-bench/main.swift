// ormscope-bench: the performance figures of the ORM core, on SQLite and PostgreSQL.
//
//   1. Reading 1,000,000 rows through the ORM, as row values and as typed structs, against a bare
//      C API loop over the same query (targets: at least 1/2 and 1/3 of its speed).
//   2. Opening the registry of a 200-table database (target: under 200 ms), and (2b, `largeschema`)
//      of 5,000 tables, in 20 schemas on PostgreSQL (target: under 300 ms, inference included).
//
// Run with `make bench` (release build, throwaway PostgreSQL from scripts/with-pg.sh). Without
// ORMSCOPE_TEST_PG_URL only the SQLite figures are printed. Exit status 1 on an error, 0 otherwise
// (a missed target is a figure, not a failure).
import CSQLite
import Explorer
import Foundation
import ORMCore
import PostgresDriver
import SQLiteDriver

enum BenchMain {
    static let rowsDatabase = "ormscope_bench_rows"
    static let registryDatabase = "ormscope_bench_registry"
    static let loadingDatabase = "ormscope_bench_loading"
    static let pagingDatabase = "ormscope_bench_paging"
    static let deleteDatabase = "ormscope_bench_delete"
    static let bigValueDatabase = "ormscope_bench_bigvalue"
    static let outputDatabase = "ormscope_bench_output"
    static let sqlDatabase = "ormscope_bench_sql"
    static let exportDatabase = "ormscope_bench_export"

    /// Sections to run: `rows`, `registry`, `largeschema`, `models`, `loading`, `paging`, `terminal`, `delete`, `bigvalues`, `output`, `sql`, `export`, `panes` (all when none is named).
    static let only = Set(CommandLine.arguments.dropFirst())
    static func wants(_ section: String) -> Bool { only.isEmpty || only.contains(section) }

    static func run() -> Int32 {
        var results: [(String, Bool)] = []
        var errors = 0
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-bench-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let rowsFile = dir.appendingPathComponent("rows.sqlite").path
        let registryFile = dir.appendingPathComponent("registry.sqlite").path
        let pgURL = ProcessInfo.processInfo.environment["ORMSCOPE_TEST_PG_URL"].flatMap { $0.isEmpty ? nil : $0 }

        Report.line("ormscope-bench: release build, best of \(RowBenchmark.runs) runs per reading method, best of \(RegistryBenchmark.runs) per registry")
        Report.line("")
        var admin: Database?
        if wants("rows") {
            Report.line("1. Reading \(Report.grouped(RowBenchmark.rowCount)) rows: SELECT id, name, score FROM bench_row")
            Report.line("   data: \(RowBenchmark.dataDescription)")
            Report.line("   a) bare C API loop: SQLite prepare/step/column_*, PostgreSQL PQexecParams (whole result, text) then PQgetvalue;")
            Report.line("      it still makes the Swift values a Swift program needs from each cell (Int64, String, Double): the minimum.")
            Report.line("   b) ORM row values: db.forEachRow over the same compiled SELECT, each Row's Values matched out.")
            Report.line("   c) typed structs through Codable: session.stream(BenchRow.self), each row decoded by RowDecoder.")
            Report.line("   d) typed structs by position: session.stream(BenchRowByPosition.self), a RowDecodable model's init(row:).")
            Report.line("   All four feed the same checksum from every cell; ratio = method rows/s / bare rows/s. Methods run round-robin.")

            // SQLite
            Report.line("")
            Report.line("SQLite \(String(cString: sqlite3_libversion())), temp file \(rowsFile)")
            do {
                let fill = try RowBenchmark.fill(Database(SQLiteConnection(rowsFile, create: true)), .sqlite)
                Report.line("  " + Report.padded("setup", 30) + "\(Report.grouped(RowBenchmark.rowCount)) rows inserted in \(Report.fixed(fill, 2)) s (one transaction, INSERT ... WITH RECURSIVE)")
                let bench = RowBenchmark(flavor: .sqlite, open: { Database(try SQLiteConnection(rowsFile)) },
                                         bare: { try BareLoops.sqlite(path: rowsFile, sql: $0) })
                let figures = try bench.measure()
                Report.line("  " + Report.padded("query", 30) + figures.sql)
                results += RowBenchmark.report(figures, backend: "SQLite")
            } catch {
                errors += 1
                Report.line("  ERROR: \(Report.describe(error))")
            }

            // PostgreSQL
            Report.line("")
            if let pgURL {
                do {
                    let a = Database(try PostgresConnection(pgURL))
                    admin = a
                    try a.execute(sql: "SET client_min_messages = warning")  // no NOTICE for DROP ... IF EXISTS
                    let version = (a.connection as? PostgresConnection)?.serverVersion ?? 0
                    let rowsURL = databaseURL(pgURL, rowsDatabase)
                    Report.line("PostgreSQL \(version / 10000).\(version % 10000), database \(rowsDatabase) (created and dropped here)")
                    try recreate(rowsDatabase, admin: a)
                    let fillDB = Database(try PostgresConnection(rowsURL))
                    let fill = try RowBenchmark.fill(fillDB, .postgres)
                    fillDB.close()
                    Report.line("  " + Report.padded("setup", 30) + "\(Report.grouped(RowBenchmark.rowCount)) rows inserted in \(Report.fixed(fill, 2)) s (one transaction, INSERT ... SELECT generate_series, then VACUUM ANALYZE)")
                    let bench = RowBenchmark(flavor: .postgres, open: { Database(try PostgresConnection(rowsURL)) },
                                             bare: { try BareLoops.postgres(url: rowsURL, sql: $0) })
                    let figures = try bench.measure()
                    Report.line("  " + Report.padded("query", 30) + figures.sql)
                    Report.line("  (the ORM driver streams in single-row mode; the bare loop holds the whole result)")
                    results += RowBenchmark.report(figures, backend: "PostgreSQL")
                } catch {
                    errors += 1
                    Report.line("  ERROR: \(Report.describe(error))")
                }
            } else {
                Report.line("PostgreSQL: skipped, because ORMSCOPE_TEST_PG_URL is not set (`make bench` runs this under scripts/with-pg.sh, which starts a throwaway server and sets it)")
            }

        }

        if wants("registry") {
            // Registry
            Report.line("")
            Report.line("2. Opening the registry: db.introspect() of \(RegistryBenchmark.schemaDescription).")
            Report.line("   Timed on a fresh connection each run (statement caches cold; connecting not counted); statements counted by db.log.")
            Report.line("")
            Report.line("SQLite, temp file \(registryFile)")
            do {
                let created = try RegistryBenchmark.create(in: Database(SQLiteConnection(registryFile, create: true)), .sqlite)
                Report.line("  " + Report.padded("setup", 30) + "\(RegistryBenchmark.tableCount) tables created in \(Report.fixed(created, 2)) s")
                let figures = try RegistryBenchmark.measure { Database(try SQLiteConnection(registryFile)) }
                results += RegistryBenchmark.report(figures, backend: "SQLite")
            } catch {
                errors += 1
                Report.line("  ERROR: \(Report.describe(error))")
            }
            Report.line("")
            if admin == nil, let pgURL { admin = try? Database(PostgresConnection(pgURL)) }
            if let pgURL, let admin {
                Report.line("PostgreSQL, database \(registryDatabase) (created and dropped here)")
                do {
                    try recreate(registryDatabase, admin: admin)
                    let url = databaseURL(pgURL, registryDatabase)
                    let db = Database(try PostgresConnection(url))
                    let created = try RegistryBenchmark.create(in: db, .postgres)
                    try db.execute(sql: "ANALYZE")
                    db.close()
                    Report.line("  " + Report.padded("setup", 30) + "\(RegistryBenchmark.tableCount) tables created in \(Report.fixed(created, 2)) s")
                    let figures = try RegistryBenchmark.measure { Database(try PostgresConnection(url)) }
                    results += RegistryBenchmark.report(figures, backend: "PostgreSQL")
                } catch {
                    errors += 1
                    Report.line("  ERROR: \(Report.describe(error))")
                }
                for name in [rowsDatabase, registryDatabase] { _ = try? admin.execute(sql: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
                admin.close()
            } else {
                Report.line("PostgreSQL: skipped (\(pgURL == nil ? "ORMSCOPE_TEST_PG_URL is not set" : "no connection, see above"))")
            }

        }

        if wants(LargeSchemaBenchmark.section) {
            Report.line("")
            Report.line("2b. A large schema: db.introspect() of \(Report.grouped(LargeSchemaBenchmark.tableCount)) tables, each 8 columns, a foreign key to the one")
            Report.line("   before and an index (PostgreSQL: in \(LargeSchemaBenchmark.schemaCount) schemas, analysed), relationship inference included;")
            Report.line("   fresh connection each run, best of \(LargeSchemaBenchmark.runs); every statement it ran listed from db.log.")
            Report.line("")
            results += onBothBackends(file: dir.appendingPathComponent("largeschema.sqlite").path, database: "ormscope_bench_largeschema",
                                      pgURL: pgURL, errors: &errors, fill: LargeSchemaBenchmark.fill(_:postgres:),
                                      measure: { open, backend, _ in try LargeSchemaBenchmark.measure(open: open, backend: backend) })
        }

        if wants(AppModelsBenchmark.section) {
            Report.line("")
            Report.line("2c. The application's models: (a) ormscope models-from on a generated SQLAlchemy app of \(AppModelsBenchmark.appModels) models")
            Report.line("   (the release binary starting the models tests' Python, best of \(AppModelsBenchmark.runs)); (b) --models: parse + introspect + apply;")
            Report.line("   (c) drift on the \(Report.grouped(LargeSchemaBenchmark.tableCount)) tables of 2b against a models file describing them (introspect + compare).")
            Report.line("")
            var exportMs: Double?
            var exported: String?
            let modelsBinary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ormscope").path
            if let python = ProcessInfo.processInfo.environment["ORMSCOPE_BENCH_APP_PYTHON"], FileManager.default.isExecutableFile(atPath: python),
               FileManager.default.isExecutableFile(atPath: modelsBinary) {
                do {
                    let (times, text, first) = try AppModelsBenchmark.export(binary: modelsBinary, python: python, dir: dir.path)
                    exportMs = times.min()! * 1000
                    exported = text
                    Report.line("  " + Report.padded("models-from python:bench_app", 48) + Report.padded(Report.fixed(exportMs!, 1) + " ms", 12)
                                + "best of \(AppModelsBenchmark.runs) (median \(Report.fixed(times.sorted()[times.count / 2] * 1000, 1)) ms), \(text.utf8.count / 1024) KiB, "
                                + "the app's bytecode cached (the first run, compiling it: \(Report.fixed(first * 1000, 1)) ms)")
                    let exporter = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                        .appendingPathComponent("python").path
                    Report.line("  the Python side, best of \(AppModelsBenchmark.runs): "
                                + (try AppModelsBenchmark.phases(python: python, dir: dir.path, exporter: exporter)))
                } catch {
                    errors += 1
                    Report.line("  ERROR: \(Report.describe(error))")
                }
            } else {
                Report.line("  models-from: not measured (ORMSCOPE_BENCH_APP_PYTHON is not set; make bench builds it with scripts/app-venv.sh)")
            }
            if let exported {
                results += onBothBackends(file: dir.appendingPathComponent("appmodels.sqlite").path, database: "ormscope_bench_appmodels",
                                          pgURL: pgURL, errors: &errors, fill: AppModelsBenchmark.fill(_:postgres:),
                                          measure: { open, backend, _ in try AppModelsBenchmark.apply(exported, open: open, backend: backend, exportMs: exportMs) })
            }
            Report.line("")
            results += onBothBackends(file: dir.appendingPathComponent("drift.sqlite").path, database: "ormscope_bench_drift",
                                      pgURL: pgURL, errors: &errors, fill: LargeSchemaBenchmark.fill(_:postgres:),
                                      measure: { open, backend, _ in try AppModelsBenchmark.drift(open: open, backend: backend) })
        }

        if wants("loading") {
            // Loading strategies
            Report.line("")
            Report.line("3. Loading strategies: every team, then every hero of every team (and every power of every hero)")
            Report.line("   in a fresh session per run, methods round-robin, best of \(LoadingBenchmark.runs) (lazy: one run); statements counted by db.log.")
            Report.line("")
            results += onBothBackends(file: dir.appendingPathComponent("loading.sqlite").path, database: loadingDatabase, pgURL: pgURL,
                                      errors: &errors, fill: LoadingBenchmark.fill(_:postgres:),
                                      measure: { open, backend, _ in try LoadingBenchmark.run(open: open, backend: backend) })
        }

        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ormscope").path
        let hasBinary = FileManager.default.isExecutableFile(atPath: binary)
        if wants("paging") {
            Report.line("")
            Report.line("4. Paging \(Report.grouped(PagingBenchmark.rows)) rows: big(id primary key, k indexed, name, v), 50 rows a page,")
            Report.line("   through the runtime's page loader (keyset), best of \(PagingBenchmark.runs), warm cache.")
            Report.line("")
            results += onBothBackends(file: dir.appendingPathComponent("paging.sqlite").path, database: pagingDatabase, pgURL: pgURL,
                                      errors: &errors, fill: { try PagingBenchmark.fill($0, postgres: $1) },
                                      measure: { open, backend, location in
                                          try PagingBenchmark.run(open: open, backend: backend, binary: hasBinary ? binary : nil, location: location)
                                      })
        }

        if wants("terminal") {
            Report.line("")
            Report.line("5. The explorer in a real terminal: the release ormscope binary in tmux (\(TerminalBenchmark.width)x\(TerminalBenchmark.height)) on the")
            Report.line("   \(Report.grouped(PagingBenchmark.rows))-row SQLite table above. \"outside\": from starting the command or sending the key")
            Report.line("   (tmux send-keys) to the screen showing it; \"inside\": ormscope's own trace (ORMSCOPE_TRACE), from reading")
            Report.line("   the key to having written the changed frame. Medians; the page size is what the window shows (\(Renderer.pageSize(forHeight: TerminalBenchmark.height)) rows).")
            Report.line("")
            do {
                try terminalSection(file: dir.appendingPathComponent("paging.sqlite").path, binary: hasBinary ? binary : nil, results: &results)
            } catch {
                errors += 1
                Report.line("  ERROR: \(Report.describe(error))")
            }
        }

        if wants(PanesBenchmark.section) {
            Report.line("")
            Report.line("9. Panes at real size: the release ormscope binary in tmux (\(TerminalBenchmark.width)x\(TerminalBenchmark.height)), inside figures (ORMSCOPE_TRACE:")
            Report.line("   key read to changed frame written): the rows grid of a 300-column, 10,000,000-row SQLite table scrolled")
            Report.line("   sideways one column per key; the model list of a 5,000-table database narrowed by / as a name is typed.")
            Report.line("")
            do {
                try PanesBenchmark.report(binary: hasBinary ? binary : nil, dir: dir, results: &results)
            } catch {
                errors += 1
                Report.line("  ERROR: \(Report.describe(error))")
            }
        }

        if wants("delete") {
            Report.line("")
            Report.line("6. The delete preview: a parent row referenced by \(Report.grouped(DeletePreviewBenchmark.referencing)) rows through 3 indexed foreign keys")
            Report.line("   (NO ACTION, CASCADE, SET NULL; \(Report.grouped(DeletePreviewBenchmark.perTable)) rows per child table), session.deletePreview, best of \(DeletePreviewBenchmark.runs).")
            Report.line("")
            results += onBothBackends(file: dir.appendingPathComponent("delete.sqlite").path, database: deleteDatabase, pgURL: pgURL,
                                      errors: &errors, fill: DeletePreviewBenchmark.fill(_:postgres:),
                                      measure: { open, backend, _ in try DeletePreviewBenchmark.run(open: open, backend: backend) })
        }

        if wants("bigvalues") {
            Report.line("")
            Report.line("7. Big values: the release ormscope binary in tmux (\(TerminalBenchmark.width)x\(TerminalBenchmark.height)) on a table of \(BigValueBenchmark.rows) rows, each a")
            Report.line("   5 MB bytea/blob and a 10 MB text (750 MB a backend). Open and quit timed outside (start or q sent to the rows")
            Report.line("   drawn / the process gone), the cursor move inside (ORMSCOPE_TRACE: key read to frame drawn), memory the")
            Report.line("   process's peak (VmHWM), the paste from the first piece sent to the frame showing its end.")
            Report.line("")
            if hasBinary {
                results += onBothBackends(file: dir.appendingPathComponent("bigvalue.sqlite").path, database: bigValueDatabase, pgURL: pgURL,
                                          errors: &errors, fill: BigValueBenchmark.fill(_:postgres:),
                                          measure: { _, backend, location in
                                              BigValueBenchmark.report(try BigValueBenchmark.measure(binary: binary, location: location), backend: backend)
                                          })
            } else {
                Report.line("  skipped: build the ormscope product in release first (make bench does)")
            }
        }

        if wants("output") {
            Report.line("")
            Report.line("8. Output: the release ormscope binary, `rows hero --limit \(Report.grouped(OutputBenchmark.rows)) --format json|ndjson|csv` on a table of")
            Report.line("   \(Report.grouped(OutputBenchmark.rows)) heroes (id, name, secret_name, age, team_id, created_at), output to /dev/null, best of \(OutputBenchmark.runs),")
            Report.line("   formats round-robin. \"whole\": start to exit; \"output\": the command's own trace (ORMSCOPE_TRACE), from the first")
            Report.line("   row encoded to the last byte written; peak: the process's VmHWM.")
            Report.line("")
            if hasBinary {
                results += onBothBackends(file: dir.appendingPathComponent("output.sqlite").path, database: outputDatabase, pgURL: pgURL,
                                          errors: &errors, fill: OutputBenchmark.fill(_:postgres:),
                                          measure: { _, backend, location in try OutputBenchmark.run(binary: binary, backend: backend, location: location) })
            } else {
                Report.line("  skipped: build the ormscope product in release first (make bench does)")
            }
        }

        if wants("sql") {
            Report.line("")
            Report.line("9. Typed SQL: `\(SQLBenchmark.sql)` on big(id, k, name, v), \(Report.grouped(SQLBenchmark.rows)) rows\(SQLBenchmark.rows == 10_000_000 ? "" : " (ORMSCOPE_BENCH_SQL_ROWS: smaller than the 10,000,000 of the target)"), pages of")
            Report.line("   \(SQLBenchmark.pageSize) (PostgreSQL: DECLARE CURSOR inside BEGIN READ ONLY, FETCH FORWARD \(SQLBenchmark.pageSize); SQLite: stepping the statement).")
            Report.line("   Peers (ORMSCOPE_BENCH_PEERS, make bench-peers): pgcli, litecli, harlequin typing the statement in tmux \(PeerSQLBenchmark.width)x\(PeerSQLBenchmark.height).")
            Report.line("")
            results += onBothBackends(file: dir.appendingPathComponent("sql.sqlite").path, database: sqlDatabase, pgURL: pgURL,
                                      errors: &errors, fill: SQLBenchmark.fill(_:postgres:),
                                      measure: { open, backend, location in
                                          try SQLBenchmark.run(open: open, backend: backend, binary: hasBinary ? binary : nil, location: location)
                                      })
        }

        if wants("export") {
            Report.line("")
            Report.line("10. Export and import: the release binary's `export hero --format csv|ndjson` of \(Report.grouped(ExportBenchmark.rows)) heroes to /dev/null")
            Report.line("    (ORMSCOPE_BENCH_EXPORT_ROWS), and `insert hero_import --from rows.csv` of \(Report.grouped(ExportBenchmark.importRows)) (ORMSCOPE_BENCH_IMPORT_ROWS),")
            Report.line("    against sqlite3 -csv / .import and psql \\copy TO / FROM on the same rows in the same run; best of \(ExportBenchmark.runs), round-robin.")
            Report.line("    Whole commands, start to exit; peak: ormscope's VmHWM.")
            Report.line("")
            if hasBinary {
                results += onBothBackends(file: dir.appendingPathComponent("export.sqlite").path, database: exportDatabase, pgURL: pgURL,
                                          errors: &errors, fill: ExportBenchmark.fill(_:postgres:),
                                          measure: { open, backend, location in
                                              try ExportBenchmark.run(binary: binary, backend: backend, location: location, open: open)
                                          })
            } else {
                Report.line("  skipped: build the ormscope product in release first (make bench does)")
            }
        }

        // Summary
        Report.line("")
        if let peak = Timing.peakRSS() {
            Report.line("peak RSS (VmHWM, whole run): \(Report.fixed(Double(peak) / 1_048_576, 1)) MiB"
                        + (pgURL != nil ? " (includes the bare PostgreSQL loop's whole 1,000,000-row result)" : ""))
        }
        let missed = results.filter { !$0.1 }
        Report.line("targets: \(results.count - missed.count) of \(results.count) met" + (errors > 0 ? ", \(errors) section(s) failed with an error" : ""))
        for (name, _) in missed { Report.line("  missed: \(name)") }
        return errors > 0 ? 1 : 0
    }

    static func terminalSection(file: String, binary: String?, results: inout [(String, Bool)]) throws {
        guard let binary else { return Report.line("  skipped: build the ormscope product in release first (make bench does)") }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else { return Report.line("  skipped: tmux is not installed (make bench installs it)") }
        if !FileManager.default.fileExists(atPath: file) {
            let seconds = try PagingBenchmark.fill(Database(SQLiteConnection(file, create: true)), postgres: false)
            Report.line("  " + Report.padded("setup", 44) + "\(Report.fixed(seconds, 2)) s")
        }
        func line(_ label: String, _ value: String, _ note: String = "") {
            Report.line("  " + Report.padded(label, 52) + Report.padded(value, 14) + note)
        }
        func ms(_ s: Double) -> String { Report.fixed(s * 1000, 1) + " ms" }
        func verdict(_ name: String, _ ok: Bool, _ target: String) -> String {
            results.append(("terminal: \(name) \(target)", ok))
            return "target \(target): " + (ok ? "met" : "MISSED")
        }
        Report.line("ormscope \(binary)")
        let f = try TerminalBenchmark.ormscope(binary: binary, file: file)
        line("start -> model list drawn (outside)", ms(f.listShown))
        line("start -> first rows drawn (outside, Enter sent at once)", ms(f.firstRows), verdict("start to first rows", f.firstRows < 0.3, "< 300 ms"))
        line("keystroke (j/k) -> redrawn, inside, median of \(TerminalBenchmark.keystrokes)", ms(f.keyMedian),
             verdict("keystroke redraw (median)", f.keyMedian < 0.016, "< 16 ms"))
        line("  the same, 95th percentile / outside median", ms(f.keyP95) + " / " + ms(f.keyOutsideMedian))
        line("next page drawn (inside, median of 20)", ms(f.nextMedian), verdict("next page drawn", f.nextMedian < 0.05, "< 50 ms"))
        line("last page drawn (inside, median of 5)", ms(f.lastMedian), verdict("last page drawn", f.lastMedian < 0.05, "< 50 ms"))
        line("last page drawn (outside, median of 5)", ms(f.lastOutside))
        let mb = Double(f.rssAfterPages) / 1_000_000
        line("resident memory after \(Report.grouped(f.pagesDone)) pages (VmRSS)", Report.fixed(mb, 1) + " MB",
             verdict("memory after 1,000 pages", f.rssAfterPages > 0 && mb < 50, "< 50 MB"))

        Report.line("")
        guard let vd = ProcessInfo.processInfo.environment["ORMSCOPE_BENCH_VD"], FileManager.default.isExecutableFile(atPath: vd) else {
            return Report.line("peer: VisiData not measured (ORMSCOPE_BENCH_VD is not set; make bench installs it from PyPI into .build/peer-venv)")
        }
        Report.line("peer: VisiData (\(vd)), same file, same terminal size; it reads the whole table into memory")
        let limit = 120.0
        let peer = try TerminalBenchmark.visidata(vd: vd, file: file, rows: PagingBenchmark.rows, timeout: limit)
        line("start -> first rows drawn (outside, Enter sent at once)", ms(peer.start))
        line("last page drawn (outside; G at once and when all rows are read)", peer.last.map { Report.fixed($0, 1) + " s" } ?? "> \(Int(limit)) s",
             peer.last == nil ? peer.loaded.map { "gave up: \(Report.grouped($0)) of \(Report.grouped(PagingBenchmark.rows)) rows read by then" } ?? "" : "")
        if let rss = peer.rss { line("its resident memory at that point (VmRSS)", Report.fixed(Double(rss) / 1_000_000, 1) + " MB") }
    }

    /// A benchmark section on both backends: a fresh SQLite file and a fresh PostgreSQL database
    /// (created and dropped here), each filled once then measured. Errors are reported per backend.
    static func onBothBackends(file: String, database: String, pgURL: String?, errors: inout Int,
                               fill: (Database, _ postgres: Bool) throws -> Double,
                               measure: (_ open: () throws -> Database, _ backend: String, _ location: String) throws -> [(String, Bool)])
        -> [(String, Bool)] {
        var results: [(String, Bool)] = []
        Report.line("SQLite, temp file \(file)")
        do {
            let seconds = try fill(Database(SQLiteConnection(file, create: true)), false)
            Report.line("  " + Report.padded("setup", 44) + "\(Report.fixed(seconds, 2)) s")
            results += try measure({ Database(try SQLiteConnection(file)) }, "SQLite", file)
        } catch {
            errors += 1
            Report.line("  ERROR: \(Report.describe(error))")
        }
        Report.line("")
        guard let pgURL else {
            Report.line("PostgreSQL: skipped (ORMSCOPE_TEST_PG_URL is not set)")
            return results
        }
        Report.line("PostgreSQL, database \(database) (created and dropped here)")
        do {
            let admin = Database(try PostgresConnection(pgURL))
            defer { _ = try? admin.execute(sql: "DROP DATABASE IF EXISTS \(database) WITH (FORCE)"); admin.close() }
            try recreate(database, admin: admin)
            let url = databaseURL(pgURL, database)
            let seconds = try fill(Database(PostgresConnection(url)), true)
            Report.line("  " + Report.padded("setup", 44) + "\(Report.fixed(seconds, 2)) s")
            results += try measure({ Database(try PostgresConnection(url)) }, "PostgreSQL", url)
        } catch {
            errors += 1
            Report.line("  ERROR: \(Report.describe(error))")
        }
        return results
    }

    /// Drops and creates a database through the admin connection.
    static func recreate(_ name: String, admin: Database) throws {
        try admin.execute(sql: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        try admin.execute(sql: "CREATE DATABASE \(name)")
    }

    /// The same connection string pointed at another database: the URL's path for
    /// `postgresql://` URLs, a trailing `dbname=` for keyword strings (the last keyword wins).
    static func databaseURL(_ base: String, _ database: String) -> String {
        if base.hasPrefix("postgresql://") || base.hasPrefix("postgres://"), var c = URLComponents(string: base) {
            c.path = "/" + database
            if let s = c.string { return s }
        }
        return base + " dbname=" + database
    }
}

exit(BenchMain.run())
