import Explorer
import ExplorerRuntime
import Foundation
import ORMCore
import TestSupport
import XCTest

/// Every type, round-tripped, through the path the explorer and the CLI use (`Runtime`, which
/// turns conflict detection on, and `Session.write`): a value put in with raw SQL is read, shown,
/// edited to a new value and read back with the database's own text (`col::text` on PostgreSQL,
/// `quote(col)` on SQLite), identical to what was typed, as the database spells it.
final class TypeRoundTripTests: XCTestCase {
    struct Case {
        /// The column's type, as in CREATE TABLE.
        var type: String
        /// The first value, as an SQL literal.
        var literal: String
        /// What the explorer shows for it (nil: the database's own text, `col::text`).
        var shown: String?
        /// What the user types as the new value.
        var typed: String
        /// The database's text afterwards (nil: PostgreSQL's reading of `typed`, `'typed'::type::text`).
        var after: String?

        init(_ type: String, _ literal: String, shown: String? = nil, _ typed: String, after: String? = nil) {
            self.type = type
            self.literal = literal
            self.shown = shown
            self.typed = typed
            self.after = after
        }
    }

    static let postgres: [Case] = [
        Case("smallint", "12", "-32768", after: "-32768"),
        Case("integer", "2147483647", "-2147483648", after: "-2147483648"),
        Case("bigint", "9223372036854775807", "-9223372036854775808", after: "-9223372036854775808"),
        Case("numeric(40,20)", "'12345678901234567890.12345678901234567890'",
             "-98765432109876543210.98765432109876543210", after: "-98765432109876543210.98765432109876543210"),
        Case("numeric", "'NaN'", "0.1000", after: "0.1000"),
        Case("numeric", "'1e-30'", "Infinity", after: "Infinity"),
        Case("real", "1.5", "NaN", after: "NaN"),
        Case("real", "'Infinity'", "0.1", after: "0.1"),
        Case("double precision", "'-Infinity'", "1e+300", after: "1e+300"),
        // A whole double shows with ".0" (as SQLite prints it); PostgreSQL's text is "3".
        Case("double precision", "3", shown: "3.0", "-0.000123", after: "-0.000123"),
        Case("money", "12.34", "$1,234.56", after: "$1,234.56"),
        Case("text", "E'h\\u00e9llo\\nworld'", "it's \"quoted\" 🌍 -- ; drop", after: "it's \"quoted\" 🌍 -- ; drop"),
        Case("varchar(10)", "'abc'", "ten chars!", after: "ten chars!"),
        // char(n) is read padded; its ::text drops the padding.
        Case("char(5)", "'ab'", shown: "ab   ", "xyz", after: "xyz"),
        Case("bytea", "'\\x00ff10'", "\\xdeadbeef", after: "\\xdeadbeef"),
        Case("boolean", "true", "false", after: "false"),
        Case("date", "'0044-03-15 BC'", "5874897-12-31", after: "5874897-12-31"),
        Case("date", "'infinity'", "-infinity", after: "-infinity"),
        Case("date", "'2024-02-29'", "0044-03-15 BC", after: "0044-03-15 BC"),
        Case("time", "'12:34:56.789'", "23:59:59.999999", after: "23:59:59.999999"),
        Case("timetz", "'12:34:56+05:30'", "01:02:03-08", after: "01:02:03-08"),
        Case("timestamp", "'2024-01-31 12:00:00'", "infinity", after: "infinity"),
        Case("timestamp", "'0044-03-15 12:00:00 BC'", "1999-12-31 23:59:59.5", after: "1999-12-31 23:59:59.5"),
        Case("timestamptz", "'infinity'", "2024-01-31 12:00:00+00"),
        Case("timestamptz", "'-infinity'", "0044-03-15 12:00:00+00 BC"),
        Case("timestamptz", "'2024-06-01 08:30:00+02'", "-infinity", after: "-infinity"),
        Case("interval", "'1 year 2 mons 3 days 04:05:06.789'", "P1Y2M", after: "1 year 2 mons"),
        Case("interval", "'-1 days +02:00:00'", "00:00:00.000001", after: "00:00:00.000001"),
        Case("uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", "00000000-0000-0000-0000-000000000001",
             after: "00000000-0000-0000-0000-000000000001"),
        // json keeps its text as typed (spaces, key order, duplicate keys, big numbers); jsonb normalises.
        Case("json", "'{\"b\": 1,  \"a\": [1, 2]}'", "[1, \"x\" ,null, {\"n\": 1e400}]", after: "[1, \"x\" ,null, {\"n\": 1e400}]"),
        Case("jsonb", "'{\"b\": 1, \"a\": [1,2]}'", "{\"z\":true,  \"a\":\"é\"}", after: "{\"a\": \"é\", \"z\": true}"),
        Case("xml", "'<a x=\"1\">t</a>'", "<b/>text &amp; more", after: "<b/>text &amp; more"),
        Case("point", "'(1.5,2)'", "(-3,4.25)", after: "(-3,4.25)"),
        Case("box", "'(1,1),(0,0)'", "(3,4),(1,2)", after: "(3,4),(1,2)"),
        Case("polygon", "'((0,0),(1,0),(1,1))'", "((0,0),(2,0),(2,2),(0,2))", after: "((0,0),(2,0),(2,2),(0,2))"),
        Case("circle", "'<(1,2),3>'", "<(0,0),1.5>", after: "<(0,0),1.5>"),
        Case("line", "'{1,-1,0}'", "{2,3,4}", after: "{2,3,4}"),
        Case("lseg", "'[(0,0),(1,1)]'", "[(1,2),(3,4)]", after: "[(1,2),(3,4)]"),
        Case("path", "'[(0,0),(1,1)]'", "((0,0),(1,1),(2,0))", after: "((0,0),(1,1),(2,0))"),
        Case("int4range", "'[1,10)'", "(5,7]", after: "[6,8)"),
        Case("tsrange", "'[2024-01-01 00:00,2024-02-01 00:00)'", "(,\"2024-03-01 12:00:00\"]"),
        Case("int4multirange", "'{[1,3), [5,8)}'", "{[10,20)}", after: "{[10,20)}"),
        // inet's ::text always shows the mask (its output function leaves out /128).
        Case("inet", "'192.168.0.1/24'", "::1", after: "::1/128"),
        Case("cidr", "'10.0.0.0/8'", "2001:db8::/32", after: "2001:db8::/32"),
        Case("macaddr", "'08:00:2b:01:02:03'", "08-00-2b-aa-bb-cc", after: "08:00:2b:aa:bb:cc"),
        Case("bit(8)", "B'10101010'", "00001111", after: "00001111"),
        Case("varbit", "B'101'", "1", after: "1"),
        Case("mood", "'ok'", "happy", after: "happy"),
        Case("posint", "5", "42", after: "42"),
        Case("jdoc", "'{\"k\": 1}'", "{\"k\": 2}", after: "{\"k\": 2}"),
        Case("integer[]", "'{1,2,3}'", "{}", after: "{}"),
        Case("text[]", "'{\"a b\",NULL,\"c,d\"}'", "{x,\"y \\\"z\\\"\"}", after: "{x,\"y \\\"z\\\"\"}"),
        Case("mood[]", "'{sad,ok}'", "{happy}", after: "{happy}"),
        Case("tsvector", "'a fat cat'", "'rat':1 'sat':2", after: "'rat':1 'sat':2"),
        Case("oid", "42", "4294967295", after: "4294967295"),
    ]

