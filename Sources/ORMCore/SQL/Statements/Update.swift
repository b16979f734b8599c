/// An UPDATE of the given columns only.
///
/// ```swift
/// Update(table: TableRef("hero"), set: [Assignment("age", .value(31))], where: .keyEquals(["id"], [7]))
/// // UPDATE "hero" SET "age" = ? WHERE "id" = ?
/// ```
public struct Update: Sendable, Hashable {
    public var table: TableRef
    public var assignments: [Assignment]
    public var predicate: SQLExpression?
    public var returning: Returning

    public init(table: TableRef, set assignments: [Assignment], where predicate: SQLExpression?,
                returning: Returning = .none) {
        self.table = table
        self.assignments = assignments
        self.predicate = predicate
        self.returning = returning
    }
}

/// A DELETE.
///
/// ```swift
/// Delete(from: TableRef("hero"), where: .keyEquals(["id"], [7]))
/// // DELETE FROM "hero" WHERE "id" = ?
/// ```
public struct Delete: Sendable, Hashable {
    public var table: TableRef
    public var predicate: SQLExpression?
    public var returning: Returning

    public init(from table: TableRef, where predicate: SQLExpression?, returning: Returning = .none) {
        self.table = table
        self.predicate = predicate
        self.returning = returning
    }
}
