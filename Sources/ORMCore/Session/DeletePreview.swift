/// What deleting one row will do to the rows that refer to it, counted before anything is written:
/// for each foreign key pointing at the row's model, how many rows refer to the row and what the
/// database will do to them (and, for CASCADE, to the rows that refer to those, one level down).
public struct DeletePreview: Sendable, Equatable {
    /// A foreign key's `ON DELETE`.
    public enum Action: String, Sendable, Equatable {
        case noAction = "NO ACTION", restrict = "RESTRICT", cascade = "CASCADE", setNull = "SET NULL", setDefault = "SET DEFAULT"

        public init(_ catalogText: String) { self = Action(rawValue: catalogText.uppercased()) ?? .noAction }
    }

    /// One foreign key that points at the row, and the rows that use it.
    public struct Reference: Sendable, Equatable {
        /// The referencing model (`hero`) and its key's columns (`team_id`).
        public var model: String
        public var columns: [String]
        /// The constraint's name (PostgreSQL always has one; SQLite only when it was named).
        public var constraint: String?
        public var action: Action
        public var isDeferrable: Bool
        public var isInitiallyDeferred: Bool
        /// Every column of the key accepts NULL.
        public var isNullable: Bool
        /// An index (or the primary key, or a unique constraint) starts with the key's columns, so the
        /// count is an index lookup; without one it reads the whole table.
        public var isIndexed: Bool
        /// Rows that refer to the row being deleted (one level down: to the rows deleted with it).
        public var count: Int
        /// CASCADE only: the keys that point at the rows deleted along, with their counts.
        public var cascades: [Reference]

        public init(model: String, columns: [String], constraint: String? = nil, action: Action, isDeferrable: Bool = false,
                    isInitiallyDeferred: Bool = false, isNullable: Bool, isIndexed: Bool, count: Int, cascades: [Reference] = []) {
            self.model = model
            self.columns = columns
            self.constraint = constraint
            self.action = action
            self.isDeferrable = isDeferrable
            self.isInitiallyDeferred = isInitiallyDeferred
            self.isNullable = isNullable
            self.isIndexed = isIndexed
            self.count = count
            self.cascades = cascades
        }

        /// `hero.team_id`, or `link (a, b)` for a composite key.
        public var label: String {
            columns.count == 1 ? "\(model).\(columns[0])" : "\(model) (\(columns.joined(separator: ", ")))"
        }
        var columnText: String { columns.count == 1 ? columns[0] : "(" + columns.joined(separator: ", ") + ")" }

        /// The database will refuse the delete because of these rows: NO ACTION and RESTRICT while
        /// rows refer to it, or SET NULL on a key that does not accept NULL.
        public var refuses: Bool {
            count > 0 && (action == .noAction || action == .restrict || (action == .setNull && !isNullable))
        }
        /// The refusal comes at COMMIT, not at the statement (a deferred NO ACTION key; RESTRICT is
        /// checked at once even when the key is deferrable).
        public var refusesAtCommit: Bool { refuses && action == .noAction && isInitiallyDeferred }
        /// This key or one a level down refuses.
        public var refusesAnywhere: Bool { refuses || cascades.contains { $0.refuses } }

        /// What the database does to the rows, as a clause: "their team_id is set to NULL".
        public var consequence: String {
            if count == 0 { return "no rows refer to it" }
            let rows = count == 1 ? "1 row refers to it" : "\(NumberText.grouped(count)) rows refer to it"
            switch action {
            case .cascade: return rows + "; \(count == 1 ? "it is" : "they are") deleted too"
            case .setNull where !isNullable: return rows + "; \(columnText) does not accept NULL, so the delete fails"
            case .setNull: return rows + "; \(count == 1 ? "its" : "their") \(columnText) is set to NULL"
            case .setDefault: return rows + "; \(count == 1 ? "its" : "their") \(columnText) is set to its default (which must refer to an existing row)"
            case .restrict: return rows + "; the database refuses the delete" + (isDeferrable ? " at the statement (RESTRICT is never deferred)" : "")
            case .noAction: return rows + (isInitiallyDeferred ? "; the delete fails at COMMIT, not at the statement" : "; the database refuses the delete")
            }
        }

        /// The key's rule: "NO ACTION, DEFERRABLE INITIALLY DEFERRED".
        public var rule: String {
            action.rawValue + (isDeferrable ? ", DEFERRABLE INITIALLY " + (isInitiallyDeferred ? "DEFERRED" : "IMMEDIATE") : "")
        }

        /// `hero.team_id (SET NULL): 14 rows refer to it; their team_id is set to NULL`.
        public var line: String { "\(label) (\(rule)): \(consequence)" }
    }

