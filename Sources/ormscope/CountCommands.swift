import ArgumentParser
import Explorer
import ExplorerRuntime
import Foundation
import ORMCore

/// `count` and `exists`: one statement each, as SQLAlchemy runs them, with the same `--where`
/// filter language as `rows`.
/// What `count` and `exists` are given: the model and the same `--where` filter language as `rows`.
struct CountOptions: ParsableArguments {
    @OptionGroup var options: DatabaseOptions
    @Argument(help: "The model.", completion: Completion.models) var model: String
    @OptionGroup var naming: SchemaOption
    @Option(name: .customLong("where"), help: "A filter, as for rows.") var filter: String = ""
}

struct CountRows: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "count", abstract: "Count a model's rows (one SELECT count(*)), filtered by --where.")
    @OptionGroup var given: CountOptions

    /// ```sql
    /// SELECT count(*) FROM "hero" WHERE "age" > ?
    /// ```
    func run() throws {
        try Counting.run(given, verb: .count) { session, m, predicate in
            .int(Int64(try session.count(m.qualifiedName, where: predicate)))
        }
    }
}

struct ExistsRows: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exists", abstract: "Whether any row matches --where (one SELECT EXISTS); prints true or false.")
    @OptionGroup var given: CountOptions

    /// ```sql
    /// SELECT EXISTS (SELECT 1 FROM "hero" WHERE "age" > ?)
    /// ```
    func run() throws {
        try Counting.run(given, verb: .exists) { session, m, predicate in
            .bool(try session.exists(m.qualifiedName, where: predicate))
        }
    }
}

/// What `count` and `exists` share: the filter read as `rows` reads it, one action, the answer and
/// its statements printed (`42`, `true`; JSON `{"count": 42, "statements": [...]}`).
enum Counting {
    static func run(_ given: CountOptions, verb budgeted: BudgetedAction.Verb, _ answer: (Session, Model, SQLExpression?) throws -> Value) throws {
        let options = given.options, model = given.model, naming = given.naming, filter = given.filter, verb = budgeted.rawValue
        try reporting(options.format) {
            let db = try options.open()
            let session = try Session(db)
            let m = try session.model(naming.modelName(model))
            try options.budget.adopt(.init(budgeted, model: m.qualifiedName, options: ["where": filter]), registry: session.registry)
            let action = "\(verb) \(m.qualifiedName)"
            let value = try db.withAction(action) { () -> Value in
                let (_, select, _, _) = try PageLoader.statement(PageRequest(model: m.qualifiedName, filter: filter), session: session)
                return try PageLoader.namingRefusedValues(of: filter, model: m.qualifiedName, session: session) {
                    try answer(session, m, select.predicate)
                }
            }
            let statements = db.log.events(for: action)
            switch options.format {
            case .json, .ndjson:
                print(JSONOutput.string([verb: JSONOutput.value(value), "statements": statements.map(JSONOutput.statement),
                                         "query_count": statements.count, "model": RegistryText.identity(m)]))
            case .csv:
                print(verb + "\r\n" + (value.displayText ?? "") + "\r\n", terminator: "")
            case .table:
                print(value.displayText ?? "")
                StatementLog.write(StatementLog.text(statements))
            }
        }
    }
}
