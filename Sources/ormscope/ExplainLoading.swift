import ArgumentParser
import Explorer
import Foundation
import ORMCore

/// `ormscope explain-loading MODEL REL`: lazy, selectin and joined side by side on the same parents.
struct ExplainLoading: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain-loading",
        abstract: "Load a relationship lazy, selectin and joined on the same parents; print each one's statements and count.")
    @OptionGroup var options: DatabaseOptions
    @Argument(help: "The parent model.", completion: Completion.models) var model: String
    @Argument(help: "The relationship, or a dotted path (heroes.powers).") var relationship: String
    @OptionGroup var naming: SchemaOption
    @Option(help: "How many parents (the first by primary key).") var limit: Int = 50

    func run() throws {
        try reporting(options.format) {
            let limit = try NumberArgument.check(limit, "--limit", in: NumberArgument.rows)
            let db = try options.open()
            let session = try Session(db)
            let runs = try session.compareStrategies(naming.modelName(model), path: relationship, limit: limit)
            switch options.format {
            case .json, .ndjson:
                print(JSONOutput.string(["model": model, "relationship": relationship, "limit": limit,
                                         "strategies": runs.map { r -> [String: Any] in
                                             ["strategy": r.strategy.rawValue, "query_count": r.statements.count,
                                              "ms": (r.seconds * 1e6).rounded() / 1000, "parents": r.parents, "related": r.related,
                                              "statements": r.statements.map(JSONOutput.statement),
                                              "warnings": r.warnings.map(\.message)]
                                         }]))
            case .csv:
                print(CSV.line(["strategy", "statements", "ms", "parents", "related", "warnings"]), terminator: "")
                for r in runs {
                    print(CSV.line([r.strategy.rawValue, String(r.statements.count), String(format: "%.3f", r.seconds * 1000),
                                    String(r.parents), String(r.related), r.warnings.map(\.kind.rawValue).joined(separator: " ")]), terminator: "")
                }
            case .table:
                print(LoadingText.render(runs, model: model, path: relationship))
            }
        }
    }
}

/// The comparison as text: a summary line per strategy, then each one's statements with similar
/// ones folded.
enum LoadingText {
    static func render(_ runs: [StrategyRun], model: String, path: String) -> String {
        guard let first = runs.first else { return "" }
        var out = "\(model).\(path): \(first.parents) parents, \(first.related) related rows\n\n"
        var summary: [[String]] = [["STRATEGY", "STATEMENTS", "TIME", "WARNINGS"]]
        for r in runs {
            summary.append([r.strategy.rawValue, String(r.statements.count), String(format: "%.1f ms", r.seconds * 1000),
                            r.warnings.map(\.kind.rawValue).joined(separator: ", ")])
        }
        out += TextTable.render(summary)
        for r in runs {
            out += "\n-- \(r.strategy.rawValue): \(NumberText.counted(r.statements.count, "statement"))\n"
            out += statements(r.statements)
            for w in r.warnings { out += "!! \(w.message)\n" }
        }
        return out
    }

    /// Statements one per line; a run of the same SQL shows its first two and a count of the rest.
    static func statements(_ events: [StatementEvent]) -> String {
        var out = ""
        var i = 0
        while i < events.count {
            var j = i
            while j + 1 < events.count && events[j + 1].sql == events[i].sql { j += 1 }
            let shown = j - i + 1 > 3 ? 2 : j - i + 1
            for k in i..<(i + shown) { out += line(events[k], number: k + 1) }
            if j - i + 1 > shown { out += "   ... \(j - i + 1 - shown) more like it\n" }
            i = j + 1
        }
        return out
    }

    static func line(_ e: StatementEvent, number: Int) -> String {
        let params = e.params.isEmpty ? "" : "  " + (e.params.count > 6
            ? "[" + e.params.prefix(6).map(\.description).joined(separator: ", ") + ", ... \(e.params.count) values]"
            : "[" + e.params.map(\.description).joined(separator: ", ") + "]")
        return String(format: "%3d  %6.2f ms  %5d ", number, e.milliseconds, e.rows) + (e.rows == 1 ? "row   " : "rows  ") + e.cause.summary + "\n     " + e.sql + params + "\n"
    }
}
