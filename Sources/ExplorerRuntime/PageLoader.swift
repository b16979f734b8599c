import Explorer
import ORMCore

/// One page of rows as loaded, with the keys to move on from it.
public struct Page {
    public var model: Model
    public var rows: [Entity]
    /// The fields a row's key is made of (sort fields, then the primary key).
    public var keyFields: [String]
    public var hasPrevious: Bool
    public var hasNext: Bool

    /// The first and last rows' keys (a field reached through relationships, `team.name`, read
    /// along them: a lazy load when the related row is not loaded yet).
    public var firstKey: [Value]?
    public var lastKey: [Value]?

    init(model: Model, rows: [Entity], keyFields: [String], hasPrevious: Bool, hasNext: Bool) throws {
        self.model = model
        self.rows = rows
        self.keyFields = keyFields
        self.hasPrevious = hasPrevious
        self.hasNext = hasNext
        func key(_ r: Entity) throws -> [Value] {
            try keyFields.map { f in
                if let v = r[f] { return v }
                var level: [Entity] = [r]
                let parts = f.split(separator: ".").map(String.init)
                for name in parts.dropLast() { level = try level.first.map { try $0.related(name) } ?? [] }
                return level.first?[parts.last!] ?? .null
            }
        }
        firstKey = try rows.first.map(key)
        lastKey = try rows.last.map(key)
    }
}

/// Loads pages by keyset, so the last page of ten million rows costs what the first does.
public enum PageLoader {
    /// Checks the request (model, sort fields, filter, loading options) before any SQL, then runs one
    /// statement for the page (plus what the loading options add).
    ///
    /// ```sql
    /// -- first page, sorted by name:
    /// SELECT * FROM "hero" ORDER BY "name" ASC, "id" ASC LIMIT 51
    /// -- next page after ("Deadpond", 7):
    /// SELECT * FROM "hero" WHERE ("name" > ?) OR (("name" = ?) AND ("id" > ?)) ORDER BY "name" ASC, "id" ASC LIMIT 51
    /// -- last page: the order reversed, then the rows put back
    /// SELECT * FROM "hero" ORDER BY "name" DESC, "id" DESC LIMIT 51
    /// ```
    ///
    /// With `previews`, long text and binary values are read as previews (their beginning; see
    /// `Session.previewableFields`): what a screen of rows shows, not what a script exports.
    public static func load(_ request: PageRequest, session: Session, previews: Bool = false) throws -> Page {
        try namingRefusedValues(of: request.filter, model: request.model, session: session) {
            try loadChecked(request, session: session, previews: previews)
        }
    }

    /// Runs `body` (which runs a statement with `filter` on `model`), turning the database's
    /// refusal of one of the filter's quoted values (`i = "not-an-ip"` on an inet) into the
    /// filter's sentence naming the field and its type (`FilterParser.refusedValue`).
    public static func namingRefusedValues<T>(of filter: String, model: String, session: Session, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as DatabaseError {
            guard let m = try? session.model(model),
                  let named = FilterParser.refusedValue(e, filter: filter, model: m, registry: session.registry) else { throw e }
            throw named
        }
    }

    private static func loadChecked(_ request: PageRequest, session: Session, previews: Bool) throws -> Page {
        let (model, select, keyFields, reversed) = try statement(request, session: session)
        let previewing = previews ? Session.previewableFields(of: model, keeping: keyFields) : []
        // The extra row (limit + 1) only says whether a next page exists: its relationships are not loaded.
        var rows = try session.queryPage(model.qualifiedName, select, shown: request.limit, options: request.load, previewing: previewing)
        let more = rows.count > request.limit
        if more { rows.removeLast() }
        if reversed { rows.reverse() }
        let hasPrevious: Bool, hasNext: Bool
        switch request.position {
        case .first: (hasPrevious, hasNext) = (false, more)
        case .offset(let n): (hasPrevious, hasNext) = (n > 0, more)
        case .last: (hasPrevious, hasNext) = (more, false)
        case .after: (hasPrevious, hasNext) = (true, more)
        case .before: (hasPrevious, hasNext) = (more, true)
        }
        return try Page(model: model, rows: rows, keyFields: keyFields, hasPrevious: hasPrevious, hasNext: hasNext)
    }

