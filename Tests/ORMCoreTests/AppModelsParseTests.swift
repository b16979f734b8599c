import ORMCore
import XCTest

/// Reading a models file: every mistake one sentence with the file, the line and the key.
final class AppModelsParseTests: XCTestCase {
    static let good = """
        {"format": 1,
         "source": "python:app.models",
         "models": [
          {"class": "Employee", "table": "employee",
           "columns": [{"name": "id", "type": "INTEGER", "nullable": false},
                       {"name": "manager_id", "type": "INTEGER"}],
           "primary_key": ["id"],
           "indexes": [{"name": "ix_employee_manager_id", "columns": ["manager_id"]}],
           "foreign_keys": [{"columns": ["manager_id"], "references": "employee", "referenced_columns": ["id"]}],
           "relationships": [
             {"name": "reports", "kind": "one-to-many", "target": "employee", "columns": ["manager_id"],
              "back_populates": "boss", "loading": "selectin", "cascade": ["save-update", "merge"], "order_by": ["-id"]},
             {"name": "boss", "kind": "many-to-one", "target": "employee", "columns": ["manager_id"], "back_populates": "reports"}
           ]}
         ]}
        """

    func testAGoodFileReadsWhole() throws {
        let app = try AppModels.parse(Self.good, file: "models.json")
        XCTAssertEqual(app.source, "python:app.models")
        let m = try XCTUnwrap(app.models.first)
        XCTAssertEqual(m.className, "Employee")
        XCTAssertEqual(m.columns.map(\.isNullable), [false, true])
        XCTAssertEqual(m.indexes.first?.columns, ["manager_id"])
        XCTAssertEqual(m.foreignKeys.first?.referencedTable, "employee")
        XCTAssertEqual(m.relationships.map(\.name), ["reports", "boss"])
        XCTAssertEqual(m.relationships[0].behaviour.loading, .selectin)
        XCTAssertEqual(m.relationships[0].behaviour.orderBy, ["-id"])
        XCTAssertEqual(m.relationships[0].line, 11)
        XCTAssertEqual(m.relationships[1].behaviour.loading, .lazy, "no loading key: lazy, as SQLAlchemy's default")
    }

    func testEachMistakeNamesTheLineAndTheKey() {
        func error(_ text: String) -> String {
            do { _ = try AppModels.parse(text, file: "models.json"); return "parsed" } catch { return (error as? AppModelsError)?.sentence ?? "\(error)" }
        }
        XCTAssertEqual(error(Self.good.replacingOccurrences(of: #""loading": "selectin""#, with: #""loading": "eager""#)),
                       #"models.json, line 12, key "loading" of relationship Employee.reports: expected one of lazy, selectin, joined, raise, found "eager"; nothing was applied."#)
        XCTAssertTrue(error(Self.good.replacingOccurrences(of: #""loading": "selectin""#, with: #""lazzy": "selectin""#))
            .hasPrefix(#"models.json, line 12, key "lazzy" of relationship Employee.reports: this key is not part of format 1 ("#))
        XCTAssertEqual(error(Self.good.replacingOccurrences(of: #""nullable": false"#, with: #""nullable": "no""#)),
                       #"models.json, line 5, key "nullable" of column employee.id: expected true or false, found "no"; nothing was applied."#)
        XCTAssertEqual(error(Self.good.replacingOccurrences(of: #""kind": "many-to-one""#, with: #""kind": "belongs-to""#)),
                       #"models.json, line 13, key "kind" of relationship Employee.boss: expected one of many-to-one, one-to-many, one-to-one, many-to-many, found "belongs-to"; nothing was applied."#)
        XCTAssertEqual(error(Self.good.replacingOccurrences(of: #""format": 1"#, with: #""format": 2"#)),
                       #"models.json, line 1, key "format": this build reads format 1, found the number 2; nothing was applied."#)
        XCTAssertEqual(error(Self.good.replacingOccurrences(of: #""primary_key": ["id"],"#, with: #""primary_key": ["id"]"#)),
                       #"models.json, line 8, column 4: this is not JSON (the text stops being JSON at `"indexes": [{"name":`); nothing was applied."#)
        // A file on one line (jq -c, minified) needs the column (tester 10's T34).
        XCTAssertEqual(error(#"{"format": 1, "models": [{"table": "x", "relationships": [{"loading": eager}]}]}"#),
                       "models.json, line 1, column 71: this is not JSON (the text stops being JSON at `eager}]}]}`); nothing was applied.")
        XCTAssertEqual(error(#"{"format": 1, "models": ["#),
                       "models.json, line 1, column 26: this is not JSON (the text stops being JSON at the end of the text); nothing was applied.")
        XCTAssertEqual(error(#"{"format": 1, "models": [{"class": "X"}]}"#),
                       #"models.json, line 1, a model: the key "table" is missing; nothing was applied."#)
    }
}

extension AppModelsParseTests {
    /// An index's `where` and `expressions`: left out (not compared), null (a full index), a string or
    /// list (every backend's), an object of backends' texts; a backend's name mistyped is an error.
    func testAnIndexsConditionAndExpressions() throws {
        func texts(_ index: String) throws -> AppIndexText? {
            try AppModels.parse(#"{"format": 1, "models": [{"table": "account", "indexes": [\#(index)]}]}"#).models[0].indexTexts["ix"]
        }
        XCTAssertNil(try texts(#"{"name": "ix", "columns": ["email"]}"#))
        XCTAssertEqual(try texts(#"{"name": "ix", "columns": ["email"], "where": null}"#)?.condition(on: "sqlite"), .some(nil))
        let both = try texts(#"{"name": "ix", "columns": ["email"], "where": "deleted_at IS NULL", "expressions": ["lower(email)"]}"#)
        XCTAssertEqual(both?.condition(on: "postgresql"), .some("deleted_at IS NULL"))
        XCTAssertEqual(both?.keys(on: "sqlite"), ["lower(email)"])
        let pgOnly = try texts(#"{"name": "ix", "columns": ["email"], "where": {"postgresql": "NOT archived"}}"#)
        XCTAssertEqual(pgOnly?.condition(on: "postgresql"), .some("NOT archived"))
        XCTAssertEqual(pgOnly?.condition(on: "sqlite"), .some(nil), "a backend the object does not name has a full index")
        XCTAssertThrowsError(try texts(#"{"name": "ix", "where": {"postgres": "NOT archived"}}"#)) { error in
            XCTAssertTrue((error as? AppModelsError)?.sentence.contains(#"key "postgres" of index ix: this key is not part of format 1 (did you mean "postgresql"?)"#) == true,
                          "\(error)")
        }
        XCTAssertThrowsError(try texts(#"{"name": "ix", "where": 3}"#))
    }
}
