import ArgumentParser
import Explorer
import Foundation
import ORMCore
import PostgresDriver
import SQLiteDriver

/// Shell completion of names from the database itself (argument-parser's custom completion): the
/// generated bash, zsh and fish scripts call `ormscope ---completion ...` with the words typed so
/// far, and these read `--db` among them (else `$DATABASE_URL`), open it read-only without asking
/// for a password (PostgreSQL: a 2-second connect timeout), read the registry and offer its model
/// names, or the fields of the model already typed. Nothing is offered when the database cannot be
/// opened: completion never prints an error into the prompt.
enum Completion {
    /// Model names (a model argument).
    static let models = CompletionKind.custom { words, _, prefix in
        registry(words).map { r in r.models.map(\.qualifiedName).filter { $0.hasPrefix(prefix) } } ?? []
    }

    /// Field names of the model typed (`--order`, `--null`, `--on-conflict`), and for `--order` the
    /// many-to-one paths one step deep (`team.name`).
    static let fields = CompletionKind.custom { words, _, prefix in
        guard let r = registry(words), let m = model(words, r) else { return [] }
        var names = m.fieldNames
        for rel in m.relationships where !rel.kind.isCollection && rel.link == nil {
            if let t = r.model(named: rel.target) { names += t.fieldNames.map { "\(rel.name).\($0)" } }
        }
        return names.filter { $0.hasPrefix(prefix) }
    }

    /// `FIELD=` for `--set`.
    static let assignments = CompletionKind.custom { words, _, prefix in
        guard let r = registry(words), let m = model(words, r) else { return [] }
        return m.fieldNames.map { $0 + "=" }.filter { $0.hasPrefix(prefix) }
    }

    /// The registry of the database the words name, or nil.
    static func registry(_ words: [String]) -> Registry? {
        var db: String?
        if let i = words.firstIndex(of: "--db"), i + 1 < words.count { db = words[i + 1] }
        if db == nil { db = words.first { $0.hasPrefix("--db=") }.map { String($0.dropFirst(5)) } }
        guard let location = Connect.location(db) else { return nil }
        setenv("PGCONNECT_TIMEOUT", "2", 0)
        do {
            let connection: any DriverConnection = Connect.isPostgres(location)
                ? try PostgresConnection(location) : try SQLiteConnection(location, create: false, readOnly: true)
            let database = Database(connection)
            defer { database.close() }
            return try database.introspect()
        } catch {
            return nil
        }
    }

    /// The model the words name (after the program's name): the shell's rule (`ShellCompletion`).
    static func model(_ words: [String], _ registry: Registry) -> Model? {
        ShellCompletion.model(Array(words.dropFirst()), registry)
    }
}
