/// Why a statement ran: every event from the choke point carries one, so a user can read
/// statement by statement what caused SQL to run.
public enum StatementCause: Sendable, Hashable {
    /// The main query of an action.
    case query
    /// An exact row count the user asked for.
    case count
    /// Reading the catalog to build the model registry.
    case introspection
    /// A flush of the unit of work: insert, update or delete of one row of `table`.
    case flush(FlushOperation, table: String)
    /// Re-reading an object whose attributes were expired (after commit or rollback) on first access.
    case refreshExpired(table: String, key: String)
    /// An explicit `refresh` of one object.
    case refresh(table: String, key: String)
    /// BEGIN, COMMIT, ROLLBACK and savepoints.
    case transaction
    /// A lazy load of `relationship` for one parent.
    case lazyLoad(relationship: String, parent: String)
    /// A selectin batch for `relationship`, chunk `chunk` of `of`.
    case selectin(relationship: String, chunk: Int, of: Int)
    /// A statement run by a script or set-up code (DDL, demo data).
    case script
    /// Asking for a statement's plan (EXPLAIN, and EXPLAIN ANALYZE's timeout).
    case explain
    /// Counting, before a delete, the rows that refer to the row (`DeletePreview`).
    case deletePreview
    /// A model's estimated row count, read when it opens because the catalog gave none.
    case estimate(table: String)
    /// Reading whole the values a page read as previews (deferred columns), on first access.
    case deferred(table: String, key: String, fields: [String])
    /// A statement typed by the user (the SQL editor, `ormscope sql`), or what runs it: the
    /// `DECLARE ... CURSOR` that holds its rows, the `CLOSE` after them.
    case typed
    /// A page of a typed statement's rows read from its cursor (`FETCH`), from 1.
    case typedPage(Int)
    /// Reading or writing what a delete cascades to by the application's models (`AppCascadePlan`).
    case cascade(relationship: String)
    /// Finding which foreign key a failed write broke, where the engine did not say (SQLite).
    case foreignKeyCheck(table: String)
    /// Re-sending part of a refused batch of a bulk load, to find the one row the database refused
    /// (SQLite: a failed statement leaves the transaction usable, so halves are tried in turn).
    case failedRowSearch(table: String)
    /// What an upsert did where its statement cannot say (SQLite): the row looked for by the
    /// conflict target first (`before`); or, after an upsert that changed nothing (PostgreSQL's
    /// `DO UPDATE ... WHERE` matched no change), the row it left as it was.
    case upsertOutcome(table: String, before: Bool)
    /// Moving the sequence that fills `column` past the values a write gave it (`Database.catchUpSequences`).
    case sequenceCatchUp(table: String, column: String)
    /// One stored value of a SQLite date column, read before a filter compares the column with a
    /// quoted date: SQLite compares the stored text (or number) as it is (`Session.storedSample`).
    case storedForm(table: String, column: String)
    /// Where the session's TimeZone was set (PostgreSQL's `pg_settings.source`), read before a load
    /// into a timestamptz column in a zone that is not UTC (`BulkInsert`).
    case timeZoneSource

    public enum FlushOperation: String, Sendable, Hashable { case insert, update, delete, upsert }

    /// The cause as a short phrase: "flush: insert into hero", "lazy load of Hero.team for hero 3".
    public var summary: String {
        switch self {
        case .query: return "query"
        case .count: return "exact count"
        case .introspection: return "introspection"
        case .flush(let op, let t): return "flush: \(op.rawValue) \(t)"
        case .refreshExpired(_, let k): return "refresh of expired \(k)"
        case .refresh(_, let k): return "refresh of \(k)"
        case .transaction: return "transaction"
        case .lazyLoad(let r, let p): return "lazy load of \(r) for \(p)"
        case .selectin(let r, let c, let n): return "selectin load of \(r) (chunk \(c) of \(n))"
        case .script: return "script"
        case .explain: return "explain (the plan of a statement)"
        case .deletePreview: return "delete preview"
        case .estimate(let t): return "row estimate of \(t)"
        case .deferred(_, let k, let f): return "deferred \(f.count == 1 ? "column" : "columns") \(f.joined(separator: ", ")) of \(k), read whole"
        case .typed: return "typed by the user"
        case .typedPage(let n): return "typed by the user (page \(n) of its rows)"
        case .cascade(let r): return "cascade from \(r)"
        case .foreignKeyCheck(let t): return "finding the foreign key of \(t) that failed"
        case .failedRowSearch(let t): return "finding the row of \(t) that failed"
        case .upsertOutcome(let t, true): return "upsert into \(t): is the row there already? (SQLite does not say which it did)"
        case .upsertOutcome(let t, false): return "upsert into \(t): the row it left unchanged"
        case .sequenceCatchUp(let t, let c): return "moving the sequence of \(t).\(c) past the values written"
        case .storedForm(let t, let c): return "the form \(t).\(c) stores its dates in (SQLite compares them as stored)"
        case .timeZoneSource: return "where the session's TimeZone comes from (a time without an offset is read in it)"
        }
    }
}
