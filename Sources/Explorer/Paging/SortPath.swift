import ORMCore

/// A sort field reached through many-to-one (or one-to-one) relationships: `--order team.name` on
/// hero. Its value for a row is one scalar subquery per step, so the page's statement keeps
/// `SELECT` of the model's own rows (no join to make names ambiguous, no row repeated), and keyset
/// paging compares the same expression:
/// ```sql
/// SELECT * FROM "hero"
///   ORDER BY (SELECT "_s1"."name" FROM "team" AS "_s1" WHERE "_s1"."id" = "hero"."team_id") ASC, "id" ASC
/// -- the page after ("Avengers", 7):
/// ... WHERE ((SELECT ...) > ?) OR ((SELECT ...) = ? AND "id" > ?) OR ((SELECT ...) IS NULL)
/// ```
/// A row with no related row (or a NULL there) sorts as NULL does on the backend.
public struct SortPath: Sendable {
    public let relationships: [Relationship]
    /// The models the relationships reach, in order (the last holds `field`).
    public let models: [Model]
    public let field: Field

    /// The path `name` names on `model` (`team.name`, `team.boss.name`); nil for a plain field name.
    /// A step that is a list (one-to-many, many-to-many) or unknown is a sentence.
    public static func resolve(_ name: String, model: Model, registry: Registry?) throws -> SortPath? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1, model.field(name) == nil else { return nil }
        guard let registry else { throw RequestError("Ordering by \(name) needs the registry (a relationship path).") }
        var current = model
        var rels: [Relationship] = [], models: [Model] = []
        for step in parts.dropLast() {
            guard let rel = current.relationship(step) else {
                throw RequestError("--order \(name): \(current.qualifiedName) has no relationship \(step)"
                                   + (Suggest.closest(to: step, in: current.relationships.map(\.name)).map { "; did you mean \($0)?" } ?? "."))
            }
            guard !rel.kind.isCollection, rel.link == nil else {
                throw RequestError("--order \(name): \(step) is a list of rows (\(rel.kind.rawValue)); order by a field of a many-to-one relationship.")
            }
            current = try registry.require(rel.target)
            rels.append(rel)
            models.append(current)
        }
        guard let field = current.field(parts.last!) else {
            throw SchemaError.unknownField(model: current.qualifiedName, field: parts.last!, suggestion: Suggest.closest(to: parts.last!, in: current.fieldNames))
        }
        guard field.type.hasEquality else {
            throw RequestError("--order \(name): \(field.name) (\(field.type.declared)) has no ordering.")
        }
        return SortPath(relationships: rels, models: models, field: field)
    }

    /// The value for the outer row of the table qualified `outer`: nested scalar subqueries.
    public func expression(outer: String) -> SQLExpression {
        func step(_ i: Int, _ outerQualifier: String) -> SQLExpression {
            let rel = relationships[i]
            let alias = "_s\(i + 1)"
            let value: SQLExpression = i == relationships.count - 1 ? .col(field.name, of: alias) : step(i + 1, alias)
            let match = zip(rel.remoteColumns, rel.localColumns).map { SQLExpression.col($0, of: alias).equals(.col($1, of: outerQualifier)) }
            return .subquery(Select(from: models[i].table.aliased(alias), items: [SelectItem(value)],
                                    where: rel.restricting(match.count == 1 ? match[0] : .and(match), table: alias)))
        }
        return step(0, outer)
    }
}
