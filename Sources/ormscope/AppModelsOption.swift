import ArgumentParser
import Foundation
import ORMCore

/// `--models FILE` (every command that opens a database, the shell and the explorer), else
/// `models = FILE` in the config: the application's own models applied to the live registry.
/// `--models none` ignores the config's file.
struct AppModelsOption: ParsableArguments {
    @Option(name: .customLong("models"), help: "The application's models file (from `ormscope models-from`); or set models = FILE in the config. `none`: no file.")
    var file: String?

    /// The path to read: `--models`, else the config's `models`; nil for `none` or neither.
    var path: String? { Config.filePath(file, key: "models") }

    /// The parsed file, or nil when none is given. Throws one sentence (the file, the line, the key).
    func load() throws -> AppModels? {
        guard let path else { return nil }
        return try Self.read(path, from: file == nil ? "the config's models = \(path)" : nil)
    }

    static func read(_ path: String, from: String? = nil) throws -> AppModels {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("There is no models file at \(path)\(from.map { " (\($0))" } ?? ""); write one with ormscope models-from.")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw CLIError("\(path) is not UTF-8 text, so it is not a models file.") }
        var models = try AppModels.parse(text, file: (path as NSString).lastPathComponent)
        models.origin = from
        return models
    }
}

/// What `show` prints of a relationship's behaviour in the application (a models file).
enum AppText {
    /// `, cascade delete, delete-orphan`, `, on_delete CASCADE`, `, passive deletes`; empty when the defaults.
    static func cascade(_ app: Relationship.AppBehaviour) -> String {
        var out = ""
        let beyondDefault = app.cascade.filter { !["save-update", "merge"].contains($0) }
        if !beyondDefault.isEmpty { out += ", cascade " + beyondDefault.joined(separator: ", ") }
        if let d = app.onDelete { out += ", on_delete \(d)" }
        if app.passiveDeletes { out += ", passive deletes" }
        if !app.orderBy.isEmpty { out += ", order by " + app.orderBy.joined(separator: ", ") }
        return out
    }

    static func json(_ app: Relationship.AppBehaviour) -> [String: Any] {
        ["loading": app.loading.rawValue, "cascade": app.cascade, "passive_deletes": app.passiveDeletes,
         "on_delete": app.onDelete as Any, "order_by": app.orderBy, "class": app.className as Any]
    }
}
