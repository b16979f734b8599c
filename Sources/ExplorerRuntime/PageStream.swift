import Explorer
import ORMCore

/// What a streamed page said about its neighbours, once its rows have been handed on.
public struct StreamedPage {
    public var rowCount: Int
    public var hasPrevious: Bool
    public var hasNext: Bool
    public var firstKey: [Value]?
    public var lastKey: [Value]?
}

/// A page (or a whole table) handed on row by row as the driver reads it: no entity, no identity
/// map, nothing kept, so memory stays flat whatever the row count. The statement is the one
/// `PageLoader` would run: SQLite steps it; on PostgreSQL a page is read in libpq's single-row mode
/// and a whole export through a cursor (`Database.forEachRow(cursor:)`).
///
/// ```sql
/// -- rows hero --limit 1000000 --format ndjson: one statement, the extra row only says "has next"
/// SELECT * FROM "hero" ORDER BY "id" ASC LIMIT 1000001
/// -- export hero --where 'age > 30': no limit at all
/// SELECT * FROM "hero" WHERE "age" > ? ORDER BY "id" ASC
/// ```
public enum PageStream {
    /// Whether `request` can be streamed: rows come forward (first page, offset, after a key) and no
    /// relationship is loaded (those need the page's rows together).
    public static func canStream(_ request: PageRequest) -> Bool {
        guard request.load.isEmpty else { return false }
        switch request.position {
        case .first, .offset, .after: return true
        case .last, .before: return false
        }
    }

    /// Runs the page's statement and calls `body` with each shown row's field values, in the
    /// model's field order. `unlimited` drops the LIMIT (an export of every row that matches).
    public static func run(_ request: PageRequest, session: Session, unlimited: Bool = false,
                           _ body: ([Value]) throws -> Void) throws -> StreamedPage {
        precondition(canStream(request), "only forward pages without loading options stream")
        var (model, select, keyFields, _) = try PageLoader.statement(request, session: session, limits: NumberArgument.streamedRows)
        if unlimited { select.limit = nil }
        // A sort through relationships (`team.name`) comes back as an extra column, for the cursor.
        let paths = try request.sortPaths(for: model, registry: session.registry)
        if !paths.isEmpty {
            select.items = model.fieldNames.map { SelectItem(.col($0, of: model.table.qualifier)) }
                + paths.keys.sorted().map { SelectItem(paths[$0]!.expression(outer: model.table.qualifier), as: $0) }
        }
        let shown = unlimited ? Int.max : request.limit
        let order = FieldOrder(model)
        func key(_ row: Row) -> [Value] { keyFields.map { row[$0] ?? .null } }
        var count = 0
        var more = false
        // The last row's key is copied into one array in place (positions found once per result):
        // keeping the row itself would hold the driver's row buffer, which then is copied per row.
        var first: [Value]?, last = [Value](repeating: .null, count: keyFields.count)
        var keyColumns: Columns?, keyPositions: [Int?] = []
        // A whole export goes through a cursor where the backend prefers one (PostgreSQL: FETCH 10,000
        // rows at a time, in the action's transaction); a page, or SQLite, steps one statement.
        let each: (Statement, (Row) throws -> Void) throws -> Void = unlimited
            ? { try session.database.forEachRow(cursor: $0, $1) } : { try session.database.forEachRow($0, $1) }
        try each(.select(select)) { row in
            guard count < shown else { more = true; return }
            if count == 0 { first = key(row) }
            count += 1
            try body(order.values(row))
            if row.columns !== keyColumns {
                keyColumns = row.columns
                keyPositions = keyFields.map { row.columns.position(of: $0) }
            }
            for i in keyPositions.indices { last[i] = keyPositions[i].map { row.values[$0] } ?? .null }
        }
        let hasPrevious: Bool
        switch request.position {
        case .offset(let n): hasPrevious = n > 0
        case .after: hasPrevious = true
        default: hasPrevious = false
        }
        return StreamedPage(rowCount: count, hasPrevious: hasPrevious, hasNext: more, firstKey: first,
                            lastKey: count > 0 ? last : nil)
    }
}

/// A result row's values in a model's field order (`SELECT *` gives the table's columns, normally
/// that order already; otherwise they are picked by name), worked out once per result.
final class FieldOrder {
    let names: [String]
    private var columns: Columns?
    private var positions: [Int?]?

    init(_ model: Model) { names = model.fieldNames }

    func values(_ row: Row) -> [Value] {
        if row.columns !== columns {
            columns = row.columns
            positions = row.columns.names == names ? nil : names.map { row.columns.position(of: $0) }
        }
        guard let positions else { return row.values }
        return positions.map { $0.map { row.values[$0] } ?? .null }
    }
}
