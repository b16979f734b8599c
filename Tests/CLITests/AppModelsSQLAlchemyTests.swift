import Foundation
import ORMCore
import TestSupport
import XCTest

/// The shop test app (Tests/PythonApps/shop, plain SQLAlchemy 2.0): joined-table inheritance with a
/// self-reference on the base, single-table inheritance with a subclass's own relationships, Uuid
/// keys, collections with an `order_by`, a `lazy="noload"` collection; compared with SQLAlchemy's
/// own session (shop_app.py) on both backends. And models-from's sentences for what goes wrong
/// in an application (a SyntaxError, a mapping error, printing at import, a stale virtualenv).
extension AppModelsTests {
    /// `models-from python:shop.models`, written to a file; its path.
    func exportShop() throws -> String { try export("shop.models", to: "shop.json") }

    /// A fresh SQLite file and, when PostgreSQL is there, a fresh database, each made by the app's create_all.
    func shopDatabases(_ count: Int = 1) throws -> [(backend: String, locations: [String])] {
        var out = [("sqlite", try (0..<count).map { try scratch("shop\($0).sqlite") })]
        let pg = try (0..<count).compactMap { _ in try freshPostgresURL() }
        if pg.count == count { out.append(("postgres", pg)) }
        for (_, locations) in out { for l in locations { try python(["shop_app.py", "create", l]) } }
        return out
    }

    /// T4, T23, T21, T1: each relationship on the table of the mapper that declares it, the
    /// inheritance link both ways, a Uuid column's kind; the file applies and drift finds nothing on
    /// a fresh create_all, on both backends.
    func testShopsInheritanceFitsAndAFreshSchemaHasNoDrift() throws {
        let file = try exportShop()
        let app = try AppModels.parse(try String(contentsOfFile: file, encoding: .utf8))
        func rels(_ table: String) -> [String] { app.models.first { $0.table == table }?.relationships.map(\.name) ?? [] }
        func rel(_ table: String, _ name: String) -> AppRelationship? { app.models.first { $0.table == table }?.relationships.first { $0.name == name } }
        XCTAssertEqual(rels("engineers"), ["employee"], "Engineer's inherited manager / reports are the employees table's")
        XCTAssertEqual(rels("managers"), ["employee"])
        XCTAssertEqual(rels("employees"), ["manager", "reports", "engineer", "manager_row"], "manager is taken by the relationship: manager_row")
        XCTAssertEqual(rel("engineers", "employee")?.behaviour.parentLink, true)
        XCTAssertEqual(rel("engineers", "employee")?.behaviour.holdsKey, true)
        XCTAssertEqual(rel("engineers", "employee")?.columns, ["id"])
        XCTAssertEqual(rel("employees", "engineer")?.behaviour.cascade, ["delete"])
        XCTAssertEqual(rels("vehicles"), ["owner", "driver", "loads"], "Truck's own relationships are on the shared table")
        XCTAssertEqual(rel("vehicles", "driver")?.behaviour.loading, .joined)
        XCTAssertEqual(rel("posts", "comments")?.behaviour.noload, true)
        XCTAssertEqual(rel("posts", "comments")?.behaviour.loading, .lazy)
        let tokens = app.models.first { $0.table == "tokens" }
        XCTAssertEqual(tokens?.columns.filter { $0.kind == "uuid" }.map(\.name), ["id", "parent_id"])
        XCTAssertEqual(app.models.flatMap(\.columns).filter { $0.kind != nil }.count, 2, "only the types whose DDL depends on the dialect")

        for (backend, locations) in try shopDatabases() {
            let db = locations[0]
            let show = try run(["show", "engineers", "--db", db, "--models", file])
            XCTAssertEqual(show.status, 0, "[\(backend)] \(show.err)")
            XCTAssertTrue(show.out.contains("employee: one-to-one employees"), "[\(backend)] \(show.out)")
            let drift = try run(["drift", "--models", file, "--db", db])
            XCTAssertEqual(drift.status, 0, "[\(backend)] \(drift.out) \(drift.err)")
            XCTAssertTrue(drift.out.hasPrefix("No drift"), "[\(backend)] \(drift.out)")
        }
    }

