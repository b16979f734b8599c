import ORMCore

/// A model's form as data: each field with its type, whether it is required, its default, its
/// length limit and whether it is part of the key; the text typed so far; and the problem with it,
/// found before any SQL runs. The terminal draws it; the explorer turns it into a write.
public struct Form: Sendable, Equatable {
    public enum Mode: Sendable, Equatable {
        case insert
        /// Changes only the fields the user edits, on the row with this primary key.
        case edit(key: [Value])
        /// Inserts, or updates the row that holds the same values in these fields.
        case upsert(conflictTarget: [String])
    }

    public struct Entry: Sendable, Equatable {
        public var name: String
        public var type: String
        public var required: Bool
        public var defaultText: String?
        public var maxLength: Int?
        public var isKey: Bool
        /// Assigned by the database (identity, autoincrement) or computed: left out unless typed.
        public var isAutomatic: Bool
        /// Emptied, a nullable field that is not text means NULL (text keeps '': type NULL for NULL).
        public var emptyMeansNull: Bool
        public var text: String
        public var edited = false
        public var problem: String?
    }

    public var model: String
    public var mode: Mode
    public var entries: [Entry]
    /// The row as it was read (an edit's starting point): the write is guarded against it.
    public var original: [String: Value]

    /// The form for a model; an edit starts from the row's values.
    public init(model: Model, mode: Mode, row: [String: Value] = [:]) {
        self.model = model.qualifiedName
        self.mode = mode
        original = row
        entries = model.fields.filter { !$0.isGenerated }.map { f in
            Entry(name: f.name, type: f.type.declared, required: f.isRequired, defaultText: f.defaultExpression,
                  maxLength: f.type.maxLength, isKey: model.primaryKey.contains(f.name), isAutomatic: f.isAutoIncrement,
                  emptyMeansNull: f.isNullable && ![.text, .json, .enumeration, .other].contains(f.type.kind),
                  text: row[f.name].map { $0.displayText ?? "NULL" } ?? "")
        }
    }

    /// Types into a field.
    public mutating func set(_ name: String, _ text: String) {
        guard let i = entries.firstIndex(where: { $0.name == name }) else { return }
        entries[i].text = text
        entries[i].edited = true
        entries[i].problem = nil
    }

    /// The fields the write will send: every filled field for an insert or upsert, only the edited
    /// ones for an edit (a partial update).
    /// A field typed and then emptied is left out when the database fills it (an automatic key, a
    /// default), and is NULL when nullable and not text.
    public var values: [String: String] {
        var out: [String: String] = [:]
        for e in entries {
            let empty = e.text.isEmpty
            switch mode {
            case .edit:
                if e.edited { out[e.name] = empty && e.emptyMeansNull ? "NULL" : e.text }
            case .insert, .upsert:
                if !empty && (e.edited || !e.isAutomatic) { out[e.name] = e.text }
                else if empty && e.edited && !e.isAutomatic && e.defaultText == nil { out[e.name] = e.emptyMeansNull ? "NULL" : "" }
            }
        }
        return out
    }

    /// Checks every value against the model (types, required fields, lengths, enum labels), marking
    /// each field's problem; returns whether the form can be written. No SQL runs.
    @discardableResult
    public mutating func validate(against model: Model) -> Bool {
        var typed: [String: Value] = [:]
        for i in entries.indices { entries[i].problem = nil }
        for (name, text) in values {
            guard let field = model.field(name), let i = entries.firstIndex(where: { $0.name == name }) else { continue }
            switch FieldInput.value(typed: text, for: field) {
            case .success(let v): typed[name] = v
            case .failure(let p): entries[i].problem = p.message
            }
        }
        let isInsert: Bool
        if case .edit = mode { isInsert = false } else { isInsert = true }
        for p in Validator.problems(typed, model: model, isInsert: isInsert) {
            if let i = entries.firstIndex(where: { $0.name == p.field }), entries[i].problem == nil { entries[i].problem = p.message }
        }
        return entries.allSatisfy { $0.problem == nil }
    }

    /// The write this form makes.
    public var request: WriteRequest {
        switch mode {
        case .insert: return .insert(model: model, values: values)
        case .edit(let key):
            let written = values
            return .update(model: model, key: key, values: written, original: original.filter { written[$0.key] != nil })
        case .upsert(let target): return .upsert(model: model, values: values, conflictTarget: target)
        }
    }

    /// The statement the write will run, with its values, shown before it runs: built by the same
    /// `WriteStatement` the flush uses, with the same guard (each edited field must still hold the
    /// value the form was opened with). A field typed back to the value it had is not written.
    ///
    /// ```sql
    /// UPDATE "hero" SET "age" = ? WHERE ("id" = ?) AND ("age" IS NOT DISTINCT FROM ?)   -- [31, 7, 30]
    /// ```
    public func preview(model: Model, dialect: Dialect) -> CompiledSQL? {
        var typed: [String: Value] = [:]
        for (name, text) in values {
            guard let field = model.field(name), case .success(let v) = FieldInput.value(typed: text, for: field) else { continue }
            typed[name] = v
        }
        let statement: Statement?
        switch mode {
        case .insert:
            statement = WriteStatement.insert(model, WriteStatement.ordered(typed, model), dialect: dialect)
        case .edit(let key):
            let changed = WriteStatement.ordered(typed, model).filter { original[$0.column] != $0.value }
            statement = changed.isEmpty ? nil : WriteStatement.update(
                model, key: key, set: changed, guards: changed.compactMap { c in original[c.column].map { (c.column, $0) } })
        case .upsert(let target):
            statement = try? WriteStatement.upsert(model, WriteStatement.ordered(typed, model), conflictTarget: target)
        }
        return statement.flatMap { try? SQLCompiler.compile($0, dialect: dialect) }
    }
}
