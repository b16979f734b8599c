import ArgumentParser
import Foundation
import Explorer
import ORMCore

/// `--max-statements N` on every command that opens a database: when the command ran more than N
/// statements (reading the schema is not counted: the budget is the action's, as the explorer's SQL
/// pane counts it), it ends with exit status 3 and a sentence naming the statements over the
/// budget. Checked after the command has printed its result.
struct StatementBudgetOption: ParsableArguments {
    @Option(name: .customLong("max-statements"), help: "Fail (exit 3) when the command runs more than N statements (reading the schema not counted).")
    var maxStatements: Int?

    @Option(name: .customLong("budgets"), help: "A budgets file (ACTION -> MAX a line, the action as its command reads, e.g. rows team --load heroes -> 2); or set budgets = FILE in the config. `none`: no file.")
    var budgetsFile: String?

    /// The budgets file to read: `--budgets`, else the config's `budgets`; nil for `none` or neither.
    var budgetsPath: String? { Config.filePath(budgetsFile, key: "budgets") }

    /// The budgets file read against `registry`, or nil when none is given. Throws one sentence.
    func budgets(registry: Registry) throws -> Budgets? {
        guard let path = budgetsPath else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("There is no budgets file at \(path)\(budgetsFile == nil ? " (the config's budgets = \(path))" : "").")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw CLIError("\(path) is not UTF-8 text, so it is not a budgets file.") }
        do { return try Budgets.parse(text, file: (path as NSString).lastPathComponent, registry: registry) } catch let e as RequestError {
            throw CLIError(e.sentence)
        }
    }

    /// Gives the command the budgets file's budget for the action it runs (the first matching
    /// line), when it is tighter than --max-statements. A bad file throws its sentence.
    func adopt(_ action: BudgetedAction, registry: Registry) throws {
        guard let budgets = try budgets(registry: registry), let budget = budgets.budget(for: action) else { return }
        StatementBudget.adopt(budget, of: budgets)
    }
}

enum StatementBudget {
    /// The budget of the command running now, its database, the log position it started at and
    /// where the budget comes from (`--max-statements`, a budgets file's line).
    nonisolated(unsafe) static var current: (limit: Int, database: Database, start: Int, source: String)?
    /// The database the command opened and the log position then (a budgets file's budget starts there).
    nonisolated(unsafe) static var opened: (database: Database, start: Int)?

    /// Exit status for a command over its budget.
    static let exitStatus: Int32 = 3

    static func begin(_ option: StatementBudgetOption, _ database: Database) throws {
        current = nil
        opened = (database, database.log.totalCount)
        guard let limit = option.maxStatements else { return }
        guard limit >= 0 else { throw CLIError("--max-statements takes a number of statements, 0 or more (\(limit) is not).", usage: true) }
        current = (limit, database, database.log.totalCount, "--max-statements")
    }

    /// A budgets file's budget for the command: it applies when it is tighter than --max-statements.
    static func adopt(_ budget: Budgets.Budget, of budgets: Budgets) {
        guard let (database, start) = opened else { return }
        if let c = current, c.limit <= budget.maximum { return }
        current = (budget.maximum, database, start, "\(budgets.file), line \(budget.line): \(budget.action)")
    }

    /// Ends the command with status 3 when it ran more statements than its budget; clears the budget.
    static func check() throws {
        guard let (limit, db, start, source) = current else { return }
        current = nil
        let counted = db.log.events.filter { $0.sequence > start && !$0.cause.readsSchema }
        let ran = counted.count
        guard ran > limit else { return }
        let over = counted.dropFirst(limit)
        let listed = zip((limit + 1)..., over.prefix(10)).map { "#\($0) (\($1.cause.summary)) \(oneLine($1.sql))" }
        let more = over.count > listed.count ? "; and \(over.count - listed.count) more" : ""
        FileHandle.standardError.write(Data(("ormscope: \(NumberText.counted(ran, "statement")) ran, over the budget of \(limit) (\(source)); over it: "
            + listed.joined(separator: "; ") + more + ".\n").utf8))
        throw ExitCode(exitStatus)
    }

    /// Ends a delete's preview, which exits 1 even when it did all it was asked (it needs --yes):
    /// its sentence first (the JSON format has printed it), then its budget checked as any
    /// command's (exit 3 over it), else status 1.
    static func endPreview(_ sentence: String, format: OutputFormat) throws -> Never {
        if !format.isJSON { FileHandle.standardError.write(Data(("ormscope: " + sentence + "\n").utf8)) }
        try check()
        throw ExitCode(1)
    }

    static func oneLine(_ sql: String) -> String {
        let flat = sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return flat.count > 120 ? String(flat.prefix(119)) + "…" : flat
    }
}
