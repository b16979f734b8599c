import Explorer
import ExplorerRuntime
import Foundation
import ORMCore
import TestSupport
import XCTest

/// Long values read as previews: a page of rows reads each long text's and binary's beginning
/// (and a binary's size), never the value; `v` reads one value whole; an edit of another field
/// leaves the long value as the database holds it; a field read as a preview is read whole on
/// access (SQLAlchemy's deferred column), so nothing compares against, writes or exports a cut value.
final class ValuePreviewTests: XCTestCase {
    static let long = String(repeating: "abcdefghij", count: 30_000) + "END"   // 300,003 characters
    static let longBytes: [UInt8] = (0..<200_000).map { UInt8($0 % 251) }

    func makeTable(_ db: Database, _ backend: Backend) throws {
        try ddl(db, sqlite: "CREATE TABLE doc (id integer PRIMARY KEY, title text NOT NULL, body text, data blob, code char(3), n integer)",
                postgres: "CREATE TABLE doc (id integer PRIMARY KEY, title text NOT NULL, body text, data bytea, code char(2000), n integer)")
        try db.execute(sql: backend == .postgres ? "INSERT INTO doc VALUES (1, $1, $2, $3, 'ab', 1)" : "INSERT INTO doc VALUES (1, ?, ?, ?, 'ab', 1)",
                       [.text("first"), .text(Self.long), .blob(Self.longBytes)])
        try db.execute(sql: backend == .postgres ? "INSERT INTO doc VALUES (2, $1, $2, $3, 'cd', 2)" : "INSERT INTO doc VALUES (2, ?, ?, ?, 'cd', 2)",
                       [.text("second"), .text("short é"), .blob([1, 2, 3])])
        try db.execute(sql: "INSERT INTO doc VALUES (3, 'third', NULL, NULL, NULL, 3)")
    }

    func stored(_ db: Database, _ id: Int) throws -> (String?, [UInt8]?) {
        let row = try XCTUnwrap(try db.fetchAll(CompiledSQL("SELECT body, data FROM doc WHERE id = \(id)")).first)
        var bytes: [UInt8]?
        if case .blob(let b) = row[1] { bytes = b }
        return (row[0].displayText, bytes)
    }

