import ArgumentParser
import Explorer
import ExplorerRuntime
import Foundation
import ORMCore

/// What every write command shares: open, refuse in read-only mode, run in one action, commit, print.
struct WriteOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @Option(name: .customLong("set"), help: "FIELD=VALUE, repeatable; the value is text read by the field's type (null is the text \"null\").", completion: Completion.assignments) var set: [String] = []
    @Option(name: .customLong("null"), help: "FIELD: set it to NULL; repeatable.", completion: Completion.fields) var null: [String] = []
    @OptionGroup var naming: SchemaOption

    /// The values given for `model`: `--set` as text, `--null` as NULL, each field named as a model
    /// name is (`"authorId"` exactly, `authorid` when `authorId` is its one case-insensitive match).
    func values(for model: Model) throws -> [String: FieldText] { try Assignments.raw(set, nulls: null, for: model) }

    /// `request` names the write for the model; it runs through `Session.write`, as a form's
    /// does, so the two cannot drift apart.
    func run(_ verb: String, model: String, _ request: (Model) throws -> WriteRequest) throws {
        try reporting(database.format) {
            if database.readOnly { throw CLIError("Read-only mode (--read-only): \(verb) refused; nothing was written.") }
            let db = try database.open()
            let session = try Session(db)
            let m = try session.model(naming.modelName(model))
            let write = try request(m)
            try database.budget.adopt(.write(write), registry: session.registry)
            let action = "\(verb) \(m.qualifiedName)"
            var moves: [Database.SequenceMove] = []
            let (row, outcome) = try db.withAction(action) { () -> (Entity?, UpsertOutcome?) in
                let (e, outcome) = try session.writeSaying(write)
                moves = session.takeSequenceMoves()
                try session.commit()
                // The row as the database holds it now (defaults, triggers). A row without a
                // primary key cannot be read again by key: it is printed as RETURNING gave it.
                if let e, e.state == .persistent, e.identity != nil { try session.refresh(e) }
                return (e, outcome)
            }
            // An upsert says what it did: `"upsert": "updated", "said": "updated hero id = 7"`.
            var extra: [String: Any] = [:]
            if let outcome, let row {
                extra = ["upsert": outcome.rawValue, "said": outcome.sentence(row)]
                if database.format == .table { print(outcome.sentence(row).prefix(1).uppercased() + outcome.sentence(row).dropFirst() + ".") }
            }
            try RowsOutput.print(row.map { [$0] } ?? [], model: m, paths: [], format: database.format,
                                 statements: db.log.events(for: action), warnings: { moves.map(\.sentence) }, extra: extra)
        }
    }
}

extension Model {
    /// The fields that find one row on the command line: the primary key, or for a table without
    /// one every field (the row is then found by all its values).
    var rowAddress: [String] { primaryKey.isEmpty && kind == .table ? fieldNames : primaryKey }
}

struct InsertRow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "insert", abstract: "Insert a row (--set FIELD=VALUE ...), or many from a file (--from rows.csv|rows.json|rows.ndjson|-).")
    @OptionGroup var options: WriteOptions
    @Argument(help: "The model.", completion: Completion.models) var model: String
    @OptionGroup var from: FromOptions

    func run() throws {
        if from.from != nil { return try RowImport.run(options, from, verb: "insert", model: model, conflictTarget: nil) }
        try options.run("insert", model: model) { m in .insert(model: m.qualifiedName, values: try options.values(for: m)) }
    }
}

struct UpdateRow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "update", abstract: "Change only the given fields of one row.")
    @OptionGroup var options: WriteOptions
    @Argument(help: "The model.", completion: Completion.models) var model: String
    @Argument(help: "The primary key value(s), comma-separated (a table without one: every field's value, in order).") var key: String

    func run() throws {
        try options.run("update", model: model) { m in
            .update(model: m.qualifiedName, key: try KeyText.parse(key, fields: m.rowAddress, model: m), values: try options.values(for: m))
        }
    }
}

struct UpsertRow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "upsert", abstract: "Insert a row, or update the one with the same key (--on-conflict FIELDS); many from a file with --from.")
    @OptionGroup var options: WriteOptions
    @Argument(help: "The model.", completion: Completion.models) var model: String
    @Option(name: .customLong("on-conflict"), help: "The conflict target: the primary key or a unique constraint's fields, comma-separated (default: the primary key).") var onConflict: String?
    @OptionGroup var from: FromOptions

    var target: [String]? { onConflict.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } }

    func run() throws {
        if from.from != nil {
            return try RowImport.run(options, from, verb: "upsert", model: model, conflictTarget: target ?? [])
        }
        try options.run("upsert", model: model) { m in
            let target = self.target?.map(m.fieldName(typed:)) ?? m.primaryKey
            return .upsert(model: m.qualifiedName, values: try options.values(for: m), conflictTarget: target)
        }
    }
}

