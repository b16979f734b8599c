import ArgumentParser
import Explorer
import ExplorerRuntime
import Foundation
import ORMCore

/// What every write command shares: open, refuse in read-only mode, run in one action, commit, print.
struct WriteOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @Option(name: .customLong("set"), help: "FIELD=VALUE, repeatable; NULL for NULL.") var set: [String] = []
    @OptionGroup var naming: SchemaOption

    /// `request` names the write for the model; it runs through `Session.write`, as a form's
    /// does, so the two cannot drift apart.
    func run(_ verb: String, model: String, _ request: (Model) throws -> WriteRequest) throws {
        try reporting(database.format) {
            if database.readOnly { throw CLIError("Read-only mode (--read-only): \(verb) refused; nothing was written.") }
            let db = try database.open()
            let session = try Session(db)
            let m = try session.model(naming.modelName(model))
            let action = "\(verb) \(m.qualifiedName)"
            let row = try db.withAction(action) { () -> Entity? in
                let e = try session.write(try request(m))
                try session.commit()
                if let e, e.state == .persistent { try session.refresh(e) }
                return e
            }
            try RowsOutput.print(row.map { [$0] } ?? [], model: m, paths: [], format: database.format,
                                 statements: db.log.events(for: action), warnings: { [] }, extra: [:])
        }
    }
}

struct InsertRow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "insert", abstract: "Insert a row: --set FIELD=VALUE ...")
    @OptionGroup var options: WriteOptions
    @Argument(help: "The model.") var model: String

    func run() throws {
        try options.run("insert", model: model) { m in .insert(model: m.qualifiedName, values: try Assignments.raw(options.set)) }
    }
}

struct UpdateRow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "update", abstract: "Change only the given fields of one row.")
    @OptionGroup var options: WriteOptions
    @Argument(help: "The model.") var model: String
    @Argument(help: "The primary key value(s), comma-separated.") var key: String

    func run() throws {
        try options.run("update", model: model) { m in
            guard !m.primaryKey.isEmpty else { throw SchemaError.noPrimaryKey(model: m.qualifiedName) }
            return .update(model: m.qualifiedName, key: try KeyText.parse(key, fields: m.primaryKey, model: m), values: try Assignments.raw(options.set))
        }
    }
}

struct UpsertRow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "upsert", abstract: "Insert a row, or update the one with the same key: --on-conflict FIELDS.")
    @OptionGroup var options: WriteOptions
    @Argument(help: "The model.") var model: String
    @Option(name: .customLong("on-conflict"), help: "The conflict target: the primary key or a unique constraint's fields, comma-separated (default: the primary key).") var onConflict: String?

    func run() throws {
        try options.run("upsert", model: model) { m in
            let target = onConflict.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? m.primaryKey
            return .upsert(model: m.qualifiedName, values: try Assignments.raw(options.set), conflictTarget: target)
        }
    }
}

struct DeleteRow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete one row by primary key (needs --yes); without --yes, what each foreign key pointing at it will do.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The model.") var model: String
    @Argument(help: "The primary key value(s), comma-separated.") var key: String
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
            guard !m.primaryKey.isEmpty else { throw SchemaError.noPrimaryKey(model: m.qualifiedName) }
            let keyValues = try KeyText.parse(key, fields: m.primaryKey, model: m)
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
                    throw ExitCode(1)
                }
                print((["Deleting \(preview.rowText):"] + preview.lines.map { "  " + $0 }
                       + (preview.references.isEmpty ? ["  no foreign key refers to \(m.qualifiedName)"] : [])
                       + preview.unindexed.map { "  (\($0.label) has no index: its count reads the whole table)" }).joined(separator: "\n"))
                print(RegistryText.footer(statements) + (statements.isEmpty ? "" : ":"))
                print(LoadingText.statements(statements), terminator: "")
                throw CLIError(sentence)
            }
            let action = "delete \(m.qualifiedName)"
            let (gone, nullified) = try db.withAction(action) { () -> (Entity, Int) in
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
            if nullifyChildren && database.format == .table { print("\(nullified) referring row\(nullified == 1 ? "" : "s") had their key set to NULL first.") }
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
