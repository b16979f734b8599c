import Foundation

extension Session {
    /// One stored value of `field` (not NULL), or nil when the column holds none: what a SQLite
    /// date column holds (text in one form or another, or numbers), read before a filter compares
    /// it with a quoted date, since SQLite compares what is stored as it is stored.
    ///
    /// ```sql
    /// SELECT "updatedAt" FROM "User" WHERE "updatedAt" IS NOT NULL LIMIT 1
    /// ```
    public func storedSample(of field: String, in model: Model) throws -> Value? {
        let select = Select(from: model.table, items: [SelectItem(.col(field))],
                            where: .isNull(.col(field), negated: true), limit: 1)
        return try database.fetchOne(.select(select), cause: .storedForm(table: model.qualifiedName, column: field))?.values.first
    }
}
