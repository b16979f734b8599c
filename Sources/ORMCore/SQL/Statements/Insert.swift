/// An INSERT, of one or many rows, with optional RETURNING and ON CONFLICT (upsert).
///
/// ```swift
/// Insert(into: TableRef("hero"), columns: ["name", "age"], rows: [["Deadpond", 30]], returning: .all)
/// // SQLite:     INSERT INTO "hero" ("name", "age") VALUES (?, ?) RETURNING *
/// // PostgreSQL: INSERT INTO "hero" ("name", "age") VALUES ($1, $2) RETURNING *
/// ```
public struct Insert: Sendable, Hashable {
    public var table: TableRef
    public var columns: [String]
    public var rows: [[SQLExpression]]
    public var onConflict: OnConflict?
    public var returning: Returning
    /// `OVERRIDING SYSTEM VALUE` (PostgreSQL): the rows' own values go into a GENERATED ALWAYS
    /// identity column, as a restore needs (what pg_dump's data does; COPY does it by itself).
    public var overridingSystemValue = false

    public init(into table: TableRef, columns: [String], rows: [[Value]], onConflict: OnConflict? = nil,
                returning: Returning = .none) {
        self.table = table
        self.columns = columns
        self.rows = rows.map { $0.map { .value($0) } }
        self.onConflict = onConflict
        self.returning = returning
    }

    /// An upsert: `... ON CONFLICT (target) DO UPDATE SET col = excluded.col, ...` for every
    /// inserted column not in the target (or `DO NOTHING` when `update` is empty).
    /// ```sql
    /// INSERT INTO "answer" ("user_id", "question_id", "value") VALUES (?, ?, ?)
    ///   ON CONFLICT ("user_id", "question_id") DO UPDATE SET "value" = excluded."value"
    /// ```
    public static func upsert(into table: TableRef, columns: [String], rows: [[Value]], conflictTarget: [String],
                              update: [String]? = nil, returning: Returning = .none) -> Insert {
        let updated = update ?? columns.filter { !conflictTarget.contains($0) }
        let action: OnConflict.Action = updated.isEmpty
            ? .doNothing : .doUpdate(updated.map { ($0, SQLExpression.excluded($0)) }.map(Assignment.init))
        return Insert(into: table, columns: columns, rows: rows,
                      onConflict: OnConflict(target: conflictTarget, action: action), returning: returning)
    }
}

/// `ON CONFLICT (target) DO NOTHING | DO UPDATE SET ... [WHERE ...]`.
public struct OnConflict: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        case doNothing
        case doUpdate([Assignment], where: SQLExpression? = nil)
    }
    /// The conflict target columns (a primary key or a unique constraint); empty only with DO NOTHING.
    public var target: [String]
    public var action: Action
    public init(target: [String], action: Action) {
        self.target = target
        self.action = action
    }
}

/// `column = expression` in SET.
public struct Assignment: Sendable, Hashable {
    public var column: String
    public var value: SQLExpression
    public init(_ column: String, _ value: SQLExpression) {
        self.column = column
        self.value = value
    }
}

/// What a write returns.
public enum Returning: Sendable, Hashable {
    case none
    /// `RETURNING *`.
    case all
    case columns([String])
    /// `RETURNING *, (xmax = 0) AS "ormscope_inserted"`: every column and whether the row was
    /// inserted (`Dialect.insertedFlag`, PostgreSQL only; `Returning.insertedColumn` names it).
    case allAndInsertedFlag

    /// The name of `allAndInsertedFlag`'s extra column.
    public static let insertedColumn = "ormscope_inserted"
}
