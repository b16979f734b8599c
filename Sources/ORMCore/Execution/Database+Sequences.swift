/// Sequences kept ahead of the keys written. A row written with its own value in a column a
/// PostgreSQL sequence fills (serial, bigserial, an identity BY DEFAULT) leaves the sequence where
/// it was, so the application's next insert that leaves the column out takes a value that is
/// there already and fails (`insert --from` an export into an empty database: the next insert gets
/// id 1). Django's `loaddata` resets them for this reason (`sqlsequencereset`). So each such write
/// moves the sequence past the largest value, in the same transaction, never back. SQLite needs
/// nothing: its rowid, and AUTOINCREMENT's `sqlite_sequence`, follow the largest key by themselves
/// (`Dialect.sequencesFollowWrittenKeys`).
extension Database {
    /// What moving one sequence did, as a sentence for the write's output.
    public struct SequenceMove: Sendable, Hashable {
        public var column: String
        public var sequence: String
        /// Where it was moved: the column's largest value (nil when it could not be moved).
        public var movedTo: Int64?
        /// False when the role may not move it (no UPDATE or SELECT on the sequence).
        public var allowed: Bool

        public var sentence: String {
            guard allowed else {
                return "The sequence \(sequence) of \(column) was not moved past the values written (no UPDATE privilege on it): an insert that leaves \(column) out may take a value already there."
            }
            return "The sequence \(sequence) of \(column) now stands at \(movedTo.map(String.init) ?? "?"), the largest value written: the next insert that leaves \(column) out gets the one after."
        }
    }

    /// Moves the sequence of each of `columns` of `model` that one fills past the column's largest
    /// value, when it is not past it already; returns what it moved (nothing on SQLite, and for a
    /// column no sequence fills). One statement a column, logged with its cause:
    /// ```sql
    /// SELECT s.seq::text AS sequence,
    ///        CASE WHEN NOT (has_sequence_privilege(s.seq, 'UPDATE') AND has_sequence_privilege(s.seq, 'SELECT')) THEN NULL
    ///             WHEN s.top >= COALESCE(pg_sequence_last_value(s.seq) + q.seqincrement, q.seqstart) THEN setval(s.seq, s.top) END AS moved_to,
    ///        has_sequence_privilege(s.seq, 'UPDATE') AND has_sequence_privilege(s.seq, 'SELECT') AS allowed
    ///   FROM (SELECT COALESCE(pg_get_serial_sequence($1, $2), $3)::regclass AS seq, (SELECT max("id") FROM "shop_supplier") AS top) s
    ///   JOIN pg_sequence q ON q.seqrelid = s.seq
    ///  WHERE q.seqincrement > 0 AND s.top IS NOT NULL
    /// ```
    /// (`$1` is the table as SQL names it, `"shop_supplier"` or `ledger."Entry"`; `$2` the column's
    /// name as it is; `$3` the sequence its default names, for one the column does not own. A sequence already past the largest value, or one counting down, is left.)
    /// The sequence a column's default draws from when no sequence is the column's own (`CREATE
    /// SEQUENCE shared_seq; ... DEFAULT nextval('shared_seq')`, which `pg_get_serial_sequence` does
    /// not find): the text inside `nextval('...'::regclass)`, as the catalog prints it.
    static func defaultSequence(_ f: Field) -> String? {
        guard let d = f.defaultExpression, let open = d.range(of: "nextval('"),
              let close = d.range(of: "'", range: open.upperBound..<d.endIndex) else { return nil }
        return String(d[open.upperBound..<close.lowerBound]).replacingOccurrences(of: "''", with: "'")
    }

    @discardableResult
    public func catchUpSequences(of model: Model, columns: some Sequence<String>) throws -> [SequenceMove] {
        guard !dialect.sequencesFollowWrittenKeys else { return [] }
        let written = Set(columns)
        var moves: [SequenceMove] = []
        for f in model.fields where written.contains(f.name) && f.isAutoIncrement && f.type.kind == .integer {
            let top = try compile(.select(Select(from: model.table, items: [SelectItem(.function(.max, [.col(f.name)]))]))).sql
            let table = model.table.schema.map { dialect.quote($0) + "." } ?? ""
            let allowed = "has_sequence_privilege(s.seq, 'UPDATE') AND has_sequence_privilege(s.seq, 'SELECT')"
            let behind = "s.top >= COALESCE(pg_sequence_last_value(s.seq) + q.seqincrement, q.seqstart)"
            let sql = "SELECT s.seq::text AS sequence, CASE WHEN NOT (\(allowed)) THEN NULL WHEN \(behind) THEN setval(s.seq, s.top) END AS moved_to, "
                + "\(allowed) AS allowed "
                + "FROM (SELECT COALESCE(pg_get_serial_sequence($1, $2), $3)::regclass AS seq, (\(top)) AS top) s JOIN pg_sequence q ON q.seqrelid = s.seq "
                + "WHERE q.seqincrement > 0 AND s.top IS NOT NULL"
            let rows = try fetchAll(CompiledSQL(sql, [.text(table + dialect.quote(model.table.name)), .text(f.name), Self.defaultSequence(f).map(Value.text) ?? .null]),
                                    cause: .sequenceCatchUp(table: model.qualifiedName, column: f.name))
            // (Moved when `moved_to` holds the value; a role that may not move it is told it lags, maybe.)
            guard let row = rows.first, case .text(let sequence)? = row["sequence"] else { continue }
            let allowedToMove = row["allowed"] == .bool(true)
            let movedTo: Int64? = if case .int(let n)? = row["moved_to"] { n } else { nil }
            guard movedTo != nil || !allowedToMove else { continue }
            moves.append(SequenceMove(column: "\(model.qualifiedName).\(f.name)", sequence: sequence, movedTo: movedTo, allowed: allowedToMove))
        }
        return moves
    }
}
