/// The application's own ORM models, as a models file describes them (format 1, documented in the
/// README, "Your application's models"): tables with their columns, keys, unique constraints,
/// indexes and foreign keys, and relationships with their names, loading defaults and cascades.
///
/// Written by `ormscope models-from` (SQLAlchemy, SQLModel, Django) or by hand; read with
/// `AppModels.parse(_:file:)`, applied to a live registry with `Registry.applying(_:)` and compared
/// with it by `Drift.compare`.
public struct AppModels: Sendable, Hashable {
    /// The format this build reads and writes.
    public static let format = 1

    /// Where the file came from (`python:app.models`, `django:site.settings`), when it says.
    public var source: String?
    /// The backend whose DDL the column types are written in, when the file says (`postgresql`,
    /// `sqlite`: Django's `connection.vendor`, as `Registry.backend` names them). A column with a
    /// `kind` is compared in detail (integer width, numeric precision, time zone, json or jsonb)
    /// only on that backend: a Django file written under SQLite's settings says `integer` for a
    /// BigAutoField PostgreSQL makes `bigint`.
    public var dialect: String?
    /// The file's name as errors quote it.
    public var file: String
    /// Where it was named, when not on the command line (`the config's models = ~/app/models.json`):
    /// a file that does not fit says so, and how to open the database without it.
    public var origin: String?
    public var models: [AppModel]

    public init(source: String? = nil, dialect: String? = nil, file: String = "models file", models: [AppModel]) {
        self.source = source
        self.dialect = dialect
        self.file = file
        self.models = models
    }
}

/// One mapped table.
public struct AppModel: Sendable, Hashable {
    /// The class name in the application (`Hero`), when known.
    public var className: String?
    public var schema: String?
    public var table: String
    public var columns: [AppColumn]
    public var primaryKey: [String]
    public var uniqueConstraints: [UniqueConstraint]
    public var indexes: [Index]
    /// What the file says of its indexes' conditions and expression keys, by index name (only the
    /// indexes whose `where` or `expressions` it gives).
    public var indexTexts: [String: AppIndexText] = [:]
    public var foreignKeys: [ForeignKey]
    public var relationships: [AppRelationship]
    /// False for a model whose table the application's migrations do not make (Django's
    /// `managed = False`: a view, a legacy table): drift says nothing of its table, and when the
    /// database lacks it, its relationships (and those to it) are not applied.
    public var isManaged = true
    /// The line of the model in the file (for errors).
    public var line: Int

    public init(className: String? = nil, schema: String? = nil, table: String, columns: [AppColumn] = [], primaryKey: [String] = [],
                uniqueConstraints: [UniqueConstraint] = [], indexes: [Index] = [], foreignKeys: [ForeignKey] = [],
                relationships: [AppRelationship] = [], line: Int = 0) {
        self.className = className
        self.schema = schema
        self.table = table
        self.columns = columns
        self.primaryKey = primaryKey
        self.uniqueConstraints = uniqueConstraints
        self.indexes = indexes
        self.foreignKeys = foreignKeys
        self.relationships = relationships
        self.line = line
    }

    public var modelName: ModelName { ModelName(schema: schema, table: table) }
    /// `Hero (hero)`, or the table alone when no class name is known or it reads the same.
    public var displayName: String {
        guard let c = className, c != table else { return modelName.description }
        return "\(c) (\(modelName.description))"
    }
}

/// One mapped column.
public struct AppColumn: Sendable, Hashable {
    public var name: String
    /// The type as the application's DDL would write it (`INTEGER`, `VARCHAR(80)`), when known.
    public var type: String?
    public var isNullable: Bool
    /// The server-side default (`server_default`, `db_default`), when there is one.
    public var defaultExpression: String?
    /// The kind the application means, whatever the backend (`uuid`, `json`, `timestamp`: one of
    /// `Drift.kinds`), when the file gives one: Django's field class, or SQLAlchemy's `Uuid`, whose DDL
    /// type differs per backend (`char(32)` on SQLite, `uuid` on PostgreSQL). Drift compares it instead of `type`'s kind.
    public var kind: String?
    /// What the application sets the column to on every UPDATE of the row, when it is the time
    /// (`CURRENT_TIMESTAMP`: SQLAlchemy's `onupdate=func.now()`; the only value the format has).
    public var onUpdate: String?
    public var line: Int

    public init(name: String, type: String? = nil, isNullable: Bool = true, defaultExpression: String? = nil, kind: String? = nil,
                onUpdate: String? = nil, line: Int = 0) {
        self.onUpdate = onUpdate
        self.kind = kind
        self.name = name
        self.type = type
        self.isNullable = isNullable
        self.defaultExpression = defaultExpression
        self.line = line
    }
}

