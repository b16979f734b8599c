import Foundation

/// Runs the same parents through lazy, selectin and joined loading of one relationship path and
/// reports what each cost: the tool behind `ormscope explain-loading` and the explorer's comparison.
public struct StrategyRun: Sendable {
    public var strategy: LoadStrategy
    public var statements: [StatementEvent]
    public var seconds: Double
    /// Parents loaded, and related rows reached at the end of the path.
    public var parents: Int
    public var related: Int
    public var warnings: [LoadingWarning]
}

extension Session {
    /// Loads the first `limit` rows of `modelName` (by primary key) once per strategy, each in a
    /// fresh session so nothing is cached between them, and reads every related row along `path`
    /// (`"heroes"` or `"heroes.powers"`; every level gets the same strategy).
    public func compareStrategies(_ modelName: String, path: String, limit: Int = 50,
                                  strategies: [LoadStrategy] = [.lazy, .selectin, .joined]) throws -> [StrategyRun] {
        let model = try self.model(modelName)
        let names = path.split(separator: ".").map(String.init)
        guard !names.isEmpty else { throw SchemaError.unknownRelationship(model: model.qualifiedName, name: path, suggestion: nil) }
        // Check the whole path before any SQL.
        var options: [LoadOption] = []
        for i in names.indices { options.append(LoadOption(names[0...i].joined(separator: "."), .lazy)) }
        _ = try LoadPlan.build(options, model: model, registry: registry)

        var runs: [StrategyRun] = []
        for strategy in strategies {
            let fresh = try Session(database, registry: registry, expireOnCommit: expireOnCommit)
            let action = "explain-loading \(model.qualifiedName).\(path) \(strategy.rawValue)"
            let opts = names.indices.map { LoadOption(names[0...$0].joined(separator: "."), strategy) }
            var parents = 0, related = 0
            let start = DispatchTime.now().uptimeNanoseconds
            try database.withAction(action) {
                let order = model.primaryKey.map { OrderTerm(.col($0)) }
                let roots = try fresh.query(model.qualifiedName, orderBy: order, limit: limit, options: opts)
                parents = roots.count
                var level = roots
                for name in names {
                    var next: [Entity] = []
                    for e in level { next += try e.related(name) }
                    level = next
                }
                related = level.count
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            runs.append(StrategyRun(strategy: strategy, statements: database.log.events(for: action), seconds: seconds,
                                    parents: parents, related: related, warnings: fresh.warnings(for: action)))
        }
        return runs
    }
}
