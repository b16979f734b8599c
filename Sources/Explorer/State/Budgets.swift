import Foundation
import ORMCore

/// A budgets file: the most statements an action may run, so an N+1 shows as over budget in the
/// explorer's SQL pane and status line (and fails the command with exit status 3). One budget a
/// line, `#` starts a comment; each line reads like the command it budgets (`BudgetedAction`
/// lists the actions and what each takes):
///
/// ```
/// # ACTION -> MAX
/// rows team --load heroes -> 2
/// rows hero --load team:joined --where "age > 30" -> 1
/// follow team heroes -> 1
/// get team --load heroes -> 2
/// count hero -> 1
/// delete team --yes -> 6
/// ```
///
/// A budget matches an action of its verb and model that loads exactly its `--load` paths (the
/// strategies in force included: `L`, the models file's defaults; a `:STRATEGY` budgets that
/// strategy only), with its key, `--where` and `--on-conflict` when it gives them (any otherwise),
/// and with exactly its `--from` and switches (`--yes`, `--nullify-children`). The first matching
/// line counts. Reading the schema is never counted.
public struct Budgets: Sendable, Equatable {
    public struct Budget: Sendable, Equatable {
        /// The action as the file writes it (`rows team --load heroes`).
        public var action: String
        public var line: Int
        public var verb: BudgetedAction.Verb
        /// The model's qualified name ("" for `sql`).
        public var model: String
        public var relationship: String?
        /// The row's key as `KeyText.text` writes it; nil: any row.
        public var key: String?
        /// Loaded relationship paths (`heroes`, `heroes.powers`) and, when given, their strategy.
        public var loads: [(path: String, strategy: LoadStrategy?)]
        /// Value options (`where`, `on-conflict`, `from`) and switches ("" for present) the line gives.
        public var options: [String: String]
        public var maximum: Int

        /// The line's `--where`, nil when it gives none (any filter).
        public var filter: String? { options["where"] }

        public static func == (a: Budget, b: Budget) -> Bool {
            a.action == b.action && a.line == b.line && a.verb == b.verb && a.model == b.model && a.relationship == b.relationship
                && a.key == b.key && a.options == b.options && a.maximum == b.maximum
                && a.loads.map(\.path) == b.loads.map(\.path) && a.loads.map(\.strategy) == b.loads.map(\.strategy)
        }

        /// Whether `a` is the action this line budgets.
        public func matches(_ a: BudgetedAction) -> Bool {
            guard a.verb == verb, a.model == model, relationship == nil || a.relationship == relationship,
                  key == nil || a.key.map(KeyText.text) == key else { return false }
            for (name, kind) in verb.grammar.options {
                switch kind {
                case .load:
                    let paths = Set(a.loads.map { $0.path.joined(separator: ".") })
                    guard Set(loads.map(\.path)) == paths else { return false }
                    guard loads.allSatisfy({ l in l.strategy.map { st in a.loads.contains { $0.path.joined(separator: ".") == l.path && $0.strategy == st } } ?? true })
                    else { return false }
                case .narrowing:
                    if let v = options[name], a.options[name] != v { return false }
                case .exact, .flag:
                    if options[name] != a.options[name] { return false }
                }
            }
            return true
        }
    }

    /// A budgets file's budget pending in the explorer: the request it was given to.
    public struct Pending: Sendable, Equatable {
        public var id: Int
        public var budget: Budget
        public init(id: Int, budget: Budget) {
            self.id = id
            self.budget = budget
        }
    }

    /// The file's name, as sentences quote it.
    public var file: String
    public var budgets: [Budget]

    public init(file: String, budgets: [Budget] = []) {
        self.file = file
        self.budgets = budgets
    }

