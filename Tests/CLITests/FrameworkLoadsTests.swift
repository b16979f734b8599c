import Foundation
import ORMCore
import TestSupport
import XCTest

/// The framework fixture schemas (Tests/TestSupport/FrameworkSchemas.swift), each loaded by SQLAlchemy
/// itself (Tests/PythonApps/framework_loads.py, hand-declared models with the relationships ormscope
/// infers) and by ORMCore on the same database, on both backends: for every relationship of a table
/// with a key and every strategy, the same statement count and the same related keys per parent
/// (one documented difference: equal rows of a table without a primary key, asserted as such).
extension AppModelsTests {
    /// Rows added to a fixture here: each link table without a unique pair holds a pair twice (the
    /// fixtures' own tests compare with a plain join, which a repeated pair would not fit), and every
    /// relationship has parents with none, one and several related rows, so that lazy's N+1 shows.
    static let extraRows: [String: [String]] = [
        "rails": ["INSERT INTO memberships VALUES (4, 2, 2, 'again', '2024-02-04 00:00:00', '2024-02-04 00:00:00')",
                  "INSERT INTO groups VALUES (3, 'empty', '2024-01-01 00:00:00', '2024-01-01 00:00:00')",
                  "INSERT INTO posts VALUES (3, 1, 'Quiet', '2024-03-06 00:00:00', '2024-03-06 00:00:00')"],
        "sqlalchemy": ["INSERT INTO association VALUES (1, 2)", "INSERT INTO followers VALUES (1, 2)"],
        "inheritance": ["INSERT INTO employee VALUES (5, 'Max', 'manager'), (6, 'Ivy', 'engineer')",
                        "INSERT INTO manager VALUES (5, NULL)", "INSERT INTO engineer VALUES (6, 'rust', 1)"],
        "orders": ["INSERT INTO order_line VALUES (4, 1, 1, 1, 150)", "INSERT INTO customer VALUES (3, 'Cy')"],
    ]

    func testFrameworkFixturesLoadAsSQLAlchemyLoadsThem() throws {
        _ = try appPython()
        for backend in Backend.allCases {
            for fixture in FrameworkSchema.all {
                guard let location = try location(backend) else { continue }
                let db = Database(try connect(location))
                defer { db.close() }
                try fixture.create(on: db, backend)
                for s in Self.extraRows[fixture.name] ?? [] { try db.execute(sql: s) }
                let out = try python(["framework_loads.py", fixture.name, location])
                let theirs = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: [String: [String: Any]]], out)
                let registry = try db.introspect()
                let ours = registry.models.filter { $0.kind == .table && !$0.primaryKey.isEmpty }.flatMap(\.relationships).map(\.id)
                XCTAssertEqual(ours.sorted(), theirs.keys.sorted(), "[\(backend)] \(fixture.name): the relationships SQLAlchemy's models declare")
                for id in theirs.keys.sorted() {
                    let (owner, name) = try XCTUnwrap(id.split(separator: ".").map(String.init).pairOrNil, id)
                    let m = try registry.require(owner)
                    let rel = try m.requireRelationship(name)
                    let target = try registry.require(rel.target)
                    let targetKey = target.primaryKey.isEmpty ? target.fieldNames : target.primaryKey
                    for strategy in [LoadStrategy.lazy, .selectin, .joined] {
                        let sa = try XCTUnwrap(theirs[id]?[strategy.rawValue], "\(id) \(strategy.rawValue)")
                        let session = try Session(db, registry: registry)
                        let action = "\(fixture.name) \(id) \(strategy.rawValue)"
                        let related = try db.withAction(action) { () -> [String: [String]] in
                            var related: [String: [String]] = [:]
                            for p in try session.query(m.qualifiedName, orderBy: m.primaryKey.map { OrderTerm(.col($0)) },
                                                       options: [LoadOption(name, strategy)]) {
                                let rows = rel.kind.isCollection ? try p.related(name) : try p.relatedOne(name).map { [$0] } ?? []
                                related[Self.key(m.primaryKey, of: p)] = rows.map { Self.key(targetKey, of: $0) }.sorted()
                            }
                            return related
                        }
                        let what = "[\(backend)] \(fixture.name) \(id) \(strategy.rawValue)"
                        XCTAssertEqual(db.log.count(for: action), sa["statements"] as? Int, "\(what): statements")
                        let saRelated = sa["related"] as? [String: [String]]
                        if target.primaryKey.isEmpty && strategy != .selectin {
                            // The documented difference (README, "A table without a primary key"): SQLAlchemy
                            // maps a keyless table on all its columns, so two equal rows are one object and
                            // its lazy and joined loaders give it once (its selectin loader twice); ormscope
                            // keeps such rows out of the identity map and gives each row with every strategy.
                            let all = theirs[id]?["selectin"]?["related"] as? [String: [String]]
                            XCTAssertEqual(related, all, "\(what): every row of a keyless table, as SQLAlchemy's selectin gives them")
                            XCTAssertEqual(related.mapValues { Array(Set($0)).sorted() }, saRelated, "\(what): SQLAlchemy's, equal rows once")
                        } else {
                            XCTAssertEqual(related, saRelated, "\(what): related keys per parent")
                        }
                    }
                }
            }
        }
    }

    /// A row's key as the script writes it: the columns' text joined by `|`, `NULL` for a NULL.
    static func key(_ columns: [String], of e: Entity) -> String {
        columns.map { e[$0]?.displayText ?? "NULL" }.joined(separator: "|")
    }
}

private extension Array {
    var pairOrNil: (Element, Element)? { count == 2 ? (self[0], self[1]) : nil }
}
