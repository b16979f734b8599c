import Foundation
import ORMCore
import PostgresDriver
import TestSupport
import XCTest

/// `ormscope sql`: typed statements through the real binary, on the demo (SQLite) and on
/// PostgreSQL directly and through pgbouncer.
extension CLIGoldenTests {
    /// Timings vary: every `12.34 ms`, with the spaces that pad it, becomes ` X ms`.
    func timeless(_ s: String) -> String {
        s.replacingOccurrences(of: #" *\d+\.\d+ ms"#, with: " X ms", options: .regularExpression)
    }

    func testSQLPrintsEachStatementsRowsAndCountsThenTheStatements() throws {
        let path = try demo()
        let r = try run(["sql", "--db", path, "SELECT id, name FROM team ORDER BY id LIMIT 3; UPDATE team SET name = name WHERE id <= 2; CREATE TABLE extra (id integer PRIMARY KEY)"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(timeless(r.out), """
            id  name
            1   Preventers
            2   Z-Force
            3   Avengers
            (3 rows)

            (2 rows affected)

            (CREATE)

            """)
        // Standard output is a pipe: the statement log is on standard error.
        XCTAssertEqual(timeless(r.err), """

            -- 3 statements, X ms:
              1 X ms      3 rows  typed by the user
                 SELECT id, name FROM team ORDER BY id LIMIT 3
              2 X ms      2 rows  typed by the user
                 UPDATE team SET name = name WHERE id <= 2
              3 X ms      0 rows  typed by the user
                 CREATE TABLE extra (id integer PRIMARY KEY)
            !! The schema changed: the model registry read before is stale (`ormscope models` reads it again).

            """)
    }

    func testSQLFormatsJSONCSVAndNDJSON() throws {
        let path = try demo()
        let sql = "SELECT id, name, 'a,b' AS x FROM team ORDER BY id LIMIT 2; SELECT 1 AS n, 2 AS n"
        let json = try run(["sql", "--db", path, "--format", "json", sql])
        XCTAssertEqual(json.status, 0, json.err)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        XCTAssertEqual(object["format"] as? Int, 1)
        XCTAssertTrue(json.out.hasPrefix(#"{"format":1,"results":[{"sql":"SELECT id, name, 'a,b' AS x FROM team ORDER BY id LIMIT 2","verb":"SELECT","kind":"read","columns":[{"name":"id","type":"INTEGER"},{"name":"name","type":"varchar(100)"},{"name":"x","type":""}],"rows":[[1,"Preventers","a,b"],[2,"Z-Force","a,b"]],"row_count":2,"affected":null,"has_more":false}"#), json.out)
        let results = try XCTUnwrap(object["results"] as? [[String: Any]])
        XCTAssertEqual(results.count, 2)
        XCTAssertEqual(object["query_count"] as? Int, 2)
        XCTAssertEqual((object["statements"] as? [[String: Any]])?.map { $0["cause"] as? String }, ["typed by the user", "typed by the user"])
        XCTAssertEqual(object["registry_stale"] as? Bool, false)

        let csv = try run(["sql", "--db", path, "--format", "csv", sql])
        XCTAssertEqual(csv.out, "id,name,x\r\n1,Preventers,\"a,b\"\r\n2,Z-Force,\"a,b\"\r\n\r\nn,n\r\n1,2\r\n")
        let nd = try run(["sql", "--db", path, "--format", "ndjson", sql])
        XCTAssertEqual(nd.out, "{\"id\":1,\"name\":\"Preventers\",\"x\":\"a,b\"}\n{\"id\":2,\"name\":\"Z-Force\",\"x\":\"a,b\"}\n{\"n\":1,\"n_2\":2}\n")
    }

    func testSQLFileStopsAtASyntaxErrorAndSaysWhere() throws {
        let path = try demo()
        let file = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("script.sql").path
        try "-- a script\nSELECT count(*) AS n FROM team;\nSELECT id\n  FROM team WHERE id = = 1;\nDELETE FROM team;\n".write(toFile: file, atomically: true, encoding: .utf8)
        let r = try run(["sql", "--db", path, "--file", file])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.out.hasPrefix("n\n60\n(1 row)\n"), r.out)
        XCTAssertTrue(timeless(r.err).contains("-- 2 statements"), r.err)
        XCTAssertFalse(r.out.contains("DELETE") || r.err.contains("DELETE FROM"), "the script stopped at the error")
        XCTAssertEqual(Self.sentence(r.err), "ormscope: Statement 2 of 3 (SELECT): near \"=\": syntax error (line 4, column 24). The 1 statement after it did not run:\n    FROM team WHERE id = = 1\n                         ^\n")
        let json = try run(["sql", "--db", path, "--file", file, "--format", "json"])
        XCTAssertEqual(json.status, 1)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        XCTAssertEqual(object["error"] as? String, "Statement 2 of 3 (SELECT): near \"=\": syntax error (line 4, column 24). The 1 statement after it did not run.")
        let at = try XCTUnwrap(object["error_position"] as? [String: Int])
        XCTAssertEqual(at["line"], 4)
        XCTAssertEqual(at["column"], 24)
        XCTAssertEqual(at["offset"], 33)
        XCTAssertEqual((object["results"] as? [Any])?.count, 1)
        // Only rows are left after the count from the team table: no team was deleted.
        XCTAssertEqual(try run(["sql", "--db", path, "--format", "csv", "SELECT count(*) AS n FROM team"]).out, "n\r\n60\r\n")
    }

    /// Statements run in order, each committed on its own: a failure says that those before it stay
    /// written (the tester's `UPDATE ...; DELETE ...` had said "nothing was written"), and with
    /// `--single-transaction` that they were rolled back with it.
    func testSQLScriptFailureSaysWhatTheStatementsBeforeItWrote() throws {
        let path = try demo()
        let script = "UPDATE team SET name = 'renamed' WHERE id = 1; INSERT INTO team (id, name) VALUES (1, 'dup'); SELECT 1"
        let r = try run(["sql", "--db", path, script])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains("\normscope: Statement 2 of 3 (INSERT): Unique constraint"), r.err)
        XCTAssertTrue(r.err.hasSuffix("nothing was written. The 1 statement before it that writes (UPDATE) ran and was committed: it stays written. The 1 statement after it did not run.\n"), r.err)
        XCTAssertEqual(try run(["sql", "--db", path, "--format", "csv", "SELECT name FROM team WHERE id = 1"]).out, "name\r\nrenamed\r\n")
        let single = try run(["sql", "--db", path, "--single-transaction", script.replacingOccurrences(of: "'renamed'", with: "'again'")])
        XCTAssertTrue(single.err.contains("The 1 statement before it that writes (UPDATE) was rolled back with it: nothing of the script was written."), single.err)
        XCTAssertEqual(try run(["sql", "--db", path, "--format", "csv", "SELECT name FROM team WHERE id = 1"]).out, "name\r\nrenamed\r\n")
        // One statement: its own sentence.
        XCTAssertFalse(try run(["sql", "--db", path, "INSERT INTO team (id, name) VALUES (1, 'dup')"]).err.contains("Statement 1"))
    }

    func testSQLReadOnlyRefusesBeforeTheDatabaseAndUsageMistakesAre64() throws {
        let path = try demo()
        let r = try run(["sql", "--db", path, "--read-only", "--format", "json", "SELECT 1; DELETE FROM team"])
        XCTAssertEqual(r.status, 1)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        XCTAssertEqual(object["error"] as? String, "Statement 2 of 2 (DELETE): Not run: DELETE writes and the session is read-only (read-only mode (--read-only)); nothing was sent to the database.")
        // The SELECT before it ran; the DELETE never reached the database.
        XCTAssertEqual(object["query_count"] as? Int, 1)
        let whole = try run(["sql", "--db", path, "--read-only", "--single-transaction", "SELECT 1; DELETE FROM team"])
        XCTAssertEqual(whole.status, 1)
        XCTAssertTrue(whole.err.contains("-- 0 statements"), whole.err)
        XCTAssertEqual(Self.sentence(whole.err), "ormscope: Not run: DELETE writes and the session is read-only (read-only mode (--read-only)); nothing was sent to the database.\n", "refused whole")
        XCTAssertEqual(try run(["sql", "--db", path]).status, 64)
        XCTAssertEqual(try run(["sql", "--db", path, "SELECT 1", "--file", "x.sql"]).status, 64)
        let empty = try run(["sql", "--db", path, " ; -- nothing"])
        XCTAssertEqual(empty.status, 1)
        XCTAssertEqual(Self.sentence(empty.err), "ormscope: There is no statement to run (only whitespace, comments or semicolons).\n")
    }

    func testSQLExplainShowsThePlanOfOneTypedStatement() throws {
        let path = try demo()
        let r = try run(["sql", "--db", path, "--explain", "SELECT * FROM team WHERE id = 3"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.hasPrefix("SELECT * FROM team WHERE id = 3\n\nSEARCH team USING INTEGER PRIMARY KEY (rowid=?)"), r.out)
        XCTAssertTrue(r.err.contains("explain (the plan of a statement)\n     EXPLAIN QUERY PLAN SELECT * FROM team WHERE id = 3"), r.err)
        XCTAssertEqual(try run(["sql", "--db", path, "--explain", "SELECT 1; SELECT 2"]).status, 64)
        XCTAssertEqual(try run(["sql", "--db", path, "--analyze", "SELECT 1"]).status, 64)
    }

    func testSQLStreamsALargePostgresResultThroughACursor() throws {
        let url = try postgresOnlyURL()
        let r = try run(["sql", "--db", url, "--format", "json", "--page-size", "1000",
                         "SELECT g AS n FROM generate_series(1, 20000) AS g"])
        XCTAssertEqual(r.status, 0, r.err)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let result = try XCTUnwrap((object["results"] as? [[String: Any]])?.first)
        XCTAssertEqual(result["row_count"] as? Int, 20000)
        XCTAssertEqual(result["columns"] as? [[String: String]], [["name": "n", "type": "integer"]])
        let statements = try XCTUnwrap(object["statements"] as? [[String: Any]]).map { $0["sql"] as? String ?? "" }
        XCTAssertEqual(statements.first, "BEGIN READ ONLY")
        XCTAssertEqual(statements.filter { $0.hasPrefix("FETCH FORWARD 1000") }.count, 21)
        XCTAssertEqual(statements.last, "COMMIT")
        XCTAssertEqual(object["query_count"] as? Int, statements.count)
        // --max-rows stops reading: two pages, then the cursor's transaction ends.
        let some = try run(["sql", "--db", url, "--max-rows", "1500", "--page-size", "1000", "SELECT g AS n FROM generate_series(1, 20000) AS g"])
        XCTAssertEqual(some.status, 0, some.err)
        XCTAssertTrue(some.out.contains("(1,500 rows, more not read (--max-rows))"), some.out)
        XCTAssertEqual(timeless(some.err).components(separatedBy: "FETCH FORWARD").count - 1, 2, some.err)
    }

    func testSQLThroughPgbouncerTheServerRefusesWhatTheTextCouldNotTell() throws {
        let url = try freshPgbouncerURL()
        let setup = Database(try PostgresConnection(url))
        try setup.execute(sql: "CREATE TABLE note (id serial PRIMARY KEY, body text)")
        try setup.execute(sql: "CREATE SEQUENCE seq")
        setup.close()
        for _ in 0..<3 {
            let r = try run(["sql", "--db", url, "--read-only", "SELECT nextval('seq')"])
            XCTAssertEqual(r.status, 1)
            XCTAssertEqual(Self.sentence(r.err), "ormscope: The database is read-only: cannot execute nextval() in a read-only transaction.\n")
            XCTAssertTrue(r.err.contains("BEGIN READ ONLY"), r.err)
            let ok = try run(["sql", "--db", url, "INSERT INTO note (body) VALUES ('x'); SELECT count(*) AS n FROM note"])
            XCTAssertEqual(ok.status, 0, ok.err)
            XCTAssertTrue(ok.out.contains("(1 row affected)"), ok.out)
        }
    }
}