/// One relationship as the application declares it.
public struct AppRelationship: Sendable, Hashable {
    public var name: String
    public var kind: Relationship.Kind
    /// The target model's table, as the file names it (`team`, `audit.store`).
    public var target: String
    /// The foreign key columns: on this model for many-to-one and a one-to-one that holds the key
    /// (`behaviour.holdsKey`), on the target for one-to-many and the other one-to-one.
    public var columns: [String]
    public var referencedColumns: [String]?
    public var secondary: RelationshipDeclaration.Through?
    public var backPopulates: String?
    public var behaviour: Relationship.AppBehaviour
    /// A generic relation (Django's `GenericRelation`): `columns` is the target's object id column.
    public var generic: AppGenericKey?
    /// The file's `target_equals`: constants the target's columns also equal (a SQLAlchemy
    /// `primaryjoin`'s literals), the relationship's `targetConditions`.
    public var targetEquals: [Relationship.TargetCondition] = []
    public var line: Int

    public init(name: String, kind: Relationship.Kind, target: String, columns: [String] = [], referencedColumns: [String]? = nil,
                secondary: RelationshipDeclaration.Through? = nil, backPopulates: String? = nil,
                behaviour: Relationship.AppBehaviour = .init(), generic: AppGenericKey? = nil, line: Int = 0) {
        self.generic = generic
        self.name = name
        self.kind = kind
        self.target = target
        self.columns = columns
        self.referencedColumns = referencedColumns
        self.secondary = secondary
        self.backPopulates = backPopulates
        self.behaviour = behaviour
        self.line = line
    }
}

/// A models file that cannot be read or applied: one sentence naming the file, the line and the key.
public struct AppModelsError: UserFacingError, Equatable {
    public var sentence: String
    public init(_ sentence: String) { self.sentence = sentence }
}

/// A relation whose rows name their parent by a content type and an object id rather than by a
/// foreign key (Django's `GenericRelation` to a model with a `GenericForeignKey`): the target's
/// rows with `contentTypeColumn` = the owner's content type and `objectIDColumn` = its key.
///
/// Once its content type's id is read (`Database.resolvingGenericRelations`), it is also a
/// one-to-many relationship of the owner with that id as a target condition, so loads, filters and
/// follows join it by the content type too (`Relationship.targetConditions`); deletes follow it
/// here, as Django's collector does:
/// the content type's id is read from its table (`SELECT * FROM "django_content_type" WHERE
/// "app_label" = ? AND "model" = ?`), then the rows are deleted
/// (`DELETE FROM "shop_taggeditem" WHERE ("content_type_id" = ? AND "object_id" = ?)`).
public struct AppGenericRelation: Sendable, Hashable {
    public var name: String
    /// `Product.tags`, as causes name it.
    public var qualifiedName: String
    /// The target model's qualified name.
    public var target: String
    public var objectIDColumn: String
    public var contentTypeColumn: String
    /// The owner's column the object id holds (its primary key).
    public var referencedColumn: String
    /// The content types' table's qualified name (`django_content_type`), and the owner's row in it.
    public var contentTypeTable: String
    public var appLabel: String
    public var modelName: String
    /// The file's behaviour of it (its loading default), with `generic` set.
    public var behaviour: Relationship.AppBehaviour

    public init(name: String, qualifiedName: String, target: String, objectIDColumn: String, contentTypeColumn: String,
                referencedColumn: String, contentTypeTable: String, appLabel: String, modelName: String,
                behaviour: Relationship.AppBehaviour = .init(generic: true)) {
        self.behaviour = behaviour
        self.name = name
        self.qualifiedName = qualifiedName
        self.target = target
        self.objectIDColumn = objectIDColumn
        self.contentTypeColumn = contentTypeColumn
        self.referencedColumn = referencedColumn
        self.contentTypeTable = contentTypeTable
        self.appLabel = appLabel
        self.modelName = modelName
    }
}

/// What a models file's `generic` key says of a relationship (AppRelationship.generic).
public struct AppGenericKey: Sendable, Hashable {
    public var contentTypeColumn: String
    public var contentTypeTable: String
    public var appLabel: String
    public var model: String
    public init(contentTypeColumn: String, contentTypeTable: String, appLabel: String, model: String) {
        self.contentTypeColumn = contentTypeColumn
        self.contentTypeTable = contentTypeTable
        self.appLabel = appLabel
        self.model = model
    }
}
