/// One table's catalog as SQLite's pragmas give it: `pragma_table_xinfo` (columns),
/// `pragma_index_list` + `pragma_index_info` (indexes, in name order) and
/// `pragma_foreign_key_list` (foreign keys, in the pragma's `id` order: the last declared first).
/// It is read either from those pragmas (`SQLiteConnection.introspect`) or from the table's
/// `CREATE` text (`CreateTableParser`), and the registry is built from it the same way.
struct TableCatalog {
    struct Column: Equatable {
        var name: String
        /// The declared type as `pragma_table_xinfo` shows it (`VARCHAR (255)`, `INTEGER`).
        var declaredType: String
        var notNull: Bool
        /// The default's text as written (`'x'`, `- 1`, `datetime('now')` for `DEFAULT (datetime('now'))`).
        var defaultText: String?
        /// The 1-based position in the primary key, 0 when not in it.
        var primaryKeyPosition: Int
        /// 0 a plain column, 1 a virtual table's hidden column, 2 generated VIRTUAL, 3 generated STORED.
        var hidden: Int
    }

    struct IndexEntry: Equatable {
        enum Origin: Equatable { case created, unique, primaryKey }
        var name: String
        var isUnique: Bool
        var origin: Origin
        var isPartial: Bool
        /// Each key column's name, nil for an expression.
        var columns: [String?]
    }

    struct ForeignKeyEntry {
        var columns: [String]
        var table: String
        /// Empty when the key refers to the target's primary key implicitly.
        var referencedColumns: [String]
        var onUpdate: String
        var onDelete: String
        /// Known from a parsed text; nil when read from the pragma (which does not say).
        var deferrability: (deferrable: Bool, initiallyDeferred: Bool)?
    }

    var columns: [Column] = []
    var indexes: [IndexEntry] = []
    var foreignKeys: [ForeignKeyEntry] = []
}
