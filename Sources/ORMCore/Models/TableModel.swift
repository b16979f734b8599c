/// A Swift struct mapped to a table: rows decode into it, and it encodes into a row.
///
/// The seeds' split maps onto three protocols: the table model itself (`Hero: TableModel`, also
/// the Read/Public shape), a Create input (`HeroCreate: CreateModel`, no id) and an Update input
/// (`HeroUpdate: UpdateModel`, every field optional; only the fields that are set are written,
/// SQLModel's `model_dump(exclude_unset=True)`). To set a column to NULL in an update, declare the
/// field doubly optional (`var age: Int??`) and assign `.some(nil)`.
///
/// ```swift
/// struct Hero: TableModel { static let tableName = "hero"; var id: Int?; var name: String; var age: Int? }
/// struct HeroUpdate: UpdateModel { typealias Table = Hero; var name: String?; var age: Int?? }
/// try session.update(Hero.self, key: [7], HeroUpdate(age: .some(31)))
/// // UPDATE "hero" SET "age" = ? WHERE "id" = ?
/// ```
public protocol TableModel: Codable {
    static var tableName: String { get }
    /// The schema, `nil` for the default one.
    static var schemaName: String? { get }
    /// Rules checked before any SQL, on top of what the schema says.
    static var validations: [ValidationRule] { get }
    /// Relationships declared in code (for catalogs without the foreign keys, or other names).
    static var relationships: [RelationshipDeclaration] { get }
}

extension TableModel {
    public static var schemaName: String? { nil }
    public static var validations: [ValidationRule] { [] }
    public static var relationships: [RelationshipDeclaration] { [] }
    static var qualifiedName: String { ModelName(schema: schemaName, table: tableName).description }
}

/// The input for inserting a `Table` row.
public protocol CreateModel: Encodable {
    associatedtype Table: TableModel
}

/// The input for a partial update of a `Table` row: only the fields that are set are written.
public protocol UpdateModel: Encodable {
    associatedtype Table: TableModel
}

extension Registry {
    /// The registry with the relationships the typed models declare.
    public func declaring(models: [any TableModel.Type]) throws -> Registry {
        try declaring(models.flatMap { $0.relationships })
    }
}
