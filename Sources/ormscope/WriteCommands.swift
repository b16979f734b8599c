import ArgumentParser
import Explorer
import ExplorerRuntime
import Foundation
import ORMCore

/// What every write command shares: open, refuse in read-only mode, run in one action, commit, print.
struct WriteOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @Option(name: .customLong("set"), help: "FIELD=VALUE, repeatable; NULL for NULL.") var set: [String] = []

    /// `request` names the write for the model; it runs through `Session.write`, as a form's
    /// does, so the two cannot drift apart.
    func run(_ verb: String, model: String, _ request: (Model) throws -> WriteRequest) throws {
        try reporting(database.format) {
            if database.readOnly { throw CLIError("Read-only mode (--read-only): \(verb) refused; nothing was written.") }
            let db = try database.open()
            let session = try Session(db)
            let m = try session.model(model)
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
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete one row by primary key (needs --yes).")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The model.") var model: String
    @Argument(help: "The primary key value(s), comma-separated.") var key: String
    @Flag(help: "Confirm the delete.") var yes = false

    func run() throws {
        try reporting(database.format) {
            if database.readOnly { throw CLIError("Read-only mode (--read-only): delete refused; nothing was written.") }
            let db = try database.open()
            let session = try Session(db)
            let m = try session.model(model)
            guard !m.primaryKey.isEmpty else { throw SchemaError.noPrimaryKey(model: m.qualifiedName) }
            let keyValues = try KeyText.parse(key, fields: m.primaryKey, model: m)
            let action = "delete \(m.qualifiedName)"
            let gone = try db.withAction(action) { () -> Entity in
                let e = try session.require(m.qualifiedName, keyValues)
                guard yes else {
                    throw CLIError("Deleting \(e.identity?.description ?? m.qualifiedName) needs --yes to confirm; nothing was deleted.")
                }
                try session.delete(e)
                try session.commit()
                return e
            }
            try RowsOutput.print([gone], model: m, paths: [], format: database.format, statements: db.log.events(for: action),
                                 warnings: { [] }, extra: ["deleted": true])
        }
    }
}
