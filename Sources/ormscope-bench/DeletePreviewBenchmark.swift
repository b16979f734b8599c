import Foundation
import ORMCore

/// Issue 9's figure: the delete preview of a row referenced by 100,000 rows through 3 foreign
/// keys (NO ACTION, CASCADE, SET NULL; each indexed), one indexed count per key. Each child table
/// holds 200,000 rows, a third of them pointing at the previewed parent.
enum DeletePreviewBenchmark {
    static let referencing = 100_000
    static let perTable = 200_000
    static let runs = 10
    static let target = 0.050
    static let tables = [("child_no_action", ""), ("child_cascade", " ON DELETE CASCADE"), ("child_set_null", " ON DELETE SET NULL")]

    static func fill(_ db: Database, postgres: Bool) throws -> Double {
        try Timing.seconds {
            let series = postgres ? "generate_series(1, \(perTable)) AS s(i)"
                : "(WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < \(perTable)) SELECT i FROM r) AS s"
            try db.execute(sql: "CREATE TABLE parent (id integer PRIMARY KEY, name text NOT NULL)")
            try db.transaction {
                let parents = postgres ? "generate_series(1, 1000) AS s(i)"
                    : "(WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 1000) SELECT i FROM r) AS s"
                try db.execute(sql: "INSERT INTO parent (id, name) SELECT i, 'parent ' || i FROM \(parents)")
                for (n, (table, action)) in tables.enumerated() {
                    try db.execute(sql: "CREATE TABLE \(table) (id integer PRIMARY KEY, parent_id integer REFERENCES parent (id)\(action), note text)")
                    // 100,000 rows in all point at parent 1 (33,334 + 33,333 + 33,333), the rest at 2..1000.
                    let mine = referencing / 3 + (n < referencing % 3 ? 1 : 0)
                    try db.execute(sql: "INSERT INTO \(table) (id, parent_id, note) SELECT i, CASE WHEN i <= \(mine) THEN 1 ELSE 2 + i % 999 END, 'row ' || i FROM \(series)")
                    try db.execute(sql: "CREATE INDEX ix_\(table)_parent ON \(table) (parent_id)")
                }
            }
            try db.execute(sql: postgres ? "VACUUM ANALYZE" : "ANALYZE")
        }
    }

    static func run(open: () throws -> Database, backend: String) throws -> [(String, Bool)] {
        let db = try open()
        defer { db.close() }
        let session = try Session(db)
        var best = Double.infinity
        var preview: DeletePreview?
        for i in 0..<runs {
            let seconds = try Timing.seconds {
                preview = try db.withAction("preview \(i)") { try session.deletePreview("parent", [1]) }
            }
            best = min(best, seconds)
        }
        let statements = db.log.events(for: "preview 0")
        let total = preview?.references.reduce(0) { $0 + $1.count } ?? 0
        let ok = best < target && total == referencing
        Report.line("  " + Report.padded("delete preview of parent 1 (\(Report.grouped(total)) referring rows)", 52)
                    + Report.padded(Report.fixed(best * 1000, 2) + " ms", 14) + (ok ? "target < 50 ms: met" : "target < 50 ms: MISSED"))
        Report.line("  " + Report.padded("statements (the row, one count per key)", 52) + "\(statements.count)")
        for line in preview?.lines ?? [] { Report.line("    " + line) }
        return [("\(backend): delete preview of a row referenced by 100,000 rows < 50 ms", ok)]
    }
}
