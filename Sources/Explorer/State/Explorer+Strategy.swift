import ORMCore

/// The loading strategy in force: held once, in `ExplorerState.strategies`, and given to each
/// page request as it is sent. `L`, `:strategy` and `:rows --load` all set it there.
extension Explorer {
    /// The loading options for a model's rows: every relationship the user gave a strategy is
    /// loaded beside the rows (so lazy shows its N+1, selectin its 2, joined its 1); `extra`
    /// holds what a `--load` named that is not one of the model's relationships: a deeper path
    /// (`heroes.powers:selectin`), or a name the runtime refuses with its sentence.
    static func options(_ s: ExplorerState, _ model: Model, extra: [LoadOption] = []) -> [LoadOption] {
        let inForce = model.relationships.compactMap { rel in s.strategies[rel.id].map { LoadOption(rel.name, $0) } }
        return inForce + extra.filter { e in !inForce.contains { $0.path == e.path } }
    }

    /// The strategies in force for a model's relationships, as the status line shows them: `team selectin`.
    static func strategyText(_ s: ExplorerState, _ model: Model) -> String? {
        let set = model.relationships.compactMap { rel in s.strategies[rel.id].map { "\(rel.name) \($0.rawValue)" } }
        return set.isEmpty ? nil : set.joined(separator: ", ")
    }

    static func setStrategy(_ s: inout ExplorerState, _ rel: String, _ strategy: LoadStrategy) -> [Effect] {
        s.strategies[rel] = strategy
        let action = "strategy \(label(s, rel)) \(strategy.rawValue)"
        if case .rows = s.screen { return reloadRows(&s, action) }
        // Nothing to reload here: the report says what changed and where it shows.
        let model = s.registry.models.first { $0.relationships.contains { $0.id == rel } }?.qualifiedName ?? rel
        s.report = ActionReport(action: action + ": set, used when rows of \(model) are listed")
        s.log(LogEntry(.notice, action: action, "\(label(s, rel)) now loads \(strategy.rawValue) when rows of \(model) are listed."))
        return []
    }
}
