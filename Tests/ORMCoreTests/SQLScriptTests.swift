import Foundation
import ORMCore
import XCTest

/// Splitting typed SQL into statements, and telling reads from writes, without a server.
final class SQLScriptTests: XCTestCase {
    func split(_ s: String, _ d: Dialect = .postgres) -> [String] { SQLScript.split(s, dialect: d).map(\.sql) }

    func testSemicolonsInsideQuotesCommentsAndDollarQuotesDoNotSplit() {
        XCTAssertEqual(split("SELECT 1; SELECT 'a;b' ; -- c;d\nSELECT \"x;y\" FROM t;"),
                       ["SELECT 1", "SELECT 'a;b'", "SELECT \"x;y\" FROM t"])
        XCTAssertEqual(split("SELECT 'it''s; fine'; SELECT E'back\\'slash;'; SELECT 2"),
                       ["SELECT 'it''s; fine'", "SELECT E'back\\'slash;'", "SELECT 2"])
        let fn = "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql"
        XCTAssertEqual(split(fn + "; SELECT f()"), [fn, "SELECT f()"])
        XCTAssertEqual(split("DO $$ BEGIN PERFORM 1; END $$; SELECT 3"), ["DO $$ BEGIN PERFORM 1; END $$", "SELECT 3"])
        // PostgreSQL nests block comments; SQLite ends them at the first */.
        XCTAssertEqual(split("/* a /* b; */ c; */ SELECT 1; SELECT 2"), ["SELECT 1", "SELECT 2"])
        XCTAssertEqual(split("/* a /* b */ SELECT 1; SELECT 2", .sqlite), ["SELECT 1", "SELECT 2"])
        XCTAssertEqual(split("SELECT [a;b], `c;d` FROM t; SELECT 2", .sqlite), ["SELECT [a;b], `c;d` FROM t", "SELECT 2"])
        XCTAssertEqual(split(" ;; -- only a comment\n ; "), [])
    }

    func testTriggerBodiesAndAtomicFunctionsStayWhole() {
        let trigger = "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET n = CASE WHEN n > 0 THEN n END; INSERT INTO c VALUES (1); END"
        XCTAssertEqual(split(trigger + "; SELECT 1", .sqlite), [trigger, "SELECT 1"])
        let atomic = "CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END"
        XCTAssertEqual(split(atomic + ";SELECT 2"), [atomic, "SELECT 2"])
        // A BEGIN of its own is a statement, not a block.
        XCTAssertEqual(split("BEGIN; CREATE TABLE x (a int); COMMIT"), ["BEGIN", "CREATE TABLE x (a int)", "COMMIT"])
    }

    func testOffsetsAreUnicodeScalarsAndTheStatementUnderTheCursor() {
        let text = "SELECT 'é';\n  SELECT 2;SELECT 3"
        let all = SQLScript.split(text, dialect: .postgres)
        XCTAssertEqual(all.map(\.offset), [0, 14, 23])
        let scalars = Array(text.unicodeScalars)
        for s in all { XCTAssertEqual(String(String.UnicodeScalarView(scalars[s.offset..<(s.offset + s.sql.unicodeScalars.count)])), s.sql) }
        XCTAssertEqual(SQLScript.statement(at: 3, in: text, dialect: .postgres)?.sql, "SELECT 'é'")
        XCTAssertEqual(SQLScript.statement(at: 11, in: text, dialect: .postgres)?.sql, "SELECT 'é'")  // just after its ;
        XCTAssertEqual(SQLScript.statement(at: 16, in: text, dialect: .postgres)?.sql, "SELECT 2")
        XCTAssertEqual(SQLScript.statement(at: 30, in: text, dialect: .postgres)?.sql, "SELECT 3")
        XCTAssertNil(SQLScript.statement(at: 0, in: "-- nothing", dialect: .postgres))
    }

    func testClassificationIsConservative() {
        func kind(_ s: String, _ d: Dialect = .postgres) -> TypedStatementKind { TypedStatement(sql: s, dialect: d).kind }
        for read in ["SELECT * FROM big", "  (SELECT 1)", "WITH a AS (SELECT 1) SELECT * FROM a", "VALUES (1), (2)", "TABLE hero",
                     "SHOW search_path", "EXPLAIN SELECT 1", "EXPLAIN (FORMAT JSON) DELETE FROM t", "select 'insert into x'",
                     "SELECT \"update\" FROM t", "EXPLAIN QUERY PLAN SELECT 1"] {
            XCTAssertEqual(kind(read), .read, read)
        }
        for write in ["INSERT INTO t VALUES (1)", "update t set a = 1", "DELETE FROM t", "MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE",
                      "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", "WITH a AS (SELECT 1) INSERT INTO t SELECT * FROM a",
                      "SELECT * INTO copy FROM t", "TRUNCATE t", "GRANT SELECT ON t TO u", "VACUUM", "EXPLAIN ANALYZE DELETE FROM t",
                      "EXPLAIN (ANALYZE, BUFFERS) UPDATE t SET a = 1", "REPLACE INTO t VALUES (1)"] {
            XCTAssertEqual(kind(write), .write, write)
        }
        for ddl in ["CREATE TABLE x (a int)", "ALTER TABLE x ADD b int", "DROP TABLE x", "COMMENT ON TABLE x IS 'y'", "create index i on x (a)"] {
            XCTAssertEqual(kind(ddl), .schemaChange, ddl)
        }
        for tx in ["BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT s", "START TRANSACTION"] { XCTAssertEqual(kind(tx), .transactionControl, tx) }
        for unknown in ["SET search_path = x", "CALL p()", "DO $$ BEGIN END $$", "PRAGMA user_version = 3", "SELECT * FROM t FOR UPDATE",
                        "SELECT * FROM t FOR NO KEY UPDATE", "EXPLAIN ANALYZE SELECT 1", "COPY t TO STDOUT", "LISTEN x", "", "-- c"] {
            XCTAssertEqual(kind(unknown), .unknown, unknown)
        }
        XCTAssertTrue(TypedStatement(sql: "WITH a AS (SELECT 1) SELECT * FROM a", dialect: .postgres).isCursorQuery)
        XCTAssertFalse(TypedStatement(sql: "EXPLAIN SELECT 1", dialect: .postgres).isCursorQuery)
        XCTAssertFalse(TypedStatement(sql: "SELECT * FROM t FOR UPDATE", dialect: .postgres).isCursorQuery)
    }

