import Explorer
import ExplorerRuntime
import Foundation
import ORMCore
import TestSupport
import XCTest

/// A table without a primary key, through the runtime (the explorer's path): its rows are
/// addressed by all their values, so one of two identical rows is edited or deleted and the other
/// stays; a row changed since it was read matches nothing.
final class NoPrimaryKeyTests: XCTestCase {
    func testOneOfTwoIdenticalRowsIsEditedAndDeleted() throws {
        try eachBackend { db, backend in
            // json has no equality on PostgreSQL: its text is compared.
            try db.execute(sql: "CREATE TABLE log (a integer, b text, j \(backend == .postgres ? "json" : "TEXT"), r real)")
            try db.execute(sql: "INSERT INTO log VALUES (1, 'x', '{\"k\": 1}', 0.1), (1, 'x', '{\"k\": 1}', 0.1), (2, NULL, NULL, NULL)")
            let runtime = Runtime(session: try Session(db))
            func rows() throws -> [String] {
                try db.fetchAll(CompiledSQL("SELECT a, b, j, r FROM log ORDER BY a, b")).map { $0.values.map { $0.displayText ?? "NULL" }.joined(separator: "|") }
            }
            let loaded = runtime.perform(.loadPage(id: 1, action: "rows", request: PageRequest(model: "log")))
            guard case .pageLoaded(_, let page, _)? = loaded else {
                if case .failed(_, let r)? = loaded { XCTFail("[\(backend)] \(r.error ?? "")") }
                return XCTFail("[\(backend)] no page")
            }
            XCTAssertEqual(page.primaryKeys.count, 3)
            let first = page.primaryKeys[0], nulls = page.primaryKeys[2]
            XCTAssertEqual(first.count, 4, "[\(backend)] the full row is the address")
            guard case .rowLoaded(_, let values, _)? = runtime.perform(.loadRow(id: 2, action: "open", model: "log", key: first)) else {
                return XCTFail("[\(backend)] the row did not open")
            }
            XCTAssertEqual(values["b"], .text("x"))

            let edit = runtime.perform(.write(id: 3, action: "edit", request: .update(model: "log", key: first, values: ["b": "z"]), commit: true))
            if case .failed(_, let r)? = edit { XCTFail("[\(backend)] \(r.error ?? "")") }
            XCTAssertEqual(try rows(), ["1|x|{\"k\": 1}|0.1", "1|z|{\"k\": 1}|0.1", "2|NULL|NULL|NULL"], "[\(backend)]")
            // A row with NULLs is found too.
            let nullEdit = runtime.perform(.write(id: 4, action: "edit", request: .update(model: "log", key: nulls, values: ["b": "n"]), commit: true))
            if case .failed(_, let r)? = nullEdit { XCTFail("[\(backend)] \(r.error ?? "")") }
            XCTAssertEqual(try rows().last, "2|n|NULL|NULL", "[\(backend)]")

            try db.execute(sql: "INSERT INTO log VALUES (1, 'x', '{\"k\": 1}', 0.1)")
            let delete = runtime.perform(.write(id: 5, action: "delete", request: .delete(model: "log", key: first), commit: true))
            if case .failed(_, let r)? = delete { XCTFail("[\(backend)] \(r.error ?? "")") }
            XCTAssertEqual(try rows(), ["1|x|{\"k\": 1}|0.1", "1|z|{\"k\": 1}|0.1", "2|n|NULL|NULL"], "[\(backend)]")

            // The old row no longer exists: a sentence, nothing written.
            let stale = runtime.perform(.write(id: 6, action: "edit", request: .update(model: "log", key: nulls, values: ["b": "m"]), commit: true))
            guard case .failed(_, let r)? = stale else { return XCTFail("[\(backend)] a stale row was written") }
            XCTAssertEqual(r.error, "The update of the log row (a, b, j, r) = (2, NULL, NULL, NULL) matched no row: it was changed or deleted by someone else since it was read; nothing was written.")
            XCTAssertFalse(db.inTransaction)
            // The delete question reads the row by all its values.
            guard case .deletePreviewed(_, let preview, _)? = runtime.perform(.previewDelete(id: 7, action: "preview", model: "log", key: first)) else {
                return XCTFail("[\(backend)] no preview")
            }
            XCTAssertEqual(preview.references.count, 0)
        }
    }

