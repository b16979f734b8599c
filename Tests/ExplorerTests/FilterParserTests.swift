import Explorer
import ORMCore
import TestSupport
import XCTest

/// The filter language: what it compiles to, what its errors say, and that no input breaks it.
final class FilterParserTests: XCTestCase {
    static let registry: Registry = {
        let team = Model(name: "team", fields: [
            Field(name: "id", type: FieldType(declared: "integer"), isNullable: false, isAutoIncrement: true),
            Field(name: "name", type: FieldType(declared: "varchar(100)"), isNullable: false),
        ], primaryKey: ["id"])
        let hero = Model(name: "hero", fields: [
            Field(name: "id", type: FieldType(declared: "integer"), isNullable: false, isAutoIncrement: true),
            Field(name: "name", type: FieldType(declared: "varchar(100)"), isNullable: false),
            Field(name: "age", type: FieldType(declared: "integer")),
            Field(name: "score", type: FieldType(declared: "double precision")),
            Field(name: "is_active", type: FieldType(declared: "boolean")),
            Field(name: "born", type: FieldType(declared: "date")),
            Field(name: "token", type: FieldType(declared: "uuid")),
            Field(name: "mood", type: FieldType(declared: "mood", kind: .enumeration, enumLabels: ["sad", "ok", "happy"])),
            Field(name: "team_id", type: FieldType(declared: "integer")),
        ], primaryKey: ["id"], foreignKeys: [ForeignKey(columns: ["team_id"], referencedTable: "team", referencedColumns: ["id"])])
        let power = Model(name: "power", fields: [
            Field(name: "id", type: FieldType(declared: "integer"), isNullable: false),
            Field(name: "name", type: FieldType(declared: "text"), isNullable: false),
        ], primaryKey: ["id"])
        let link = Model(name: "hero_power_link", fields: [
            Field(name: "hero_id", type: FieldType(declared: "integer"), isNullable: false),
            Field(name: "power_id", type: FieldType(declared: "integer"), isNullable: false),
        ], primaryKey: ["hero_id", "power_id"], foreignKeys: [
            ForeignKey(columns: ["hero_id"], referencedTable: "hero", referencedColumns: ["id"]),
            ForeignKey(columns: ["power_id"], referencedTable: "power", referencedColumns: ["id"]),
        ])
        return Registry(backend: "test", models: [team, hero, power, link])
    }()

    func sql(_ filter: String, _ dialect: Dialect = .postgres, model: String = "hero") throws -> CompiledSQL {
        let m = try Self.registry.require(model)
        let e = try FilterParser.parse(filter, model: m, registry: Self.registry)
        return try SQLCompiler.compile(.select(Select(from: m.table, where: e)), dialect: dialect)
    }

    func where_(_ filter: String) throws -> String {
        let s = try sql(filter).sql
        return s.components(separatedBy: " WHERE ").dropFirst().joined(separator: " WHERE ")
    }

