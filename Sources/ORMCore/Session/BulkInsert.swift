/// Many rows written by multi-row statements, a batch at a time, inside the caller's transaction
/// (`insert --from`, `upsert --from`). Each row is read by its fields' types and validated before
/// its batch's statement is sent (a bad value is an error naming the row's line; that batch never
/// runs); a batch holds at most `maxRows` rows and never more bound values than the dialect allows.
///
/// ```sql
/// INSERT INTO "hero" ("id", "name", "age") VALUES (?, ?, ?), (?, ?, ?), ...      -- insert
/// INSERT INTO "hero" ("id", "name", "age") VALUES ($1, $2, $3), ...
///   ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name", "age" = excluded."age"  -- upsert
/// ```
/// The bound values are the file's, so they are left out of the log (`params_redacted`); a batch
/// of the same size reuses one SQL text, so the log holds it once.
public final class BulkInsert {
    public let model: Model
    /// The columns the statements write: every column the file gives (in the order of its header,
    /// or its first object) but those `leftOut`.
    public let columns: [String]
    /// Generated columns the file gives (an export holds them): left out of the statements, as the
    /// database computes them; the output says so.
    public let leftOut: [String]
    /// The file's columns, and which of them are written (nil: all).
    private let given: [String]
    private let kept: [Int]?
    /// A GENERATED ALWAYS identity column given by the file: its values go in as they are (a
    /// restore), by `OVERRIDING SYSTEM VALUE` in an INSERT (COPY writes them by itself).
    private let overridesIdentity: Bool
    /// The conflict target of an upsert (nil for a plain insert).
    public let conflictTarget: [String]?
    public let rowsPerStatement: Int
    private let fields: [Field]
    /// Per column, what the row check needs (read once, not per row): NULL allowed, the type.
    private let nullProblem: [String?]
    private let types: [FieldType]
    private let database: Database
    private let position: [String: Int]
    private var pending: [[Value]] = []
    private var lines: [Int] = []
    private var sqlBySize: [Int: String] = [:]
    /// The session's time zone when it is not UTC (PostgreSQL), in which the server reads a
    /// timestamptz without an offset; nil otherwise.
    private let localZone: String?
    /// Whether `localZone` was chosen for this session (PGTZ, a connection's `options`, a `SET`):
    /// then a time without an offset is read in it as asked. A zone from the server's, the
    /// database's or the role's settings was not chosen for this load, and such a time is refused
    /// before anything is written (the file's times are most often UTC: Django's, Rails' and
    /// SQLAlchemy's are), one statement, only for a load into a timestamptz column outside UTC:
    /// ```sql
    /// SELECT source FROM pg_settings WHERE name = 'TimeZone'
    /// ```
    private let zoneChosen: Bool
    /// Per timestamptz column, how many values came without an offset while `localZone` is set.
    public private(set) var offsetless: [String: Int] = [:]
    /// For SQLite date columns, one value the table stores already (`Session.storedSample`, read by the
    /// caller before the load): SQLite compares dates as the text stored, so a file's values in another
    /// form (`2024-03-31T02:30:00+00:00`, an export of PostgreSQL's, beside Django's `2024-03-31 02:30:00`)
    /// are counted and said (`otherFormWarning`).
    public var storedForms: [String: Value] = [:]
    /// Per such column, how many of the file's values came in another form, and the first of them.
    public private(set) var otherForm: [String: (count: Int, example: String)] = [:]
    /// Rows sent so far, and the statements that sent them.
    public private(set) var rowsWritten = 0
    public private(set) var statements = 0
    /// The sequences moved past the keys the rows gave (`Database.catchUpSequences`), once all are written.
    public private(set) var sequenceMoves: [Database.SequenceMove] = []