    /// The unit of work itself: entities of such a table are written by their full old row too.
    func testSessionEntitiesWithoutAPrimaryKeyAreWrittenByTheirOldRow() throws {
        try eachBackend { db, backend in
            try db.execute(sql: "CREATE TABLE log (a integer, b text)")
            try db.execute(sql: "INSERT INTO log VALUES (1, 'x'), (1, 'x')")
            let session = try Session(db)
            session.detectConflicts = true
            let rows = try session.query("log")
            XCTAssertEqual(rows.count, 2)
            try rows[0].set("b", "y")
            try session.commit()
            try session.delete(rows[1])
            try session.commit()
            XCTAssertEqual(try db.fetchAll(CompiledSQL("SELECT a, b FROM log")).map { $0.values }, [[.int(1), .text("y")]], "[\(backend)]")
        }
    }

    /// In the explorer: `e` opens an edit form on such a row, its preview is the statement that
    /// runs (by the row identity, never a WHERE matching every row), and the edit changes one row.
    func testTheExplorerEditsOneOfTwoIdenticalRows() throws {
        try eachBackend { db, backend in
            try db.execute(sql: "CREATE TABLE log (a integer, b text)")
            try db.execute(sql: "INSERT INTO log VALUES (1, 'x'), (1, 'x')")
            let runtime = Runtime(session: try Session(db))
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 10, dialect: db.dialect)
            var ui = UIState()
            func play(_ actions: [Action]) {
                for action in actions {
                    var queue = Explorer.update(&state, action)
                    while !queue.isEmpty {
                        let effect = queue.removeFirst()
                        if let result = runtime.perform(effect) { queue += Explorer.update(&state, result) }
                    }
                }
            }
            play([.openModel("log")])
            XCTAssertEqual(Keymap.handle(.char("e"), ui: &ui, state: state), [])
            guard case .form(var form, _, _) = ui.mode else { return XCTFail("[\(backend)] no edit form") }
            form.set("b", "y")
            let model = try runtime.session.model("log")
            let preview = try XCTUnwrap(form.preview(model: model, dialect: db.dialect)).sql
            XCTAssertTrue(preview.contains(backend == .postgres ? "(\"tableoid\", \"ctid\") = (SELECT" : "\"rowid\" = (SELECT"), preview)
            play([.write(form.request)])
            XCTAssertNil(state.report?.error, "[\(backend)]")
            XCTAssertEqual(try db.fetchAll(CompiledSQL("SELECT b FROM log ORDER BY b")).map { $0[0] }, [.text("x"), .text("y")], "[\(backend)]")
            XCTAssertEqual(state.report?.statements.first { $0.sql.hasPrefix("UPDATE") }?.sql, preview, "the preview is the statement")
        }
    }

    func testTheStatementsUseTheHiddenRowIdentity() throws {
        let model = Model(name: "log", fields: [Field(name: "a", type: FieldType(declared: "integer")),
                                                Field(name: "j", type: FieldType.postgres(declared: "json", oid: 114, typtype: "b", category: "U"))])
        let pg = try SQLCompiler.compile(WriteStatement.update(model, key: [1, .null], set: [("a", 2)], guards: []), dialect: .postgres)
        XCTAssertEqual(pg.sql, "UPDATE \"log\" SET \"a\" = $1 WHERE (\"tableoid\", \"ctid\") = (SELECT \"tableoid\", \"ctid\" FROM \"log\" WHERE (\"a\" IS NOT DISTINCT FROM $2) AND (\"j\" IS NULL) LIMIT 1)")
        let lite = try SQLCompiler.compile(WriteStatement.delete(model, key: [1, .json("{}")]), dialect: .sqlite)
        XCTAssertEqual(lite.sql, "DELETE FROM \"log\" WHERE \"rowid\" = (SELECT \"rowid\" FROM \"log\" WHERE (\"a\" IS ?) AND (\"j\" IS ?) LIMIT 1)")
        // A column named rowid takes SQLite's other name for it.
        let shadow = Model(name: "t", fields: [Field(name: "rowid", type: FieldType.sqlite("TEXT"))])
        // A dialect without a row identity says so instead of writing a WHERE that matches every row.
        XCTAssertThrowsError(try SQLCompiler.compile(WriteStatement.delete(model, key: [1, 2]), dialect: Dialect(name: "plain", placeholders: .questionMark)))
        XCTAssertTrue(try SQLCompiler.compile(WriteStatement.delete(shadow, key: ["x"]), dialect: .sqlite).sql.hasPrefix("DELETE FROM \"t\" WHERE \"_rowid_\" = (SELECT \"_rowid_\""))
    }
}
