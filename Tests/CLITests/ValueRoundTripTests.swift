import Foundation
import ORMCore
import TestSupport
import XCTest

/// Issue 13, item 1: every type through `rows --format json` and back through `insert` / `update`
/// (`--set FIELD=<the value's JSON text>`, strings as they are), on both backends; the JSON row
/// comes back the same, and each type is written as README's "JSON output" table says.
final class ValueRoundTripTests: XCTestCase {
    static let postgresTable = """
        CREATE TYPE mood AS ENUM ('sad', 'happy');
        CREATE TABLE typed (
            id serial PRIMARY KEY, i integer, big bigint, r real, d double precision, n numeric(12,4), b boolean, t text,
            j json, jb jsonb, ia integer[], ta text[], na numeric[], ba boolean[], nested integer[][], bin bytea,
            u uuid, dt date, tm time, ts timestamp, tz timestamptz, m mood, iv interval)
        """
    static let postgresRow = """
        INSERT INTO typed (i, big, r, d, n, b, t, j, jb, ia, ta, na, ba, nested, bin, u, dt, tm, ts, tz, m, iv) VALUES (
            -7, 9007199254740993, 2.0, 'NaN', 12.5, true, E'say "hi",\\r\\n ok ',
            '{"z": [1, 2.50], "a": {"s": "é"}}', '{"k": null, "n": 1.10}', '{1,2,NULL}',
            ARRAY['a,b', 'say "hi"', 'NULL', '', ' sp ', E'back\\\\slash', NULL], '{1.50,2}', '{t,f}', '{{1,2},{3,4}}',
            '\\x00ff10', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', '2024-02-29', '12:34:56.5', '2024-01-02 03:04:05.25',
            '2024-01-02 03:04:05+05:30', 'happy', '1 day 02:00:00')
        """
    static let sqliteTable = """
        CREATE TABLE typed (
            id INTEGER PRIMARY KEY, i INTEGER, r REAL, d DOUBLE, n NUMERIC(12,4), b BOOLEAN, t TEXT, j JSON,
            bin BLOB, u UUID, dt DATE, tm TIME, ts TIMESTAMP, tz TIMESTAMPTZ)
        """
    /// (The JSON is compact: SQLite writes a JSON object as the text stored, and the `--set` round
    /// trip below gives the parsed form back; `StoredJSONTextTests` keeps other spacing byte for byte.)
    static let sqliteRow = """
        INSERT INTO typed (i, r, d, n, b, t, j, bin, u, dt, tm, ts, tz) VALUES (
            -7, 2.0, 1e300, 12.5, 1, 'say "hi",' || char(13, 10) || ' ok ', '{"z":[1,2.50],"a":{"s":"é"}}',
            x'00ff10', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', '2024-02-29', '12:34:56.5', '2024-01-02 03:04:05.25',
            '2024-01-02 03:04:05+05:30')
        """

    func testEveryTypeRoundTripsThroughJSONAndSet() throws {
        for backend in Backend.allCases {
            guard let location = try location(backend) else { continue }
            let db = Database(try connect(location))
            for sql in (backend == .postgres ? [Self.postgresTable, Self.postgresRow] : [Self.sqliteTable, Self.sqliteRow]) {
                for part in sql.components(separatedBy: ";\n") { _ = try db.execute(sql: part) }
            }
            db.close()
            try roundTrip(location, backend)
        }
    }