    /// Checks the columns (each a field of the model, none twice) and the conflict target. A file
    /// is a restore: its generated columns are left out, and its GENERATED ALWAYS identity values kept.
    public init(_ database: Database, model: Model, columns: [String], conflictTarget: [String]? = nil, maxRows: Int = 1000) throws {
        if model.isReadOnly { throw SchemaError.readOnly(model) }
        // A read-only database (a hot standby, --read-only) refuses the load before any SQL, as every write.
        if let why = database.settings.readOnlyReason { throw SessionError.readOnly(reason: why) }
        guard !columns.isEmpty else { throw RowFileError(line: 1, "no fields are given") }
        var fields: [Field] = []
        var position: [String: Int] = [:]
        for c in columns {
            guard let f = model.field(c) else {
                throw SchemaError.unknownField(model: model.qualifiedName, field: c, suggestion: Suggest.closest(to: c, in: model.fieldNames))
            }
            position[c] = fields.count
            fields.append(f)
        }
        let keep = fields.indices.filter { !fields[$0].isGenerated }
        guard !keep.isEmpty else { throw RowFileError(line: 1, "every field the file gives is generated by the database; nothing to write") }
        self.database = database
        self.model = model
        self.given = columns
        self.kept = keep.count == fields.count ? nil : keep
        self.columns = keep.map { columns[$0] }
        self.leftOut = fields.filter(\.isGenerated).map(\.name)
        self.overridesIdentity = fields.contains { $0.identity == .always }
        self.fields = fields
        self.position = position
        self.conflictTarget = try conflictTarget.map { try WriteStatement.upsertTarget(model, $0) }
        if let target = self.conflictTarget, let missing = target.first(where: { position[$0] == nil }) {
            throw RowFileError(line: 1, field: missing, "the conflict target's field is not in the file")
        }
        rowsPerStatement = max(1, min(maxRows, database.dialect.maxBoundParameters / self.columns.count))
        nullProblem = fields.map { f in f.isRequired ? "is required" : f.isNullable || f.isAutoIncrement ? nil : "cannot be empty (NULL)" }
        types = fields.map(\.type)
        let zone = fields.contains { $0.type.kind == .timestamptz } ? database.sessionTimeZone : nil
        let local = zone.flatMap { Self.utcNames.contains($0.uppercased()) ? nil : $0 }
        localZone = local
        if local != nil {
            let source = try database.fetchAll(CompiledSQL("SELECT source FROM pg_settings WHERE name = 'TimeZone'"), cause: .timeZoneSource)
            zoneChosen = ["client", "session"].contains(source.first?.values.first?.displayText ?? "")
        } else {
            zoneChosen = false
        }
        // What `Validator` checks of a row that does not depend on its values: a required field
        // the file does not give.
        if let missing = model.fields.first(where: { $0.isRequired && position[$0.name] == nil }) {
            throw RowFileError(line: 1, field: missing.name, "is required and the file does not give it")
        }
    }

    /// The row's values in `columns` order, each read by its field's type and the row validated as
    /// an insert (required fields, lengths, ranges), or a `RowFileError` naming the line and field.
    /// No SQL runs.
    public func values(of row: RowInput) throws -> [Value] {
        var out = [Value](repeating: .null, count: fields.count)
        var count = 0
        for (k, (name, input)) in row.fields.enumerated() {
            // A CSV row's names are the header's, in its order: no lookup.
            guard let i = k < given.count && given[k] == name ? k : position[name] else {
                throw RowFileError(line: row.line, field: name, model.field(name) == nil
                                   ? "is not a field of \(model.qualifiedName)" : "is not in the first row (every row gives the same fields)")
            }
            switch FieldInput.value(input, for: fields[i]) {
            case .success(let v):
                out[i] = v
                if let zone = localZone, case .timestamptz(let t) = v, !Self.hasZone(t) {
                    guard zoneChosen else {
                        throw RowFileError(line: row.line, field: name, "\"\(t)\" has no offset, and this session's TimeZone is \(zone), from the server's settings, "
                                           + "not UTC, so it would be read as a \(zone) time; if the file's times are UTC (Django's, Rails' and SQLAlchemy's "
                                           + "SQLite dates are), run the import again with PGTZ=UTC, with PGTZ=\(zone) if they are \(zone) times, or give each an offset (+00)")
                    }
                    offsetless[name, default: 0] += 1
                }
                if let stored = storedForms[name], let form = Self.dateForm(v), let want = Self.dateForm(stored), form != want {
                    otherForm[name, default: (0, v.displayText ?? "")].count += 1
                }
            case .failure(let p): throw RowFileError(line: row.line, field: name, p.message)
            }
            count += 1
        }
        if count != fields.count {
            let missing = given.first { c in !row.fields.contains { $0.name == c } } ?? "?"
            throw RowFileError(line: row.line, field: missing, "is missing (every row gives the same fields)")
        }
        // Validator's checks of an insert, per value (required fields were checked once, in init).
        for i in out.indices where !fields[i].isGenerated {
            if out[i].isNull {
                if let message = nullProblem[i] { throw RowFileError(line: row.line, field: given[i], message) }
            } else if let message = Validator.typeProblem(out[i], types[i]) {
                throw RowFileError(line: row.line, field: given[i], message)
            }
        }
        guard let kept else { return out }
        return kept.map { out[$0] }
    }

