import ArgumentParser
import Foundation
import ORMCore

/// `--max-statements N` on every command that opens a database: when the command ran more than N
/// statements (reading the schema is not counted: the budget is the action's, as the explorer's SQL
/// pane counts it), it ends with exit status 3 and a sentence naming the statements over the
/// budget. Checked after the command has printed its result.
struct StatementBudgetOption: ParsableArguments {
    @Option(name: .customLong("max-statements"), help: "Fail (exit 3) when the command runs more than N statements (reading the schema not counted).")
    var maxStatements: Int?
}

enum StatementBudget {
    /// The budget of the command running now, its database and the log position it started at.
    nonisolated(unsafe) static var current: (limit: Int, database: Database, start: Int)?

    /// Exit status for a command over its budget.
    static let exitStatus: Int32 = 3

    static func begin(_ option: StatementBudgetOption, _ database: Database) throws {
        current = nil
        guard let limit = option.maxStatements else { return }
        guard limit >= 0 else { throw CLIError("--max-statements takes a number of statements, 0 or more (\(limit) is not).", usage: true) }
        current = (limit, database, database.log.totalCount)
    }

    /// Ends the command with status 3 when it ran more statements than its budget; clears the budget.
    static func check() throws {
        guard let (limit, db, start) = current else { return }
        current = nil
        let counted = db.log.events.filter { $0.sequence > start && $0.cause != .introspection }
        let ran = counted.count
        guard ran > limit else { return }
        let over = counted.dropFirst(limit)
        let listed = zip((limit + 1)..., over.prefix(10)).map { "#\($0) (\($1.cause.summary)) \(oneLine($1.sql))" }
        let more = over.count > listed.count ? "; and \(over.count - listed.count) more" : ""
        FileHandle.standardError.write(Data(("ormscope: \(ran) statements ran, over the budget of \(limit) (--max-statements); over it: "
            + listed.joined(separator: "; ") + more + ".\n").utf8))
        throw ExitCode(exitStatus)
    }

    static func oneLine(_ sql: String) -> String {
        let flat = sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return flat.count > 120 ? String(flat.prefix(119)) + "…" : flat
    }
}
