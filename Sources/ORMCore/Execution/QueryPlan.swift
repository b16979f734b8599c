import Foundation

/// A query plan as a tree, read from EXPLAIN: PostgreSQL's JSON format, or SQLite's query plan rows.
public struct PlanNode: Sendable, Equatable {
    public var label: String
    /// PostgreSQL's total cost for the node (its children included).
    public var cost: Double?
    public var estimatedRows: Double?
    /// With ANALYZE: what really came out of the node, and its time.
    public var actualRows: Double?
    public var milliseconds: Double?
    public var children: [PlanNode]

    public init(label: String, cost: Double? = nil, estimatedRows: Double? = nil, actualRows: Double? = nil,
                milliseconds: Double? = nil, children: [PlanNode] = []) {
        self.label = label
        self.cost = cost
        self.estimatedRows = estimatedRows
        self.actualRows = actualRows
        self.milliseconds = milliseconds
        self.children = children
    }

    /// The node's own cost: its total less its children's.
    public var ownCost: Double? { cost.map { $0 - children.compactMap(\.cost).reduce(0, +) } }

    /// Estimated and actual rows differ tenfold or more (a stale or missing statistic).
    public var isBadlyEstimated: Bool {
        guard let e = estimatedRows, let a = actualRows else { return false }
        return max(e, 1) / max(a, 1) >= 10 || max(a, 1) / max(e, 1) >= 10
    }
}

public struct QueryPlan: Sendable, Equatable {
    public var sql: String
    public var nodes: [PlanNode]
    public var analyzed: Bool

    public init(sql: String, nodes: [PlanNode], analyzed: Bool) {
        self.sql = sql
        self.nodes = nodes
        self.analyzed = analyzed
    }

    /// The node with the highest own cost, if costs are known.
    public var costliest: PlanNode? {
        func all(_ n: [PlanNode]) -> [PlanNode] { n.flatMap { [$0] + all($0.children) } }
        return all(nodes).filter { $0.ownCost != nil }.max { $0.ownCost! < $1.ownCost! }
    }

    /// The plan as indented lines, the costliest node and bad estimates marked.
    public var lines: [String] {
        let top = costliest
        var out: [String] = []
        func walk(_ n: PlanNode, _ prefix: String, _ last: Bool, _ root: Bool) {
            var line = (root ? "" : prefix + (last ? "└─ " : "├─ ")) + n.label
            var facts: [String] = []
            if let c = n.cost { facts.append(String(format: "cost %.2f", c)) }
            if let e = n.estimatedRows { facts.append("rows ~\(Int(e))") }
            if let a = n.actualRows { facts.append("actual \(Int(a))") }
            if let ms = n.milliseconds { facts.append(String(format: "%.3f ms", ms)) }
            if !facts.isEmpty { line += "  (" + facts.joined(separator: ", ") + ")" }
            if let top, n == top, nodes.count + n.children.count > 1 || n.cost != nil { line += "  ← costliest" }
            if n.isBadlyEstimated { line += "  ← estimate off tenfold" }
            out.append(line)
            let childPrefix = root ? "" : prefix + (last ? "   " : "│  ")
            for (i, c) in n.children.enumerated() { walk(c, childPrefix, i == n.children.count - 1, false) }
        }
        for (i, n) in nodes.enumerated() { walk(n, "", i == nodes.count - 1, true) }
        return out
    }

    /// Whether a statement has a plan to show: a query or a write (not BEGIN, SET, SAVEPOINT, EXPLAIN...).
    public static func isExplainable(_ sql: String) -> Bool {
        ["SELECT", "WITH", "INSERT", "UPDATE", "DELETE", "VALUES"].contains(verb(of: sql))
    }

    /// A statement's first keyword, upper-cased: `SELECT`, `UPDATE`, `BEGIN`...
    public static func verb(of sql: String) -> String {
        sql.drop { $0 == " " || $0 == "\n" || $0 == "(" }.prefix { $0.isLetter }.uppercased()
    }

