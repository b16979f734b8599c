import ArgumentParser
import Explorer
import ExplorerRuntime
import Foundation
import ORMCore

/// `ormscope explain MODEL ...`: the plan of the statement `rows` would run, as a tree.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the query plan of a page of rows (EXPLAIN; --analyze runs it, rolled back).")
    @OptionGroup var options: DatabaseOptions
    @Argument(help: "The model.", completion: Completion.models) var model: String
    @OptionGroup var naming: SchemaOption
    @OptionGroup var pageOptions: PageOptions
    @Flag(help: "EXPLAIN ANALYZE (PostgreSQL): runs the statement inside a transaction that is rolled back.") var analyze = false
    @Flag(help: "Confirm --analyze.") var yes = false
    @Option(name: .customLong("analyze-timeout"), help: "Seconds --analyze may run.") var analyzeTimeout: Double = 10

    func run() throws {
        try reporting(options.format) {
            if analyze && !yes {
                throw CLIError("EXPLAIN ANALYZE runs the statement (inside a transaction that is rolled back); add --yes to confirm.", usage: true)
            }
            let analyzeTimeout = try NumberArgument.seconds(analyzeTimeout, "--analyze-timeout")
            let db = try options.open()
            let session = try Session(db)
            let request = try pageOptions.request(try session.model(naming.modelName(model)), registry: session.registry)
            let (_, select, _, _) = try PageLoader.statement(request, session: session)
            let action = "explain \(model)"
            let plan = try db.withAction(action) { try db.explain(.select(select), analyze: analyze, timeout: analyzeTimeout) }
            PlanOutput.print(plan, statements: db.log.events(for: action), format: options.format)
        }
    }
}

/// A plan as `explain` and `sql --explain` print it: the tree and the statements (JSON: the nodes).
enum PlanOutput {
    static func print(_ plan: QueryPlan, statements: [StatementEvent], format: OutputFormat) {
        switch format {
        case .json, .ndjson:
            func node(_ n: PlanNode) -> [String: Any] {
                ["label": n.label, "cost": n.cost as Any, "estimated_rows": n.estimatedRows as Any, "actual_rows": n.actualRows as Any,
                 "ms": n.milliseconds as Any, "badly_estimated": n.isBadlyEstimated, "children": n.children.map(node)]
            }
            Swift.print(JSONOutput.string(["sql": plan.sql, "analyzed": plan.analyzed, "plan": plan.nodes.map(node),
                                           "costliest": plan.costliest?.label as Any, "statements": statements.map(JSONOutput.statement),
                                           "query_count": statements.count, "warnings": [String]()]))
        case .table, .csv:
            Swift.print(plan.sql + "\n")
            for line in plan.lines { Swift.print(line) }
            StatementLog.write(StatementLog.text(statements))
        }
    }
}
