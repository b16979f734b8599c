import Foundation
import ORMCore
import TestSupport
import XCTest

/// Django's JSONField on SQLite is a text column with `CHECK (JSON_VALID("attrs") OR "attrs" IS NULL)`:
/// its objects and arrays are nested in JSON output, as PostgreSQL's jsonb is (so one jq script reads
/// both), written as the very text stored, and `insert --from` stores that text back byte for byte
/// (spaces after `:` and `,` as Python's json.dumps writes them, key order, big numbers, non-ASCII).
/// What cannot stand in a JSON line as it is (line breaks, edge spaces, a bare scalar) stays a string.
final class StoredJSONTextTests: XCTestCase {
    static let table = """
        CREATE TABLE "shop_product" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
            "attrs" text NULL CHECK ((JSON_VALID("attrs") OR "attrs" IS NULL)), "doc" JSON, "note" text)
        """
    static let texts = [
        #"{"weight_g": 450, "colors": ["red", "black"], "nested": {"a": null, "b": 1.5}}"#,
        #"{"organic": true, "big": 12345678901234567890, "z": 1, "a": 2}"#,
        #"[1, 2.50, "é ü", {"k": []}]"#,
        #""just a string""#,
        "1.50",
        "null",
        "{\n  \"pretty\": true\n}",
        #" {"edge": 1} "#,
    ]

    func stored(_ db: Database) throws -> [[Value]] {
        try db.fetchAll(CompiledSQL("SELECT quote(attrs), typeof(attrs), quote(doc), quote(note) FROM shop_product ORDER BY id")).map(\.values)
    }

    func testDjangosJSONFieldIsNestedAndComesBackByteForByte() throws {
        guard let path = try location(.sqlite) else { throw XCTSkip("no SQLite file could be made in the temporary directory") }
        let db = Database(try connect(path))
        defer { db.close() }
        _ = try db.execute(sql: Self.table)
        for t in Self.texts {
            _ = try db.execute(sql: "INSERT INTO shop_product (attrs, doc, note) VALUES (?, ?, ?)", [.text(t), .text(t), .text(t)])
        }
        _ = try db.execute(sql: "INSERT INTO shop_product (attrs, doc, note) VALUES (NULL, NULL, NULL)")
        let before = try stored(db)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-json-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for format in ["ndjson", "json", "csv"] {
            let file = dir.appendingPathComponent("p.\(format)").path
            let exported = try CLIGoldenTests.run(["export", "shop_product", "--db", path, "--output", file])
            XCTAssertEqual(exported.status, 0, exported.err)
            let text = try String(contentsOfFile: file, encoding: .utf8)
            if format == "ndjson" {
                let lines = text.split(separator: "\n").map(String.init)
                XCTAssertEqual(lines.count, Self.texts.count + 1, text)
                XCTAssertEqual(lines[0], #"{"id":1,"attrs":{"weight_g": 450, "colors": ["red", "black"], "nested": {"a": null, "b": 1.5}},"#
                               + #""doc":{"weight_g": 450, "colors": ["red", "black"], "nested": {"a": null, "b": 1.5}},"#
                               + #""note":"{\"weight_g\": 450, \"colors\": [\"red\", \"black\"], \"nested\": {\"a\": null, \"b\": 1.5}}"}"#)
                XCTAssertTrue(lines[3].hasPrefix(#"{"id":4,"attrs":"\"just a string\"","#), "a scalar in a text column stays its string: " + lines[3])
                XCTAssertTrue(lines[6].hasPrefix(#"{"id":7,"attrs":"{\n  \"pretty\": true\n}","#), "a line break keeps it a string: " + lines[6])
                // A JSON reader sees objects and arrays, as it does for PostgreSQL's jsonb.
                for (i, line) in lines.prefix(3).enumerated() {
                    let row = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                    XCTAssertTrue(row["attrs"] is [String: Any] || row["attrs"] is [Any], "row \(i + 1): \(line)")
                    XCTAssertTrue(row["note"] is String, line)
                }
            }
            if format == "json" { XCTAssertNotNil(try? JSONSerialization.jsonObject(with: Data(text.utf8)), "valid JSON: " + text) }
            _ = try db.execute(sql: "DELETE FROM shop_product")
            let imported = try CLIGoldenTests.run(["insert", "shop_product", "--db", path, "--from", file])
            XCTAssertEqual(imported.status, 0, "[\(format)] " + imported.err + imported.out)
            XCTAssertEqual(try stored(db), before, "[\(format)] the same bytes back")
        }
        let shown = try CLIGoldenTests.run(["show", "shop_product", "--db", path])
        XCTAssertTrue(shown.out.contains("attrs: JSON as text (its CHECK says JSON_VALID)"), shown.out)
    }
}
