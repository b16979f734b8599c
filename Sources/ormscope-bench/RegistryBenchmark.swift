import Foundation
import ORMCore

/// Opening the registry of a 200-table database: `db.introspect()` timed on a freshly opened
/// connection for each run (cold statement cache, as when the explorer starts; the connect itself
/// is not counted), best of 5, with the number of statements it ran, counted by `db.log`.
enum RegistryBenchmark {
    static let tableCount = 200
    static let runs = 5
    static let targetMs = 200.0
    static let schemaDescription = "\(tableCount) tables, each 6 columns, a primary key, a unique constraint, a check, an index and a foreign key to the previous table"

    enum Flavor { case sqlite, postgres }

    /// The DDL of table number `i` (1-based): `t001` ... `t200`; table 1 has no foreign key.
    static func ddl(_ i: Int, _ flavor: Flavor) -> [String] {
        let t = name(i)
        let fk = i > 1 ? " REFERENCES \(name(i - 1)) (id)" : ""
        let columns: String
        switch flavor {
        case .sqlite:
            columns = """
                id INTEGER PRIMARY KEY, code TEXT NOT NULL, name TEXT NOT NULL, qty INTEGER NOT NULL DEFAULT 0, \
                price REAL, prev_id INTEGER\(fk)
                """
        case .postgres:
            columns = """
                id bigint PRIMARY KEY, code text NOT NULL, name text NOT NULL, qty integer NOT NULL DEFAULT 0, \
                price numeric(10,2), prev_id bigint\(fk)
                """
        }
        return [
            "CREATE TABLE \(t) (\(columns), CONSTRAINT \(t)_code_key UNIQUE (code), CONSTRAINT \(t)_qty_check CHECK (qty >= 0))",
            "CREATE INDEX \(t)_name_idx ON \(t) (name)",
        ]
    }

    static func name(_ i: Int) -> String { "t" + String(repeating: "0", count: max(0, 3 - String(i).count)) + String(i) }

    /// Creates the 200 tables in one transaction; returns the seconds it took.
    static func create(in db: Database, _ flavor: Flavor) throws -> Double {
        try Timing.seconds {
            try db.transaction {
                for i in 1...tableCount {
                    for statement in ddl(i, flavor) { try db.execute(sql: statement) }
                }
            }
        }
    }

    struct Figures {
        var bestSeconds: Double
        var medianSeconds: Double
        var connectSeconds: Double
        var statements: Int
        var registry: Registry
    }

    /// Opens a connection and introspects, `runs` times.
    static func measure(open: () throws -> Database) throws -> Figures {
        var times: [Double] = []
        var connects: [Double] = []
        var statements = 0
        var registry: Registry?
        for _ in 0..<runs {
            var db: Database?
            connects.append(try Timing.seconds { db = try open() })
            guard let db else { continue }
            defer { db.close() }
            let before = db.log.totalCount
            times.append(try Timing.seconds { registry = try db.introspect() })
            statements = db.log.totalCount - before
        }
        let sorted = times.sorted()
        return Figures(bestSeconds: sorted[0], medianSeconds: sorted[sorted.count / 2],
                       connectSeconds: connects.min() ?? 0, statements: statements, registry: registry!)
    }

    /// Prints the figures; returns whether the target was met.
    static func report(_ f: Figures, backend: String) -> [(String, Bool)] {
        let ms = f.bestSeconds * 1000
        let ok = ms < targetMs
        let models = f.registry.models
        let tables = models.filter { $0.kind == .table }.count
        Report.line("  " + Report.padded("introspect()", 30) + Report.padded(Report.fixed(ms, 1) + " ms", 18)
                    + "best of \(runs) (median " + Report.fixed(f.medianSeconds * 1000, 1) + " ms), "
                    + "\(f.statements) statements, target < " + Report.fixed(targetMs, 0) + " ms: " + (ok ? "met" : "MISSED"))
        Report.line("  " + Report.padded("registry read", 30) + "\(tables) tables, "
                    + "\(models.reduce(0) { $0 + $1.fields.count }) columns, "
                    + "\(models.filter { !$0.primaryKey.isEmpty }.count) primary keys, "
                    + "\(models.reduce(0) { $0 + $1.uniqueConstraints.count }) unique constraints, "
                    + "\(models.reduce(0) { $0 + $1.checks.count }) checks, "
                    + "\(models.reduce(0) { $0 + $1.indexes.count }) indexes, "
                    + "\(models.reduce(0) { $0 + $1.foreignKeys.count }) foreign keys")
        Report.line("  " + Report.padded("connect (not counted above)", 30) + Report.fixed(f.connectSeconds * 1000, 1) + " ms")
        var met = [("\(backend): registry of \(tableCount) tables < \(Int(targetMs)) ms", ok)]
        if tables != tableCount { met.append(("\(backend): registry holds all \(tableCount) tables", false)) }
        return met
    }
}
