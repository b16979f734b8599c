/// Foreign keys the catalog lacks but the names say, for databases whose frameworks made none:
/// Rails before 4.2 (`t.references :user` without `foreign_key: true`), `create_join_table`,
/// Django's `db_constraint=False`, many hand-made SQLite files. Opt-in (`--infer-keys`, or
/// `infer_keys = true` in the config): a guess from names is never made silently.
///
/// The rule: a column named `<x>_id` (or camelCase `xId`, as `Naming.columnName` reads it) that
/// is in no foreign key of its table refers to the table of the same schema named `plural(x)` or
/// `x` (exactly, else its one case-insensitive match), when that table's primary key is one
/// column of the same kind of type (`users.id` for `orders.user_id`); `parent_id` with no such table
/// refers to its own table (a tree: `categories.parent_id` → `categories.id`). A column beside one named
/// `<x>_type` is one side of a polymorphic pair (Rails' `commentable_type`, `commentable_id`),
/// which no single table answers: it gets a note, not a key. Each inferred key is marked
/// (`ForeignKey.isInferredFromName`): the relationships it gives are named and shaped as a declared
/// key's are (a join table of two such columns is a many-to-many), while the database enforces
/// nothing of it, so a delete preview, the drift check and SQLite's failed-key search pass it by.
public enum NamedKeys {
    /// The stem of the column that refers to its own table when no table is named after it.
    static let treeParent = "parent"

    /// `models` with the keys their names say added to their foreign keys, and by position the
    /// notes to add (a model that got one, or holds a polymorphic pair).
    public static func adding(to models: [Model]) -> (models: [Model], notes: [[String]]) {
        var byName: [String: [Int]] = [:]
        for i in models.indices where models[i].kind == .table {
            byName[(models[i].schema ?? "") + "." + models[i].name.lowercased(), default: []].append(i)
        }
        func target(_ stem: String, schema: String?) -> Int? {
            for name in [Naming.plural(stem), stem] {
                guard let found = byName[(schema ?? "") + "." + name.lowercased()] else { continue }
                if let exact = found.first(where: { models[$0].name == name }) { return exact }
                if found.count == 1 { return found[0] }
            }
            return nil
        }
        var out = models
        var notes = [[String]](repeating: [], count: models.count)
        for i in models.indices where models[i].kind == .table {
            let m = models[i]
            let keyed = Set(m.foreignKeys.flatMap(\.columns))
            var added: [String] = []
            for f in m.fields where !keyed.contains(f.name) {
                guard let stem = Naming.columnName([f.name]) else { continue }
                if let type = [stem + "_type", stem + "Type"].first(where: { m.field($0) != nil }) {
                    notes[i].append("\(f.name) with \(type) is a polymorphic reference (one table per row, named by the type column): it is not followed.")
                    continue
                }
                // `parent_id` with no table `parents` is a tree's own (acts_as_tree, closure_tree, ancestry's
                // parent_id, awesome_nested_set): the row's own table.
                guard let t = target(stem, schema: m.schema) ?? (stem == Self.treeParent ? i : nil), models[t].primaryKey.count == 1,
                      let key = models[t].field(models[t].primaryKey[0]), key.type.kind == f.type.kind else { continue }
                out[i].foreignKeys.append(ForeignKey(columns: [f.name], referencedSchema: models[t].schema, referencedTable: models[t].name,
                                                     referencedColumns: [key.name], isInferredFromName: true))
                added.append("\(f.name) → \(models[t].qualifiedName) (\(key.name))")
            }
            if !added.isEmpty {
                notes[i].insert("Inferred from names, with no foreign key in the database (--infer-keys): \(added.joined(separator: "; ")). The database enforces none of them.", at: 0)
            }
        }
        return (out, notes)
    }
}

extension Registry {
    /// The registry with the keys `NamedKeys` infers from names, and the relationships they give.
    public func inferringKeysFromNames() -> Registry {
        let (models, notes) = NamedKeys.adding(to: self.models)
        // (Registry's init sorts by name, as these are already, and infers the relationships and
        // their notes again; the names' notes follow them.)
        var r = Registry(backend: backend, models: models, defaultSchema: defaultSchema)
        for i in r.models.indices { r.models[i].notes += notes[i] }
        return r
    }
}
