/// A warning about how an action loaded its rows.
public struct LoadingWarning: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The same lazy load repeated for different parents (nplusone's "potential n+1").
        case nPlusOne = "n+1"
        /// The same SQL with the same values run more than once (django-debug-toolbar's "duplicate").
        case duplicate
        /// The same SQL with different values run many times, not from a lazy load ("similar").
        case similar
        /// An eager load whose rows were never read in the action (the waste SQLAlchemy cannot see).
        case unusedEagerLoad = "unused eager load"
    }

    public var kind: Kind
    public var relationship: String?
    /// How many statements the warning covers.
    public var count: Int
    public var sql: String
    public var message: String

    public var description: String { message }
}

/// Reads an action's statements for N+1, duplicate and similar groups.
public enum LoadingAnalysis {
    /// How many similar statements (not lazy loads) make a warning.
    public static let similarThreshold = 3

    public static func warnings(for events: [StatementEvent]) -> [LoadingWarning] {
        var out: [LoadingWarning] = []
        var lazyGroups: [String: (sql: String, count: Int, order: Int)] = [:]
        var bySQL: [String: [StatementEvent]] = [:]
        var order: [String] = []
        for (i, e) in events.enumerated() where e.error == nil {
            switch e.cause {
            case .lazyLoad(let rel, _):
                let key = rel + "\u{1}" + e.sql
                lazyGroups[key] = (e.sql, (lazyGroups[key]?.count ?? 0) + 1, lazyGroups[key]?.order ?? i)
            case .query, .refreshExpired, .count:
                if bySQL[e.sql] == nil { order.append(e.sql) }
                bySQL[e.sql, default: []].append(e)
            default: break
            }
        }
        for (key, g) in lazyGroups.sorted(by: { $0.value.order < $1.value.order }) where g.count >= 2 {
            let rel = String(key.split(separator: "\u{1}", maxSplits: 1)[0])
            out.append(LoadingWarning(kind: .nPlusOne, relationship: rel, count: g.count, sql: g.sql,
                message: "Potential N+1 on \(rel): lazy-loaded for \(NumberText.counted(g.count, "parent")) in \(g.count) similar statements; load it with selectin (1 statement per 500 parents) or joined (no statement of its own)."))
        }
        for sql in order {
            let group = bySQL[sql]!
            var byParams: [[Value]: Int] = [:]
            for e in group { byParams[e.params, default: 0] += 1 }
            let duplicates = byParams.values.filter { $0 > 1 }.reduce(0, +)
            if duplicates > 1 {
                out.append(LoadingWarning(kind: .duplicate, relationship: nil, count: duplicates, sql: sql,
                    message: "\(duplicates) duplicate statements (same SQL, same values): \(abbreviate(sql))"))
            }
            if group.count >= similarThreshold, byParams.count > 1 {
                let refresh = group.allSatisfy { if case .refreshExpired = $0.cause { return true } else { return false } }
                out.append(LoadingWarning(kind: .similar, relationship: nil, count: group.count, sql: sql,
                    message: refresh
                        ? "\(group.count) expired objects refreshed one statement each after commit: read them before committing, or turn expire-on-commit off."
                        : "\(group.count) similar statements (same SQL, other values): \(abbreviate(sql))"))
            }
        }
        return out
    }

    static func abbreviate(_ sql: String) -> String { sql.count > 120 ? String(sql.prefix(117)) + "..." : sql }
}

extension Session {
    /// N+1, duplicate and similar statements of an action, and its eager loads nobody read.
    public func warnings(for action: String) -> [LoadingWarning] {
        var out = LoadingAnalysis.warnings(for: database.log.events(for: action))
        var reported = Set<String>()
        for record in eagerLoads where record.action == action && !record.parents.isEmpty {
            let name = record.relationship.name
            let read = record.parents.contains { $0.relations[name]?.accessed ?? false }
            let strategy = record.parents.first?.relations[name]?.strategy ?? .selectin
            if !read, reported.insert(record.relationship.qualifiedName).inserted {
                out.append(LoadingWarning(kind: .unusedEagerLoad, relationship: record.relationship.qualifiedName, count: record.parents.count, sql: "",
                    message: "\(record.relationship.qualifiedName) was loaded eagerly (\(strategy.rawValue)) for \(NumberText.counted(record.parents.count, "parent")) but never read in this action; " + (record.relationship.app?.loading == strategy
                        ? "it is the application's default (the models file's loading), so the application pays for it too." : "drop the option or make it lazy.")))
            }
        }
        return out
    }
}
