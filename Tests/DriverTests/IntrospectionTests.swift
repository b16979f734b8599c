import DemoDatabase
import ORMCore
import TestSupport
import XCTest

/// The registry read from both live catalogs: the demo's models, and PostgreSQL specifics.
final class IntrospectionTests: XCTestCase {
    func testDemoRegistryOnBothBackends() throws {
        try eachBackend { db, backend in
            try DemoDatabase.create(on: db, size: .small)
            let r = try db.withAction("introspect") { try db.introspect() }
            XCTAssertEqual(r.models.map(\.name), ["answer", "app_user", "assessment", "employee", "hero", "hero_power_link",
                                                  "hero_summary", "power", "question", "team"])
            XCTAssertTrue(db.log.events(for: "introspect").allSatisfy { $0.cause == .introspection })

            let hero = try r.require("hero")
            XCTAssertEqual(hero.primaryKey, ["id"])
            XCTAssertTrue(hero.field("id")!.isAutoIncrement)
            XCTAssertEqual(hero.field("name")!.type.maxLength, 100)
            XCTAssertFalse(hero.field("name")!.isNullable)
            XCTAssertTrue(hero.field("age")!.isNullable)
            XCTAssertNotNil(hero.field("created_at")!.defaultExpression)
            XCTAssertFalse(hero.field("created_at")!.isRequired)
            XCTAssertTrue(hero.field("secret_name")!.isRequired)
            XCTAssertEqual(hero.foreignKeys.map(\.columns), [["team_id"]])
            XCTAssertEqual(hero.foreignKeys.first?.referencedTable, "team")
            XCTAssertEqual(hero.foreignKeys.first?.referencedColumns, ["id"])
            XCTAssertEqual(hero.foreignKeys.first?.onDelete, "SET NULL")
            XCTAssertEqual(Set(hero.indexes.map(\.name)).isSuperset(of: ["ix_hero_name", "ix_hero_team_id"]), true)
            XCTAssertEqual(hero.checks.count, 1, "[\(backend)] the age CHECK")
            XCTAssertEqual(hero.estimatedRowCount.map { $0 > 0 }, backend == .sqlite ? true : hero.estimatedRowCount.map { $0 > 0 })

            let link = try r.require("hero_power_link")
            XCTAssertEqual(link.primaryKey, ["hero_id", "power_id"])
            XCTAssertEqual(Set(link.foreignKeys.map(\.referencedTable)), ["hero", "power"])
            XCTAssertTrue(link.foreignKeys.allSatisfy { $0.onDelete == "CASCADE" })
            XCTAssertEqual(link.checks.map(\.name), ["ck_link_role"])
            XCTAssertTrue(link.checks[0].expression.contains("leader"))

            let employee = try r.require("employee")
            XCTAssertEqual(employee.foreignKeys.first?.referencedTable, "employee", "self-referential")

            let answer = try r.require("answer")
            XCTAssertTrue(answer.uniqueKeys.contains(["user_id", "question_id"]))
            XCTAssertEqual(answer.field("id")!.type.kind, .uuid)

            let team = try r.require("team")
            XCTAssertTrue(team.uniqueKeys.contains(["name"]))

            let view = try r.require("hero_summary")
            XCTAssertEqual(view.kind, .view)
            XCTAssertTrue(view.isReadOnly)
            XCTAssertEqual(view.fieldNames, ["id", "name", "age", "team_name"])
        }
    }

