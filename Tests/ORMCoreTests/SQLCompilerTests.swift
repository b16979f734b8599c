import ORMCore
import XCTest

/// Exact SQL per dialect, and an odd dialect that proves no backend token is hard-coded.
final class SQLCompilerTests: XCTestCase {
    /// Backtick quotes and `@pN` placeholders: anything that leaks a `"` or `?` or `$1` is a bug.
    static let odd = Dialect(name: "odd", placeholders: .atNumbered, identifierQuote: "`", supportsReturning: false,
                             supportsUpsert: false, caseInsensitiveLike: .lowerBothSides, supportsRowValues: false)

    func sql(_ s: Statement, _ d: Dialect) throws -> CompiledSQL { try SQLCompiler.compile(s, dialect: d) }

    func testSelectWhereOrderLimitOnBothDialects() throws {
        let s = Select(from: TableRef("hero")).where(.col("age").compare(.greater, 30) && .col("name").like("D%"))
            .orderBy("name").limit(20, offset: 40)
        XCTAssertEqual(try sql(.select(s), .sqlite),
                       CompiledSQL(#"SELECT * FROM "hero" WHERE ("age" > ?) AND ("name" LIKE ?) ORDER BY "name" ASC LIMIT 20 OFFSET 40"#, [30, "D%"]))
        XCTAssertEqual(try sql(.select(s), .postgres).sql,
                       #"SELECT * FROM "hero" WHERE ("age" > $1) AND ("name" LIKE $2) ORDER BY "name" ASC LIMIT 20 OFFSET 40"#)
        XCTAssertEqual(try sql(.select(s), Self.odd).sql,
                       "SELECT * FROM `hero` WHERE (`age` > @p1) AND (`name` LIKE @p2) ORDER BY `name` ASC LIMIT 20 OFFSET 40")
    }

    func testIdentifiersAreQuotedAndValuesBound() throws {
        let evil = #"x"; DROP TABLE hero; --"#
        let s = Select(from: TableRef(evil, schema: "s\"x")).where(.col(evil).equals(.text("'; DROP TABLE t; --")))
        let c = try sql(.select(s), .postgres)
        XCTAssertEqual(c.sql, #"SELECT * FROM "s""x"."x""; DROP TABLE hero; --" WHERE "x""; DROP TABLE hero; --" = $1"#)
        XCTAssertEqual(c.binds, [.text("'; DROP TABLE t; --")])
    }

    func testILikeIsNativeOnPostgresAndLoweredElsewhere() throws {
        let s = Select(from: TableRef("hero")).where(.col("name").ilike("%man%"))
        XCTAssertEqual(try sql(.select(s), .postgres).sql, #"SELECT * FROM "hero" WHERE "name" ILIKE $1"#)
        // Case-insensitive in the statement itself, whatever the connection's case_sensitive_like.
        XCTAssertEqual(try sql(.select(s), .sqlite).sql, #"SELECT * FROM "hero" WHERE lower("name") LIKE lower(?)"#)
        XCTAssertEqual(try sql(.select(s), Self.odd).sql, "SELECT * FROM `hero` WHERE lower(`name`) LIKE lower(@p1)")
    }

    /// `like` is the database's own LIKE, untouched on every dialect (no lower(), no COLLATE, no
    /// GLOB): its case rules are the backend's (SQLite: ASCII case-insensitive; PostgreSQL: case-sensitive).
    func testLikeIsTheNativeOperatorOnEveryDialect() throws {
        let s = Select(from: TableRef("hero")).where(.col("name").like("Dead%"))
        XCTAssertEqual(try sql(.select(s), .sqlite), CompiledSQL(#"SELECT * FROM "hero" WHERE "name" LIKE ?"#, ["Dead%"]))
        XCTAssertEqual(try sql(.select(s), .postgres), CompiledSQL(#"SELECT * FROM "hero" WHERE "name" LIKE $1"#, ["Dead%"]))
        XCTAssertEqual(try sql(.select(s), Self.odd).sql, "SELECT * FROM `hero` WHERE `name` LIKE @p1")
    }

    func testInIsNullNotAndOr() throws {
        let e: SQLExpression = .col("id").isIn([1, 2, 3]) || !(.col("age").isNull) || .col("team_id").notIn([])
        let s = Select(from: TableRef("hero")).where(e)
        XCTAssertEqual(try sql(.select(s), .sqlite),
                       CompiledSQL(#"SELECT * FROM "hero" WHERE ("id" IN (?, ?, ?)) OR (NOT ("age" IS NULL)) OR (1 = 1)"#, [1, 2, 3]))
        XCTAssertEqual(try sql(.select(Select(from: TableRef("t")).where(.col("a").isIn([]))), .sqlite).sql,
                       #"SELECT * FROM "t" WHERE 1 = 0"#)
        XCTAssertEqual(try sql(.select(Select(from: TableRef("t")).where(.col("a").equals(.null))), .sqlite).sql,
                       #"SELECT * FROM "t" WHERE "a" IS NULL"#)
    }

    func testBooleansBindAsIntegersWhereTheDialectHasNone() throws {
        let s = Select(from: TableRef("u")).where(.col("is_active").equals(.bool(true)))
        XCTAssertEqual(try sql(.select(s), .sqlite).binds, [.int(1)])
        XCTAssertEqual(try sql(.select(s), .postgres).binds, [.bool(true)])
    }

    func testCountExistsAndChosenColumns() throws {
        let base = Select(from: TableRef("hero")).where(.col("age").compare(.greaterOrEqual, 18)).orderBy("id").limit(5)
        XCTAssertEqual(try sql(.select(base.count()), .postgres).sql, #"SELECT count(*) FROM "hero" WHERE "age" >= $1"#)
        XCTAssertEqual(try sql(.select(base.exists()), .postgres).sql,
                       #"SELECT EXISTS (SELECT 1 FROM "hero" WHERE "age" >= $1) AS "exists""#)
        XCTAssertEqual(try sql(.select(base.columns(["id", "name"])), .sqlite).sql,
                       #"SELECT "id", "name" FROM "hero" WHERE "age" >= ? ORDER BY "id" ASC LIMIT 5"#)
    }

    func testOffsetWithoutLimit() throws {
        let s = Select(from: TableRef("t")).limit(nil, offset: 10)
        XCTAssertEqual(try sql(.select(s), .sqlite).sql, #"SELECT * FROM "t" LIMIT -1 OFFSET 10"#)
        XCTAssertEqual(try sql(.select(s), .postgres).sql, #"SELECT * FROM "t" OFFSET 10"#)
    }

    func testKeysetAfterAndBefore() throws {
        let terms = [OrderTerm(.col("team_id")), OrderTerm(.col("id"))]
        let s = Select(from: TableRef("hero")).limit(50)
        XCTAssertEqual(try sql(.select(s.keyset(.after, key: [10, 7], terms: terms, dialect: .postgres)), .postgres),
                       CompiledSQL(#"SELECT * FROM "hero" WHERE ("team_id", "id") > ($1, $2) ORDER BY "team_id" ASC, "id" ASC LIMIT 50"#, [10, 7]))
        XCTAssertEqual(try sql(.select(s.keyset(.before, key: [10, 7], terms: terms, dialect: .sqlite)), .sqlite).sql,
                       #"SELECT * FROM "hero" WHERE ("team_id", "id") < (?, ?) ORDER BY "team_id" DESC, "id" DESC LIMIT 50"#)
        // Mixed directions expand into ORs.
        let mixed = [OrderTerm(.col("age"), .descending), OrderTerm(.col("id"))]
        XCTAssertEqual(try sql(.select(s.keyset(.after, key: [30, 7], terms: mixed, dialect: .sqlite)), .sqlite),
                       CompiledSQL(#"SELECT * FROM "hero" WHERE ("age" < ?) OR (("age" = ?) AND ("id" > ?)) ORDER BY "age" DESC, "id" ASC LIMIT 50"#, [30, 30, 7]))
        // A dialect without row values gets the expanded form too.
        XCTAssertEqual(try sql(.select(s.keyset(.after, key: [10, 7], terms: terms, dialect: Self.odd)), Self.odd).sql,
                       "SELECT * FROM `hero` WHERE (`team_id` > @p1) OR ((`team_id` = @p2) AND (`id` > @p3)) ORDER BY `team_id` ASC, `id` ASC LIMIT 50")
    }

    func testInsertReturningAndMultiRow() throws {
        let i = Insert(into: TableRef("hero"), columns: ["name", "age"], rows: [["Deadpond", 30], ["Rusty-Man", .null]], returning: .all)
        XCTAssertEqual(try sql(.insert(i), .sqlite),
                       CompiledSQL(#"INSERT INTO "hero" ("name", "age") VALUES (?, ?), (?, ?) RETURNING *"#, ["Deadpond", 30, "Rusty-Man", .null]))
        XCTAssertEqual(try sql(.insert(i), .postgres).sql,
                       #"INSERT INTO "hero" ("name", "age") VALUES ($1, $2), ($3, $4) RETURNING *"#)
        XCTAssertThrowsError(try sql(.insert(i), Self.odd)) { e in
            XCTAssertEqual(e as? SQLCompileError, .unsupported("RETURNING", dialect: "odd"))
        }
        XCTAssertEqual(try sql(.insert(Insert(into: TableRef("t"), columns: [], rows: [[]])), .postgres).sql,
                       #"INSERT INTO "t" DEFAULT VALUES"#)
    }

    func testUpsertDoUpdateAndDoNothing() throws {
        let u = Insert.upsert(into: TableRef("answer"), columns: ["user_id", "question_id", "value"], rows: [["u", "q", "5"]],
                              conflictTarget: ["user_id", "question_id"], returning: .all)
        XCTAssertEqual(try sql(.insert(u), .postgres).sql,
                       #"INSERT INTO "answer" ("user_id", "question_id", "value") VALUES ($1, $2, $3) ON CONFLICT ("user_id", "question_id") DO UPDATE SET "value" = excluded."value" RETURNING *"#)
        XCTAssertEqual(try sql(.insert(u), .sqlite).sql,
                       #"INSERT INTO "answer" ("user_id", "question_id", "value") VALUES (?, ?, ?) ON CONFLICT ("user_id", "question_id") DO UPDATE SET "value" = excluded."value" RETURNING *"#)
        let nothing = Insert.upsert(into: TableRef("link"), columns: ["a", "b"], rows: [[1, 2]], conflictTarget: ["a", "b"])
        XCTAssertEqual(try sql(.insert(nothing), .sqlite).sql, #"INSERT INTO "link" ("a", "b") VALUES (?, ?) ON CONFLICT ("a", "b") DO NOTHING"#)
        XCTAssertThrowsError(try sql(.insert(u), Self.odd)) { e in
            XCTAssertEqual((e as? SQLCompileError)?.sentence, "ON CONFLICT (upsert) is not available in the odd dialect.")
        }
        var noTarget = u
        noTarget.onConflict?.target = []
        XCTAssertThrowsError(try sql(.insert(noTarget), .sqlite))
    }

    func testUpdateChangedColumnsAndDelete() throws {
        let u = Update(table: TableRef("hero"), set: [Assignment("age", .value(31))], where: .keyEquals(["id"], [7]))
        XCTAssertEqual(try sql(.update(u), .postgres), CompiledSQL(#"UPDATE "hero" SET "age" = $1 WHERE "id" = $2"#, [31, 7]))
        let d = Delete(from: TableRef("link"), where: .keyEquals(["hero_id", "power_id"], [1, 2]), returning: .columns(["role"]))
        XCTAssertEqual(try sql(.delete(d), .sqlite),
                       CompiledSQL(#"DELETE FROM "link" WHERE ("hero_id" = ?) AND ("power_id" = ?) RETURNING "role""#, [1, 2]))
        XCTAssertThrowsError(try sql(.update(Update(table: TableRef("t"), set: [], where: nil)), .sqlite))
    }

    /// A conflict guard compares a type without equality (json, xml, point) by its text where the
    /// dialect needs it, and a key column changed is found by its old key (the caller passes it).
    func testGuardsCompareTypesWithoutEqualityByText() throws {
        let doc = Model(name: "doc", fields: [
            Field(name: "id", type: FieldType(declared: "integer")),
            Field(name: "body", type: FieldType.postgres(declared: "json", oid: 114, typtype: "b", category: "U")),
            Field(name: "p", type: FieldType.postgres(declared: "point", oid: 600, typtype: "b", category: "G")),
            Field(name: "n", type: FieldType(declared: "text")),
        ], primaryKey: ["id"])
        let u = WriteStatement.update(doc, key: [1], set: [("id", 2), ("body", .json("[2]")), ("p", .text("(3,4)")), ("n", "b")],
                                      guards: [("id", 1), ("body", .json("[1]")), ("p", .other(type: "point", text: "(1,2)")), ("n", "a")])
        XCTAssertEqual(try sql(u, .postgres).sql, #"UPDATE "doc" SET "id" = $1, "body" = $2, "p" = $3, "n" = $4 WHERE ("id" = $5) AND ("id" IS NOT DISTINCT FROM $6) AND ("body"::text IS NOT DISTINCT FROM $7::text) AND ("p"::text IS NOT DISTINCT FROM $8::text) AND ("n" IS NOT DISTINCT FROM $9)"#)
        XCTAssertEqual(try sql(u, .sqlite).sql, #"UPDATE "doc" SET "id" = ?, "body" = ?, "p" = ?, "n" = ? WHERE ("id" = ?) AND ("id" IS ?) AND ("body" IS ?) AND ("p" IS ?) AND ("n" IS ?)"#)
        XCTAssertEqual(try sql(u, Self.odd).sql, "UPDATE `doc` SET `id` = @p1, `body` = @p2, `p` = @p3, `n` = @p4 WHERE (`id` = @p5) AND (`id` IS NOT DISTINCT FROM @p6) AND (`body` IS NOT DISTINCT FROM @p7) AND (`p` IS NOT DISTINCT FROM @p8) AND (`n` IS NOT DISTINCT FROM @p9)")
    }

    func testJoinsAndTransactions() throws {
        let s = Select(from: TableRef("hero"), items: [SelectItem(.col("name", of: "hero")), SelectItem(.col("name", of: "t"), as: "team")],
                       joins: [Join(.leftOuter, TableRef("team", alias: "t"), on: .col("id", of: "t").equals(.col("team_id", of: "hero")))])
        XCTAssertEqual(try sql(.select(s), .postgres).sql,
                       #"SELECT "hero"."name", "t"."name" AS "team" FROM "hero" LEFT OUTER JOIN "team" AS "t" ON "t"."id" = "hero"."team_id""#)
        XCTAssertEqual(try sql(.transaction(.savepoint("sp1")), .postgres).sql, #"SAVEPOINT "sp1""#)
        XCTAssertEqual(try sql(.transaction(.begin), .sqlite).sql, "BEGIN")
    }
}