    /// The row's fields (parsed exactly, in order) and the row object's raw text.
    func row(_ location: String, _ id: Int) throws -> (fields: [(String, JSONNode)], text: String, document: String) {
        let r = try CLIGoldenTests.run(["get", "typed", String(id), "--db", location, "--format", "json"])
        XCTAssertEqual(r.status, 0, r.err + r.out)
        XCTAssertTrue(r.out.hasPrefix(#"{"format":1,"#), r.out)
        let start = try XCTUnwrap(r.out.range(of: #""rows":["#), r.out).upperBound
        let end = try XCTUnwrap(r.out.range(of: #"],"query_count""#), r.out).lowerBound
        let text = String(r.out[start..<end])
        guard case .object(let fields)? = JSONNode.parse(text) else { XCTFail("not one object: \(text)"); return ([], text, r.out) }
        return (fields, text, r.out)
    }

    /// `--set` text for a JSON value: strings as they are, everything else as its JSON text.
    func setText(_ v: JSONNode) -> String {
        switch v {
        case .string(let s): return s
        case .null: return "NULL"
        default: return v.text
        }
    }

    func roundTrip(_ location: String, _ backend: Backend) throws {
        let tag = "[\(backend.rawValue)] "
        let (first, text, document) = try row(location, 1)
        // Each type as it should be written.
        XCTAssertTrue(text.hasPrefix(#"{"id":1,"i":-7,"#), tag + "keys in column order: " + text)
        XCTAssertTrue(text.contains(#""r":2.0,"#), tag + "a real 2.0 stays 2.0: " + text)
        XCTAssertTrue(text.contains(#""n":"12.5"#), tag + "numeric is an exact string: " + text)
        XCTAssertTrue(text.contains(#""b":true,"#), tag + text)
        XCTAssertTrue(text.contains(#""t":"say \"hi\",\r\n ok ","#), tag + text)
        XCTAssertTrue(text.contains(#""j":{"z":[1,2.50],"a":{"s":"é"}}"#), tag + "json nested, numbers as stored: " + text)
        XCTAssertTrue(text.contains(#""bin":{"$binary":"AP8Q"}"#), tag + text)
        XCTAssertTrue(text.contains(#""u":"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11""#), tag + text)
        XCTAssertTrue(text.contains(#""dt":"2024-02-29""#), tag + text)
        if backend == .postgres {
            XCTAssertTrue(text.contains(#""ts":"2024-01-02T03:04:05.25""#), tag + text)
            XCTAssertNotNil(text.range(of: #""tz":"\d{4}-\d\d-\d\dT\d\d:\d\d:05[+-]\d\d:\d\d""#, options: .regularExpression),
                            tag + "timestamptz in ISO 8601 with its offset: " + text)
        } else {
            // SQLite: the text stored, whatever its form (the applications compare those texts).
            XCTAssertTrue(text.contains(#""ts":"2024-01-02 03:04:05.25","tz":"2024-01-02 03:04:05+05:30""#), tag + text)
        }
        if backend == .postgres {
            XCTAssertTrue(text.contains(#""big":9007199254740993,"#), tag + text)
            XCTAssertTrue(text.contains(#""d":"NaN","#), tag + text)
            XCTAssertTrue(text.contains(#""jb":{"k":null,"n":1.10}"#), tag + text)
            XCTAssertTrue(text.contains(#""ia":[1,2,null],"ta":["a,b","say \"hi\"","NULL",""," sp ","back\\slash",null],"#), tag + text)
            XCTAssertTrue(text.contains(#""na":["1.50","2"],"ba":[true,false],"nested":[[1,2],[3,4]],"#), tag + text)
            XCTAssertTrue(text.contains(#""m":"happy","iv":"1 day 02:00:00""#), tag + text)
        } else {
            XCTAssertTrue(text.contains(#""d":1e+300,"#), tag + text)
        }
        XCTAssertNotNil(try? JSONSerialization.jsonObject(with: Data(document.utf8)), tag + "a real JSON reader reads the document")

        // Back in: insert every field from its JSON form, then update that row (cleared first) from the same values.
        let sets = first.filter { $0.0 != "id" }.flatMap { ["--set", "\($0.0)=\(setText($0.1))"] }
        let inserted = try CLIGoldenTests.run(["insert", "typed", "--db", location, "--format", "json"] + sets)
        XCTAssertEqual(inserted.status, 0, tag + inserted.err + inserted.out)
        let second = try row(location, 2).text
        XCTAssertEqual(second, text.replacingOccurrences(of: #"{"id":1,"#, with: #"{"id":2,"#), tag + "insert gave back the same row")
        let cleared = try CLIGoldenTests.run(["update", "typed", "2", "--db", location, "--format", "json"]
                                   + first.filter { $0.0 != "id" }.flatMap { ["--null", $0.0] })
        XCTAssertEqual(cleared.status, 0, tag + cleared.err + cleared.out)
        XCTAssertTrue(try row(location, 2).text.hasPrefix(#"{"id":2,"i":null,"#), tag)
        let updated = try CLIGoldenTests.run(["update", "typed", "2", "--db", location, "--format", "json"] + sets)
        XCTAssertEqual(updated.status, 0, tag + updated.err + updated.out)
        XCTAssertEqual(try row(location, 2).text, second, tag + "update gave back the same row")
    }
}