    static let sqlite: [Case] = [
        Case("INTEGER", "42", shown: "42", "-7", after: "-7"),
        Case("REAL", "1.5", shown: "1.5", "2.25", after: "2.25"),
        Case("TEXT", "'h' || char(233) || 'llo'", shown: "héllo", "it's", after: "'it''s'"),
        Case("BLOB", "X'00FF'", shown: "\\x00ff", "\\xdeadbeef", after: "X'DEADBEEF'"),
        // NUMERIC affinity turns text that reads as a number into one, as SQLite does.
        Case("NUMERIC", "12.50", shown: "12.5", "7", after: "7"),
        Case("NUMERIC", "'n/a'", shown: "n/a", "1e3", after: "1000"),
        Case("VARCHAR(10)", "'abc'", shown: "abc", "ten chars!", after: "'ten chars!'"),
        Case("DATETIME", "'2024-01-31 12:00:00'", shown: "2024-01-31 12:00:00", "0044-03-15 12:00:00 BC", after: "'0044-03-15 12:00:00 BC'"),
        Case("DATE", "'2024-01-31'", shown: "2024-01-31", "infinity", after: "'infinity'"),
        Case("BOOLEAN", "1", shown: "true", "false", after: "0"),
        Case("DECIMAL(10,2)", "12.5", shown: "12.5", "99.99", after: "99.99"),
        Case("JSON", "'{\"a\":1}'", shown: "{\"a\":1}", "[1, 2]", after: "'[1, 2]'"),
        // No declared type holds any value; typed text is stored as text.
        Case("", "42", shown: "42", "hello", after: "'hello'"),
        Case("", "X'01'", shown: "\\x01", "43", after: "'43'"),
        // SQLite's rules give POINT (it contains INT) INTEGER affinity.
        Case("FLOATING POINT", "1", shown: "1", "2", after: "2"),
        Case("STRING", "'abc'", shown: "abc", "12", after: "12"),
    ]

