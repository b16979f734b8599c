import Explorer
import ORMCore
import XCTest

/// Forms as data: fields described from the model, validation before SQL, partial edits, the preview.
final class FormTests: XCTestCase {
    let hero = FilterParserTests.registry.model(named: "hero")!

    func testFieldsDescribeTheModel() {
        let form = Form(model: hero, mode: .insert)
        let id = form.entries.first { $0.name == "id" }!
        XCTAssertTrue(id.isKey && id.isAutomatic && !id.required)
        let name = form.entries.first { $0.name == "name" }!
        XCTAssertTrue(name.required)
        XCTAssertEqual(name.maxLength, 100)
        XCTAssertEqual(name.type, "varchar(100)")
    }

    func testValidationMarksEachFieldBeforeAnySQL() {
        var form = Form(model: hero, mode: .insert)
        form.set("age", "old")
        form.set("token", "not-a-uuid")
        XCTAssertFalse(form.validate(against: hero))
        XCTAssertEqual(form.entries.first { $0.name == "age" }?.problem, "is a whole number (\"old\" is not)")
        XCTAssertEqual(form.entries.first { $0.name == "token" }?.problem, "is a UUID (\"not-a-uuid\" is not)")
        XCTAssertEqual(form.entries.first { $0.name == "name" }?.problem, "is required")
        XCTAssertEqual(form.entries.first { $0.name == "age" }?.text, "old", "what the user typed is kept")
        form.set("name", "Deadpond")
        form.set("age", "30")
        form.set("token", "1b4e28ba-2fa1-11d2-883f-0016d3cca427")
        XCTAssertTrue(form.validate(against: hero))
        XCTAssertEqual(form.preview(model: hero, dialect: .postgres)?.sql,
                       #"INSERT INTO "hero" ("name", "age", "token") VALUES ($1, $2, $3) RETURNING *"#)
    }

    func testAnEditSendsOnlyTheEditedFields() {
        var form = Form(model: hero, mode: .edit(key: [7]), row: ["id": 7, "name": "Deadpond", "age": 30, "team_id": .null])
        let teamID = form.entries.first { $0.name == "team_id" }
        XCTAssertEqual(teamID?.isNull, true, "NULL is the field's state")
        XCTAssertEqual(teamID?.text, "", "not the text NULL")
        form.set("age", "31")
        XCTAssertTrue(form.validate(against: hero))
        XCTAssertEqual(form.values, ["age": "31"])
        XCTAssertEqual(form.request, .update(model: "hero", key: [7], values: ["age": "31"], original: ["age": 30]), "guarded by the value shown")
        XCTAssertEqual(form.preview(model: hero, dialect: .sqlite), CompiledSQL(#"UPDATE "hero" SET "age" = ? WHERE ("id" = ?) AND ("age" IS ?)"#, [31, 7, 30]),
                       "the preview shows the guard the flush sends")
        var upsert = Form(model: hero, mode: .upsert(conflictTarget: ["id"]))
        upsert.set("id", "7")
        upsert.set("name", "X")
        XCTAssertEqual(upsert.preview(model: hero, dialect: .sqlite)?.sql,
                       #"INSERT INTO "hero" ("id", "name") VALUES (?, ?) ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name" WHERE NOT ("hero"."name" IS excluded."name") RETURNING *"#)
        // The statement that runs, which says whether it inserted (PostgreSQL) and changes nothing when nothing differs.
        XCTAssertEqual(upsert.preview(model: hero, dialect: .postgres)?.sql,
                       #"INSERT INTO "hero" ("id", "name") VALUES ($1, $2) ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name" WHERE NOT ("hero"."name" IS NOT DISTINCT FROM excluded."name") RETURNING *, (xmax = 0) AS "ormscope_inserted""#)
    }
}

extension FormTests {
    /// Typed and emptied: an automatic key is left to the database; in an edit an emptied number is
    /// not NULL (NULL is chosen with Ctrl-N) but a problem that says so, and an emptied text is ''.
    func testEmptiedFieldsMeanWhatTheDatabaseWouldDo() {
        let hero = FilterParserTests.registry.model(named: "hero")!
        var insert = Form(model: hero, mode: .insert)
        insert.set("id", "5")
        insert.set("id", "")
        insert.set("name", "Nova")
        insert.set("age", "3")
        insert.set("age", "")
        XCTAssertNil(insert.values["id"], "the key is the database's again")
        XCTAssertNil(insert.values["age"], "an empty number is left out: the database's default or NULL")
        XCTAssertTrue(insert.validate(against: hero), "\(insert.entries.compactMap(\.problem))")
        var edit = Form(model: hero, mode: .edit(key: [7]), row: ["id": 7, "name": "Nova", "age": 30])
        edit.set("age", "")
        XCTAssertEqual(edit.values["age"], .text(""))
        XCTAssertFalse(edit.validate(against: hero))
        XCTAssertEqual(edit.entries.first { $0.name == "age" }?.problem, #"is a whole number ("" is not); Ctrl-N sets NULL"#)
        XCTAssertEqual(Form(model: Self.notes, mode: .edit(key: [1]), row: ["id": 1, "body": "x", "note": "y"])
            .with { $0.set("note", "") }.values, ["note": .text("")], "an emptied text is the empty text")
    }

    /// A model with a nullable text field (the demo's hero has none).
    static let notes = Model(name: "note", fields: [
        Field(name: "id", type: FieldType(declared: "integer"), isNullable: false, isAutoIncrement: true),
        Field(name: "body", type: FieldType(declared: "text"), isNullable: false),
        Field(name: "note", type: FieldType(declared: "text")),
        Field(name: "score", type: FieldType(declared: "real")),
    ], primaryKey: ["id"])

    func key(_ form: inout Form, focus: Int, _ keys: Key...) -> UIState {
        let state = ExplorerState(registry: Registry(backend: "test", models: [Self.notes]), pageSize: 10, dialect: .sqlite)
        var ui = UIState()
        ui.mode = .form(form, focus: focus, submitted: false)
        for k in keys {
            _ = Keymap.handle(k, ui: &ui, state: state)
            if case .form(let f, _, _) = ui.mode { form = f }
        }
        return ui
    }

    /// NULL is a state of the field: Ctrl-N toggles it, it is drawn as a dimmed NULL that is not
    /// text, and typing into a NULL field replaces it. The text "NULL" typed is text.
    func testNullIsAStateOfTheFieldNeverASpelling() {
        var form = Form(model: Self.notes, mode: .edit(key: [1]), row: ["id": 1, "body": "b", "note": .null, "score": 2.5])
        let note = 2
        XCTAssertEqual(form.entries[note].name, "note")
        XCTAssertTrue(form.entries[note].isNull)
        // Typing into NULL replaces it: the hostile text is stored as typed, never appended to "NULL".
        _ = key(&form, focus: note, .char("x"))
        XCTAssertEqual(form.values, ["note": .text("x")])
        form = Form(model: Self.notes, mode: .edit(key: [1]), row: ["id": 1, "body": "b", "note": .null])
        for c in "NULL'); drop table x; --" { _ = key(&form, focus: note, .char(c)) }
        XCTAssertEqual(form.values, ["note": .text("NULL'); drop table x; --")])
        XCTAssertEqual(form.request, .update(model: "note", key: [1], values: ["note": .text("NULL'); drop table x; --")], original: ["note": .null]))
        // The text "Null" is text; Ctrl-N makes NULL, again gives empty text back.
        form = Form(model: Self.notes, mode: .insert)
        for c in "Null" { _ = key(&form, focus: note, .char(c)) }
        XCTAssertEqual(form.values["note"], .text("Null"))
        XCTAssertEqual(form.preview(model: Self.notes, dialect: .sqlite)?.binds, ["Null"])
        _ = key(&form, focus: note, .char("\u{0E}"))
        XCTAssertEqual(form.values["note"], .null)
        XCTAssertEqual(form.preview(model: Self.notes, dialect: .sqlite)?.binds, [.null])
        _ = key(&form, focus: note, .char("\u{0E}"))
        XCTAssertEqual(form.entries[note].isNull, false)
        XCTAssertEqual(form.entries[note].text, "")
        // A field that does not accept NULL says so and stays as it was.
        let ui = key(&form, focus: 1, .char("\u{0E}"))
        XCTAssertEqual(ui.message, "body does not accept NULL.")
        XCTAssertFalse(form.entries[1].isNull)
        // "null" typed into a number is a problem that says how NULL is chosen.
        form = Form(model: Self.notes, mode: .insert)
        form.set("body", "b")
        form.set("score", "null")
        XCTAssertFalse(form.validate(against: Self.notes))
        XCTAssertEqual(form.entries[3].problem, #"is a number ("null" is not); NULL is chosen, not typed (--null score on the command line, Ctrl-N in a form)"#)
        // NaN and infinities are numbers, kept as they are (the SQLite driver refuses NaN).
        form.set("score", "-inf")
        XCTAssertTrue(form.validate(against: Self.notes))
        XCTAssertEqual(form.preview(model: Self.notes, dialect: .sqlite)?.binds.last, .double(-.infinity))
    }

    /// A control key never types its character into a value (a tester's Ctrl-E, pressed to reach
    /// the end of a note, stored `end\u{05} EDITED`): an unbound one says it typed nothing. The
    /// prompt takes the same rule.
    func testAControlKeyNeverTypesIntoAValue() {
        var form = Form(model: Self.notes, mode: .insert)
        let note = 2
        var ui = UIState()
        for k: Key in [.char("a"), .char("b"), .char("\u{01}"), .char("X"), .char("\u{05}"), .char("\u{0B}"), .char("\u{17}"),
                       .char("\u{02}"), .char("\u{06}"), .char("\u{7F}"), .char("Y")] {
            ui = key(&form, focus: note, k)
        }
        XCTAssertEqual(form.values["note"], .text("XabY"), "Ctrl-A and Ctrl-E move the caret; the others type nothing")
        ui = key(&form, focus: note, .char("\u{02}"))
        XCTAssertEqual(ui.message, "Ctrl-B does nothing in a form: nothing was typed (its keys are on its last line).")
        XCTAssertEqual(form.values["note"], .text("XabY"))

        let state = ExplorerState(registry: Registry(backend: "test", models: [Self.notes]), pageSize: 10, dialect: .sqlite)
        var prompt = UIState()
        prompt.mode = .filterPrompt("")
        for k: Key in [.char("i"), .char("\u{05}"), .char("d")] { _ = Keymap.handle(k, ui: &prompt, state: state) }
        XCTAssertEqual(prompt.mode, .filterPrompt("id"))
    }

    /// Drawn: a NULL field is a dimmed NULL (style .null), a text field holding "NULL" is text.
    func testANullFieldIsDrawnDistinctly() {
        let state = ExplorerState(registry: Registry(backend: "test", models: [Self.notes]), pageSize: 10, dialect: .sqlite)
        var ui = UIState()
        ui.mode = .form(Form(model: Self.notes, mode: .edit(key: [1]), row: ["id": 1, "body": "NULL", "note": .null]), focus: 3, submitted: false)
        let frame = Renderer.render(state, ui, title: "t", width: 120, height: 30)
        func valueSpan(_ field: String) -> Frame.Span? {
            for line in frame.lines {
                guard let i = line.firstIndex(where: { $0.text.dropFirst().hasPrefix(field + " ") }), i + 1 < line.count else { continue }
                return line[i + 1]
            }
            return nil
        }
        XCTAssertEqual(valueSpan("body")?.style, .normal, "the text NULL is text")
        XCTAssertEqual(valueSpan("body")?.text.hasPrefix("NULL"), true)
        XCTAssertEqual(valueSpan("note")?.style, .null, "NULL is drawn as the NULL state")
        XCTAssertEqual(valueSpan("note")?.text.hasPrefix("NULL"), true)
        XCTAssertTrue(frame.lines.contains { $0.contains { $0.text.contains("Ctrl-N NULL") } }, "the help line names the key")
        XCTAssertTrue(Keymap.help.contains { $0.0 == "Ctrl-N" && $0.1.contains("NULL") }, "and ? lists it")
    }
}

extension Form {
    func with(_ change: (inout Form) -> Void) -> Form {
        var f = self
        change(&f)
        return f
    }
}

/// The `:` prompt's numbers and NULLs, through the pure `Explorer.update`.
final class CommandLimitTests: XCTestCase {
    func testColonRowsLimitIsRangeChecked() {
        var state = ExplorerState(registry: FilterParserTests.registry, pageSize: 20, dialect: .sqlite)
        let before = state.screen
        for limit in ["9223372036854775807", "99999999999999999999", "0", "-1", "1e3", "100001"] {
            let effects = Explorer.update(&state, .command("rows hero --limit \(limit)"))
            XCTAssertEqual(effects, [], limit)
            XCTAssertEqual(state.report?.error, "--limit takes a whole number from 1 to 100,000 (\"\(limit)\" is not).")
            XCTAssertEqual(state.screen, before, "nothing opens")
        }
        let deep = String(repeating: "(", count: 15_000) + "age > 1" + String(repeating: ")", count: 15_000)
        XCTAssertEqual(Explorer.update(&state, .command("rows hero --where '\(deep)'")), [])
        XCTAssertEqual(state.report?.error, "Filter error at column 1001: parentheses and not are nested more than 1,000 deep here; simplify the filter.")
        XCTAssertFalse(Explorer.update(&state, .command("rows hero --limit 100000")).isEmpty, "the largest page opens")
    }

    func testColonWritesTakeNullAsAnOption() {
        var state = ExplorerState(registry: FilterParserTests.registry, pageSize: 20, dialect: .sqlite)
        let effects = Explorer.update(&state, .command("update hero 7 --set name=Null --null age"))
        guard case .write(_, _, let request, _)? = effects.first else { return XCTFail("\(effects)") }
        XCTAssertEqual(request, .update(model: "hero", key: [7], values: ["name": .text("Null"), "age": .null]))
        XCTAssertEqual(Explorer.update(&state, .command("update hero 7 --set name=x --nul age")), [])
        XCTAssertEqual(state.report?.error, "update does not take --nul; did you mean --null?")
    }
}

extension FormTests {
    /// One line of the form holds one line of text: a value with a line break is locked (E edits
    /// it), and what E brings back is written even when it is several lines. A long value on one
    /// line is typed into at the caret.
    func testSeveralLinesAreTheEditorsAndOneLineIsTypedAtTheCaret() {
        let row: [String: Value] = ["id": 7, "name": "first\nsecond"]
        var form = Form(model: hero, mode: .edit(key: [7]), row: row)
        XCTAssertEqual(form.entries.first { $0.name == "name" }?.locked, "name holds several lines: E edits it in $EDITOR; this form leaves it as it is.")
        form.type("name", "x")
        XCTAssertEqual(form.entries.first { $0.name == "name" }?.text, "first\nsecond", "not typed into")
        let edit = ValueEdit(model: "hero", key: [7], field: "name", text: "first\nsecond", row: row)
        let (back, _) = try! XCTUnwrap(edit.form("first\nthird", registry: FilterParserTests.registry))
        XCTAssertEqual(back.values["name"], FieldText.text("first\nthird"), "what the editor gave is written")

        var typed = Form(model: hero, mode: .edit(key: [7]), row: ["id": 7, "name": .text(String(repeating: "s", count: 300))])
        typed.moveCaret("name", toStart: true)
        typed.type("name", "<")
        typed.moveCaret("name", by: 2)
        typed.deleteBackward("name")
        typed.moveCaret("name")
        typed.type("name", ">")
        XCTAssertEqual(typed.values["name"], FieldText.text("<s" + String(repeating: "s", count: 298) + ">"))
    }
}
