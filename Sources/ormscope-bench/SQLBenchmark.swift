import Foundation
import ORMCore

/// Issue 15's figures: a statement typed by the user, `SELECT * FROM big` on a 10,000,000-row
/// table, read in pages of 1,000 (PostgreSQL: a cursor inside BEGIN READ ONLY; SQLite: stepping).
///
/// - first rows: `Database.openTyped` until the first page is in hand (the runtime, on an open
///   connection: what the explorer's editor would wait for), best of `runs`; target under 300 ms.
/// - 1,000 pages in the runtime: the time, and the most rows the result held between pages.
/// - resident memory: the release `ormscope sql --max-rows 1000000 --page-size 1000 --format csv`
///   paging through 1,000 pages to /dev/null, its peak (VmHWM, from its trace); target under 50 MB.
///
/// `ORMSCOPE_BENCH_SQL_ROWS` sets a smaller table when the machine is too busy for 10,000,000 rows
/// (the report then says which size it measured).
enum SQLBenchmark {
    static var rows: Int {
        ProcessInfo.processInfo.environment["ORMSCOPE_BENCH_SQL_ROWS"].flatMap { Int($0) }.map { max(1000, $0) } ?? 10_000_000
    }
    static let pageSize = 1000
    static let pages = 1000
    static let runs = 5
    static let firstRowsTarget = 0.300
    static let memoryTargetMB = 50.0
    static let sql = "SELECT * FROM big"

    /// The paging section's `big` table (its index too), of this section's size.
    static func fill(_ db: Database, postgres: Bool) throws -> Double {
        try PagingBenchmark.fill(db, postgres: postgres, rows: rows)
    }

    static func run(open: () throws -> Database, backend: String, binary: String?, location: String) throws -> [(String, Bool)] {
        let db = try open()
        defer { db.close() }
        let statement = TypedStatement(sql: sql, dialect: db.dialect)
        var verdicts: [(String, Bool)] = []
        func line(_ label: String, _ figure: String, _ note: String = "") {
            Report.line("  " + Report.padded(label, 44) + Report.padded(figure, 14) + note)
        }

        // First rows, best of runs (the warm cache a user typing the statement again would see).
        var best = Double.infinity
        var statementsToFirst = 0
        for _ in 0..<runs {
            db.log.reset()
            let before = db.log.totalCount
            var result: TypedResult?
            let t = try Timing.seconds {
                let r = try db.openTyped(statement, pageSize: pageSize)
                guard try r.nextPage().count == pageSize else { throw BenchError("the first page is short") }
                result = r
            }
            statementsToFirst = db.log.totalCount - before
            try result?.close()
            best = min(best, t)
        }
        let firstOK = best < firstRowsTarget
        line("first \(pageSize) rows (openTyped + first page)", Report.fixed(best * 1000, 1) + " ms",
             "\(statementsToFirst) statements; target < \(Int(firstRowsTarget * 1000)) ms: \(firstOK ? "met" : "MISSED")")
        verdicts.append(("\(backend) sql: first rows of SELECT * FROM big < 300 ms", firstOK))

        // 1,000 pages in the runtime.
        var held = 0, read = 0
        let rssBefore = Timing.memory("VmRSS", of: "self") ?? 0
        let r = try db.openTyped(statement, pageSize: pageSize)
        let paging = try Timing.seconds {
            while r.pagesRead < pages {
                let page = try r.nextPage()
                if page.isEmpty { break }
                read += page.count
                held = max(held, r.rowsHeld)
            }
        }
        let rssAfter = Timing.memory("VmRSS", of: "self") ?? 0
        try r.close()
        line("\(pages) pages in the runtime (\(Report.grouped(read)) rows)", Report.fixed(paging, 2) + " s",
             "\(Report.grouped(Int(Double(read) / paging))) rows/s; rows held between pages: \(held); "
                + "RSS \(Report.fixed(Double(rssBefore) / 1_048_576, 1)) → \(Report.fixed(Double(rssAfter) / 1_048_576, 1)) MiB")

        // The same in the explorer's SQL editor pane, drawn.
        let pane = try SQLPaneBenchmark.run(open: open, line: line)
        verdicts.append(("\(backend) sql: explorer pane, first rows drawn < 300 ms", pane.firstRows < firstRowsTarget))
        verdicts.append(("\(backend) sql: explorer pane, resident memory after 1,000 pages < 50 MB", pane.rssMB < memoryTargetMB))

        // The same statement typed into ormscope and its peers in tmux (opt-in: ORMSCOPE_BENCH_PEERS).
        PeerSQLBenchmark.run(backend: backend, postgres: db.dialect != .sqlite, binary: binary, location: location,
                             paneFirstRows: pane.firstRows, line: line)

        // The real binary's peak memory over 1,000 pages.
        guard let binary else {
            line("ormscope sql, 1,000 pages: peak memory", "skipped", "build the ormscope product in release first (make bench does)")
            return verdicts
        }
        let kb = try PagingBenchmark.peakKB(binary, ["sql", "--db", location, "--format", "csv", "--page-size", "\(pageSize)",
                                                     "--max-rows", "\(pageSize * pages)", sql])
        let mb = Double(kb) / 1024
        let memoryOK = mb < memoryTargetMB
        line("ormscope sql, \(pages) pages to /dev/null: peak", Report.fixed(mb, 1) + " MiB",
             "VmHWM of the whole run; target < \(Int(memoryTargetMB)) MB: \(memoryOK ? "met" : "MISSED")")
        verdicts.append(("\(backend) sql: peak memory after 1,000 pages < 50 MB", memoryOK))
        return verdicts
    }
}