    /// SQLite compares a date column's stored text (or number) with a quoted date as it is: each
    /// date column the filter compares with a quoted date has one stored value read (one
    /// `LIMIT 1` statement a column; none for a filter without one), and a quoted date that cannot
    /// compare as meant is the filter's error (`FilterParser.storedFormProblem`), before the query.
    /// The stored texts are returned, by `FilterParser.storedDateKey`, for the filter to complete
    /// its quoted dates to their shape (`DateText.bounds`).
    ///
    ///     Filter error at column 13: updatedAt (DATETIME) holds numbers, not text (1704067200000, for one), ...
    static func storedDates(_ text: String, model: Model, session: Session) throws -> [String: String] {
        var read: [String: Value?] = [:]
        for date in FilterParser.quotedDates(text, model: model, registry: session.registry) {
            let key = FilterParser.storedDateKey(date.model, date.field.name)
            if read[key] == nil { read[key] = .some(try session.storedSample(of: date.field.name, in: date.model)) }
            if let sample = read[key] ?? nil, let problem = FilterParser.storedFormProblem(date, sample: sample, input: text) { throw problem }
        }
        return read.compactMapValues { sample in
            switch sample {
            case .text(let s)?, .date(let s)?, .time(let s)?, .timestamp(let s)?, .timestamptz(let s)?: return s
            default: return nil
            }
        }
    }

    /// The page's statement, checked, without running it: the model, the select (for limit + 1
    /// rows), the key fields, and whether the rows come back reversed (last / before).
    /// `limits` is the page sizes allowed: `NumberArgument.rows` for a page held in memory,
    /// `NumberArgument.streamedRows` for one streamed (`PageStream`).
    public static func statement(_ request: PageRequest, session: Session,
                                 limits: ClosedRange<Int> = NumberArgument.rows) throws -> (Model, Select, [String], Bool) {
        guard limits.contains(request.limit) else {
            throw RequestError("A page holds from 1 to \(limits.upperBound) rows (the limit was \(request.limit)).")
        }
        let model = try session.model(request.model)
        let terms = try request.orderTerms(for: model, registry: session.registry)
        let keyFields = try request.keyFields(for: model, registry: session.registry)
        var filter = try FilterParser.parse(request.filter, model: model, registry: session.registry)
        if session.database.dialect == .sqlite, filter != nil {
            let stored = try storedDates(request.filter, model: model, session: session)
            if !stored.isEmpty { filter = try FilterParser.parse(request.filter, model: model, registry: session.registry, storedDates: stored) }
        }
        if let scope = request.scope {
            let condition = try scope.condition(registry: session.registry)
            filter = filter.map { condition && $0 } ?? condition
        }
        let nullable = keyFields.map { model.field($0)?.isNullable ?? true }
        var select = Select(from: model.table, where: filter, limit: request.limit + 1)
        var reversed = false
        switch request.position {
        case .first:
            select.orderBy = terms
        case .offset(let n):
            select.orderBy = terms
            select.offset = max(0, n)
        case .last:
            select = select.keyset(.before, key: [], terms: terms, dialect: session.database.dialect)
            reversed = true
        case .after(let key), .before(let key):
            guard key.count == keyFields.count else {
                throw RequestError("A position in \(model.qualifiedName) sorted this way takes \(keyFields.count) value(s) (\(keyFields.joined(separator: ", "))); \(key.count) were given.")
            }
            let before: Bool
            if case .before = request.position { before = true } else { before = false }
            select = select.keyset(before ? .before : .after, key: key, terms: terms, dialect: session.database.dialect, nullable: nullable)
            reversed = before
        }
        return (model, select, keyFields, reversed)
    }
}