    func testAPageReadsPreviewsAndTheViewerReadsTheValueWhole() throws {
        try eachBackend { db, backend in
            try makeTable(db, backend)
            let model = try Session(db).model("doc")
            // Text and binary fields that can be long; never the key, never a bounded text (char(3)), never a blank-padded character(2000) (PostgreSQL).
            XCTAssertEqual(Session.previewableFields(of: model, keeping: ["id"]),
                           ["title", "body", "data"], "[\(backend)]")
            XCTAssertEqual(Session.previewableFields(of: model, keeping: ["title", "id"]).contains("title"), false, "a sort field is read whole")

            let runtime = Runtime(session: try Session(db))
            guard case .pageLoaded(_, let page, let report)? = runtime.perform(.loadPage(id: 1, action: "open doc", request: PageRequest(model: "doc"))) else {
                return XCTFail("[\(backend)] no page")
            }
            XCTAssertEqual(report.queryCount, 1, "[\(backend)] one statement for the page")
            let sql = report.statements[0].sql
            if backend == .postgres {
                XCTAssertTrue(sql.contains("substr(\"body\", 1, 65) AS \"body\""), "[\(backend)] \(sql)")
                XCTAssertTrue(sql.contains("length(\"data\") AS \"data:length\""), "[\(backend)] \(sql)")
            } else {
                // SQLite reads the types only; the beginnings come by blob I/O.
                XCTAssertTrue(sql.contains("typeof(\"body\") AS \"body\""), "[\(backend)] \(sql)")
                XCTAssertFalse(sql.contains("substr"), sql)
                // It stands for the page's plain select, which the SQL pane's `e` copies: run, it gives
                // the values themselves, as the grid shows them (a tester's copy read "text" in every cell).
                let plain = try XCTUnwrap(report.statements[0].standsFor, "[\(backend)]")
                XCTAssertFalse(plain.sql.contains("typeof"), plain.sql)
                let rows = try db.fetchAll(plain)
                XCTAssertEqual(rows.first?[try XCTUnwrap(model.fieldNames.firstIndex(of: "body"))], .text(Self.long), plain.sql)
                var ui = UIState()
                var shown = ExplorerState(registry: runtime.session.registry, pageSize: 10, dialect: db.dialect)
                shown.report = report
                ui.focus = .sql
                _ = Keymap.handle(.char("e"), ui: &ui, state: shown)
                XCTAssertEqual(ui.mode, .sqlEditor)
                XCTAssertEqual(ui.sqlEditor.editor.text, plain.inlined(db.dialect), "e copies the statement the page stands for")
            }
            if backend == .postgres { XCTAssertNil(report.statements[0].standsFor, "it is its own statement") }
            let body = try XCTUnwrap(page.columns.firstIndex(of: "body")), data = try XCTUnwrap(page.columns.firstIndex(of: "data"))
            // Row 1: both long values are previews, shown by their beginning (and the binary's size).
            let textPreview = try XCTUnwrap(page.preview(row: 0, column: body))
            XCTAssertEqual(textPreview.prefix, .text(String(Self.long.prefix(64))), "[\(backend)]")
            XCTAssertEqual(page.rows[0][body], .text(String(Self.long.prefix(64))))
            let binaryPreview = try XCTUnwrap(page.preview(row: 0, column: data))
            XCTAssertEqual(binaryPreview, ValuePreview(prefix: .blob(Array(Self.longBytes.prefix(9))), byteCount: 200_000), "[\(backend)]")
            XCTAssertEqual(CellText.of(page.rows[0][data], preview: binaryPreview).text, "<200,000 bytes> \\x000102030405060708…")
            XCTAssertEqual(CellText.of(page.rows[0][body], preview: textPreview).text, String(Self.long.prefix(64)) + "…")
            // Row 2: short values are the values themselves; row 3: NULLs stay NULL.
            XCTAssertNil(page.preview(row: 1, column: body))
            XCTAssertEqual(page.rows[1][body], .text("short é"), "[\(backend)]")
            XCTAssertEqual(page.rows[1][data], .blob([1, 2, 3]), "[\(backend)]")
            XCTAssertEqual(page.rows[2][body], .null)
            XCTAssertEqual(page.rows[2][data], .null)
            XCTAssertEqual(page.previewedColumns(row: 0), ["body", "data"])
            XCTAssertEqual(page.previewedColumns(row: 1), [])

            // `v` on the preview: one statement reads the one value whole, and the viewer gets it.
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 10, dialect: db.dialect)
            runtime.play(&state, [.openModel("doc"), .readWhole(field: "body")])
            XCTAssertEqual(state.wholeValue?.value, .text(Self.long), "[\(backend)]")
            XCTAssertEqual(state.wholeValue?.title, "doc.body of row 1")
            XCTAssertEqual(state.report?.queryCount, 1)
            if case .deferred(_, _, let fields)? = state.report?.statements.first?.cause {
                XCTAssertEqual(fields, ["body"])
            } else { XCTFail("[\(backend)] \(String(describing: state.report?.statements.first?.cause))") }
            XCTAssertEqual(state.report?.statements.first?.sql.hasPrefix("SELECT \"body\" FROM \"doc\" WHERE"), true, "[\(backend)]")
            // The next action closes it.
            runtime.play(&state, [.moveCursor(1)])
            XCTAssertNil(state.wholeValue)
        }
    }

    func testAnEditFromAPageOfPreviewsLeavesTheLongValuesWhole() throws {
        try eachBackend { db, backend in
            try makeTable(db, backend)
            let runtime = Runtime(session: try Session(db))
            runtime.session.detectConflicts = true
            guard case .pageLoaded(_, let page, _)? = runtime.perform(.loadPage(id: 1, action: "open doc", request: PageRequest(model: "doc"))) else {
                return XCTFail("[\(backend)] no page")
            }
            let model = runtime.session.registry.model(named: "doc")!
            let previews = Dictionary(uniqueKeysWithValues: page.previewedColumns(row: 0).map { f in (f, page.preview(row: 0, column: page.columns.firstIndex(of: f)!)!) })
            var form = Form(model: model, mode: .edit(key: page.primaryKeys[0]), row: Dictionary(uniqueKeysWithValues: zip(page.columns, page.rows[0])), previews: previews)
            // The long fields are locked: typing into them changes nothing, and says why.
            let bodyEntry = try XCTUnwrap(form.entries.first { $0.name == "body" })
            XCTAssertNotNil(bodyEntry.locked)
            form.set("body", "typed over")
            XCTAssertFalse(form.toggleNull("data"))
            form.set("n", "42")
            XCTAssertEqual(form.values, ["n": .text("42")])
            XCTAssertNil(form.original["body"], "a preview is never a guard")
            let wrote = runtime.perform(.write(id: 2, action: "edit", request: form.request, commit: true))
            if case .failed(_, let r)? = wrote { XCTFail("[\(backend)] \(r.error ?? "")") }
            let (body, data) = try stored(db, 1)
            XCTAssertEqual(body, Self.long, "[\(backend)] the long text is as it was")
            XCTAssertEqual(data, Self.longBytes, "[\(backend)] the long binary is as it was")
            XCTAssertEqual(try db.fetchAll(CompiledSQL("SELECT n FROM doc WHERE id = 1")).first?[0], .int(42))
        }
    }

    /// The session itself: a field read as a preview holds no value until read whole on access
    /// (one statement for all of the entity's deferred fields); a change compares with the whole value.
    func testDeferredFieldsAreReadWholeOnAccess() throws {
        try eachBackend { db, backend in
            try makeTable(db, backend)
            let session = try Session(db)
            session.detectConflicts = true
            let model = try session.model("doc")
            let fields = Session.previewableFields(of: model, keeping: ["id"])
            let rows = try session.queryPage("doc", Select(from: model.table, orderBy: [OrderTerm(.col("id"))], limit: 10), shown: 10, previewing: fields)
            XCTAssertEqual(rows.count, 3)
            let first = rows[0]
            XCTAssertNil(first["body"], "[\(backend)] no value for a preview")
            XCTAssertNil(first.snapshot["body"])
            XCTAssertEqual(first["title"], .text("first"))
            XCTAssertEqual(first.deferredFields, ["body", "data"])
            XCTAssertEqual(first.preview("data")?.byteCount, 200_000)
            XCTAssertEqual(rows[1]["body"], .text("short é"))
            XCTAssertEqual(rows[1].deferredFields, [])

            let before = db.log.totalCount
            XCTAssertEqual(try first.get("body"), .text(Self.long), "[\(backend)]")
            XCTAssertEqual(db.log.totalCount, before + 1, "one statement for both deferred fields")
            XCTAssertEqual(first["data"], .blob(Self.longBytes), "[\(backend)]")
            XCTAssertEqual(first.deferredFields, [])
            XCTAssertNil(first.preview("body"))

            // A change of a deferred field compares with (and is guarded by) the whole value.
            let again = try session.queryPage("doc", Select(from: model.table, orderBy: [OrderTerm(.col("id"))], limit: 10), shown: 10, previewing: fields)
            XCTAssertTrue(again[0] === first, "the identity map keeps the entity, and its whole values")
            XCTAssertEqual(first["body"], .text(Self.long))
            session.expungeAll()
            let fresh = try session.queryPage("doc", Select(from: model.table, orderBy: [OrderTerm(.col("id"))], limit: 10), shown: 10, previewing: fields)[0]
            try fresh.set("body", .text(Self.long + "!"))
            try session.commit()
            XCTAssertEqual(try stored(db, 1).0, Self.long + "!", "[\(backend)]")
            XCTAssertEqual(try stored(db, 1).1, Self.longBytes, "[\(backend)]")
        }
    }

    /// SQLite: where blob I/O cannot read a beginning (a number in a binary column, a table
    /// without rowid), the page is read by `substr` instead, with the same values and previews.
    func testSQLiteFallsBackToSubstrWhereBlobReadsCannotServe() throws {
        let path = try XCTUnwrap(try location(.sqlite))
        let db = Database(try connect(path))
        defer { db.close() }
        try db.execute(sql: "CREATE TABLE mixed (id INTEGER PRIMARY KEY, v BLOB)")
        try db.execute(sql: "INSERT INTO mixed VALUES (1, 42), (2, ?), (3, 'short text')", [.blob(Self.longBytes)])
        try db.execute(sql: "CREATE TABLE keyed (code TEXT PRIMARY KEY, body TEXT) WITHOUT ROWID")
        try db.execute(sql: "INSERT INTO keyed VALUES ('a', ?), ('b', 'tiny')", [.text(Self.long)])
        try db.execute(sql: "CREATE TABLE plain (id INTEGER PRIMARY KEY, body TEXT, data BLOB)")
        try db.execute(sql: "INSERT INTO plain VALUES (1, ?, ?), (2, 'é', x'0102'), (3, NULL, NULL)", [.text("ü" + Self.long), .blob(Self.longBytes)])
        let runtime = Runtime(session: try Session(db))
        func page(_ model: String) throws -> (PageData, ActionReport) {
            let result = runtime.perform(.loadPage(id: 1, action: "open \(model)", request: PageRequest(model: model)))
            guard case .pageLoaded(_, let page, let report)? = result else {
                if case .failed(_, let r)? = result { throw RequestError("no page of \(model): \(r.error ?? "")") }
                throw RequestError("no page of \(model)")
            }
            return (page, report)
        }
        let (mixed, mixedReport) = try page("mixed")
        XCTAssertEqual(mixedReport.queryCount, 2, "the page's types, then the one number whole")
        XCTAssertEqual(mixedReport.statements.last?.sql, "SELECT \"id\", \"v\" FROM \"mixed\" WHERE \"id\" IN (?)")
        XCTAssertEqual(mixed.rows[0][1], .int(42))
        XCTAssertEqual(mixed.preview(row: 1, column: 1)?.byteCount, 200_000)
        XCTAssertEqual(mixed.rows[2][1], .text("short text"))
        let (keyed, keyedReport) = try page("keyed")
        XCTAssertEqual(keyedReport.queryCount, 1, "no rowid: substr from the start \(keyedReport.statements.map(\.sql))")
        XCTAssertEqual(keyed.preview(row: 0, column: 1)?.prefix, .text(String(Self.long.prefix(64))))
        XCTAssertEqual(keyed.rows[1][1], .text("tiny"))
        let (plain, plainReport) = try page("plain")
        XCTAssertEqual(plainReport.queryCount, 1)
        XCTAssertEqual(plain.preview(row: 0, column: 1), ValuePreview(prefix: .text(String(("ü" + Self.long).prefix(64))), byteCount: Self.long.utf8.count + 2))
        XCTAssertEqual(plain.preview(row: 0, column: 2), ValuePreview(prefix: .blob(Array(Self.longBytes.prefix(9))), byteCount: 200_000))
        XCTAssertEqual(plain.rows[1][1], .text("é"))
        XCTAssertEqual(plain.rows[1][2], .blob([1, 2]))
        XCTAssertEqual(plain.rows[2][1], .null)
        XCTAssertEqual(plain.rows[2][2], .null)
    }
}