    /// The warning for values of a SQLite date column in another form than the stored ones (nil when none).
    public var otherFormWarning: String? {
        let parts = columns.compactMap { c -> String? in
            guard let (n, example) = otherForm[c], let stored = storedForms[c]?.displayText else { return nil }
            return "\(c): \(NumberText.counted(n, "value")) written as \(example) where the table's read like \(stored)"
        }
        guard !parts.isEmpty else { return nil }
        return parts.joined(separator: "; ") + ". SQLite compares dates as the text stored, so the application's date filters may miss them"
    }

    /// How a SQLite date value is written: a number, or its text's `DateText.form`; nil for other text.
    static func dateForm(_ v: Value) -> String? {
        switch v {
        case .int, .double: return "number"
        case .text(let t), .date(let t), .time(let t), .timestamp(let t), .timestamptz(let t): return DateText.form(t)
        default: return nil
        }
    }

    static let utcNames: Set<String> = ["UTC", "ETC/UTC", "GMT", "ETC/GMT", "UCT", "ETC/UCT", "UNIVERSAL", "ZULU", "Z", "GMT0", "ETC/GMT0"]

    /// Whether a timestamp's text says its zone: an offset (`+02`, `-05:30`), `Z`, or a zone name
    /// after the time (`Europe/Berlin`), or is `infinity`; a date alone, or a date and time, does not.
    static func hasZone(_ t: String) -> Bool {
        let u = Array(t.utf8)
        guard u.count >= 10, u[4] == UInt8(ascii: "-") else { return true }
        var rest = u[10...]
        if rest.count >= 3, rest.suffix(3).elementsEqual(" BC".utf8) || rest.suffix(3).elementsEqual(" AD".utf8) { rest = rest.dropLast(3) }
        return rest.contains { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "Z") || $0 == UInt8(ascii: "z")
            || $0 == UInt8(ascii: "/") || ($0 >= 65 && $0 <= 90 && $0 != UInt8(ascii: "T")) || ($0 >= 97 && $0 <= 122) }
    }

    /// What became of timestamptz values without an offset in a zone chosen for the session
    /// (nil when there were none; in a zone not chosen, the first of them stopped the load):
    /// `created: 4 values without an offset read as Europe/Berlin times (the session's TimeZone, as set for it), not UTC`.
    public var offsetlessWarning: String? {
        guard let zone = localZone, !offsetless.isEmpty else { return nil }
        let counts = columns.compactMap { c in offsetless[c].map { "\(c): \(NumberText.counted($0, "value")) without an offset" } }
        return counts.joined(separator: ", ") + " read as \(zone) times (the session's TimeZone, as set for it), not UTC"
    }

    /// Rows read and checked so far (the progress of `write`).
    public private(set) var rowsRead = 0

    /// Writes every row `next` gives until it gives nil, each checked by `values(of:)` before it is
    /// sent (a bad one stops everything, naming its line). A plain insert on a connection that
    /// copies (PostgreSQL) goes in as one COPY, which the log counts as one statement; an upsert,
    /// or SQLite, by multi-row statements in batches (`add`, `finish`).
    /// ```sql
    /// COPY "hero" ("id", "name", "age") FROM STDIN            -- PostgreSQL, insert
    /// INSERT INTO "hero" ("id", "name", "age") VALUES (?, ?, ?), (?, ?, ?), ...   -- otherwise
    /// ```
    /// Then, on PostgreSQL, a sequence that fills a column the rows gave is moved past them.
    public func write(_ next: () throws -> RowInput?) throws {
        try sendAll(next)
        if rowsWritten > 0 { sequenceMoves = try database.catchUpSequences(of: model, columns: columns) }
    }

    private func sendAll(_ next: () throws -> RowInput?) throws {
        guard conflictTarget == nil, database.copiesIn, database.storedValues.tables[model.table.name]?.isEmpty ?? true else {
            while let row = try next() {
                let v = try values(of: row)
                rowsRead += 1
                try add(v, line: row.line)
            }
            return try finish()
        }
        // The file's line of each copied row, kept only where it is not the line after the row
        // before (a CSV value over several lines), so a server error's row names its line; past
        // 65,536 such rows (a JSON file on one line) the error names the lines of the whole copy.
        var breaks: [(row: Int, line: Int)] = []
        var tracked = true
        var firstLine: Int?, lastLine = 0
        func line(ofRow r: Int) -> Int {
            guard let b = breaks.last(where: { $0.row <= r }) else { return r }
            return b.line + (r - b.row)
        }
        do {
            let n = try database.copyIn(model.table, columns: columns, cause: .flush(.insert, table: model.qualifiedName)) { put in
                while let row = try next() {
                    let v = try values(of: row)
                    rowsRead += 1
                    if row.line != lastLine + 1, tracked {
                        breaks.append((rowsRead, row.line))
                        tracked = breaks.count < 1 << 16
                    }
                    if firstLine == nil { firstLine = row.line }
                    lastLine = row.line
                    try put(v)
                }
            }
            rowsWritten += n
            statements += 1
        } catch let e as DatabaseError {
            guard tracked, let r = e.copyRow else {
                throw BulkInsertError(firstLine: firstLine ?? 1, lastLine: max(lastLine, 1), underlying: e)
            }
            throw BulkInsertError(firstLine: line(ofRow: r), lastLine: line(ofRow: r), underlying: e)
        }
    }

    /// Adds a checked row (from `values(of:)`); sends the batch once it is full.
    public func add(_ values: [Value], line: Int) throws {
        pending.append(values)
        lines.append(line)
        if pending.count >= rowsPerStatement { try send() }
    }

    /// Sends the rows still pending.
    public func finish() throws {
        if !pending.isEmpty { try send() }
    }

    /// The statement of `rows` of the pending batch: an insert, or an upsert on the conflict target.
    private func insert(_ rows: [[Value]]) -> Insert {
        var statement: Insert
        if let target = conflictTarget {
            let updated = columns.filter { !target.contains($0) && !model.primaryKey.contains($0) }
            statement = Insert.upsert(into: model.table, columns: columns, rows: rows, conflictTarget: target, update: updated)
        } else {
            statement = Insert(into: model.table, columns: columns, rows: rows)
        }
        statement.overridingSystemValue = overridesIdentity
        return statement
    }

    private var flushCause: StatementCause { .flush(conflictTarget == nil ? .insert : .upsert, table: model.qualifiedName) }

    private func send() throws {
        // The SQL of a batch depends only on its row count: compiled once per size. Its values are the
        // rows' in order (booleans as 0/1 where the dialect has none), unless the table stores some
        // values in another form (SQLite hex UUIDs): then every batch is compiled whole.
        let compiled: CompiledSQL
        if let sql = sqlBySize[pending.count], database.storedValues.tables[model.table.name]?.isEmpty ?? true {
            var binds: [Value] = []
            binds.reserveCapacity(pending.count * columns.count)
            let booleansAsIntegers = !database.dialect.nativeBooleans
            for row in pending {
                for v in row {
                    if booleansAsIntegers, case .bool(let b) = v { binds.append(.int(b ? 1 : 0)) } else { binds.append(v) }
                }
            }
            compiled = CompiledSQL(sql, binds)
        } else {
            compiled = try database.compile(.insert(insert(pending)))
            sqlBySize[pending.count] = compiled.sql
        }
        let redacted = database.log.redactParams
        database.log.redactParams = true
        defer { database.log.redactParams = redacted }
        do {
            try database.execute(sql: compiled.sql, compiled.binds, cause: flushCause)
        } catch let e as DatabaseError {
            throw refused(e)
        }
        rowsWritten += pending.count
        statements += 1
        pending.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
    }

    /// The refused batch's error, narrowed to the one row the database refused where that can be
    /// known, with the key values of a unique violation:
    /// - SQLite leaves the transaction usable after a failed statement (the statement alone is
    ///   undone), so the batch's rows are sent again in halves, in order, each logged with its cause
    ///   ("finding the row of hero that failed"): a half that goes in is kept (the rows before the
    ///   failing one, as a row-at-a-time load would have written them), a refused half is split
    ///   again, until one row is refused on its own: about log2(rows) statements, run only after a
    ///   failure. Its error is the row's own; a unique violation's key values are the row's.
    /// - PostgreSQL aborts the transaction, so nothing more runs: the row is found by the key values
    ///   the server names (DETAIL `Key (email)=(a@b.c) already exists`), matched against the batch's
    ///   rows as text. When two rows of the batch give that key, the failing one is one of the first
    ///   two and both lines are named (the server does not say which). An upsert that gives one
    ///   conflict key twice in a batch is named by the second row.
    /// Otherwise the batch's lines are named.
    private func refused(_ e: DatabaseError) -> BulkInsertError {
        let whole = BulkInsertError(firstLine: lines.first ?? 0, lastLine: lines.last ?? 0, underlying: e)
        if !database.dialect.failedStatementAbortsTransaction {
            guard e.isConstraintViolation || e.kind == .valueDoesNotFit, let (row, error) = failedRow(e) else { return whole }
            var named = error
            if named.kind == .uniqueViolation, named.keyValues == nil { named.keyValues = keyText(of: row, named.columns) }
            return BulkInsertError(firstLine: lines[row], lastLine: lines[row], underlying: named)
        }
        if e.kind == .uniqueViolation, let key = e.keyValues {
            let matching = pending.indices.lazy.filter { self.keyText(of: $0, e.columns) == key }.prefix(2)
            guard let first = matching.first else { return whole }
            return BulkInsertError(firstLine: lines[first], lastLine: lines[first], underlying: e, orLine: matching.dropFirst().first.map { lines[$0] })
        }
        // PostgreSQL's "ON CONFLICT DO UPDATE command cannot affect row a second time".
        if e.code == "21000", let target = conflictTarget {
            var seen: [String: Int] = [:]
            for r in pending.indices {
                guard let key = keyText(of: r, target) else { break }
                if let before = seen[key] {
                    var named = e
                    named.columns = target
                    return BulkInsertError(firstLine: lines[r], lastLine: lines[r], underlying: named, repeats: (lines[before], key))
                }
                seen[key] = r
            }
        }
        return whole
    }

    /// The values of `row` in `names` as the engines print them in messages ("7", "a, b"); nil when
    /// a name is not one of the columns.
    private func keyText(of row: Int, _ names: [String]) -> String? {
        guard !names.isEmpty else { return nil }
        var parts: [String] = []
        for n in names {
            // (A pending row holds the written columns only.)
            guard let i = columns.firstIndex(of: n) else { return nil }
            parts.append(pending[row][i].displayText ?? "NULL")
        }
        return parts.joined(separator: ", ")
    }

    /// SQLite: the pending row that is refused when the rows are sent in order, and its error, by
    /// sending halves (see `refused`); nil when every row went in (the batch failed as a whole only).
    private func failedRow(_ e: DatabaseError) -> (Int, DatabaseError)? {
        var lo = 0, hi = pending.count, error = e
        var alone: Int? = pending.count == 1 ? 0 : nil
        while hi - lo > 1 || alone != lo {
            let mid = hi - lo > 1 ? (lo + hi) / 2 : hi
            do {
                let compiled = try database.compile(.insert(insert(Array(pending[lo..<mid]))))
                try database.execute(sql: compiled.sql, compiled.binds, cause: .failedRowSearch(table: model.qualifiedName))
                lo = mid
                if lo >= hi { return nil }
            } catch let refused as DatabaseError {
                error = refused
                hi = mid
                if mid - lo == 1 { alone = lo }
            } catch {
                return nil
            }
        }
        return (lo, error)
    }
}

