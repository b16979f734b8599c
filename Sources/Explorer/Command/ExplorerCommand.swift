import ORMCore

/// The `:` prompt: the shell's commands, read into the explorer's own actions (so a command
/// typed in the terminal does what the matching keys do, with the same SQL pane and count).
///
/// ```
/// :rows hero --where "age > 30" --order name:desc --load team:selectin
/// :get hero 7                      :insert team --set name=Avengers --null headquarters
/// :update hero 7 --set age=31      :upsert team --set name=X --on-conflict name
/// :delete hero 7                   :explain-loading heroes      :strategy heroes joined
/// :models  :count  :refresh  :reload (the schema)  :commit  :rollback  :manual on|off
/// :rows '"sx.ty"'   :rows sx.ty   :rows --schema public sx.ty    (model names as `ModelName` reads them)
/// ```
/// `:count hero --where "age > 30"` `:exists hero --where "name = 'x'"` (`:count` alone: the open rows, as c)
/// `:explain hero --where "age > 30" --order name` (the page statement's plan; `--analyze` asks first)
/// ```
/// `quit` and `help` belong to the screen and are handled before a line comes here.
///
/// The command names and the options each takes are the shell's (`CommandLineGrammar`, handed over
/// by the executable from its own command definitions): a shell command the explorer does not run,
/// or one of its options that means nothing on the screen, gets a sentence saying so.
public enum ExplorerCommand {
    /// What the explorer runs of the shell's commands (each read below).
    public static let shellCommands = ["models", "rows", "show", "get", "count", "exists", "insert", "update", "upsert", "delete", "explain", "explain-loading"]
    /// The screen's own commands, which the shell does not have (its `commit`, `rollback`, `help`
    /// and `quit` are words of the prompt, not commands).
    public static let screenCommands = ["strategy", "refresh", "reload", "commit", "rollback", "manual", "help", "quit"]
    public static var names: [String] { shellCommands + screenCommands }

