import Foundation
import ORMCore
import PostgresDriver
import SQLiteDriver

/// Issue 14: the application's models. (a) `ormscope models-from` on a generated SQLAlchemy
/// application of 300 models (the real binary under the models tests' virtualenv, Python's start
/// included), (b) applying that file to the live registry (`--models`: parse, introspect, apply),
/// (c) `drift` on 5,000 tables (introspect and compare). Targets: (a) + (b) under 1 s; (c) under 1 s.
enum AppModelsBenchmark {
    static let section = "models"
    static let appModels = 300
    static let runs = 3
    static let targetMs = 1000.0

    static func table(_ i: Int) -> String { "m" + String(format: "%04d", i) }
    static func className(_ i: Int) -> String { "M" + String(format: "%04d", i) }

    /// The application: each model has five columns, an index, a foreign key to the one before and
    /// a relationship pair over it (`prev`, `nexts` with lazy="selectin").
    static func pythonApp() -> String {
        var s = """
            from sqlalchemy import Column, ForeignKey, Integer, String
            from sqlalchemy.orm import DeclarativeBase, relationship


            class Base(DeclarativeBase):
                pass

            """
        for i in 0..<appModels {
            s += "\n\nclass \(className(i))(Base):\n    __tablename__ = \"\(table(i))\"\n    id = Column(Integer, primary_key=True)\n"
            s += "    code = Column(String(20), nullable=False, index=True)\n    name = Column(String)\n    qty = Column(Integer)\n"
            if i > 0 {
                s += "    prev_id = Column(ForeignKey(\"\(table(i - 1)).id\"))\n"
                s += "    prev = relationship(\"\(className(i - 1))\", back_populates=\"nexts\", remote_side=\"\(className(i - 1)).id\")\n"
            }
            if i < appModels - 1 { s += "    nexts = relationship(\"\(className(i + 1))\", back_populates=\"prev\", lazy=\"selectin\")\n" }
        }
        return s
    }

    /// The same tables as the application's DDL makes them.
    static func fill(_ db: Database, postgres: Bool) throws -> Double {
        try Timing.seconds {
            try db.transaction {
                for i in 0..<appModels {
                    let fk = i == 0 ? "" : ", prev_id integer REFERENCES \(table(i - 1)) (id)"
                    try db.execute(sql: "CREATE TABLE \(table(i)) (id integer PRIMARY KEY, code varchar(20) NOT NULL, name varchar, qty integer\(fk))")
                    try db.execute(sql: "CREATE INDEX ix_\(table(i))_code ON \(table(i)) (code)")
                }
            }
            db.close()
        }
    }

    /// `models-from` timed as a user runs it: the binary, which starts Python, which imports the app.
    /// The first run finds no bytecode of the app (`first`); the app's `.pyc` is then written, as a
    /// user's own runs of the app write it (here `py_compile`: the bench's environment may set
    /// PYTHONDONTWRITEBYTECODE), and the timed runs import it from there, as a user's export does.
    static func export(binary: String, python: String, dir: String) throws -> (seconds: [Double], text: String, first: Double) {
        try? FileManager.default.removeItem(atPath: dir + "/__pycache__")
        try pythonApp().write(toFile: dir + "/bench_app.py", atomically: true, encoding: .utf8)
        var times: [Double] = []
        var text = ""
        for run in 0...runs {
            if run == 1 {
                let c = Process()
                c.executableURL = URL(fileURLWithPath: python)
                c.arguments = ["-c", "import py_compile, sys; py_compile.compile(sys.argv[1], doraise=True)", "bench_app.py"]
                c.currentDirectoryURL = URL(fileURLWithPath: dir)
                try c.run()
                c.waitUntilExit()
                guard c.terminationStatus == 0 else { throw BenchFailure("py_compile of bench_app.py exited with status \(c.terminationStatus)") }
            }
            let p = Process()
            p.executableURL = URL(fileURLWithPath: binary)
            p.arguments = ["models-from", "python:bench_app", "--python", python]
            p.currentDirectoryURL = URL(fileURLWithPath: dir)
            let out = Pipe()
            p.standardOutput = out
            p.standardError = FileHandle.nullDevice
            var data = Data()
            times.append(try Timing.seconds {
                try p.run()
                data = out.fileHandleForReading.readDataToEndOfFile()
                p.waitUntilExit()
            })
            guard p.terminationStatus == 0 else { throw BenchFailure("models-from exited with status \(p.terminationStatus)") }
            text = String(decoding: data, as: UTF8.self)
        }
        return (Array(times.dropFirst()), text, times[0])
    }

