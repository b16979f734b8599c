import DemoDatabase
import Explorer
import ExplorerRuntime
import ORMCore
import TestSupport
import XCTest

/// The preview is the statement: what a form's "Will run:" line and a delete's question show is
/// exactly the SQL and values the flush then sends, guard included, on both backends.
final class WritePreviewTests: XCTestCase {
    func flushed(_ action: Action?) -> StatementEvent? {
        guard case .wrote(_, let report)? = action else { XCTFail("the write failed: \(String(describing: action))"); return nil }
        return report.statements.first { if case .flush = $0.cause { return true } else { return false } }
    }

    func testFormPreviewsAreTheStatementsTheFlushSends() throws {
        try eachBackend { db, backend in
            try DemoDatabase.create(on: db, size: .small)
            let runtime = Runtime(session: try Session(db))
            let team = try runtime.session.model("team")
            var id = 100

            func check(_ form: Form, _ what: String) throws {
                let preview = try XCTUnwrap(form.preview(model: team, dialect: db.dialect), "[\(backend)] \(what)")
                id += 1
                let event = try XCTUnwrap(flushed(runtime.perform(.write(id: id, action: what, request: form.request, commit: true))))
                XCTAssertEqual(event.sql, preview.sql, "[\(backend)] \(what)")
                XCTAssertEqual(event.params, preview.binds, "[\(backend)] \(what)")
            }

            var insert = Form(model: team, mode: .insert)
            insert.set("name", "Preview Team")
            insert.set("headquarters", "Somewhere")
            try check(insert, "insert")

            let row = try XCTUnwrap(try db.fetchAll(CompiledSQL("SELECT * FROM team WHERE id = 1")).first)
            var edit = Form(model: team, mode: .edit(key: [.int(1)]), row: Dictionary(uniqueKeysWithValues: zip(row.columns.names, row.values)))
            edit.set("name", "Renamed")
            edit.set("headquarters", row["headquarters"]?.displayText ?? "")  // typed back as it was: not written
            try check(edit, "edit")
            XCTAssertTrue(edit.preview(model: team, dialect: db.dialect)!.sql.contains("IS NOT DISTINCT FROM") || db.dialect.nullSafeEqual == "IS")

            var upsert = Form(model: team, mode: .upsert(conflictTarget: ["name"]))
            upsert.set("name", "Renamed")
            upsert.set("headquarters", "Elsewhere")
            try check(upsert, "upsert")
        }
    }

    func testADeleteQuestionShowsTheStatementItRuns() throws {
        try eachBackend { db, backend in
            try DemoDatabase.create(on: db, size: .small)
            let runtime = Runtime(session: try Session(db))
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 10, dialect: db.dialect)
            runtime.play(&state, [.write(.delete(model: "team", key: [.int(1)]))])
            let shown = try XCTUnwrap(state.confirmation?.details.first { $0.hasPrefix("Will run: ") }, "[\(backend)] \(String(describing: state.confirmation)) \(String(describing: state.report?.error))")
            let queue = Explorer.update(&state, .confirm)
            let effect = try XCTUnwrap(queue.first)
            let event = try XCTUnwrap(flushed(runtime.perform(effect)))
            XCTAssertEqual(shown, "Will run: \(event.sql)  with \(event.params.map(\.description).joined(separator: ", "))", "[\(backend)]")
        }
    }
}
