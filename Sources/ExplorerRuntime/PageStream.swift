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

    /// Runs the page's statement and calls `body` with each shown row's fields, in the model's
    /// field order, as cells (`FieldCells`, valid only during the call: on SQLite the statement's
    /// current row, no `Value` per cell; elsewhere the row's values). `unlimited` drops the LIMIT
    /// (an export of every row that matches).
    public static func run(_ request: PageRequest, session: Session, unlimited: Bool = false,
                           _ body: (FieldCells) throws -> Void) throws -> StreamedPage {
        try PageLoader.namingRefusedValues(of: request.filter, model: request.model, session: session) {
            try runChecked(request, session: session, unlimited: unlimited, body)
        }
    }

    private static func runChecked(_ request: PageRequest, session: Session, unlimited: Bool,
                                   _ body: (FieldCells) throws -> Void) throws -> StreamedPage {
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
        let names = model.fieldNames
        var count = 0
        var more = false
        // The first and the last row's keys, copied cell by cell into arrays made once (positions
        // found once per result): the row itself is the driver's and is gone after the call.
        var first: [Value]?, last = [Value](repeating: .null, count: keyFields.count)
        var keyPositions: [Int?] = []
        // The fields' positions: nil when the result starts with the fields in order (SELECT *).
        var positions: [Int?]?
        // A whole export goes through a cursor where the backend prefers one (PostgreSQL: FETCH 10,000
        // rows at a time, in the action's transaction); a page, or SQLite, steps one statement.
        // (Closures, not a local function: a local function's captures are checked at run time on
        // every access, here several times per row.)
        try session.database.forEachCells(.select(select), cursor: unlimited, onColumns: { c in
            keyPositions = keyFields.map { c.position(of: $0) }
            positions = Array(c.names.prefix(names.count)) == names ? nil : names.map { c.position(of: $0) }
        }) { cells in
            guard count < shown else { more = true; return }
            for i in keyPositions.indices { last[i] = keyPositions[i].map { cells.cell($0).value } ?? .null }
            if count == 0 { first = last }
            count += 1
            try body(FieldCells(cells, positions: positions, count: names.count))
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
