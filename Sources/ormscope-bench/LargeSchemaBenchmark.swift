import Foundation
import ORMCore

/// Issue 11, item 6: opening the registry of 5,000 tables (each 8 columns, a foreign key and an
/// index; on PostgreSQL spread over 20 schemas), relationship inference included: `db.introspect()`
/// on a fresh connection, best of 3, with the statements it ran (counted and listed from `db.log`).
enum LargeSchemaBenchmark {
    static let tableCount = 5000
    static let schemaCount = 20
    static let runs = 3
    static let targetMs = 300.0
    static let section = "largeschema"

    static func name(_ i: Int) -> String { "t" + String(format: "%04d", i) }

    /// The schema a table lives in on PostgreSQL: `public` for the first 250, then `s01` ... `s19`.
    static func schema(_ i: Int) -> String? { i / (tableCount / schemaCount) == 0 ? nil : String(format: "s%02d", i / (tableCount / schemaCount)) }

    static func qualified(_ i: Int, postgres: Bool) -> String { postgres ? (schema(i).map { "\($0)." } ?? "") + name(i) : name(i) }

    /// Creates the tables, 250 a transaction (PostgreSQL's lock table holds no 10,000 new relations
    /// in one); each but the first has a foreign key to the one before.
    static func fill(_ db: Database, postgres: Bool) throws -> Double {
        try Timing.seconds {
            if postgres { for s in 1..<schemaCount { try db.execute(sql: String(format: "CREATE SCHEMA s%02d", s)) } }
            let chunk = tableCount / schemaCount
            for start in stride(from: 0, to: tableCount, by: chunk) {
                try db.transaction {
                    for i in start..<(start + chunk) { try create(i, db, postgres: postgres) }
                }
            }
            if postgres { try db.execute(sql: "ANALYZE") }
            db.close()
        }
    }

    static func create(_ i: Int, _ db: Database, postgres: Bool) throws {
        let t = qualified(i, postgres: postgres)
        let fk = i == 0 ? "" : " REFERENCES \(qualified(i - 1, postgres: postgres)) (id)"
        try db.execute(sql: postgres
            ? "CREATE TABLE \(t) (id bigint PRIMARY KEY, code text NOT NULL, name text, qty integer, price numeric(10,2), created_at timestamptz, note text, ref_id bigint\(fk))"
            : "CREATE TABLE \(t) (id INTEGER PRIMARY KEY, code TEXT NOT NULL, name TEXT, qty INTEGER, price REAL, created_at TEXT, note TEXT, ref_id INTEGER\(fk))")
        try db.execute(sql: "CREATE INDEX \(name(i))_ref_idx ON \(t) (ref_id)")
    }

    static func measure(open: () throws -> Database, backend: String) throws -> [(String, Bool)] {
        var times: [Double] = []
        var statements: [StatementEvent] = []
        var registry: Registry?
        for _ in 0..<runs {
            let db = try open()
            defer { db.close() }
            let action = "introspect \(times.count)"
            // (Kept in a fresh variable: replacing the previous run's registry inside the timing
            // would count the freeing of its 5,000 models too.)
            var opened: Registry?
            times.append(try Timing.seconds { opened = try db.withAction(action) { try db.introspect() } })
            statements = db.log.events(for: action)
            registry = opened
        }
        let sorted = times.sorted()
        let ms = sorted[0] * 1000
        let ok = ms < targetMs
        let models = registry?.models ?? []
        let relationships = models.reduce(0) { $0 + $1.relationships.count }
        Report.line("  " + Report.padded("introspect() + inference", 44) + Report.padded(Report.fixed(ms, 1) + " ms", 14)
                    + "best of \(runs) (median \(Report.fixed(sorted[sorted.count / 2] * 1000, 1)) ms), \(statements.count) statements, "
                    + "target < \(Int(targetMs)) ms: " + (ok ? "met" : "MISSED"))
        Report.line("  " + Report.padded("registry read", 44) + "\(models.count) models in \(Set(models.map { $0.schema ?? "" }).count) schema(s), "
                    + "\(models.reduce(0) { $0 + $1.fields.count }) columns, \(models.reduce(0) { $0 + $1.foreignKeys.count }) foreign keys, "
                    + "\(models.reduce(0) { $0 + $1.indexes.count }) indexes, \(relationships) relationships, "
                    + "\(models.filter { $0.estimatedRowCount != nil }.count) row estimates")
        // Relationship inference alone, on the models as read (the registry sorts and infers again).
        let bare = models.map { m -> Model in var c = m; c.relationships = []; return c }
        var inferred: Registry?
        let inference = Timing.seconds { inferred = Registry(backend: registry?.backend ?? "", models: bare, defaultSchema: registry?.defaultSchema) }
        withExtendedLifetime(inferred) {}  // (freed after the timing, not inside it)
        Report.line("  " + Report.padded("of which Registry(...) (sort + inference)", 44) + Report.fixed(inference * 1000, 1) + " ms")
        Report.line("  statements:")
        for e in statements {
            let sql = e.sql.count > 110 ? String(e.sql.prefix(107)) + "..." : e.sql
            Report.line("    " + Report.padded(Report.fixed(e.milliseconds, 1) + " ms", 10) + Report.padded("\(e.rows) rows", 12) + sql)
        }
        var met = [("\(backend): registry of \(tableCount) tables < \(Int(targetMs)) ms", ok)]
        if models.count != tableCount { met.append(("\(backend): registry holds all \(tableCount) tables", false)) }
        return met
    }
}
