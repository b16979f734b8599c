import Foundation
import ORMCore

/// A budgets file: the most statements an action may run, so an N+1 shows as over budget in the
/// explorer's SQL pane and status line (and fails `ormscope rows` with exit status 3). One budget a
/// line, `#` starts a comment:
///
/// ```
/// # ACTION -> MAX
/// rows team --load heroes -> 2
/// rows hero --load team:joined --where "age > 30" -> 1
/// rows app_user -> 3
/// ```
///
/// An action is a `rows` command: a model, the relationships the page loads (`--load REL`, with
/// `:STRATEGY` to budget one strategy only) and optionally a filter (`--where`). A page matches a
/// budget when it is of that model and loads exactly those relationships (the strategies in force
/// included: `L`, the models file's defaults), with that filter when the budget gives one; the
/// first matching line counts. Reading the schema is never counted.
public struct Budgets: Sendable, Equatable {
    public struct Budget: Sendable, Equatable {
        /// The action as the file writes it (`rows team --load heroes`).
        public var action: String
        public var line: Int
        public var model: String
        /// Loaded relationship paths (`heroes`, `heroes.powers`) and, when given, their strategy.
        public var loads: [(path: String, strategy: LoadStrategy?)]
        public var filter: String?
        public var maximum: Int

        public static func == (a: Budget, b: Budget) -> Bool {
            a.action == b.action && a.line == b.line && a.model == b.model && a.filter == b.filter && a.maximum == b.maximum
                && a.loads.map(\.path) == b.loads.map(\.path) && a.loads.map(\.strategy) == b.loads.map(\.strategy)
        }
    }

    /// The file's name, as sentences quote it.
    public var file: String
    public var budgets: [Budget]

    public init(file: String, budgets: [Budget] = []) {
        self.file = file
        self.budgets = budgets
    }

    /// Reads a budgets file, each model and relationship checked against `registry`. Throws one
    /// sentence naming the file and the line (`RequestError`).
    public static func parse(_ text: String, file: String, registry: Registry) throws -> Budgets {
        var out = Budgets(file: file)
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let n = i + 1
            var line = String(raw)
            if let hash = line.firstIndex(of: "#"), !line[..<hash].contains("\"") && !line[..<hash].contains("'") { line = String(line[..<hash]) }
            line = line.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            func fail(_ why: String) -> RequestError {
                RequestError("\(file), line \(n): \(why); a line is ACTION -> MAX, e.g. rows team --load heroes -> 2.")
            }
            guard let arrow = line.range(of: "->", options: .backwards) else { throw fail("there is no -> before the maximum") }
            let action = line[..<arrow.lowerBound].trimmingCharacters(in: .whitespaces)
            let maxText = line[arrow.upperBound...].trimmingCharacters(in: .whitespaces)
            guard let maximum = Int(maxText), maximum >= 0 else { throw fail("\"\(maxText)\" is not a number of statements (0 or more)") }
            var words: [String]
            do { words = try ShellWords.split(action) } catch { throw fail(Explorer.sentence(error)) }
            guard words.first == "rows" else { throw fail("only rows actions have budgets (\"\(words.first ?? "")\" is not one)") }
            words.removeFirst()
            var modelWord: String?
            var loads: [(String, LoadStrategy?)] = []
            var filter: String?
            var k = 0
            while k < words.count {
                let w = words[k]
                if w == "--load" || w == "--where" {
                    guard k + 1 < words.count else { throw fail("\(w) needs a value") }
                    let v = words[k + 1]
                    if w == "--where" { filter = v } else {
                        let parts = v.split(separator: ":", maxSplits: 1).map(String.init)
                        var strategy: LoadStrategy?
                        if parts.count == 2 {
                            guard let st = LoadStrategy(rawValue: parts[1].lowercased()) else { throw fail("\"\(parts[1])\" is not a loading strategy") }
                            strategy = st
                        }
                        loads.append((parts[0], strategy))
                    }
                    k += 2
                } else if w.hasPrefix("--") {
                    throw fail("\(w) is not part of a budget's action (--load and --where are)")
                } else if modelWord == nil {
                    modelWord = w
                    k += 1
                } else {
                    throw fail("\"\(w)\" is one word too many")
                }
            }
            guard let modelWord else { throw fail("the action names no model") }
            let model: Model
            do { model = try registry.require(modelWord) } catch { throw fail(Explorer.sentence(error)) }
            for (path, _) in loads {
                var m = model
                for step in path.split(separator: ".").map(String.init) {
                    do {
                        let rel = try m.requireRelationship(step)
                        guard let next = registry.model(named: rel.target) else { break }
                        m = next
                    } catch { throw fail(Explorer.sentence(error)) }
                }
            }
            out.budgets.append(Budget(action: action, line: n, model: model.qualifiedName, loads: loads, filter: filter, maximum: maximum))
        }
        return out
    }

    /// The first budget a page of `model` loading `load` with `filter` falls under.
    public func budget(model: String, load: [LoadOption], filter: String) -> Budget? {
        let paths = Set(load.map { $0.path.joined(separator: ".") })
        return budgets.first { b in
            b.model == model && Set(b.loads.map(\.path)) == paths && (b.filter.map { $0 == filter } ?? true)
                && b.loads.allSatisfy { l in l.strategy.map { st in load.contains { $0.path.joined(separator: ".") == l.path && $0.strategy == st } } ?? true }
        }
    }

    /// The sentence for an action that ran `count` statements under `budget`; nil within it.
    public func verdict(_ budget: Budget, count: Int) -> String? {
        guard count > budget.maximum else { return nil }
        return "over budget: \(count) statement\(count == 1 ? "" : "s"), the budget is \(budget.maximum) (\(file), line \(budget.line): \(budget.action))"
    }
}
