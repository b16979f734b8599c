import ORMCore

/// One page of rows as the explorer shows it: plain values, no live objects.
public struct PageData: Sendable, Equatable {
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

    public init(columns: [String], rows: [[Value]], keys: [[Value]], primaryKeys: [[Value]], linkData: [[String: Value]] = [],
                related: [[String: String]] = [], hasPrevious: Bool, hasNext: Bool) {
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
