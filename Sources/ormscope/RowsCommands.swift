import ArgumentParser
import Explorer
import ExplorerRuntime
import Foundation
import ORMCore

/// The options that choose which rows a page holds: `--where`, `--order`, `--limit` (rows and explain).
struct PageOptions: ParsableArguments {
    @OptionGroup var selection: SelectionOptions
    @Option(help: "Rows per page (json, ndjson and csv stream, so up to 1,000,000,000 there; 100,000 for a table or with --load).") var limit: Int = 50

    /// The page request these options describe, for `model`; `limits` the page sizes allowed
    /// (a streamed page may be far bigger than one held in memory).
    func request(_ model: Model, registry: Registry, load: [LoadOption] = [], limits: ClosedRange<Int> = NumberArgument.rows) throws -> PageRequest {
        PageRequest(model: model.qualifiedName, filter: selection.filter, sort: try selection.sortKeys(for: model, registry: registry),
                    limit: try NumberArgument.check(limit, "--limit", in: limits), load: load)
    }
}

/// `ormscope rows MODEL ...`: one page of rows, with the statements it ran.
struct Rows: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a page of a model's rows, filtered, sorted, with relationships loaded.")
    @OptionGroup var options: DatabaseOptions
    @Argument(help: "The model.", completion: Completion.models) var model: String
    @OptionGroup var naming: SchemaOption
    @OptionGroup var pageOptions: PageOptions
    @Option(help: "Page N by OFFSET (fine for small tables; use --after on big ones).") var page: Int?
    @Option(help: "The page after this key (sort fields then primary key, comma-separated).") var after: String?
    @Option(help: "The page before this key.") var before: String?
    @Flag(help: "The last page.") var last = false
    @Option(name: .customLong("load"), help: "REL[:STRATEGY] (lazy, selectin, joined, raise; REL alone: selectin); REL may be a path like heroes.powers, the strategy for its last step.") var load: [String] = []

    func run() throws {
        try reporting(options.format) {
            let db = try options.open()
            let session = try Session(db)
            let m = try session.model(naming.modelName(model))
            let specs = try load.map { try LoadSpec.parse($0, model: m, registry: session.registry) }
            // What the page loads: the --load options, then the relationships loaded eagerly by default.
            let loads = specs + BudgetedAction.eagerDefaults(m, given: specs, strategy: session.defaultStrategy)
            try options.budget.adopt(.page(PageRequest(model: m.qualifiedName, filter: pageOptions.selection.filter), loads: loads), registry: session.registry)
            // json, ndjson and csv without --load are streamed (written as rows arrive, flat memory),
            // so their page may be as big as a table; the table format and loaded pages are held,
            // and so is a page whose relationships load eagerly by default (an application's models
            // file: `lazy="selectin"`), so its statements are the application's.
            let eagerDefaults = m.relationships.contains { [.selectin, .joined].contains(session.defaultStrategy(for: $0)) }
            let streams = options.format != .table && specs.isEmpty && before == nil && !last && !eagerDefaults
            var request = try pageOptions.request(m, registry: session.registry, load: specs,
                                                  limits: streams ? NumberArgument.streamedRows : NumberArgument.rows)
            let limit = request.limit
            let positions = [page != nil, after != nil, before != nil, last].filter { $0 }.count
            guard positions <= 1 else { throw CLIError("Give only one of --page, --after, --before or --last.", usage: true) }
            let keyFields = try request.keyFields(for: m, registry: session.registry)
            if let page {
                request.position = .offset((try NumberArgument.check(page, "--page", in: NumberArgument.pages) - 1) * limit)
            } else if let after {
                request.position = .after(try KeyText.parse(after, fields: keyFields, model: m, registry: session.registry))
            } else if let before {
                request.position = .before(try KeyText.parse(before, fields: keyFields, model: m, registry: session.registry))
            } else if last {
                request.position = .last
            }
            let action = "rows \(m.qualifiedName)"
            if streams {
                var w = RowStreamWriter(options.format, model: m)
                let page = try db.withAction(action) {
                    try w.rows(threaded: RowStreamWriter.threads(db)) { row in try PageStream.run(request, session: session, row) }
                }
                w.finish(extra: ["has_next": page.hasNext, "has_previous": page.hasPrevious,
                                 "next_after": page.hasNext ? (page.lastKey.map(KeyText.token) as Any) : NSNull(),
                                 "previous_before": page.hasPrevious ? (page.firstKey.map(KeyText.token) as Any) : NSNull()],
                         statements: db.log.events(for: action), warnings: session.warnings(for: action).map(\.message))
                return
            }
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
    @Argument(help: "The model.", completion: Completion.models) var model: String
    @Argument(help: "The primary key value(s), comma-separated (a table without one: every field's value, in order).") var key: String
    @OptionGroup var naming: SchemaOption
    @Option(name: .customLong("load"), help: "REL[:STRATEGY] (REL alone: selectin), repeatable.") var load: [String] = []

    func run() throws {
        try reporting(options.format) {
            let db = try options.open()
            let session = try Session(db)
            let (m, keyValues, match) = try naming.keyedRow(model, key, in: session)
            let specs = try load.map { try LoadSpec.parse($0, model: m, registry: session.registry) }
            try options.budget.adopt(.init(.get, model: m.qualifiedName, key: keyValues,
                                           loads: specs + BudgetedAction.eagerDefaults(m, given: specs, strategy: session.defaultStrategy)),
                                     registry: session.registry)
            let action = "get \(m.qualifiedName) \(key)"
            let rows = try db.withAction(action) { () -> [Entity] in
                let rows = try session.query(m.qualifiedName, Select(from: m.table, where: match, limit: m.primaryKey.isEmpty ? 1 : nil), options: specs)
                try RowsOutput.touch(rows, paths: specs.map(\.path))
                return rows
            }
            guard !rows.isEmpty else {
                throw CLIError("No \(m.qualifiedName) row has \(m.rowAddress.joined(separator: ", ")) = \(key).")
            }
            try RowsOutput.print(rows, model: m, paths: specs.map(\.path), format: options.format, statements: db.log.events(for: action),
                                 warnings: { session.warnings(for: action).map(\.message) }, extra: [:])
        }
    }
}

/// Rows as a table, JSON, NDJSON or CSV, with related rows nested along the loaded paths.
enum RowsOutput {
    /// Keys in order: NULL first, numbers by value, anything else by its text.
    enum KeyOrder {
        static func less(_ a: [Value], _ b: [Value]) -> Bool {
            for (x, y) in zip(a, b) where x != y { return less(x, y) }
            return a.count < b.count
        }

        static func less(_ x: Value, _ y: Value) -> Bool {
            if x.isNull || y.isNull { return x.isNull && !y.isNull }
            func number(_ v: Value) -> Double? {
                switch v {
                case .int(let n): return Double(n)
                case .double(let d): return d
                case .decimal(let t): return Double(t)
                default: return nil
                }
            }
            if let p = number(x), let q = number(y) { return p < q }
            return (x.displayText ?? "") < (y.displayText ?? "")
        }
    }

    /// `warnings` is read after the rows are rendered, so the related rows the output reads count as read.
    static func print(_ rows: [Entity], model: Model, paths: [[String]], format: OutputFormat, statements: [StatementEvent],
                      warnings: () -> [String], extra: [String: Any]) throws {
        switch format {
        case .json, .ndjson, .csv:
            var w = RowStreamWriter(format, model: model)
            if format == .csv, !paths.isEmpty {
                // (A CSV record is one row of one model: the loaded rows have no place in it.)
                let names = paths.map { $0.joined(separator: ".") }.joined(separator: ", ")
                FileHandle.standardError.write(Data("ormscope: CSV holds the \(model.qualifiedName) rows only: the loaded \(names) are not in it (--format json or ndjson nests them).\n".utf8))
            }
            if paths.isEmpty || format == .csv {
                for r in rows { w.row(r.fieldValues) }
            } else {
                var columns = ColumnCache()
                let top = columns.of(model)
                for r in rows { try w.json { try json(r, top, paths: paths, columns: &columns, into: &$0) } }
            }
            w.finish(extra: extra, statements: statements, warnings: warnings())
        case .table:
            // Built whole (its widths need every row), then printed, or paged when taller than the terminal.
            let names = model.fieldNames
            var table: [[TextTable.Cell]] = [names.map { TextTable.Cell($0) }]
            for r in rows { table.append(names.map { cell(r[$0] ?? .null) }) }
            var out = TextTable.render(table, styled: TextTable.stylesOutput)
            // A next page says how to ask for it (the keyset token `--after` takes, as JSON's `next_after`).
            let more = (extra["has_next"] as? Bool == true ? extra["next_after"] as? String : nil).map { "; more: --after \($0)" } ?? ""
            out += "(\(NumberText.counted(rows.count, "row"))\(more))\n"
            for path in paths {
                for r in rows {
                    let related = try relatedRows(r, path)
                    // Which rows, by key (the first 20), not only how many.
                    let keys = related.prefix(20).map { KeyText.text($0.identity?.key ?? []) }.joined(separator: ", ")
                        + (related.count > 20 ? ", ..." : "")
                    out += "  \(r.identity?.description ?? "?") \(path.joined(separator: ".")): \(NumberText.counted(related.count, "row"))"
                        + (related.isEmpty ? "" : " (\(related.first?.identity?.model ?? "") \(keys))") + "\n"
                }
            }
            var log = StatementLog.text(statements)
            for w in warnings() { log += "!! " + w + "\n" }
            StatementLog.show(out, log: log)
        }
    }

    /// Each model's field keys (as JSON bytes) and JSON column types, worked out once per command.
    struct ColumnCache {
        struct Columns {
            /// Every field's key, one after another, the first `"name":`, the others with their
            /// comma, `,"name":` (`JSONWriter.memberKey`); `ranges[i]` is field i's.
            let keys: [UInt8]
            let ranges: [Range<Int>]
            let types: [JSONColumn]
            init(_ m: Model) {
                var keys: [UInt8] = [], ranges: [Range<Int>] = []
                for f in m.fields {
                    let k = (keys.isEmpty ? [] : [UInt8(ascii: ",")]) + JSONWriter.keyBytes(f.name)
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
        for name in path { level = try level.flatMap { try related($0, name).rows } }
        return level
    }

    /// One row's related rows of `name` as the output writes them, with their link data (empty
    /// unless through a link table with fields of its own). A collection without the application's
    /// `order_by` is written in its target's key order: neither ORM promises an order then, and the
    /// strategies' statements bring the rows in different ones (a joined load's join against a
    /// selectin's IN), so every strategy writes the same document.
    static func related(_ e: Entity, _ name: String) throws -> (rows: [Entity], links: [[String: Value]]) {
        let rel = try e.model.requireRelationship(name)
        var rows = try e.related(name)
        var links = rel.link.map { !$0.extraColumns.isEmpty } == true ? try e.linkData(name) : []
        guard rel.kind.isCollection, (rel.app?.orderBy ?? []).isEmpty, rows.count > 1 else { return (rows, links) }
        let keys = rows.map { $0.identity?.key ?? [] }
        // (Stable: rows of equal keys, a link pair stored twice, keep their order.)
        let order = rows.indices.sorted { KeyOrder.less(keys[$0], keys[$1]) || (!KeyOrder.less(keys[$1], keys[$0]) && $0 < $1) }
        rows = order.map { rows[$0] }
        if !links.isEmpty { links = order.map { $0 < links.count ? links[$0] : [:] } }
        return (rows, links)
    }

    /// A row as a JSON object, keys in the model's column order; loaded relationships along `paths`
    /// follow, nested (an object, or a list for collections; rows through a link table with fields
    /// of its own carry them as `_link`).
    static func json(_ e: Entity, _ own: ColumnCache.Columns, paths: [[String]], link: [String: Value]? = nil, columns: inout ColumnCache,
                     into w: inout JSONWriter) throws {
        w.beginObject()
        fields(e.fieldValues, own, into: &w)
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
                // Link data only where the link table has fields besides its two keys: `_link` is absent, never `{}`.
                let (children, links) = try related(e, name)
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

    /// A row of fields (model order; values or the driver's cells) as a JSON object, keys in that order.
    @inline(__always)
    static func json<Cells: CellSource>(_ cells: Cells, _ own: ColumnCache.Columns, into w: inout JSONWriter) {
        w.beginObject()
        fields(cells, own, into: &w)
        w.endObject()
    }

    @inline(__always)
    static func fields<Cells: CellSource>(_ cells: Cells, _ own: ColumnCache.Columns, into w: inout JSONWriter) {
        own.keys.withUnsafeBufferPointer { keys in
            own.ranges.withUnsafeBufferPointer { ranges in
                for i in 0..<cells.cellCount {
                    let r = ranges[i]
                    w.memberKey(UnsafeBufferPointer(start: keys.baseAddress! + r.lowerBound, count: r.count), first: i == 0)
                    w.cell(cells.cell(i), own.types[i])
                }
            }
        }
    }

    /// A cell for the terminal: NULL spelled out, long text cut with a marker, one line.
    /// A value in the table format: at most 40 characters, line breaks, tabs and other control
    /// characters shown as visible symbols (never raw, so a row stays one line); NULL is `NULL`
    /// (dim on a terminal), and a text that reads `NULL` is quoted, `'NULL'`, as the empty text is `''`.
    static func cell(_ v: Value) -> TextTable.Cell {
        guard let s = v.displayText else { return TextTable.Cell(CellText.nullText, dim: true) }
        // The explorer's grid shows them the same way (one rule, `CellText.lookalike`).
        if case .text(let t) = v, let quoted = CellText.lookalike(t) { return TextTable.Cell(quoted) }
        return TextTable.Cell(CellText.prefix(s, 40))
    }
}

/// Small CSV tables (models, fields, strategies): one record as text, by ORMCore's `CSVWriter`.
enum CSV {
    static func line(_ fields: [String?]) -> String { CSVWriter.line(fields) }
}