    public static func parse(_ line: String, state s: ExplorerState) throws -> [Action] {
        var args = try ShellWords.split(line)
        guard !args.isEmpty else { return [] }
        let name = args.removeFirst()
        let grammar = s.commandLine.command(name)
        guard names.contains(name) else {
            if grammar != nil {
                throw RequestError("\(name) is a command of the shell and the command line (ormscope \(name) ...), not of the explorer; help lists the explorer's.")
            }
            let hint = Suggest.closest(to: name, in: names + s.commandLine.names).map { "; did you mean \($0)?" } ?? "."
            throw RequestError("\"\(name)\" is not a command\(hint) help lists them.")
        }
        var flags = try Flags(args, switches: Flags.switches.union(grammar?.switches ?? []))
        func model(_ i: Int) throws -> Model {
            guard i < flags.positional.count else { throw RequestError("\(name) needs a model name, e.g. :\(name) \(s.registry.models.first?.qualifiedName ?? "hero").") }
            // --schema S: the word is then the table's exact name (as `ormscope --schema` reads it).
            if let schema = flags.take("schema").last {
                return try s.registry.require(ModelName(schema: schema, table: flags.positional[i]).description)
            }
            return try s.registry.require(flags.positional[i])
        }
        func key(_ m: Model, _ i: Int) throws -> [Value] {
            guard !m.primaryKey.isEmpty else { throw SchemaError.noPrimaryKey(model: m.qualifiedName, what: m.kindPhrase) }
            guard i < flags.positional.count else { throw RequestError("\(name) needs the row's key (\(m.primaryKey.joined(separator: ", "))).") }
            return try KeyText.parse(flags.positional[i], fields: m.primaryKey, model: m)
        }
        let actions: [Action]
        switch name {
        case "models":
            actions = [.showModels]
        case "explain":
            // explain MODEL [--where W] [--order F]: the plan of the page statement (--analyze asks first, as A does).
            let m = try model(0)
            let filter = flags.take("where").last ?? ""
            _ = try FilterParser.parse(filter, model: m, registry: s.registry)
            let request = PageRequest(model: m.qualifiedName, filter: filter, sort: try flags.take("order").map { try SortKey(parsing: $0, model: m, registry: s.registry) }, limit: s.pageSize)
            let analyze = flags.takeSwitch("analyze")
            _ = flags.takeSwitch("yes")  // the screen asks anyway
            actions = [.explainRows(request, analyze: analyze)]
        case "rows", "show":
            let m = try model(0)
            // --load sets the strategy in force for the model's relationships (as L does); see `.openRequest`.
            let loads = try flags.take("load").map { try LoadSpec.parse($0, model: m, registry: s.registry) }
            var request = PageRequest(model: m.qualifiedName, filter: flags.take("where").last ?? "",
                                      sort: try flags.take("order").map { try SortKey(parsing: $0, model: m, registry: s.registry) }, limit: s.pageSize,
                                      load: loads)
            _ = try FilterParser.parse(request.filter, model: m, registry: s.registry)  // a typo stops here, nothing opens
            if flags.takeSwitch("last") { request.position = .last }
            if let limit = flags.take("limit").last {
                request.limit = try NumberArgument.integer(limit, "--limit", in: NumberArgument.rows)
            }
            actions = [.openRequest(request)]
        case "get":
            let m = try model(0)
            actions = [.openKey(model: m.qualifiedName, key: try key(m, 1))]
        case "insert":
            let m = try model(0)
            actions = [.write(.insert(model: m.qualifiedName, values: try Assignments.raw(flags.take("set"), nulls: flags.take("null"), for: m)))]
        case "update":
            let m = try model(0)
            let k = try key(m, 1)
            actions = [.write(.update(model: m.qualifiedName, key: k, values: try Assignments.raw(flags.take("set"), nulls: flags.take("null"), for: m)))]
        case "upsert":
            let m = try model(0)
            let values = try Assignments.raw(flags.take("set"), nulls: flags.take("null"), for: m)
            let target = flags.take("on-conflict").last.map { $0.split(separator: ",").map { m.fieldName(typed: String($0)) } } ?? m.uniqueKeys.first ?? m.primaryKey
            guard m.uniqueKeys.contains(target) || target == m.primaryKey else {
                throw RequestError("--on-conflict must name a unique key of \(m.qualifiedName): \(m.uniqueKeys.map { $0.joined(separator: ",") }.joined(separator: " or ")).")
            }
            actions = [.write(.upsert(model: m.qualifiedName, values: values, conflictTarget: target))]
        case "delete":
            let m = try model(0)
            _ = flags.takeSwitch("yes")  // the screen asks anyway
            actions = [.write(.delete(model: m.qualifiedName, key: try key(m, 1)))]
        case "explain-loading", "strategy":
            // explain-loading [MODEL] REL; strategy [MODEL] REL lazy|selectin|joined|raise
            let wantsStrategy = name == "strategy"
            var words = flags.positional
            var strategy: LoadStrategy?
            if wantsStrategy {
                guard let last = words.popLast(), let st = LoadStrategy(rawValue: last.lowercased()) else {
                    throw RequestError("strategy takes a relationship and lazy, selectin, joined or raise, e.g. :strategy heroes selectin.")
                }
                strategy = st
            }
            guard let current = s.currentModel else { throw RequestError("Open a model first (:rows MODEL), then \(name) REL.") }
            if words.count == 2 {
                guard s.registry.model(named: words[0])?.qualifiedName == current.qualifiedName else {
                    throw RequestError("\(name) works on the open model (\(current.qualifiedName)); open \(words[0]) first with :rows \(words[0]).")
                }
                words.removeFirst()
            }
            guard words.count == 1 else { throw RequestError("\(name) needs one relationship of \(current.qualifiedName), e.g. \(current.relationships.first?.name ?? "team").") }
            let rel = try current.requireRelationship(words[0])
            actions = strategy.map { [.setStrategy(relationship: rel.id, $0)] } ?? [.compareStrategies(relationship: rel.id)]
        case "count" where flags.positional.isEmpty && flags.options.isEmpty:
            actions = [.countExactly]  // the open rows, as c counts them
        case "count", "exists":
            // count [MODEL] [--where W]: without a model, the open rows' model (and, without --where, their filter).
            let open: RowsScreen? = { if case .rows(let r) = s.screen, r.typed == nil { return r } else { return nil } }()
            let verb: CountVerb = name == "exists" ? .exists : .count
            let given = flags.take("where").last
            if flags.positional.isEmpty, let r = open {
                var request = r.request
                if let given {
                    let m = try s.registry.require(r.request.model)
                    _ = try FilterParser.parse(given, model: m, registry: s.registry)
                    request.filter = given
                }
                actions = [.countRows(request, verb)]
            } else {
                let m = try model(0)
                let filter = given ?? ""
                _ = try FilterParser.parse(filter, model: m, registry: s.registry)  // a typo stops here, nothing runs
                actions = [.countRows(PageRequest(model: m.qualifiedName, filter: filter, limit: s.pageSize), verb)]
            }
        case "refresh": actions = [.refresh]
        case "reload": actions = [.reloadSchema]
        case "commit": actions = [.commit]
        case "rollback": actions = [.rollback]
        case "manual":
            guard let on = flags.positional.first, ["on", "off"].contains(on) else { throw RequestError("manual takes on or off.") }
            actions = [.setManualTransaction(on == "on")]
        default:
            let hint = Suggest.closest(to: name, in: names).map { "; did you mean \($0)?" } ?? "."
            throw RequestError("\"\(name)\" is not a command\(hint) help lists them.")
        }
        try flags.finish(name, grammar: grammar)
        return actions
    }

