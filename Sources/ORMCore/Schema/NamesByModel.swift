/// Names given so far on each model, by model position, in one list (performance only: at 5,000
/// models, one array each cost an allocation, its growth and its freeing per model).
///
/// Each model's names are a chain through the list, newest first; `contains` walks that chain.
struct NamesByModel {
    private var names: [String] = []
    /// For each name, the position of the previous one on the same model (-1: none).
    private var previous: [Int] = []
    /// For each model, the position of its newest name (-1: none).
    private var newest: [Int]

    init(models: Int) { newest = Array(repeating: -1, count: models) }

    func contains(_ name: String, on model: Int) -> Bool {
        var i = newest[model]
        while i >= 0 {
            if names[i] == name { return true }
            i = previous[i]
        }
        return false
    }

    mutating func add(_ name: String, on model: Int) {
        names.append(name)
        previous.append(newest[model])
        newest[model] = names.count - 1
    }
}