    public var model: String
    public var key: [Value]
    /// Each foreign key pointing at the model, in registry order.
    public var references: [Reference]

    public init(model: String, key: [Value], references: [Reference]) {
        self.model = model
        self.key = key
        self.references = references
    }

    /// `team 6`.
    public var rowText: String { "\(model) \(key.map { $0.displayText ?? "NULL" }.joined(separator: ","))" }

    /// The database will refuse this delete (a key here or one level down).
    public var isRefused: Bool { references.contains { $0.refusesAnywhere } }

    /// The keys to set to NULL first so the delete can go ahead (SQLAlchemy's default for a loaded
    /// one-to-many): every refusing NO ACTION / RESTRICT key, when each accepts NULL and nothing
    /// else refuses. Empty when that would not help.
    public var nullifiable: [Reference] {
        let refusing = references.filter(\.refuses)
        guard !refusing.isEmpty,
              refusing.allSatisfy({ $0.isNullable && ($0.action == .noAction || $0.action == .restrict) }),
              !references.contains(where: { $0.cascades.contains { $0.refuses } }) else { return [] }
        return refusing
    }

    /// The children whose key would be set to NULL.
    public var nullifiableCount: Int { nullifiable.reduce(0) { $0 + $1.count } }

    /// One line per key (the ones a level down indented under their CASCADE key).
    public var lines: [String] {
        references.flatMap { r in
            [r.line] + r.cascades.map { "  then \($0.label) (\($0.rule)): " + $0.consequence.replacingOccurrences(of: "refer to it", with: "refer to those").replacingOccurrences(of: "refers to it", with: "refers to those") }
        }
    }


    /// The keys without an index (their count reads the whole table).
    public var unindexed: [Reference] { references.flatMap { [$0] + $0.cascades }.filter { !$0.isIndexed } }

    /// A short summary for one line: "hero.team_id: 14 set to NULL; hero_power_link.hero_id: 3 deleted too".
    public var summary: String {
        let parts = references.flatMap { [$0] + $0.cascades }.filter { $0.count > 0 }.map { r -> String in
            let what: String
            switch r.action {
            case _ where r.refusesAtCommit: what = "refuse it at COMMIT"
            case _ where r.refuses: what = r.action == .setNull ? "cannot be set to NULL" : "refuse it"
            case .cascade: what = "deleted too"
            case .setNull: what = "set to NULL"
            case .setDefault: what = "set to default"
            default: what = "refer to it"
            }
            return "\(r.label): \(NumberText.grouped(r.count)) \(what)"
        }
        return parts.isEmpty ? "no rows refer to it" : parts.joined(separator: "; ")
    }
}

/// A delete the database refused because rows still refer to the row, with the keys that did.
public struct DeleteRefusedError: UserFacingError, Equatable {
    public var preview: DeletePreview
    /// The database's own error.
    public var underlying: DatabaseError

    public init(preview: DeletePreview, underlying: DatabaseError) {
        self.preview = preview
        self.underlying = underlying
    }

    public var sentence: String {
        let refusing = preview.references.flatMap { [$0] + $0.cascades }.filter(\.refuses)
        guard !refusing.isEmpty else {
            return "Cannot delete \(preview.rowText): \(underlying.sentence.prefix(1).lowercased() + underlying.sentence.dropFirst())"
        }
        let keys = refusing.map { r in
            "\(NumberText.counted(r.count, "\(r.model) row")) through \(r.label)\(r.constraint.map { " (\($0), \(r.rule))" } ?? " (\(r.rule))")"
        }.joined(separator: " and ")
        let fix = preview.nullifiable.isEmpty
            ? "delete or re-point those rows first"
            : "set their \(preview.nullifiable.map(\.columnText).joined(separator: ", ")) to NULL first (N in the explorer, --nullify-children on the command line), or delete them"
        return "Cannot delete \(preview.rowText): \(keys) still refer\(refusing.count == 1 && refusing[0].count == 1 ? "s" : "") to it; \(fix); nothing was deleted."
    }
}

/// Setting the children's key to NULL before a delete failed; nothing was changed.
public struct NullifyChildrenError: UserFacingError, Equatable {
    public var row: String
    public var reference: String
    public var underlying: DatabaseError

    public var sentence: String {
        var why = underlying.sentence
        if let r = why.range(of: "; nothing was written.") { why.removeSubrange(r) }
        while why.hasSuffix(".") { why.removeLast() }
        return "Cannot set \(reference) to NULL before deleting \(row): \(why); delete or re-point those rows first; nothing was changed."
    }
}