    /// `--name value` options (repeatable), `--switch` flags and positional words.
    struct Flags {
        var positional: [String] = []
        var options: [(String, String?)] = []
        static let switches: Set<String> = ["last", "yes", "analyze"]

        init(_ args: [String], switches: Set<String> = Flags.switches) throws {
            var i = 0
            while i < args.count {
                let a = args[i]
                if a.hasPrefix("--") {
                    var name = String(a.dropFirst(2)), value: String?
                    if let eq = name.firstIndex(of: "=") {
                        value = String(name[name.index(after: eq)...])
                        name = String(name[..<eq])
                    } else if !switches.contains(name) {
                        guard i + 1 < args.count else { throw RequestError("--\(name) needs a value.") }
                        i += 1
                        value = args[i]
                    }
                    options.append((name, value))
                } else {
                    positional.append(a)
                }
                i += 1
            }
        }

        mutating func take(_ name: String) -> [String] {
            let values = options.filter { $0.0 == name }.compactMap(\.1)
            options.removeAll { $0.0 == name }
            return values
        }

        mutating func takeSwitch(_ name: String) -> Bool {
            let present = options.contains { $0.0 == name }
            options.removeAll { $0.0 == name }
            return present
        }

        /// An option the command does not take is an error, not silently ignored: one the shell's
        /// command takes but that means nothing on the screen (`--format`, `--db`) says so; any
        /// other gets the closest of the command's own options.
        func finish(_ command: String, grammar: CommandLineGrammar.Command?) throws {
            guard let (name, _) = options.first else { return }
            if let grammar, grammar.all.contains(name) {
                throw RequestError("\(command) --\(name) has no use in the explorer (it is the command line's); leave it out.")
            }
            let known = grammar.map { Array($0.all) } ?? Flags.read
            let hint = Suggest.closest(to: name, in: known.filter { $0 != name }.sorted()).map { "; did you mean --\($0)?" } ?? "."
            throw RequestError("\(command) does not take --\(name)\(hint)")
        }

        /// The options some command here reads (the suggestions when no grammar was handed over).
        static let read = ["where", "order", "limit", "last", "load", "set", "null", "on-conflict", "yes", "schema", "analyze"]
    }
}