struct DeleteRow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete one row by primary key (needs --yes); without --yes, what each foreign key pointing at it will do.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The model.", completion: Completion.models) var model: String
    @Argument(help: "The primary key value(s), comma-separated (a table without one: every field's value, in order).") var key: String
    @OptionGroup var naming: SchemaOption
    @Flag(help: "Confirm the delete.") var yes = false
    @Flag(name: .customLong("nullify-children"),
          help: "First set to NULL the key of every row that would stop the delete (NO ACTION / RESTRICT keys), in the same transaction.")
    var nullifyChildren = false

    func run() throws {
        try reporting(database.format) {
            if database.readOnly { throw CLIError("Read-only mode (--read-only): delete refused; nothing was written.") }
            let db = try database.open()
            let session = try Session(db)
            let m = try session.model(naming.modelName(model))
            let keyValues = try KeyText.parse(key, fields: m.rowAddress, model: m)
            // The budget of the delete (`delete MODEL KEY --yes [--nullify-children]`) or of its preview (without --yes).
            let write: WriteRequest = nullifyChildren ? .deleteNullifyingChildren(model: m.qualifiedName, key: keyValues) : .delete(model: m.qualifiedName, key: keyValues)
            try database.budget.adopt(yes ? .write(write) : .init(.delete, model: m.qualifiedName, key: keyValues), registry: session.registry)
            // With a models file, the application's cascades (see AppCascadeDelete).
            if db.appModels != nil, !nullifyChildren { return try AppCascadeDelete.run(session, m, keyValues, yes: yes, format: database.format) }
            guard yes else {
                // Say what it would do: one count per foreign key, then refuse without --yes.
                let action = "delete preview of \(m.qualifiedName)"
                let preview = try db.withAction(action) { try session.deletePreview(m.qualifiedName, keyValues) }
                let statements = db.log.events(for: action)
                var hint = ""
                if !preview.nullifiable.isEmpty && !nullifyChildren {
                    hint = " (add --nullify-children to set the \(preview.nullifiableCount) referring rows' key to NULL first)"
                }
                let sentence = "Deleting \(preview.rowText) needs --yes to confirm\(hint); nothing was deleted."
                if database.format.isJSON {
                    print(JSONOutput.string(["preview": Self.json(preview), "statements": statements.map(JSONOutput.statement),
                                             "query_count": statements.count, "error": sentence]))
                    try StatementBudget.endPreview(sentence, format: database.format)
                }
                print((["Deleting \(preview.rowText):"] + preview.lines.map { "  " + $0 }
                       + (preview.references.isEmpty ? ["  no foreign key refers to \(m.qualifiedName)"] : [])
                       + preview.unindexed.map { "  (\($0.label) has no index: its count reads the whole table)" }).joined(separator: "\n"))
                StatementLog.write(StatementLog.text(statements))
                try StatementBudget.endPreview(sentence, format: database.format)
            }
            let action = "delete \(m.qualifiedName)"
            let (gone, nullified) = try db.withAction(action) { () -> (Entity, Int) in
                if m.primaryKey.isEmpty, !nullifyChildren {
                    // One row (of several identical ones, perhaps) by all its values.
                    return (try session.explainingRefusal(ofDeleting: m.qualifiedName, keyValues) { () -> Entity in
                        let e = try session.deleteRow(m.qualifiedName, oldRow: keyValues)
                        try session.commit()
                        return e
                    }, 0)
                }
                let e = try session.require(m.qualifiedName, keyValues)
                let n = try session.explainingRefusal(ofDeleting: m.qualifiedName, keyValues) { () -> Int in
                    var n = 0
                    if nullifyChildren { n = try session.deleteNullifyingChildren(m.qualifiedName, keyValues) } else { try session.delete(e) }
                    try session.commit()
                    return n
                }
                return (e, n)
            }
            var extra: [String: Any] = ["deleted": true]
            if nullifyChildren { extra["nullified_children"] = nullified }
            if nullifyChildren && database.format == .table { print("\(NumberText.counted(nullified, "referring row")) had their key set to NULL first.") }
            try RowsOutput.print([gone], model: m, paths: [], format: database.format, statements: db.log.events(for: action),
                                 warnings: { [] }, extra: extra)
        }
    }

    /// The preview as JSON: per key, its model, columns, rule, count and (for CASCADE) one level down.
    static func json(_ p: DeletePreview) -> [String: Any] {
        func reference(_ r: DeletePreview.Reference) -> [String: Any] {
            ["model": r.model, "columns": r.columns, "constraint": r.constraint as Any, "on_delete": r.action.rawValue,
             "deferrable": r.isDeferrable, "initially_deferred": r.isInitiallyDeferred, "nullable": r.isNullable,
             "indexed": r.isIndexed, "count": r.count, "refuses": r.refuses, "says": r.consequence,
             "cascades": r.cascades.map(reference)]
        }
        return ["model": p.model, "key": p.key.map(JSONOutput.value), "refused": p.isRefused,
                "nullifiable_children": p.nullifiableCount, "references": p.references.map(reference)]
    }
}