    func testPostgresSchemasIdentityGeneratedCompositeKeysAndPartialIndexes() throws {
        guard let db = try open(.postgres) else { return }
        defer { db.close() }
        for sql in [
            "CREATE SCHEMA audit",
            "CREATE TABLE audit.region (country char(2), code int, name text NOT NULL, PRIMARY KEY (country, code))",
            """
            CREATE TABLE audit.store (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, country char(2), code int,
              price numeric(10,2) CHECK (price > 0), taxed numeric GENERATED ALWAYS AS (price * 1.2) STORED, legacy serial,
              FOREIGN KEY (country, code) REFERENCES audit.region (country, code) ON UPDATE CASCADE)
            """,
            "CREATE UNIQUE INDEX ux_store_open ON audit.store (country) WHERE price > 100",
            "CREATE INDEX ix_store_lower ON audit.store (lower(country))",
        ] { try db.execute(sql: sql) }
        let r = try db.introspect()
        let store = try r.require("audit.store")
        XCTAssertEqual(store.schema, "audit")
        XCTAssertTrue(store.field("id")!.isAutoIncrement)
        XCTAssertTrue(store.field("legacy")!.isAutoIncrement, "serial counts as auto-assigned")
        XCTAssertTrue(store.field("taxed")!.isGenerated)
        XCTAssertEqual(store.field("country")!.type.declared, "character(2)")
        XCTAssertEqual(store.foreignKeys.first?.columns, ["country", "code"])
        XCTAssertEqual(store.foreignKeys.first?.referencedSchema, "audit")
        XCTAssertEqual(store.foreignKeys.first?.referencedColumns, ["country", "code"])
        XCTAssertEqual(store.foreignKeys.first?.onUpdate, "CASCADE")
        XCTAssertEqual(store.checks.first?.expression, "price > 0::numeric")
        let partial = try XCTUnwrap(store.indexes.first { $0.name == "ux_store_open" })
        XCTAssertTrue(partial.isUnique)
        XCTAssertEqual(partial.predicate, "price > 100::numeric")
        XCTAssertFalse(store.uniqueKeys.contains(["country"]), "a partial unique index is no conflict target")
        XCTAssertEqual(store.indexes.first { $0.name == "ix_store_lower" }?.columns, ["lower(country::text)"])
        XCTAssertEqual(try r.require("region").primaryKey, ["country", "code"])
    }

    /// Fields come in the table's column order, also when a column added later is stored apart
    /// from the others in the catalog (the columns are read unordered and put in order here).
    func testColumnsAddedLaterKeepTheirPlace() throws {
        try eachBackend { db, backend in
            try db.execute(sql: "CREATE TABLE first_t (a integer, b text)")
            try db.execute(sql: "CREATE TABLE second_t (x integer)")
            try db.execute(sql: "ALTER TABLE first_t ADD COLUMN c text")
            try db.execute(sql: "ALTER TABLE second_t ADD COLUMN y text")
            try db.execute(sql: "ALTER TABLE first_t ADD COLUMN d integer")
            let r = try db.introspect()
            XCTAssertEqual(try r.require("first_t").fieldNames, ["a", "b", "c", "d"], "[\(backend)]")
            XCTAssertEqual(try r.require("second_t").fieldNames, ["x", "y"], "[\(backend)]")
        }
    }

    func testSQLiteChecksWithoutRowidAndImplicitForeignKeyTargets() throws {
        guard let db = try open(.sqlite) else { return }
        defer { db.close() }
        try db.execute(sql: "CREATE TABLE parent (a int, b int, PRIMARY KEY (a, b)) WITHOUT ROWID")
        try db.execute(sql: """
            CREATE TABLE child (id INTEGER PRIMARY KEY, a int, b int, note text CHECK (note <> 'x)'), \
            CONSTRAINT "positive a" CHECK (a > (0)), FOREIGN KEY (a, b) REFERENCES parent)
            """)
        let r = try db.introspect()
        let child = try r.require("child")
        XCTAssertEqual(child.checks, [CheckConstraint(name: nil, expression: "note <> 'x)'"),
                                      CheckConstraint(name: "positive a", expression: "a > (0)")])
        XCTAssertEqual(child.foreignKeys.first?.referencedColumns, ["a", "b"], "implicit target is the parent's primary key")
        XCTAssertNil(try r.require("parent").estimatedRowCount)
    }
}

