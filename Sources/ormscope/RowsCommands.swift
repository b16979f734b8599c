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
                                         "next_after": result.hasNext ? (result.lastKey.map(KeyText.token) as Any) : NSNull(),
                                         "previous_before": result.hasPrevious ? (result.firstKey.map(KeyText.token) as Any) : NSNull()])
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

/// Rows as a table, JSON, NDJSON or CSV, with related rows nested along the loaded paths.
enum RowsOutput {
    /// `warnings` is read after the rows are rendered, so the related rows the output reads count as read.
    static func print(_ rows: [Entity], model: Model, paths: [[String]], format: OutputFormat, statements: [StatementEvent],
                      warnings: () -> [String], extra: [String: Any]) throws {
        // ORMSCOPE_TRACE: when encoding and writing the rows began and ended (make bench's output figures).
        let trace = format == .table ? nil : Trace.fromEnvironment()
        trace?.log("output", "start \(format.rawValue) \(rows.count)")
        defer { trace?.log("output", "end \(format.rawValue) \(rows.count)") }
        switch format {
        case .json:
            // Streamed: format, model, the rows as they are encoded (flushed in chunks), then the rest.
            var w = JSONWriter(sink: .standardOutput)
            var columns = ColumnCache()
            w.beginObject()
            w.key("format")
            w.int(JSONOutput.formatVersion)
            w.key("model")
            JSONOutput.any(RegistryText.identity(model), into: &w)
            w.key("rows")
            w.beginArray()
            let top = columns.of(model)
            for r in rows { try json(r, top, paths: paths, columns: &columns, into: &w) }
            w.endArray()
            var rest = extra
            rest["statements"] = statements.map(JSONOutput.statement)
            rest["query_count"] = statements.count
            rest["warnings"] = warnings()
            JSONOutput.members(rest, into: &w)
            w.endObject()
            w.raw("\n")
            w.flush()
        case .ndjson:
            // One row object per line, nothing around them (statements are for --format json).
            var w = JSONWriter(sink: .standardOutput)
            var columns = ColumnCache()
            let top = columns.of(model)
            for r in rows {
                try json(r, top, paths: paths, columns: &columns, into: &w)
                w.raw("\n")
            }
            w.flush()
            _ = warnings()
        case .csv:
            var w = CSVWriter(sink: .standardOutput)
            let names = model.fieldNames
            w.record(names)
            for r in rows {
                for (i, v) in r.fieldValues.enumerated() {
                    if i > 0 { w.separator() }
                    w.value(v)
                }
                w.endRecord()
            }
            w.flush()
        case .table:
            let names = model.fieldNames
            var table: [[TextTable.Cell]] = [names.map { TextTable.Cell($0) }]
            for r in rows { table.append(names.map { cell(r[$0] ?? .null) }) }
            // The whole text first: on a terminal a long one goes through $PAGER.
            var out = TextTable.render(table, styled: TextTable.stylesOutput)
            out += "(\(rows.count) row\(rows.count == 1 ? "" : "s"))\n"
            for path in paths {
                for r in rows {
                    let related = try relatedRows(r, path)
                    out += "  \(r.identity?.description ?? "?") \(path.joined(separator: ".")): \(related.count) row\(related.count == 1 ? "" : "s")\n"
                }
            }
            out += RegistryText.footer(statements) + (statements.isEmpty ? "" : ":") + "\n"
            out += LoadingText.statements(statements)
            for w in warnings() { out += "!! " + w + "\n" }
            Pager.show(out)
        }
    }

    /// Each model's field keys (as JSON bytes) and JSON column types, worked out once per command.
    struct ColumnCache {
        struct Columns {
            /// Every field's `"name":`, one after another; `ranges[i]` is field i's.
            let keys: [UInt8]
            let ranges: [Range<Int>]
            let types: [JSONColumn]
            init(_ m: Model) {
                var keys: [UInt8] = [], ranges: [Range<Int>] = []
                for f in m.fields {
                    let k = JSONWriter.keyBytes(f.name)
                    ranges.append(keys.count..<keys.count + k.count)
                    keys += k
                }
                self.keys = keys
                self.ranges = ranges
                types = m.fields.map(JSONColumn.init)
            }
        }
        private var byModel: [String: Columns] = [:]

        mutating func of(_ m: Model) -> Columns {
            if let c = byModel[m.qualifiedName] { return c }
            let c = Columns(m)
            byModel[m.qualifiedName] = c
            return c
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

    /// A row as a JSON object, keys in the model's column order; loaded relationships along `paths`
    /// follow, nested (an object, or a list for collections; link rows carry `_link`).
    static func json(_ e: Entity, _ own: ColumnCache.Columns, paths: [[String]], link: [String: Value]? = nil, columns: inout ColumnCache,
                     into w: inout JSONWriter) throws {
        w.beginObject()
        let values = e.fieldValues
        own.keys.withUnsafeBufferPointer { keys in
            for i in values.indices {
                w.key(keys, own.ranges[i])
                w.value(values[i], own.types[i])
            }
        }
        if !paths.isEmpty {
            var order: [String] = []
            var byFirst: [String: [[String]]] = [:]
            for p in paths where !p.isEmpty {
                if byFirst[p[0]] == nil { order.append(p[0]) }
                byFirst[p[0], default: []].append(Array(p.dropFirst()))
            }
            for name in order {
                let rel = try e.model.requireRelationship(name)
                let rest = byFirst[name]!.filter { !$0.isEmpty }
                let children = try e.related(name)
                let links = rel.link != nil ? try e.linkData(name) : []
                w.key(name)
                if rel.kind.isCollection { w.beginArray() }
                for (i, child) in children.enumerated() {
                    try json(child, columns.of(child.model), paths: rest, link: i < links.count ? links[i] : nil, columns: &columns, into: &w)
                    if !rel.kind.isCollection { break }
                }
                if rel.kind.isCollection { w.endArray() } else if children.isEmpty { w.null() }
            }
        }
        if let link {
            w.key("_link")
            w.beginObject()
            for k in link.keys.sorted() { w.key(k); w.value(link[k]!) }
            w.endObject()
        }
        w.endObject()
    }

    /// A cell for the terminal: NULL spelled out, long text cut with a marker, one line.
    /// A value in the table format: at most 40 characters, line breaks, tabs and other control
    /// characters shown as visible symbols (never raw, so a row stays one line); NULL is `NULL`
    /// (dim on a terminal), and a text that reads `NULL` is quoted, `'NULL'`, as the empty text is `''`.
    static func cell(_ v: Value) -> TextTable.Cell {
        guard let s = v.displayText else { return TextTable.Cell("NULL", dim: true) }
        if case .text(let t) = v {
            if t.isEmpty { return TextTable.Cell("''") }
            if t.uppercased() == "NULL" { return TextTable.Cell("'\(t)'") }
        }
        return TextTable.Cell(CellText.prefix(s, 40))
    }
}

/// Small CSV tables (models, fields, strategies): one record as text, by ORMCore's `CSVWriter`.
enum CSV {
    static func line(_ fields: [String?]) -> String { CSVWriter.line(fields) }
}