    /// Where the Python side's time goes, in the same Python on the same app, best of 3 (CPU ms of
    /// the process, from `resource.getrusage`): Python's start, importing SQLAlchemy, the app's
    /// classes (with the exporter's share_generated_code), configuring (the exporter's `configure`:
    /// no loader strategies or instrumentation, simple joins from their foreign key), the exporter's
    /// reading, its JSON (`dumps`); with the collector on and off (the exporter runs with it off),
    /// and off with every shortcut of the exporter off (ORMSCOPE_MODELS_STOCK=1: `configure_mappers()`
    /// in full, SQLAlchemy's own compiles, `str()` of each type, `json.dumps`).
    static func phases(python: String, dir: String, exporter: String) throws -> String {
        let probe = """
            import gc, io, json, resource, sys, contextlib
            if sys.argv[1] != "on": gc.disable()
            def cpu():
                r = resource.getrusage(resource.RUSAGE_SELF)
                return (r.ru_utime + r.ru_stime) * 1000
            marks = [cpu()]
            sys.path.insert(0, sys.argv[2]); sys.path.insert(0, ".")
            import ormscope_models as om
            import sqlalchemy.orm as so; marks.append(cpu())
            om.share_generated_code()
            import bench_app; marks.append(cpu())
            from sqlalchemy.orm import mapperlib
            om.configure([m for r in mapperlib._all_registries() for m in r.mappers]); marks.append(cpu())
            models = om.sqlalchemy_models(); marks.append(cpu())
            om.dumps({"format": 1, "models": models}); marks.append(cpu())
            print(" ".join("%.0f" % (b - a) for a, b in zip([0] + marks, marks)))
            """
        var out: [String] = []
        for (label, collector, full) in [("collector on", "on", false), ("collector off", "off", false),
                                         ("off, stock (configure_mappers() in full, no shortcut)", "off", true)] {
            var best: [Double]?
            for _ in 0..<runs {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: python)
                p.arguments = ["-c", probe, collector, exporter]
                p.currentDirectoryURL = URL(fileURLWithPath: dir)
                var env = ProcessInfo.processInfo.environment
                env["ORMSCOPE_MODELS_STOCK"] = full ? "1" : nil
                p.environment = env
                let pipe = Pipe()
                p.standardOutput = pipe
                p.standardError = FileHandle.nullDevice
                try p.run()
                let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                p.waitUntilExit()
                let ms = text.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
                guard ms.count == 6 else { throw BenchFailure("the phase probe printed \(text)") }
                if best == nil || ms.reduce(0, +) < best!.reduce(0, +) { best = ms }
            }
            let b = best!
            out.append("\(label): start \(Int(b[0])), SQLAlchemy \(Int(b[1])), app classes \(Int(b[2])), configure \(Int(b[3])), "
                       + "export \(Int(b[4])), JSON \(Int(b[5])) = \(Int(b.reduce(0, +))) ms CPU")
        }
        return out.joined(separator: "; ")
    }

    /// (b): parse the file, read the registry and apply the file, on a fresh connection, best of 3.
    static func apply(_ text: String, open: () throws -> Database, backend: String, exportMs: Double?) throws -> [(String, Bool)] {
        var times: [Double] = [], bare: [Double] = []
        var registry: Registry?
        for _ in 0..<runs {
            let plain = try open()
            bare.append(try Timing.seconds { _ = try plain.introspect() })
            plain.close()
            let db = try open()
            defer { db.close() }
            times.append(try Timing.seconds {
                db.appModels = try AppModels.parse(text, file: "bench.json")
                registry = try db.introspect()
            })
        }
        let ms = times.min()! * 1000
        let named = registry?.models.reduce(0) { $0 + $1.relationships.filter { $0.app != nil }.count } ?? 0
        let differences = Drift.compare(try AppModels.parse(text), try open().introspect()).count
        Report.line("  " + Report.padded("parse + introspect + apply (\(appModels) models)", 48) + Report.padded(Report.fixed(ms, 1) + " ms", 12)
                    + "best of \(runs); introspect alone \(Report.fixed(bare.min()! * 1000, 1)) ms; \(named) relationships from the file; drift: \(differences) differences")
        guard let exportMs else { return [("\(backend): models file of \(appModels) models applied", named == 2 * (appModels - 1))] }
        let total = exportMs + ms
        let ok = total < targetMs
        Report.line("  " + Report.padded("export + apply", 48) + Report.padded(Report.fixed(total, 1) + " ms", 12)
                    + "target < \(Int(targetMs)) ms: " + (ok ? "met" : "MISSED"))
        return [("\(backend): exporting and applying \(appModels) models < \(Int(targetMs)) ms", ok),
                ("\(backend): all \(2 * (appModels - 1)) relationships applied, no drift", named == 2 * (appModels - 1) && differences == 0)]
    }

    /// (c): the models file of LargeSchemaBenchmark's 5,000 tables, as an application would describe them.
    static func largeModels(postgres: Bool) -> AppModels {
        let n = LargeSchemaBenchmark.tableCount
        return AppModels(file: "large.json", models: (0..<n).map { i in
            let schema = postgres ? LargeSchemaBenchmark.schema(i) : nil
            let types = postgres ? ["bigint", "text", "text", "integer", "numeric(10,2)", "timestamptz", "text", "bigint"]
                                 : ["INTEGER", "TEXT", "TEXT", "INTEGER", "REAL", "TEXT", "TEXT", "INTEGER"]
            let names = ["id", "code", "name", "qty", "price", "created_at", "note", "ref_id"]
            let fk = i == 0 ? [] : [ForeignKey(columns: ["ref_id"], referencedSchema: postgres ? LargeSchemaBenchmark.schema(i - 1) : nil,
                                               referencedTable: LargeSchemaBenchmark.name(i - 1), referencedColumns: ["id"])]
            return AppModel(schema: schema, table: LargeSchemaBenchmark.name(i),
                            columns: zip(names, types).map { AppColumn(name: $0, type: $1, isNullable: $0 != "id" && $0 != "code") },
                            primaryKey: ["id"], indexes: [Index(name: "\(LargeSchemaBenchmark.name(i))_ref_idx", columns: ["ref_id"], isUnique: false)],
                            foreignKeys: fk)
        })
    }

    static func drift(open: () throws -> Database, backend: String) throws -> [(String, Bool)] {
        let app = largeModels(postgres: backend == "PostgreSQL")
        var times: [Double] = [], compares: [Double] = []
        var count = -1
        for _ in 0..<runs {
            let db = try open()
            defer { db.close() }
            var registry: Registry?
            times.append(try Timing.seconds {
                registry = try db.introspect()
                compares.append(Timing.seconds { count = Drift.compare(app, registry!).count })
            })
        }
        let ms = times.min()! * 1000
        let ok = ms < targetMs
        Report.line("  " + Report.padded("drift: introspect + compare (\(Report.grouped(LargeSchemaBenchmark.tableCount)) tables)", 48)
                    + Report.padded(Report.fixed(ms, 1) + " ms", 12) + "best of \(runs); compare alone \(Report.fixed(compares.min()! * 1000, 1)) ms; "
                    + "\(count) differences; target < \(Int(targetMs)) ms: " + (ok ? "met" : "MISSED"))
        return [("\(backend): drift on \(LargeSchemaBenchmark.tableCount) tables < \(Int(targetMs)) ms", ok),
                ("\(backend): no drift on the matching 5,000 tables", count == 0)]
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