    /// T21, T19, T23: deletes write what SQLAlchemy's unit of work writes, in its order, and leave the
    /// same rows: a joined-table subclass's row takes its base row after it; a base row that is a
    /// subclass's takes the subclass's row first; a noload collection is left to the database's
    /// ON DELETE (nothing nulled); a single-table subclass's cascade is followed; a nulled child's
    /// onupdate column is set. Where the reads are SQLAlchemy's too (no inheritance), they are compared.
    func testShopDeletesWriteWhatSQLAlchemysUnitOfWorkWrites() throws {
        let file = try exportShop()
        for (backend, locations) in try shopDatabases(2) {
            let (ours, theirs) = (locations[0], locations[1])
            for (cls, table, key, readsToo) in [("Engineer", "engineers", "2", false), ("Employee", "employees", "3", false),
                                                ("Post", "posts", "1", true), ("Truck", "vehicles", "2", true), ("Customer", "customers", "1", true)] {
                let what = "[\(backend)] delete \(cls) \(key)"
                let r = try run(["delete", table, key, "--yes", "--db", ours, "--models", file, "--format", "json"])
                XCTAssertEqual(r.status, 0, "\(what): \(r.out) \(r.err)")
                let mine = (try json(r.out)["statements"] as? [[String: Any]] ?? []).filter { ($0["cause"] as? String) != "transaction" }
                    .compactMap { $0["sql"] as? String }.map(Self.verbAndTable)
                let sa = try json(try python(["shop_app.py", "delete", theirs, cls, key]))["statements"] as? [String] ?? []
                XCTAssertEqual(mine.filter { !$0.hasPrefix("SELECT") }, sa.filter { !$0.hasPrefix("SELECT") }, "\(what): the writes, in order")
                if readsToo {  // (the same reads; SQLAlchemy's in its properties' order, ormscope's in the file's, by name)
                    XCTAssertEqual(mine.filter { $0.hasPrefix("SELECT") }.sorted(), sa.filter { $0.hasPrefix("SELECT") }.sorted(), "\(what): the reads")
                }
                XCTAssertEqual(try python(["shop_app.py", "dump", ours]), try python(["shop_app.py", "dump", theirs]), "\(what): the rows left")
            }
        }
    }