    /// PostgreSQL `EXPLAIN (FORMAT JSON)` output.
    static func postgres(json: String, sql: String, analyzed: Bool) throws -> QueryPlan {
        guard let array = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]],
              let plan = array.first?["Plan"] as? [String: Any] else {
            throw DatabaseError(kind: .other, message: "the server's plan could not be read")
        }
        func node(_ p: [String: Any]) -> PlanNode {
            var label = p["Node Type"] as? String ?? "?"
            if let rel = p["Relation Name"] as? String { label += " on \(rel)" }
            if let index = p["Index Name"] as? String { label += " using \(index)" }
            if let cond = (p["Index Cond"] ?? p["Filter"] ?? p["Hash Cond"] ?? p["Join Filter"]) as? String { label += " [\(cond)]" }
            return PlanNode(label: label, cost: p["Total Cost"] as? Double, estimatedRows: (p["Plan Rows"] as? NSNumber)?.doubleValue,
                            actualRows: (p["Actual Rows"] as? NSNumber)?.doubleValue, milliseconds: p["Actual Total Time"] as? Double,
                            children: (p["Plans"] as? [[String: Any]] ?? []).map(node))
        }
        return QueryPlan(sql: sql, nodes: [node(plan)], analyzed: analyzed)
    }

    /// SQLite `EXPLAIN QUERY PLAN` rows: (id, parent, notused, detail).
    static func sqlite(rows: [Row], sql: String) -> QueryPlan {
        var children: [Int: [(Int, String)]] = [:]
        for r in rows {
            guard case .int(let id) = r[0], case .int(let parent) = r[1] else { continue }
            children[Int(parent), default: []].append((Int(id), r[3].displayText ?? ""))
        }
        func build(_ parent: Int) -> [PlanNode] {
            (children[parent] ?? []).map { PlanNode(label: $0.1, children: build($0.0)) }
        }
        return QueryPlan(sql: sql, nodes: build(0), analyzed: false)
    }
}

extension Database {
    /// The plan of a statement. With `analyze` (PostgreSQL only) the statement really runs: inside a
    /// transaction that is rolled back, under a statement timeout, so nothing it does is kept.
    ///
    /// ```sql
    /// EXPLAIN (FORMAT JSON) SELECT ...                         -- PostgreSQL
    /// BEGIN; SET LOCAL statement_timeout = 10000; EXPLAIN (ANALYZE, FORMAT JSON) SELECT ...; ROLLBACK
    /// EXPLAIN QUERY PLAN SELECT ...                            -- SQLite
    /// ```
    public func explain(_ statement: Statement, analyze: Bool = false, timeout: Double = 10) throws -> QueryPlan {
        try explain(try compile(statement), analyze: analyze, timeout: timeout)
    }

    /// The plan of a statement already compiled: one the log recorded, with its values.
    public func explain(_ compiled: CompiledSQL, analyze: Bool = false, timeout: Double = 10) throws -> QueryPlan {
        guard QueryPlan.isExplainable(compiled.sql) else {
            throw DatabaseError(kind: .other, message: "only SELECT, INSERT, UPDATE and DELETE statements have a plan")
        }
        if dialect.explainStyle == .sqliteQueryPlan {
            if analyze { throw DatabaseError(kind: .other, message: "SQLite has no EXPLAIN ANALYZE: it shows the query plan only") }
            let rows = try fetchAll(CompiledSQL("EXPLAIN QUERY PLAN " + compiled.sql, compiled.binds), cause: .explain)
            return QueryPlan.sqlite(rows: rows, sql: compiled.sql)
        }
        guard analyze else {
            let rows = try fetchAll(CompiledSQL("EXPLAIN (FORMAT JSON) " + compiled.sql, compiled.binds), cause: .explain)
            return try QueryPlan.postgres(json: rows.first?[0].displayText ?? "", sql: compiled.sql, analyzed: false)
        }
        guard !inTransaction else {
            throw DatabaseError(kind: .other, message: "EXPLAIN ANALYZE needs its own transaction; commit or roll back first")
        }
        try beginTransaction()
        defer { if inTransaction { _ = try? rollback() } }
        // Clamped, so no timeout (infinite, NaN, huge) can overflow the conversion to milliseconds.
        let seconds = timeout.isFinite ? min(max(timeout, 0.001), TransactionSettings.longestTimeout) : TransactionSettings.longestTimeout
        try execute(sql: "SET LOCAL statement_timeout = \(Int((seconds * 1000).rounded()))", cause: .explain)
        let rows = try fetchAll(CompiledSQL("EXPLAIN (ANALYZE, FORMAT JSON) " + compiled.sql, compiled.binds), cause: .explain)
        return try QueryPlan.postgres(json: rows.first?[0].displayText ?? "", sql: compiled.sql, analyzed: true)
    }
}
