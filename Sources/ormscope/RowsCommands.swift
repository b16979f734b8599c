import ArgumentParser
import Explorer
import ExplorerRuntime
import Foundation
import ORMCore

/// The options that choose which rows a page holds: `--where`, `--order`, `--limit` (rows and explain).
struct PageOptions: ParsableArguments {
    @Option(name: .customLong("where"), help: "A filter, e.g. 'age > 30 and team.name = \"Avengers\"'.") var filter: String = ""
    @Option(name: .customLong("order"), help: "FIELD or FIELD:desc; repeat for more keys.") var order: [String] = []
    @Option(help: "Rows per page.") var limit: Int = 50

    /// The page request these options describe, for `model`.
    func request(_ model: String, load: [LoadOption] = []) throws -> PageRequest {
        PageRequest(model: model, filter: filter, sort: try order.map(SortKey.init(parsing:)),
                    limit: try NumberArgument.check(limit, "--limit", in: NumberArgument.rows), load: load)
    }
}

/// `ormscope rows MODEL ...`: one page of rows, with the statements it ran.
struct Rows: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a page of a model's rows, filtered, sorted, with relationships loaded.")
    @OptionGroup var options: DatabaseOptions
    @Argument(help: "The model.") var model: String
    @OptionGroup var naming: SchemaOption
    @OptionGroup var pageOptions: PageOptions
    @Option(help: "Page N by OFFSET (fine for small tables; use --after on big ones).") var page: Int?
    @Option(help: "The page after this key (sort fields then primary key, comma-separated).") var after: String?
    @Option(help: "The page before this key.") var before: String?
    @Flag(help: "The last page.") var last = false
    @Option(name: .customLong("load"), help: "REL:STRATEGY (lazy, selectin, joined, raise); REL may be a path like heroes.powers.") var load: [String] = []

    func run() throws {
        try reporting(options.format) {
            let db = try options.open()
            let session = try Session(db)
            let m = try session.model(naming.modelName(model))
            var request = try pageOptions.request(m.qualifiedName, load: try load.map(LoadSpec.parse))
            let limit = request.limit
            let positions = [page != nil, after != nil, before != nil, last].filter { $0 }.count
            guard positions <= 1 else { throw CLIError("Give one of --page, --after, --before or --last.") }
            let keyFields = try request.keyFields(for: m)
            if let page {
                request.position = .offset((try NumberArgument.check(page, "--page", in: NumberArgument.pages) - 1) * limit)
            } else if let after {
                request.position = .after(try KeyText.parse(after, fields: keyFields, model: m))
            } else if let before {
                request.position = .before(try KeyText.parse(before, fields: keyFields, model: m))
            } else if last {
                request.position = .last
            }
            let action = "rows \(m.qualifiedName)"
            let paths = request.load.map(\.path)
            // Reading the loaded paths belongs to the action: a lazy strategy's statements run here.
            let result = try db.withAction(action) { () -> Page in
                let page = try PageLoader.load(request, session: session)
                try RowsOutput.touch(page.rows, paths: paths)
                return page
            }
            try RowsOutput.print(result.rows, model: m, paths: paths, format: options.format, statements: db.log.events(for: action),
                                 warnings: { session.warnings(for: action).map(\.message) },
                                 extra: ["has_next": result.hasNext, "has_previous": result.hasPrevious,
                                         "next_after": result.hasNext ? (result.lastKey.map(KeyText.text) as Any) : NSNull(),
                                         "previous_before": result.hasPrevious ? (result.firstKey.map(KeyText.text) as Any) : NSNull()])
        }
    }
}

/// `ormscope get MODEL KEY`: one row by primary key.
struct Get: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print one row by its primary key (composite keys comma-separated).")
    @OptionGroup var options: DatabaseOptions
    @Argument(help: "The model.") var model: String
    @Argument(help: "The primary key value(s).") var key: String
    @OptionGroup var naming: SchemaOption
    @Option(name: .customLong("load"), help: "REL:STRATEGY, repeatable.") var load: [String] = []

    func run() throws {
        try reporting(options.format) {
            let db = try options.open()
            let session = try Session(db)
            let m = try session.model(naming.modelName(model))
            guard !m.primaryKey.isEmpty else { throw SchemaError.noPrimaryKey(model: m.qualifiedName) }
            let keyValues = try KeyText.parse(key, fields: m.primaryKey, model: m)
            let specs = try load.map(LoadSpec.parse)
            let action = "get \(m.qualifiedName) \(key)"
            let rows = try db.withAction(action) { () -> [Entity] in
                let rows = try session.query(m.qualifiedName, Select(from: m.table, where: .keyEquals(m.primaryKey, keyValues)), options: specs)
                try RowsOutput.touch(rows, paths: specs.map(\.path))
                return rows
            }
            guard !rows.isEmpty else {
                throw CLIError("No \(m.qualifiedName) row has \(m.primaryKey.joined(separator: ", ")) = \(key).")
            }
            try RowsOutput.print(rows, model: m, paths: specs.map(\.path), format: options.format, statements: db.log.events(for: action),
                                 warnings: { session.warnings(for: action).map(\.message) }, extra: [:])
        }
    }
}