    func testComparisonsLogicAndLiterals() throws {
        XCTAssertEqual(try where_("age >= 30 and (name like \"Dead%\" or name = 'Rusty') and not is_active = true"),
                       #"("age" >= $1) AND (("name" LIKE $2) OR ("name" = $3)) AND (NOT ("is_active" = $4))"#)
        XCTAssertEqual(try sql("age >= 30 and name ilike 'dead%'").binds, [.int(30), .text("dead%")])
        XCTAssertEqual(try where_("age is null or age is not null"), #"("age" IS NULL) OR ("age" IS NOT NULL)"#)
        XCTAssertEqual(try where_("id in (1, 2,3) and age not in (4)"), #"("id" IN ($1, $2, $3)) AND ("age" NOT IN ($4))"#)
        XCTAssertEqual(try where_("age != 3 or age == 4 or age <> 5"), #"("age" <> $1) OR ("age" = $2) OR ("age" <> $3)"#)
        XCTAssertEqual(try where_("name not like 'x%'"), #"NOT ("name" LIKE $1)"#)
        XCTAssertEqual(try sql("score < -1.5e3 and born > \"2024-02-29\" and token = '1b4e28ba-2fa1-11d2-883f-0016d3cca427'").binds,
                       [.double(-1500), .date("2024-02-29"), .uuid(UUID(uuidString: "1b4e28ba-2fa1-11d2-883f-0016d3cca427")!)])
        XCTAssertEqual(try where_("age = null"), #""age" IS NULL"#)
        XCTAssertEqual(try sql("name = 'It''s \"fine\"'").binds, [.text(#"It's "fine""#)])
        XCTAssertNil(try FilterParser.parse("   ", model: Self.registry.require("hero"), registry: Self.registry))
    }

    func testRelationshipPaths() throws {
        XCTAssertEqual(try sql("team.name = \"Avengers\"").sql,
                       #"SELECT * FROM "hero" WHERE "team_id" IN (SELECT "id" FROM "team" WHERE "name" = $1)"#)
        XCTAssertEqual(try sql("heroes.age > 90", model: "team").sql,
                       #"SELECT * FROM "team" WHERE "id" IN (SELECT "team_id" FROM "hero" WHERE "age" > $1)"#)
        XCTAssertEqual(try sql("powers.name = 'flight'").sql,
                       #"SELECT * FROM "hero" WHERE "id" IN (SELECT "hero_power_link"."hero_id" FROM "hero_power_link" WHERE "hero_power_link"."power_id" IN (SELECT "id" FROM "power" WHERE "name" = $1))"#)
        XCTAssertEqual(try sql("heroes.team.name like 'A%'", model: "team").binds, [.text("A%")])
    }

    func testMistakesSayWhereAndWhat() {
        func message(_ filter: String) -> String {
            do {
                _ = try sql(filter)
                return "no error"
            } catch { return "\(error)" }
        }
        XCTAssertEqual(message("agee > 3"), "Filter error at column 1: hero has no field agee; did you mean age?")
        XCTAssertEqual(message("age > "), "Filter error at column 7: expected a value (a number, \"text\", true, false or null), but found the end.")
        XCTAssertEqual(message("age > 'old'"), "Filter error at column 7: age is a whole number (\"old\" is not).")
        XCTAssertEqual(message("(age > 3"), "Filter error at column 9: expected ) to close the parenthesis, but found the end.")
        XCTAssertEqual(message("name = 'abc"), "Filter error at column 8: the text starting here has no closing '.")
        XCTAssertEqual(message("age > 3 nd age < 5"), "Filter error at column 9: expected and, or or the end, but found nd.")
        XCTAssertEqual(message("tem.name = 'x'"), "Filter error at column 1: hero has no relationship tem; did you mean team?")
        XCTAssertEqual(message("age ~ 3"), "Filter error at column 5: \"~\" cannot be used here.")
        XCTAssertEqual(message("age < null"), "Filter error at column 1: < null is never true; use is null or is not null.")
        XCTAssertEqual(message("born = '31/12/2024'"), "Filter error at column 8: born is a date like 2024-01-31 (\"31/12/2024\" is not).")
        // An enum's labels are in the registry: a value outside them never reaches the database.
        XCTAssertEqual(message("id > 1 and mood in ('ok', 'Happy')"), "Filter error at column 27: mood (mood) cannot be \"Happy\": it is one of sad, ok, happy.")
        XCTAssertEqual(message("mood like 'ha%' and mood >= 'ok'"), "no error", "a pattern is no label; an order between labels is fine")
        let e = FilterError(message: "x", position: 5, input: "age ~ 3")
        XCTAssertEqual(e.pointer, "age ~ 3\n    ^")
    }

    /// Many thousands of random and mutated inputs (some nested thousands deep): each parses into
    /// bound SQL or fails with a FilterError whose position is inside the input; none crashes, and
    /// no typed text reaches the SQL. Seeded: a failure names its seed, and
    /// ORMSCOPE_FUZZ_SEED=<seed> replays it.
    func testFuzzNeverCrashesAndNeverInjects() throws {
        let seed = ProcessInfo.processInfo.environment["ORMSCOPE_FUZZ_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 0...UInt64.max)
        var rng = SplitMix64(seed: seed)
        let replay = " (fuzz seed \(seed): rerun with ORMSCOPE_FUZZ_SEED=\(seed))"
        let pieces = ["age", "name", "team", ".", "team.name", "id", "in", "(", ")", ",", "and", "or", "not", "is", "null",
                      "like", "ilike", "=", "!=", "<>", "<", "<=", ">", ">=", "==", "'x'", "\"Dead%\"", "'; DROP TABLE hero; --",
                      "42", "-1.5", "1e9", "true", "false", "'2024-01-01'", "`age`", "'", "\"", "\\", "🦸", "孙悟空", "\u{0}",
                      " ", "  ", "heroes", "powers.name", "--", "/*", "*/", ";"]
        let valid = ["age >= 30 and name like \"Dead%\"", "team.name = 'Avengers' or id in (1, 2)", "not (age is null)",
                     "powers.name ilike '%fl%'", "score < 1.5 and is_active = false"]
        let hero = try Self.registry.require("hero")
        var parsed = 0, rejected = 0
        for n in 0..<20_000 {
            var input: String
            if n % 500 == 1 {
                // Deep nesting: parentheses and nots up to three times the parser's limit.
                let depth = Int.random(in: 1...(3 * FilterParser.maxDepth), using: &rng)
                input = Bool.random(using: &rng) ? String(repeating: "(", count: depth) + "age > 1" + String(repeating: ")", count: depth)
                    : String(repeating: "not ", count: depth) + "age > 1"
            } else if n % 2 == 0 {
                input = (0..<Int.random(in: 1...12, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined(separator: Bool.random(using: &rng) ? " " : "")
            } else {
                var chars = Array(valid.randomElement(using: &rng)!)
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    let k = Int.random(in: 0..<chars.count, using: &rng)
                    switch Int.random(in: 0..<3, using: &rng) {
                    case 0: chars.remove(at: k)
                    case 1: chars.insert(Character(UnicodeScalar(UInt8.random(in: 32...126, using: &rng))), at: k)
                    default: chars[k] = ["'", "\"", "(", ")", ";", "-", "\\", "é"].randomElement(using: &rng)!
                    }
                    if chars.isEmpty { chars = ["a"] }
                }
                input = String(chars)
            }
            do {
                guard let e = try FilterParser.parse(input, model: hero, registry: Self.registry) else { continue }
                let c = try SQLCompiler.compile(.select(Select(from: hero.table, where: e)), dialect: .sqlite)
                parsed += 1
                XCTAssertFalse(c.sql.contains("DROP"), "typed text reached the SQL: \(input) -> \(c.sql)" + replay)
                XCTAssertFalse(c.sql.contains(";"), "typed text reached the SQL: \(input) -> \(c.sql)" + replay)
                XCTAssertEqual(c.sql.filter { $0 == "?" }.count, c.binds.count, input + replay)
            } catch let error as FilterError {
                rejected += 1
                XCTAssertTrue((1...(input.count + 1)).contains(error.position), "\(input.prefix(200)): \(error.sentence)" + replay)
            } catch {
                XCTFail("\(input.prefix(200)): not a FilterError: \(error)" + replay)
            }
        }
        XCTAssertGreaterThan(parsed, 500, "the fuzz reaches valid filters too" + replay)
        XCTAssertGreaterThan(rejected, 5_000, replay)
    }
}

extension FilterParserTests {
    /// The parser stops at depth 1,000 with the position of the token past it, never recursing
    /// until the stack runs out (15,000 parentheses, 20,000 nots).
    func testNestingHasALimitWithAPosition() throws {
        let hero = try Self.registry.require("hero")
        func parse(_ s: String) throws -> SQLExpression? { try FilterParser.parse(s, model: hero, registry: Self.registry) }
        XCTAssertNotNil(try parse(String(repeating: "(", count: 1_000) + "age > 1" + String(repeating: ")", count: 1_000)))
        XCTAssertNotNil(try parse(String(repeating: "not ", count: 1_000) + "age > 1"))
        XCTAssertNotNil(try parse(String(repeating: "not (", count: 500) + "age > 1" + String(repeating: ")", count: 500)))
        for (input, column) in [(String(repeating: "(", count: 15_000) + "age > 1" + String(repeating: ")", count: 15_000), 1_001),
                                (String(repeating: "not ", count: 20_000) + "age > 1", 4_001),
                                (String(repeating: "not (", count: 501) + "age > 1" + String(repeating: ")", count: 501), 2_501)] {
            XCTAssertThrowsError(try parse(input)) { error in
                XCTAssertEqual(error as? FilterError, FilterError(
                    message: "parentheses and not are nested more than 1,000 deep here; simplify the filter", position: column, input: input))
            }
        }
        // Siblings do not add up: a long flat filter is not deep.
        XCTAssertNotNil(try parse(Array(repeating: "(age > 1)", count: 5_000).joined(separator: " or ")))
    }

    /// A field or relationship name in double quotes (or backticks) is exact; a bare one is exact
    /// or its one case-insensitive match; a single-quoted text is a value, never a name.
    func testQuotedAndFoldedFieldNames() throws {
        for filter in [#""name" = 'x'"#, "NAME = 'x'", "`name` = 'x'", "Name = 'x'"] {
            XCTAssertEqual(try sql(filter).sql, #"SELECT * FROM "hero" WHERE "name" = $1"#, filter)
        }
        XCTAssertTrue(try sql(#"TEAM."name" = 'x'"#).sql.contains(#"WHERE "name" = $1)"#))
        XCTAssertThrowsError(try sql(#""NAME" = 'x'"#)) { e in
            XCTAssertEqual((e as? FilterError)?.message, #"hero has no field "NAME"; did you mean name?"#)
        }
        XCTAssertThrowsError(try sql("'name' = 'x'")) { e in
            XCTAssertEqual((e as? FilterError)?.message, "expected a field name, but found 'name'")
        }
    }

    /// On SQLite, with one stored text of the column, a quoted date is the range of texts of its
    /// instant (`DateText.bounds`); without one (no row read, PostgreSQL) it is the value as typed.
    func testAQuotedDateIsCompletedToTheStoredShapeOnSQLite() throws {
        let ev = Model(name: "ev", fields: [
            Field(name: "id", type: .sqlite("INTEGER"), isNullable: false),
            Field(name: "at", type: .sqlite("DATETIME")),
        ], primaryKey: ["id"])
        let registry = Registry(backend: "sqlite", models: [ev])
        let stored = [FilterParser.storedDateKey(ev, "at"): "2024-01-02 03:04:05"]
        func compiled(_ filter: String, _ stored: [String: String]) throws -> CompiledSQL {
            let e = try FilterParser.parse(filter, model: ev, registry: registry, storedDates: stored)
            return try SQLCompiler.compile(.select(Select(from: ev.table, where: e)), dialect: .sqlite)
        }
        var c = try compiled(#"at = "2024-03-31""#, stored)
        XCTAssertTrue(c.sql.hasSuffix(#"WHERE ("at" >= ?) AND ("at" <= ?)"#), c.sql)
        XCTAssertEqual(c.binds.map(\.displayText), ["2024-03-31 00:00:00", "2024-03-31 00:00:00.000000"])
        c = try compiled(#"at > "2024-03-31 02:30" or at < "2024-01-01""#, stored)
        XCTAssertEqual(c.binds.map(\.displayText), ["2024-03-31 02:30:00.000000", "2024-01-01 00:00:00"])
        c = try compiled(#"at = "2024-03-31""#, [:])
        XCTAssertTrue(c.sql.hasSuffix(#"WHERE "at" = ?"#), c.sql)
        XCTAssertEqual(c.binds.map(\.displayText), ["2024-03-31"])
        c = try compiled(#"id in (1, 2) and at not in ("2024-03-31")"#, stored)
        XCTAssertTrue(c.sql.contains(#""id" IN (?, ?)"#), c.sql)
        XCTAssertTrue(c.sql.contains(#"NOT"#), c.sql)
    }
}