    /// R8: a foreign key the application has no relationship for (a table outside its models) is in
    /// the delete's preview, as the database will treat its rows: a key without ON DELETE is a "will
    /// fail" line before anyone confirms (and the refusal's sentence at --yes, nothing deleted), an ON
    /// DELETE CASCADE is counted as left to the database; on both backends.
    func testAKeyTheApplicationDoesNotKnowIsInTheDeletesPreview() throws {
        let file = try exportShop()
        for (backend, locations) in try shopDatabases() {
            let db = locations[0]
            let ddl = "CREATE TABLE audits (id integer PRIMARY KEY, customer_id integer REFERENCES customers (id), what text);"
                + " CREATE TABLE stamps (id integer PRIMARY KEY, customer_id integer REFERENCES customers (id) ON DELETE CASCADE);"
                + " INSERT INTO audits VALUES (1, 1, 'x'), (2, 1, 'y'), (3, 2, 'z'); INSERT INTO stamps VALUES (1, 1), (2, 3)"
            let made = try run(["sql", "--db", db, ddl])
            XCTAssertEqual(made.status, 0, "[\(backend)] \(made.err)")
            let preview = try run(["delete", "customers", "1", "--db", db, "--models", file])
            XCTAssertEqual(preview.status, 1, "[\(backend)] \(preview.err)")
            XCTAssertTrue(preview.out.contains("  left to the database: 1 stamps row of Customer.stamps (not in the models file): deleted by the database's ON DELETE CASCADE of stamps.customer_id.\n"), "[\(backend)] \(preview.out)")
            XCTAssertTrue(preview.out.contains("  will fail: 2 audits rows of Customer.audits (not in the models file) still refer to it, and the database's key audits.customer_id has no ON DELETE"), "[\(backend)] \(preview.out)")
            let refused = try run(["delete", "customers", "1", "--yes", "--db", db, "--models", file])
            XCTAssertEqual(refused.status, 1, "[\(backend)]")
            XCTAssertTrue(refused.err.hasPrefix("ormscope: The database's foreign key refused the delete: 2 audits rows of Customer.audits (not in the models file)"), "[\(backend)] \(refused.err)")
            XCTAssertTrue(refused.err.hasSuffix(" Nothing was deleted.\n"), "[\(backend)] \(refused.err)")
            let left = try run(["sql", "--db", db, "--format", "csv", "SELECT (SELECT count(*) FROM customers) AS c, (SELECT count(*) FROM addresses) AS a"])
            XCTAssertEqual(left.out, "c,a\r\n3,5\r\n", "[\(backend)] nothing was deleted")
            // Customer 3 has only a stamp: the delete runs, and the database's cascade takes it.
            let ok = try run(["delete", "customers", "3", "--yes", "--db", db, "--models", file])
            XCTAssertEqual(ok.status, 0, "[\(backend)] \(ok.err)")
            XCTAssertEqual(try run(["sql", "--db", db, "--format", "csv", "SELECT count(*) AS n FROM stamps"]).out, "n\r\n1\r\n", "[\(backend)]")
        }
    }

    /// `DELETE FROM "engineers" WHERE ...` → `DELETE engineers`, as shop_app.py names SQLAlchemy's statements.
    static func verbAndTable(_ sql: String) -> String {
        let words = sql.replacingOccurrences(of: "\"", with: "").split(separator: " ").map(String.init)
        let at = words.firstIndex { ["FROM", "UPDATE"].contains($0) } ?? 0
        return "\(words[0]) \(words.count > at + 1 ? words[at + 1] : "")"
    }