    /// Reads a budgets file, each model, relationship and key checked against `registry`. Throws
    /// one sentence naming the file and the line (`RequestError`).
    public static func parse(_ text: String, file: String, registry: Registry) throws -> Budgets {
        var out = Budgets(file: file)
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let n = i + 1
            var line = String(raw)
            if let hash = line.firstIndex(of: "#"), !line[..<hash].contains("\"") && !line[..<hash].contains("'") { line = String(line[..<hash]) }
            line = line.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            do {
                out.budgets.append(try budget(line, number: n, registry: registry))
            } catch {
                throw RequestError("\(file), line \(n): \(Explorer.sentence(error).trimmingCharacters(in: CharacterSet(charactersIn: "."))); a line is ACTION -> MAX, e.g. rows team --load heroes -> 2.")
            }
        }
        return out
    }

    /// One line (`rows team --load heroes -> 2`), read by its verb's grammar.
    static func budget(_ line: String, number n: Int, registry: Registry) throws -> Budget {
        guard let arrow = line.range(of: "->", options: .backwards) else { throw RequestError("there is no -> before the maximum") }
        let action = line[..<arrow.lowerBound].trimmingCharacters(in: .whitespaces)
        let maxText = line[arrow.upperBound...].trimmingCharacters(in: .whitespaces)
        guard let maximum = Int(maxText), maximum >= 0 else { throw RequestError("\"\(maxText)\" is not a number of statements (0 or more)") }
        var words = try ShellWords.split(action)
        let verbs = BudgetedAction.Verb.allCases.map(\.rawValue)
        guard let first = words.first, let verb = BudgetedAction.Verb(rawValue: first) else {
            throw RequestError("\"\(words.first ?? "")\" is not an action with a budget (\(verbs.joined(separator: ", ")) are)")
        }
        words.removeFirst()
        let grammar = verb.grammar
        var positional: [String] = []
        var loads: [(path: String, strategy: LoadStrategy?)] = []
        var options: [String: String] = [:]
        var k = 0
        while k < words.count {
            let w = words[k]
            k += 1
            guard w.hasPrefix("--") else { positional.append(w); continue }
            let name = String(w.dropFirst(2))
            guard let kind = grammar.kind(of: name) else {
                let names = grammar.options.map { "--" + $0.name }
                let takes = names.isEmpty ? "\(verb.rawValue) budgets take no options"
                    : names.count == 1 ? "\(names[0]) is" : names.dropLast().joined(separator: ", ") + " and \(names.last!) are"
                throw RequestError("\(w) is not part of a budget's action (\(takes))")
            }
            if kind == .flag { options[name] = ""; continue }
            guard k < words.count else { throw RequestError("\(w) needs a value") }
            let v = words[k]
            k += 1
            if kind == .load {
                let parts = v.split(separator: ":", maxSplits: 1).map(String.init)
                var strategy: LoadStrategy?
                if parts.count == 2 {
                    guard let st = LoadStrategy(rawValue: parts[1].lowercased()) else { throw RequestError("\"\(parts[1])\" is not a loading strategy") }
                    strategy = st
                }
                loads.append((parts.first ?? v, strategy))
            } else if name == "on-conflict" {
                options[name] = v.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ",")
            } else {
                options[name] = v
            }
        }
        var model: Model?
        var relationship: Relationship?
        var key: String?
        var rest = positional[...]
        for word in grammar.words {
            switch word {
            case .model:
                guard let w = rest.popFirst() else { throw RequestError("the action names no model") }
                model = try registry.require(w)
            case .relationship:
                guard let w = rest.popFirst(), let m = model else { throw RequestError("\(verb.rawValue) needs a relationship of \(model?.qualifiedName ?? "the model"), e.g. follow team heroes") }
                relationship = try m.requireRelationship(w)
            case .key:
                guard let w = rest.popFirst(), let m = model else { continue }
                let fields = m.primaryKey.isEmpty ? m.fieldNames : m.primaryKey
                key = KeyText.text(try KeyText.parse(w, fields: fields, model: m, registry: registry))
            }
        }
        if let extra = rest.first { throw RequestError("\"\(extra)\" is one word too many") }
        // The loaded paths start at the page's model: a related page's is the relationship's target.
        if let start = relationship.flatMap({ registry.model(named: $0.target) }) ?? model {
            for (path, _) in loads {
                var m = start
                for step in path.split(separator: ".").map(String.init) {
                    let rel = try m.requireRelationship(step)
                    guard let next = registry.model(named: rel.target) else { break }
                    m = next
                }
            }
        }
        return Budget(action: action, line: n, verb: verb, model: model?.qualifiedName ?? "", relationship: relationship?.name, key: key,
                      loads: loads, options: options, maximum: maximum)
    }

    /// The first budget `action` falls under. A related page is a page of its model too, so a
    /// `rows hero` line budgets the heroes followed from a team unless a `follow` line comes first.
    public func budget(for action: BudgetedAction) -> Budget? {
        let page = action.asPage
        return budgets.first { $0.matches(action) || page.map($0.matches) == true }
    }

    /// The sentence for an action that ran `count` statements under `budget`; nil within it.
    public func verdict(_ budget: Budget, count: Int) -> String? {
        guard count > budget.maximum else { return nil }
        return "over budget: \(NumberText.counted(count, "statement")), the budget is \(budget.maximum) (\(file), line \(budget.line): \(budget.action))"
    }
}
