/// One prepared statement whose rows are handed out in pages as it is stepped (SQLite's
/// `sqlite3_step`), so a result of any size is read with flat memory and its first page comes
/// at once. A driver without one pages through a server-side cursor that `Database` declares
/// (PostgreSQL), see `Database.openTyped`.
public protocol RowStepper: AnyObject {
    /// The result's columns, known once the statement is prepared.
    var columns: Columns { get }
    /// Up to `limit` more rows; fewer when the statement is done (then `isDone`).
    func next(_ limit: Int) throws -> [[Value]]
    var isDone: Bool { get }
    /// Rows a write changed, once it is done (0 for a query).
    var affected: Int { get }
    /// Ends the statement (finalized); rows not read are never read.
    func close()
}

extension DriverConnection {
    public func openStepper(_ sql: String, binds: [Value]) throws -> (any RowStepper)? { nil }
}
