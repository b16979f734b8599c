import Explorer
import Foundation
import ORMCore
import TestSupport
import XCTest

/// Issue 13, item 2: the one CSV writer read back by a real CSV reader (Python's `csv` module), as
/// written by CSVWriter itself, by `rows --format csv` and by the explorer's export.
final class CSVReadBackTests: XCTestCase {
    /// Awkward values: quotes, commas, LF, CRLF (one Swift Character), lone CR, spaces at either end, NUL, non-ASCII.
    static let awkward = ["plain", "say \"hi\"", "a,b", "line\nbreak", "crlf\r\nrecord", "lone\rcr", " leading", "trailing ",
                          "nul\u{0}byte", "孙悟空 🦸", "\r\n", "\"", ",", " ", "NULL"]

    /// The records Python's csv module reads from `csv` (strict, RFC 4180 dialect).
    func python(_ csv: String) throws -> [[String]] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("in.csv").path, script = dir.appendingPathComponent("read.py").path
        try Data(csv.utf8).write(to: URL(fileURLWithPath: data))
        try """
            import csv, json, sys
            with open(sys.argv[1], newline='', encoding='utf-8') as f:
                rows = list(csv.reader(f, strict=True))
            print(json.dumps(rows))
            """.write(toFile: script, atomically: true, encoding: .utf8)
        let r = try Spawn.run(["python3", script, data], output: true)
        XCTAssertEqual(r.status, 0, "python3 could not read the CSV:\n\(csv.debugDescription)")
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [[String]], r.output)
    }

    func testPythonReadsBackEveryAwkwardValue() throws {
        var w = CSVWriter()
        w.record(["value", "null", "empty"])
        for v in Self.awkward { w.record([v, nil, ""]) }
        let text = w.text
        let rows = try python(text)
        XCTAssertEqual(rows.count, Self.awkward.count + 1, "one record per value: no line break splits one")
        XCTAssertEqual(rows.dropFirst().map { $0[0] }, Self.awkward)
        XCTAssertTrue(rows.dropFirst().allSatisfy { $0.count == 3 && $0[1] == "" && $0[2] == "" })
        // NULL and the empty string read the same through csv.reader, but differ in the bytes: NULL is
        // an empty unquoted field, '' is "".
        XCTAssertTrue(text.hasSuffix("\"NULL\",,\"\"\r\n") == false && text.hasSuffix("NULL,,\"\"\r\n"), text.debugDescription)
        XCTAssertEqual(text.utf8.filter { $0 == 0x0A }.count, Self.awkward.count + 1 + 3, "LF only ends records or sits inside quotes")
    }

    func testRowsAsCSVAndTheExportReadBack() throws {
        let path = try XCTUnwrap(try location(.sqlite))
        let db = Database(try connect(path))
        _ = try db.execute(sql: "CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT, score REAL)")
        for (i, v) in Self.awkward.enumerated() { _ = try db.execute(sql: "INSERT INTO note VALUES (?, ?, ?)", [.int(Int64(i + 1)), .text(v), .double(2.0)]) }
        _ = try db.execute(sql: "INSERT INTO note VALUES (100, NULL, NULL)")
        _ = try db.execute(sql: "INSERT INTO note VALUES (101, '', NULL)")
        db.close()
        let r = try CLIGoldenTests.run(["rows", "note", "--db", path, "--limit", "1000", "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.err)
        let rows = try python(r.out)
        XCTAssertEqual(rows.first, ["id", "body", "score"])
        XCTAssertEqual(rows.dropFirst().prefix(Self.awkward.count).map { $0[1] }, Self.awkward)
        XCTAssertEqual(rows.dropFirst().prefix(Self.awkward.count).map { $0[2] }, Array(repeating: "2.0", count: Self.awkward.count))
        XCTAssertTrue(r.out.hasSuffix("100,,\r\n101,\"\",\r\n"), "NULL is empty, '' is \"\": \(r.out.suffix(40).debugDescription)")

        // The explorer's export: the same writer.
        let page = PageData(columns: ["id", "body"], rows: Self.awkward.enumerated().map { [.int(Int64($0.offset)), .text($0.element)] } + [[.int(99), .null]],
                            keys: [], primaryKeys: [], hasPrevious: false, hasNext: false)
        let exported = Export.csv(page)
        XCTAssertEqual(try python(exported).dropFirst().prefix(Self.awkward.count).map { $0[1] }, Self.awkward)
        XCTAssertTrue(exported.hasSuffix("99,\r\n"))
    }
}