/// A batch the database refused (a duplicate key, a foreign key, a check): the line of the row it
/// refused (`firstLine == lastLine`) where that is known, else the lines the batch held.
public struct BulkInsertError: UserFacingError {
    public var firstLine: Int
    public var lastLine: Int
    public var underlying: DatabaseError
    /// PostgreSQL, two rows of the batch giving the refused key: the second one's line (the
    /// refused row is the one of `firstLine` or this one).
    public var orLine: Int?
    /// An upsert that gives one conflict key twice in a statement: the earlier row's line and the key.
    public var repeats: (line: Int, key: String)?

    public init(firstLine: Int, lastLine: Int, underlying: DatabaseError, orLine: Int? = nil, repeats: (line: Int, key: String)? = nil) {
        self.firstLine = firstLine
        self.lastLine = lastLine
        self.underlying = underlying
        self.orLine = orLine
        self.repeats = repeats
    }

    public var sentence: String {
        if let repeats {
            let key = underlying.columns.count == 1 ? "\(underlying.columns[0]) = \(repeats.key)"
                : "(\(underlying.columns.joined(separator: ", "))) = (\(repeats.key))"
            return "The row of line \(firstLine) was refused: it gives the same \(key) as line \(repeats.line), and one upsert statement cannot change a row twice; nothing was written."
        }
        let reason = underlying.sentence
        let rows = orLine.map { "The row of line \(firstLine) or of line \($0) (both give the key) was" }
            ?? (firstLine == lastLine ? "The row of line \(firstLine) was" : "The rows of lines \(firstLine)-\(lastLine) were")
        return "\(rows) refused: \(reason)"
            + (reason.contains("nothing was written") ? "" : "; nothing was written.")
    }
}
