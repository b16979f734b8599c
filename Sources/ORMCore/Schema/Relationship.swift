/// A relationship between two models, inferred from a foreign key or declared on a typed model.
///
/// `localColumns` are on the owning model, `remoteColumns` on the target; through a link table,
/// `link` says how the link's columns meet each side.
public struct Relationship: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case manyToOne = "many-to-one"
        case oneToMany = "one-to-many"
        case oneToOne = "one-to-one"
        case manyToMany = "many-to-many"

        /// Whether the relationship holds a list (one-to-many, many-to-many).
        public var isCollection: Bool { self == .oneToMany || self == .manyToMany }
    }

    /// A link (association) table between the two sides of a many-to-many.
    public struct Link: Sendable, Hashable {
        public var model: String
        /// Link columns that hold the owner's `localColumns`.
        public var ownerColumns: [String]
        /// Link columns that hold the target's `remoteColumns`.
        public var targetColumns: [String]
        /// The link's other columns (`role`, `joined_at`): link data, reachable per related row.
        public var extraColumns: [String]

        public init(model: String, ownerColumns: [String], targetColumns: [String], extraColumns: [String]) {
            self.model = model
            self.ownerColumns = ownerColumns
            self.targetColumns = targetColumns
            self.extraColumns = extraColumns
        }
    }

    /// Where an inferred relationship comes from: the foreign key(s) and the model that holds them
    /// (the referencing model, or a many-to-many's link table with its two keys, owner's side first).
    public struct Origin: Sendable, Hashable {
        public var model: String
        public var foreignKeys: [ForeignKey]
        public init(model: String, foreignKeys: [ForeignKey]) {
            self.model = model
            self.foreignKeys = foreignKeys
        }

        /// `auth_user_groups (user_id) → auth_user (id); auth_user_groups (group_id) → auth_group (id)`.
        public var description: String {
            foreignKeys.map { "\(model) (\($0.columns.joined(separator: ", "))) → \($0.referencedModelName) (\($0.referencedColumns.joined(separator: ", ")))" }
                .joined(separator: "; ")
        }
    }

    public var name: String
    /// The owning model's qualified name.
    public var model: String
    public var target: String
    public var kind: Kind
    public var localColumns: [String]
    public var remoteColumns: [String]
    public var link: Link?
    /// The name of the relationship on the target that goes the other way (back_populates).
    public var backPopulates: String?
    /// Declared on a typed model rather than inferred from the catalog.
    public var isDeclared: Bool
    /// The foreign key(s) an inferred relationship was read from (nil for a declared one).
    public var origin: Origin?
    /// Joined-table inheritance: one side's primary key is a foreign key to the other's primary key
    /// (`manager.id` → `employee.id`); set on both one-to-one sides.
    public var isInheritance: Bool = false
    /// What the application's own models say of it beyond the schema (from a models file: its
    /// loading default, cascades, order); nil for an inferred relationship or one declared in code.
    public var app: AppBehaviour?
    /// `Hero.team`, as statements and warnings name it (for people: two models can share it); a
    /// models file's class name when it gives one (`Employee.reports`).
    public internal(set) var qualifiedName: String
    /// The exact identity: the owner's canonical name, a dot, then the name quoted when it is not
    /// plain (`hero.team`, `audit.store.items`, `"sx.ty".owner`). Strategies are keyed by it.
    public var id: String { "\(model).\(ModelName.quoted(name))" }

    /// `className`: the model's class name when the caller has it (`Naming.className(model)`).
    public init(name: String, model: String, target: String, kind: Kind, className: String? = nil, localColumns: [String], remoteColumns: [String],
                link: Link? = nil, backPopulates: String? = nil, isDeclared: Bool = false, origin: Origin? = nil, isInheritance: Bool = false) {
        self.name = name
        self.model = model
        self.target = target
        self.kind = kind
        self.localColumns = localColumns
        self.remoteColumns = remoteColumns
        self.link = link
        self.backPopulates = backPopulates
        self.isDeclared = isDeclared
        self.origin = origin
        self.isInheritance = isInheritance
        qualifiedName = "\(className ?? Naming.className(model)).\(name)"
    }

    public var isSelfReferential: Bool { model == target }

    /// Whether the foreign key is on this relationship's own model (`localColumns`): a many-to-one,
    /// or a one-to-one that holds the key (inferred from this model's foreign key, or declared so).
    /// Deleting a row never cascades along it (a parent link aside: `AppBehaviour.parentLink`).
    public var holdsKey: Bool {
        kind == .manyToOne || (kind == .oneToOne && (app?.holdsKey == true || origin.map { $0.model == model && $0.foreignKeys.first?.columns == localColumns } == true))
    }

    /// A relationship's behaviour in the application (SQLAlchemy's `relationship(...)` arguments,
    /// Django's `on_delete`), as a models file gives it.
    public struct AppBehaviour: Sendable, Hashable {
        /// The strategy the application loads it with when a query names none (`lazy=`).
        public var loading: LoadStrategy
        /// SQLAlchemy's cascade names (`save-update`, `merge`, `delete`, `delete-orphan`, ...).
        public var cascade: [String]
        /// `passive_deletes=True`: the ORM leaves children to the database's ON DELETE.
        public var passiveDeletes: Bool
        /// Django's `on_delete` for a many-to-one (`CASCADE`, `SET_NULL`, `PROTECT`, ...), applied by the ORM.
        public var onDelete: String?
        /// The related rows' order (`order_by=`): field names of the target, `-name` for descending.
        public var orderBy: [String]
        /// The application's class name of the owning model (`Hero`), when the file gives it.
        public var className: String?
        /// Whether a lazy many-to-one finds its target among the rows already loaded, with no
        /// statement (SQLAlchemy's identity map). Django's ORM has none: `order.customer` runs its own
        /// query on each order, two orders of one customer two (a Django models file says false).
        public var sharesLoadedRows: Bool
        /// A one-to-one whose foreign key is on this model (Django's `OneToOneField`, the file's
        /// `holds_key`): the forward side, which deletes nothing of its target (except a parent link).
        public var holdsKey: Bool
        /// Multi-table inheritance's link to the parent model (Django's `parent_link`, `place_ptr`):
        /// deleting this row deletes the parent's row too, as Django's collector does.
        public var parentLink: Bool
        /// SQLAlchemy's `lazy="noload"`: loaded as lazy here, but the application never loads it, so a
        /// delete leaves its rows alone (nothing to de-associate or cascade to; the database's ON DELETE applies).
        public var noload: Bool

        public init(loading: LoadStrategy = .lazy, cascade: [String] = [], passiveDeletes: Bool = false, onDelete: String? = nil,
                    orderBy: [String] = [], className: String? = nil, sharesLoadedRows: Bool = true, holdsKey: Bool = false, parentLink: Bool = false,
                    noload: Bool = false) {
            self.noload = noload
            self.loading = loading
            self.cascade = cascade
            self.passiveDeletes = passiveDeletes
            self.onDelete = onDelete
            self.orderBy = orderBy
            self.className = className
            self.sharesLoadedRows = sharesLoadedRows
            self.holdsKey = holdsKey
            self.parentLink = parentLink
        }
    }
}
