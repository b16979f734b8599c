import ORMCore

/// One page of rows as the explorer shows it: plain values, no live objects.
public struct PageData: Sendable, Equatable {
    /// The preview of row `row`'s column `column`, if it was read as one.
    public func preview(row: Int, column: Int) -> ValuePreview? {
        row < previews.count ? previews[row][column] : nil
    }

    /// Row `row`'s previews by field name (for an edit form, which locks them).
    public func previews(row: Int) -> [String: ValuePreview] {
        guard row < previews.count else { return [:] }
        return Dictionary(uniqueKeysWithValues: previews[row].map { (columns[$0.key], $0.value) })
    }

    /// The fields of row `row` read as previews.
    public func previewedColumns(row: Int) -> [String] {
        row < previews.count ? previews[row].keys.sorted().map { columns[$0] } : []
    }

    public var columns: [String]
    public var rows: [[Value]]
    /// Each row's key (the request's key fields), to page on from it.
    public var keys: [[Value]]
    /// Each row's primary key, to open it.
    public var primaryKeys: [[Value]]
    /// For rows reached through a link table: each row's link data (`role`, `joined_at`).
    public var linkData: [[String: Value]]
    /// For each row, a summary of each shown relationship: "Avengers", "12 rows", "none".
    public var related: [[String: String]]
    public var hasPrevious: Bool
    public var hasNext: Bool
    /// Values read as previews (too long to read whole for a page), by row and column position;
    /// empty when every value is whole. Such a cell's `rows` entry is the preview's beginning, to
    /// show, never to write or export (see `ValuePreview`).
    public var previews: [[Int: ValuePreview]]
    /// The model's estimated rows, when the page had to read one (the catalog gave none).
    public var estimate: Int?

    public init(columns: [String], rows: [[Value]], keys: [[Value]], primaryKeys: [[Value]], linkData: [[String: Value]] = [],
                related: [[String: String]] = [], hasPrevious: Bool, hasNext: Bool, previews: [[Int: ValuePreview]] = []) {
        self.previews = previews
        self.related = related
        self.columns = columns
        self.rows = rows
        self.keys = keys
        self.primaryKeys = primaryKeys
        self.linkData = linkData
        self.hasPrevious = hasPrevious
        self.hasNext = hasNext
    }
}