    func testRefusalSentence() {
        let e = TypedSQLError.refusedReadOnly(verb: "DELETE", kind: .write, reason: "read-only mode (--read-only)")
        XCTAssertEqual(e.sentence, "Not run: DELETE writes and the session is read-only (read-only mode (--read-only)); nothing was sent to the database.")
    }
}

/// A logged statement made editable: its values written in as literals.
final class InlinedStatementTests: XCTestCase {
    func testPlaceholdersBecomeLiteralsOutsideStringsAndComments() {
        let pg = CompiledSQL(#"SELECT * FROM "hero" WHERE "name" = $1 AND note <> '$2' /* $2 */ AND "id" > $2 LIMIT $3"#,
                             [.text("O'Neil"), .int(7), .int(50)])
        XCTAssertEqual(pg.inlined(.postgres), #"SELECT * FROM "hero" WHERE "name" = 'O''Neil' AND note <> '$2' /* $2 */ AND "id" > 7 LIMIT 50"#)
        let lite = CompiledSQL(#"SELECT * FROM "hero" WHERE "a" = ? AND b = '?' AND "c" IN (?, ?, ?)"#,
                               [.bool(true), .null, .blob([0, 255]), .double(-.infinity)])
        XCTAssertEqual(lite.inlined(.sqlite), #"SELECT * FROM "hero" WHERE "a" = 1 AND b = '?' AND "c" IN (NULL, X'00ff', -9e999)"#)
        XCTAssertEqual(Dialect.postgres.literal(.blob([0, 255])), #"'\x00ff'"#)
        XCTAssertEqual(Dialect.postgres.literal(.bool(false)), "FALSE")
        XCTAssertEqual(Dialect.postgres.literal(.double(.nan)), "'NaN'")
        XCTAssertEqual(Dialect.postgres.literal(.date("2024-02-29")), "'2024-02-29'")
        XCTAssertEqual(CompiledSQL("SELECT $1", []).inlined(.postgres), "SELECT $1", "a placeholder without a value stays")
    }
}

/// Scripts built at random from pieces that hide semicolons split back into the statements they
/// were built from (seeded; the seed is printed).
final class SQLScriptRandomTests: XCTestCase {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state ^ (state >> 33)
        }
    }

    func testRandomScriptsSplitIntoTheirStatements() {
        let seed = ProcessInfo.processInfo.environment["ORMSCOPE_FUZZ_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 0...UInt64.max)
        print("SQLScriptRandomTests: fuzz seed \(seed) (rerun with ORMSCOPE_FUZZ_SEED=\(seed))")
        var g = Generator(state: seed)
        let common = ["'a;b'", "'it''s;'", "\"col;umn\"", "1", "x", "( 2 )", "'--;'", "'/*;*/'", "é;".dropLast().description]
        let postgresOnly = ["$$ ; $$", "$t$ a;b $ $t$", "E'\\';'", "/* a /* ; */ ; */"]
        let sqliteOnly = ["[a;b]", "`c;d`", "/* ; */"]
        for (dialect, pieces) in [(Dialect.postgres, common + postgresOnly), (Dialect.sqlite, common + sqliteOnly)] {
            for round in 0..<300 {
                var statements: [String] = []
                for _ in 0..<Int.random(in: 1...5, using: &g) {
                    var words = ["SELECT"]
                    for _ in 0..<Int.random(in: 1...6, using: &g) { words.append(pieces.randomElement(using: &g)!) }
                    // A statement's text ends at its last token: a comment after it is not part of it.
                    if words.last!.hasPrefix("/*") { words.append("1") }
                    statements.append(words.joined(separator: " "))
                }
                let separators = [";", " ;\n", ";; ", "; -- c;d\n", ";\n/* x; */ "]
                var script = ""
                for (i, s) in statements.enumerated() {
                    script += s
                    if i < statements.count - 1 || Bool.random(using: &g) { script += separators.randomElement(using: &g)! }
                }
                XCTAssertEqual(SQLScript.split(script, dialect: dialect).map(\.sql), statements,
                               "\(dialect.name) round \(round), seed \(seed): \(script)")
            }
        }
    }
}