    func testEveryTypeIsReadShownEditedAndWrittenBackExactly() throws {
        try eachBackend { db, backend in
            let cases = backend == .postgres ? Self.postgres : Self.sqlite
            if backend == .postgres {
                try db.execute(sql: "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')")
                try db.execute(sql: "CREATE DOMAIN posint AS integer CHECK (VALUE > 0)")
                try db.execute(sql: "CREATE DOMAIN jdoc AS json")
            }
            for (i, c) in cases.enumerated() {
                try db.execute(sql: "CREATE TABLE t\(i) (id integer PRIMARY KEY, v \(c.type))")
                try db.execute(sql: "INSERT INTO t\(i) (id, v) VALUES (1, \(c.literal))")
            }
            let runtime = Runtime(session: try Session(db))
            XCTAssertTrue(runtime.session.detectConflicts)
            func text(_ i: Int) throws -> String? {
                let sql = backend == .postgres ? "SELECT v::text FROM t\(i)" : "SELECT quote(v) FROM t\(i)"
                return try db.fetchAll(CompiledSQL(sql)).first?[0].displayText
            }
            var id = 0
            for (i, c) in cases.enumerated() {
                let label = "[\(backend)] \(c.type.isEmpty ? "(none)" : c.type) \(c.literal)"
                let held = try text(i)
                id += 1
                guard case .rowLoaded(_, let row, _)? = runtime.perform(.loadRow(id: id, action: "get t\(i)", model: "t\(i)", key: [.int(1)])) else {
                    XCTFail("\(label): not read"); continue
                }
                let value = row["v"] ?? .null
                XCTAssertEqual(value.displayText, c.shown ?? held, "\(label): shown")
                // Edited with the row as read as the conflict guard (an edit form's values).
                id += 1
                let wrote = runtime.perform(.write(id: id, action: "edit t\(i)",
                                                   request: .update(model: "t\(i)", key: [.int(1)], values: ["v": .text(c.typed)], original: row),
                                                   commit: true))
                if case .failed(_, let report)? = wrote { XCTFail("\(label): edit to \(c.typed) failed: \(report.error ?? "")"); continue }
                var expected = c.after
                if expected == nil {
                    expected = try db.fetchAll(CompiledSQL("SELECT $1::\(c.type)::text", [.text(c.typed)])).first?[0].displayText
                }
                XCTAssertEqual(try text(i), expected, "\(label): after typing \(c.typed)")
                XCTAssertFalse(db.inTransaction, label)
            }
        }
    }