    /// T5: a collection with the application's order_by comes in that order, by selectin (the app's
    /// default), lazy and joined loads, as SQLAlchemy's (its statements carry the ORDER BY).
    func testShopCollectionsComeInTheApplicationsOrder() throws {
        let file = try exportShop()
        for (backend, locations) in try shopDatabases() {
            let db = locations[0]
            let sa = try json(try python(["shop_app.py", "order", db]))
            for (load, key) in [("addresses", "addresses"), ("orders", "orders"), ("orders:joined", "orders:joined"), ("addresses:joined", "addresses")] {
                let r = try run(["rows", "customers", "--load", load, "--db", db, "--models", file, "--format", "json"])
                XCTAssertEqual(r.status, 0, "[\(backend)] \(load): \(r.err)")
                let rel = String(load.split(separator: ":")[0])
                let rows = try json(r.out)["rows"] as? [[String: Any]] ?? []
                XCTAssertEqual(rows.map { (($0[rel] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? Int } }, sa[key] as? [[Int]], "[\(backend)] --load \(load)")
                let sql = (try json(r.out)["statements"] as? [[String: Any]] ?? []).compactMap { $0["sql"] as? String }
                XCTAssertTrue(sql.contains { $0.contains(rel == "orders" ? "\"placed\" DESC" : "\"email\" ASC") }, "[\(backend)] \(load): \(sql)")
            }
        }
    }

    /// T13, T25, T14, T27: what goes wrong in the application is said as the application's, in one sentence each.
    func testWhatGoesWrongInTheApplicationIsOneSentence() throws {
        let python = try appPython()
        let home = (try scratch("x") as NSString).deletingLastPathComponent
        let pkg = home + "/badshop"
        try FileManager.default.createDirectory(atPath: pkg, withIntermediateDirectories: true)
        try "".write(toFile: pkg + "/__init__.py", atomically: true, encoding: .utf8)
        try "x = 1\ndef f(:\n    pass\n".write(toFile: pkg + "/syntax.py", atomically: true, encoding: .utf8)
        try """
            from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
            class Base(DeclarativeBase):
                pass
            class A(Base):
                __tablename__ = "a"
                id: Mapped[int] = mapped_column(primary_key=True)
                bs: Mapped[list["B"]] = relationship()
            class B(Base):
                __tablename__ = "b"
                id: Mapped[int] = mapped_column(primary_key=True)

            """.write(toFile: pkg + "/unmapped.py", atomically: true, encoding: .utf8)
        try """
            import logging, sys
            print("Loading settings from .env")
            logging.basicConfig(stream=sys.stdout, level=logging.INFO)
            logging.getLogger("app").info("starting")
            from shop.models import *

            """.write(toFile: pkg + "/noisy.py", atomically: true, encoding: .utf8)
        let env = ["PYTHONPATH": home + ":" + Self.apps]

        let syntax = try run(["models-from", "python:badshop.syntax", "--python", python], env: env)
        XCTAssertEqual(syntax.err, "ormscope: python:badshop.syntax could not be imported: SyntaxError: invalid syntax (\(pkg)/syntax.py, line 2).\n")
        let unmapped = try run(["models-from", "python:badshop.unmapped", "--python", python], env: env)
        XCTAssertEqual(unmapped.status, 1)
        XCTAssertTrue(unmapped.err.hasPrefix("ormscope: python:badshop.unmapped imported, but its models do not map: sqlalchemy.exc.NoForeignKeysError: Could not determine join condition between parent/child tables on relationship A.bs"), unmapped.err)
        XCTAssertFalse(unmapped.err.contains(".."), unmapped.err)
        XCTAssertEqual(unmapped.err.split(separator: "\n").count, 1, unmapped.err)

        let noisy = try run(["models-from", "python:badshop.noisy", "--python", python], env: env)
        XCTAssertEqual(noisy.status, 0, noisy.err)
        XCTAssertTrue(noisy.err.contains("Loading settings from .env"), "what the application printed goes to standard error: " + noisy.err)
        XCTAssertEqual(try AppModels.parse(noisy.out).models.count, try AppModels.parse(try String(contentsOfFile: try exportShop(), encoding: .utf8)).models.count)

        let stale = try run(["models-from", "python:shop.models"], env: ["VIRTUAL_ENV": "/no/such/venv"])
        XCTAssertEqual(stale.err, "ormscope: $VIRTUAL_ENV is /no/such/venv, which has no bin/python (the virtualenv was moved or deleted): activate your application's virtualenv again, or pass --python PATH.\n")
        let path = try run(["models-from", "python:shop/models.py", "--python", python])
        XCTAssertTrue(path.err.hasPrefix("ormscope: python:shop/models.py is a file's path: write the module's dotted name, python:shop.models."), path.err)

        // An ORM the chosen Python lacks: its own sentence, naming that Python.
        guard let bare = ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map({ "\($0)/python3" })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { throw XCTSkip("no python3 on PATH for the ORM-missing case") }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: bare)
        probe.arguments = ["-c", "import sqlalchemy"]
        probe.standardError = FileHandle.nullDevice
        try probe.run()
        probe.waitUntilExit()
        if probe.terminationStatus == 0 { throw XCTSkip("\(bare) has SQLAlchemy installed: the ORM-missing case needs a Python without it") }
        let missing = try run(["models-from", "python:shop.models", "--python", bare])
        XCTAssertEqual(missing.err, "ormscope: SQLAlchemy is not installed in this Python (\(bare)); run models-from with your application's Python (--python).\n")
    }
}
