import ArgumentParser
import Foundation
import ORMCore

/// `ormscope drift --models FILE --db URL`: each difference between the application's models and
/// the live database as a sentence (or JSON), exit status 1 when there is any, for CI.
struct Drift: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Compare the models file with the live database (exit 1 when they differ), like alembic check.")
    @OptionGroup var options: DatabaseOptions

    func run() throws {
        try reporting(options.format) {
            guard let app = try options.appModels.load() else {
                throw CLIError("drift compares a models file with the database: pass --models FILE (or set models = FILE in the config).", usage: true)
            }
            let db = try options.open(applyModels: false)
            let registry = try db.withAction("drift") { try db.introspect() }
            let all = ORMCore.Drift.compare(app, registry)
            // What cannot be compared with confidence is said, and is no difference (exit 0 with notes alone).
            let differences = all.filter(\.isDifference), notes = all.filter { !$0.isDifference }
            func json(_ d: DriftDifference) -> [String: Any] {
                var o: [String: Any] = ["kind": d.kind.rawValue, "model": d.model, "sentence": d.sentence]
                if let c = d.column { o["column"] = c }
                return o
            }
            if options.format.isJSON {
                var o: [String: Any] = ["models": app.file, "differences": differences.map(json), "count": differences.count]
                if !notes.isEmpty { o["not_compared"] = notes.map(json) }
                print(JSONOutput.string(o))
            } else {
                for d in differences { print(d.sentence) }
                for d in notes { print(d.sentence) }
                print(differences.isEmpty ? "No drift: the database matches \(app.file) (\(app.models.count) models)."
                    : "\(NumberText.counted(differences.count, "difference")) between \(app.file) and the database.")
            }
            if !differences.isEmpty { throw ExitCode(1) }
        }
    }
}