    /// The conflict guard of a json / xml / point column compares text, so a row someone else
    /// changed meanwhile is a conflict (and an unchanged one is written).
    func testJSONAndXMLRowsAreGuardedByTheirText() throws {
        _ = try requiredURL("ORMSCOPE_TEST_PG_URL", "PostgreSQL")
        let db = try XCTUnwrap(try open(.postgres))
        defer { db.close() }
        try db.execute(sql: "CREATE TABLE doc (id integer PRIMARY KEY, body json, x xml, p point, n text)")
        try db.execute(sql: "INSERT INTO doc VALUES (1, '{\"a\": 1}', '<a/>', '(1,2)', 'first')")
        let runtime = Runtime(session: try Session(db))
        guard case .rowLoaded(_, let row, _)? = runtime.perform(.loadRow(id: 1, action: "get", model: "doc", key: [.int(1)])) else {
            return XCTFail("not read")
        }
        let edit = WriteRequest.update(model: "doc", key: [.int(1)], values: ["body": "[2]", "x": "<b/>", "p": "(3,4)", "n": "second"], original: row)
        guard case .wrote(_, let report)? = runtime.perform(.write(id: 2, action: "edit", request: edit, commit: true)) else {
            return XCTFail("the edit failed")
        }
        let update = try XCTUnwrap(report.statements.first { $0.sql.hasPrefix("UPDATE") }).sql
        XCTAssertTrue(update.contains("\"body\"::text IS NOT DISTINCT FROM $"), update)
        XCTAssertTrue(update.contains("\"x\"::text IS NOT DISTINCT FROM $"), update)
        XCTAssertTrue(update.contains("\"n\" IS NOT DISTINCT FROM $"), update)
        XCTAssertEqual(try db.fetchAll(CompiledSQL("SELECT body::text || x::text || p::text || n FROM doc")).first?[0].displayText, "[2]<b/>(3,4)second")
        // The same form sent again: the row no longer holds what it showed, so it is a conflict.
        guard case .failed(_, let failed)? = runtime.perform(.write(id: 3, action: "edit again", request: edit, commit: true)) else {
            return XCTFail("a stale edit was written")
        }
        XCTAssertTrue(failed.error?.contains("changed") ?? false, failed.error ?? "")
    }

    /// Changing a primary-key column finds the row by its old key (and the new key is the one read back).
    func testChangingAKeyColumnWorks() throws {
        try eachBackend { db, backend in
            try db.execute(sql: "CREATE TABLE k (id integer PRIMARY KEY, code text NOT NULL, name text)")
            try db.execute(sql: "CREATE TABLE c (code varchar(10) PRIMARY KEY, label text)")
            try db.execute(sql: "INSERT INTO k VALUES (1, 'a', 'one'), (2, 'b', 'two')")
            try db.execute(sql: "INSERT INTO c VALUES ('x', 'ex')")
            let runtime = Runtime(session: try Session(db))
            guard case .rowLoaded(_, let row, _)? = runtime.perform(.loadRow(id: 1, action: "get", model: "k", key: [.int(1)])) else {
                return XCTFail("not read")
            }
            let wrote = runtime.perform(.write(id: 2, action: "edit", request: .update(model: "k", key: [.int(1)], values: ["id": "10", "name": "ten"], original: row), commit: true))
            if case .failed(_, let r)? = wrote { XCTFail("[\(backend)] \(r.error ?? "")") }
            let rows = try db.fetchAll(CompiledSQL("SELECT id, name FROM k ORDER BY id")).map { $0.values.map { $0.displayText ?? "NULL" } }
            XCTAssertEqual(rows, [["2", "two"], ["10", "ten"]], "[\(backend)]")
            // A text key, without an edit form's values (the row as read at write time).
            let text = runtime.perform(.write(id: 3, action: "edit c", request: .update(model: "c", key: [.text("x")], values: ["code": "y"]), commit: true))
            if case .failed(_, let r)? = text { XCTFail("[\(backend)] \(r.error ?? "")") }
            XCTAssertEqual(try db.fetchAll(CompiledSQL("SELECT code FROM c")).first?[0].displayText, "y", "[\(backend)]")
            // And through the session directly, twice in one transaction: the second change starts from the first's key.
            let session = try Session(db)
            session.detectConflicts = true
            let e = try session.require("k", [.int(2)])
            try e.set("id", .int(20))
            try session.flush()
            try e.set("id", .int(21))
            try session.commit()
            XCTAssertEqual(try db.fetchAll(CompiledSQL("SELECT count(*) FROM k WHERE id = 21")).first?[0], .int(1), "[\(backend)]")
        }
    }
}
