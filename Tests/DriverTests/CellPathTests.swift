import Foundation
import ORMCore
import TestSupport
import XCTest

/// The streaming writers' two ways in: the driver's current row as cells (`Database.forEachCells`,
/// on SQLite the statement's own bytes) and rows of `Value`s (`forEachRow`). Both write the same
/// CSV, JSON and NDJSON bytes for every SQLite storage class in columns of every declared kind.
final class CellPathTests: XCTestCase {
    /// Each declared kind, and each storage class SQLite lets into it (its typing is flexible).
    let declared = ["i integer", "r real", "t text", "b blob", "flag boolean", "d date", "tm time", "ts timestamp",
                    "tz timestamp with time zone", "j json", "n numeric(10,2)", "u uuid", "vc varchar(20)", "anything"]
    let literals = [
        "NULL", "0", "1", "-1", "9223372036854775807", "-9223372036854775808", "2.0", "1e300", "-0.0", "0.1", "-2.5e-7",
        "''", "' '", "'plain'", "'NULL'", "'quote \" and \\ backslash'", "'comma, here'", "' lead and trail '",
        "'line\nbreak'", "char(13, 10)", "char(13)", "'tab' || char(9)", "'nul' || char(0) || 'inside'", "char(1, 31, 127)",
        "'Zoë 孙悟空 🦸'", "CAST(x'ff61fe' AS TEXT)", "x''", "x'00ff10'", "'2024-02-29'", "'23:59:58'",
        "'2024-02-29 12:34:56.5'", "'2024-02-29 12:34:56+00'", "'2024-02-29T12:34:56-05:30'", "'not a time at all, long enough'",
        "'{\"a\": [1, 2.50, null]}'", "'[1,'", "'12.50'", "'1b4e28ba-2fa1-11d2-883f-0016d3cca427'", "'1B4E28BA-2FA1-11D2-883F-0016D3CCA427'",
        "'true'", "2", "'a very long text value that goes on past eight bytes many times over with \"quotes\" late'",
    ]

    func testCellsAndValuesWriteTheSameCSVJSONAndNDJSON() throws {
        try eachBackend { db, backend in
            guard backend == .sqlite else { return }  // other drivers hand on their Value rows as cells
            try db.execute(sql: "CREATE TABLE c (id integer PRIMARY KEY, " + declared.joined(separator: ", ") + ")")
            let names = ["id"] + declared.map { String($0.split(separator: " ")[0]) }
            // Each literal in every column, shifted one column per row so every pair meets.
            for (row, _) in literals.enumerated() {
                let values = declared.indices.map { literals[(row + $0) % literals.count] }
                try db.execute(sql: "INSERT INTO c VALUES (\(row + 1), " + values.joined(separator: ", ") + ")")
            }
            let registry = try db.introspect()
            let model = try XCTUnwrap(registry.model(named: "c"))
            XCTAssertEqual(model.fieldNames, names)
            for typed in [true, false] {
                let columns = typed ? model.fields.map(JSONColumn.init) : names.map { _ in JSONColumn.untyped }
                let select = Statement.select(Select(from: TableRef("c")).orderBy("id"))
                var byValues = Output(columns), byCells = Output(columns)
                try db.forEachRow(select) { byValues.row($0.values) }
                var seen: Columns?
                try db.forEachCells(select, onColumns: { seen = $0 }) { byCells.row($0) }
                XCTAssertEqual(seen?.names, names)
                byValues.finish()
                byCells.finish()
                XCTAssertEqual(byValues.rows, literals.count)
                XCTAssertEqual(byCells.rows, literals.count)
                XCTAssertEqual(byCells.csv.buffer, byValues.csv.buffer, "CSV, typed \(typed)")
                XCTAssertEqual(byCells.json.buffer, byValues.json.buffer, "JSON, typed \(typed)")
                XCTAssertEqual(byCells.ndjson.buffer, byValues.ndjson.buffer, "NDJSON, typed \(typed)")
                // Not vacuous: the outputs hold the rows, escapes included, and the JSON parses.
                XCTAssertTrue(byCells.csv.text.contains("\"quote \"\" and \\ backslash\""))
                XCTAssertTrue(byCells.json.text.contains(#""quote \" and \\ backslash""#))
                XCTAssertTrue(byCells.json.text.contains("1e+300"))
                XCTAssertTrue(byCells.json.text.contains(":2.0,"), "a whole real stays a real")
                XCTAssertTrue(byCells.json.text.contains("-9223372036854775808"))
                XCTAssertTrue(byCells.json.text.contains(#"{"$binary":"AP8Q"}"#))
                XCTAssertTrue(byCells.json.text.contains("\u{FFFD}a"), "invalid UTF-8 is repaired as String(decoding:) does")
                let parsed = try JSONSerialization.jsonObject(with: Data(byCells.json.buffer)) as? [Any]
                XCTAssertEqual(parsed?.count, literals.count)
                XCTAssertEqual(byCells.ndjson.text.split(separator: "\n").count, literals.count)
            }
        }
    }

    /// The three formats of one row source, as the command line writes them.
    struct Output {
        let columns: [JSONColumn]
        var csv = CSVWriter(), json = JSONWriter(), ndjson = JSONWriter()
        var rows = 0

        init(_ columns: [JSONColumn]) {
            self.columns = columns
            json.beginArray()
        }

        mutating func finish() { json.endArray() }

        mutating func row<Cells: CellSource>(_ cells: Cells) {
            rows += 1
            json.lineBreak()
            json.beginObject()
            ndjson.beginObject()
            for i in 0..<cells.cellCount {
                if i > 0 { csv.separator() }
                csv.cell(cells.cell(i))
                json.key("c\(i)")
                json.cell(cells.cell(i), columns[i])
                ndjson.key("c\(i)")
                ndjson.cell(cells.cell(i), columns[i])
            }
            csv.endRecord()
            json.endObject()
            ndjson.endObject()
            ndjson.raw("\n")
        }
    }
}