/// The choke point: every statement is logged once, counted under its action, bound values hidden on request.
final class QueryLogTests: XCTestCase {
    func testEveryStatementIsLoggedOnceWithItsActionAndValuesCanBeRedacted() throws {
        try eachBackend { db, backend in
            try db.execute(sql: "CREATE TABLE t (id integer PRIMARY KEY, secret text)")
            _ = try db.withAction("write") {
                try db.execute(.insert(Insert(into: TableRef("t"), columns: ["id", "secret"], rows: [[1, "hunter2"]])))
            }
            db.log.redactParams = true
            try db.withAction("redacted") {
                _ = try db.fetchAll(.select(Select(from: TableRef("t")).where(.col("secret").equals("hunter2"))))
                XCTAssertThrowsError(try db.execute(sql: "SELECT * FROM missing_table"))
            }
            XCTAssertEqual(db.log.count(for: "write"), 1)
            XCTAssertEqual(db.log.events(for: "write")[0].params, [1, "hunter2"])
            let redacted = db.log.events(for: "redacted")
            XCTAssertEqual(redacted.count, 2, "[\(backend)] the failed statement counts too")
            XCTAssertTrue(redacted.allSatisfy { $0.params.isEmpty && $0.paramsRedacted })
            XCTAssertEqual(redacted[0].rows, 1)
            XCTAssertNotNil(redacted[1].error)
            XCTAssertTrue(redacted.allSatisfy { $0.duration >= 0 })
            XCTAssertEqual(db.log.events.map(\.sequence), Array(1...db.log.events.count))
        }
    }
}

/// EXPLAIN as a tree on both backends; EXPLAIN ANALYZE keeps nothing it did.
final class ExplainTests: XCTestCase {
    func testPlansAndAnAnalyzeThatIsRolledBack() throws {
        try eachBackend { db, backend in
            try DemoDatabase.create(on: db, size: .small)
            let select = Select(from: TableRef("hero")).where(.col("team_id").equals(3)).orderBy("name").limit(10)
            let plan = try db.explain(.select(select))
            XCTAssertFalse(plan.nodes.isEmpty, "[\(backend)]")
            XCTAssertTrue(plan.lines.joined(separator: "\n").contains("hero"), "[\(backend)] \(plan.lines)")
            let delete = Statement.delete(Delete(from: TableRef("hero_power_link"), where: nil))
            if backend == .sqlite {
                XCTAssertThrowsError(try db.explain(delete, analyze: true))
            } else {
                let before = try db.fetchAll(CompiledSQL("SELECT count(*) FROM hero_power_link")).first?[0]
                let analyzed = try db.explain(delete, analyze: true)
                XCTAssertTrue(analyzed.analyzed)
                XCTAssertNotNil(analyzed.nodes.first?.actualRows, "ANALYZE reports actual rows")
                XCTAssertNotNil(analyzed.costliest)
                XCTAssertEqual(try db.fetchAll(CompiledSQL("SELECT count(*) FROM hero_power_link")).first?[0], before, "the delete was rolled back")
                XCTAssertFalse(db.inTransaction)
            }
        }
    }

    func testBadEstimatesAndTheCostliestNodeAreMarked() {
        let plan = QueryPlan(sql: "x", nodes: [PlanNode(label: "Limit", cost: 10, estimatedRows: 1, actualRows: 500, children: [
            PlanNode(label: "Seq Scan on hero", cost: 9, estimatedRows: 1000, actualRows: 900),
        ])], analyzed: true)
        XCTAssertEqual(plan.costliest?.label, "Seq Scan on hero")
        XCTAssertEqual(plan.lines, ["Limit  (cost 10.00, rows ~1, actual 500)  ← estimate off tenfold",
                                    "└─ Seq Scan on hero  (cost 9.00, rows ~1000, actual 900)  ← costliest"])
    }
}