/// Rows as a table, JSON or CSV, with related rows nested along the loaded paths.
enum RowsOutput {
    /// `warnings` is read after the rows are rendered, so the related rows the output reads count as read.
    static func print(_ rows: [Entity], model: Model, paths: [[String]], format: OutputFormat, statements: [StatementEvent],
                      warnings: () -> [String], extra: [String: Any]) throws {
        switch format {
        case .json:
            let rendered = try rows.map { try json($0, paths: paths) }
            var object: [String: Any] = ["rows": rendered, "statements": statements.map(JSONOutput.statement),
                                         "query_count": statements.count, "warnings": warnings(),
                                         "model": RegistryText.identity(model)]
            for (k, v) in extra { object[k] = v }
            Swift.print(JSONOutput.string(object))
        case .csv:
            Swift.print(CSV.line(model.fieldNames), terminator: "")
            for r in rows { Swift.print(CSV.line(model.fieldNames.map { r[$0]?.displayText }), terminator: "") }
        case .table:
            var table: [[String]] = [model.fieldNames]
            for r in rows { table.append(model.fieldNames.map { cell(r[$0] ?? .null) }) }
            Swift.print(TextTable.render(table), terminator: "")
            Swift.print("(\(rows.count) row\(rows.count == 1 ? "" : "s"))")
            for path in paths {
                for r in rows {
                    let related = try relatedRows(r, path)
                    Swift.print("  \(r.identity?.description ?? "?") \(path.joined(separator: ".")): \(related.count) row\(related.count == 1 ? "" : "s")")
                }
            }
            Swift.print(RegistryText.footer(statements) + (statements.isEmpty ? "" : ":"))
            Swift.print(LoadingText.statements(statements), terminator: "")
            for w in warnings() { Swift.print("!! " + w) }
        }
    }

    /// Reads every related row along the paths (so lazy loads run now, inside the caller's action).
    static func touch(_ rows: [Entity], paths: [[String]]) throws {
        for p in paths { for r in rows { _ = try relatedRows(r, p) } }
    }

    static func relatedRows(_ e: Entity, _ path: [String]) throws -> [Entity] {
        var level = [e]
        for name in path { level = try level.flatMap { try $0.related(name) } }
        return level
    }

    /// A row as a JSON object; loaded relationships along `paths` nest (an object or a list).
    static func json(_ e: Entity, paths: [[String]]) throws -> [String: Any] {
        var o: [String: Any] = [:]
        for f in e.model.fieldNames { o[f] = JSONOutput.value(e[f] ?? .null) }
        var byFirst: [String: [[String]]] = [:]
        for p in paths where !p.isEmpty { byFirst[p[0], default: []].append(Array(p.dropFirst())) }
        for (name, rest) in byFirst {
            let rel = try e.model.requireRelationship(name)
            var children = try e.related(name).map { try json($0, paths: rest.filter { !$0.isEmpty }) }
            if rel.link != nil {
                for (i, link) in try e.linkData(name).enumerated() where i < children.count {
                    children[i]["_link"] = link.mapValues(JSONOutput.value)
                }
            }
            o[name] = rel.kind.isCollection ? children : (children.first ?? NSNull())
        }
        return o
    }

    /// A cell for the terminal: NULL spelled out, long text cut with a marker, one line.
    static func cell(_ v: Value) -> String {
        guard var s = v.displayText else { return "NULL" }
        s = s.replacingOccurrences(of: "\n", with: "⏎")
        return s.count > 40 ? String(s.prefix(39)) + "…" : s
    }
}

/// RFC 4180 CSV: fields with commas, quotes or line breaks are quoted; NULL is an empty field.
enum CSV {
    static func line(_ fields: [String?]) -> String {
        fields.map { f -> String in
            guard let f else { return "" }
            if f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || f.isEmpty {
                return "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return f
        }.joined(separator: ",") + "\r\n"
    }
}
