/// Applying a models file to the live registry: the application's relationships, names and
/// loading defaults, checked against the live schema first.
extension Registry {
    /// The registry with the application's relationships: each one replaces the inferred
    /// relationship of the same foreign key (or link table), or is added when the schema has none
    /// (and a many-to-many inferred through a table the file describes but uses as no link is left out);
    /// it carries the application's loading default, cascades and order (`Relationship.app`), and
    /// every relationship of a model the file names a class for is called by that class
    /// (`Employee.reports`, in statements' causes and warnings).
    ///
    /// Nothing is applied unless everything is: a relationship on a table, column or link table the
    /// live database lacks, or one the live foreign keys contradict, throws `AppModelsError` naming
    /// the file, its line and the relationship. The models' columns, keys and indexes are not
    /// checked here: that is `Drift.compare`.
    public func applying(_ app: AppModels) throws -> Registry {
        let app = present(app)
        let (declarations, sources) = Self.declarations(app)
        var result: Registry
        do {
            result = try declaring(declarations)
            if let misfit = genericMisfits(app).first { throw misfit.error }
        } catch {
            if let (m, r, why) = misfits(app, first: true).first { throw Self.misfit(app, m, r, why) }
            throw error
        }
        var position: [String: Int] = [:]
        for (i, m) in result.models.enumerated() { position[m.qualifiedName] = i }
        // Each model's place looked up once by the file's name for it (require is a pass over every model).
        var placed: [String: Int?] = [:]
        func place(_ m: AppModel) -> Int? {
            let name = m.modelName.description
            if let known = placed[name] { return known }
            let i = (try? result.require(name)).flatMap { position[$0.qualifiedName] }
            placed[name] = i
            return i
        }
        for (m, r) in sources {
            guard let i = place(m),
                  let j = result.models[i].relationships.firstIndex(where: { $0.name == r.name }) else { continue }
            result.models[i].relationships[j].app = r.behaviour
        }
        // A many-to-many the schema suggests through a table the file describes as a model of its
        // own, which the file does not declare, is not the application's: left out (Django's
        // django_admin_log, with keys to users and to content types, is not a link between them).
        let described = Set(app.models.compactMap { place($0) }.map { result.models[$0].qualifiedName })
        let declaredLinks = Set(result.models.flatMap(\.relationships).compactMap { $0.app != nil ? $0.link?.model : nil })
        var removed: [String] = []
        for i in result.models.indices {
            result.models[i].relationships.removeAll {
                guard $0.app == nil, let link = $0.link?.model, described.contains(link), !declaredLinks.contains(link) else { return false }
                removed.append("\($0.model).\($0.name)")
                return true
            }
        }
        // (And the inference's notes about them: "... so django_content_type.users and auth_user.content_types leave it out".)
        if !removed.isEmpty {
            for i in result.models.indices { result.models[i].notes.removeAll { note in removed.contains { note.contains($0) } } }
        }
        for m in app.models where m.columns.contains(where: { $0.onUpdate != nil }) {
            guard let i = place(m) else { continue }
            result.models[i].appOnUpdate = m.columns.filter { $0.onUpdate != nil && result.models[i].field($0.name) != nil }.map(\.name)
        }
        for (m, r) in app.models.flatMap({ m in m.relationships.filter { $0.generic != nil }.map { (m, $0) } }) {
            guard let i = place(m), let g = genericRelation(m, r) else { continue }
            result.models[i].genericRelations.append(g)
        }
        // The application's own relationships first, in each model the file names (the explorer's
        // `r` and the SQL pane start there: `User.groups` before the inferred `user_groups`).
        for m in app.models {
            guard let i = place(m) else { continue }
            let rels = result.models[i].relationships
            result.models[i].relationships = rels.filter { $0.app != nil } + rels.filter { $0.app == nil }
        }
        // The application's class names, for every relationship of the models it names.
        for m in app.models {
            guard let c = m.className, let i = place(m) else { continue }
            for j in result.models[i].relationships.indices {
                result.models[i].relationships[j].qualifiedName = "\(c).\(result.models[i].relationships[j].name)"
            }
        }
        return result
    }

    /// The file without its unmanaged models (`AppModel.isManaged`) whose table this database
    /// lacks, and without the relationships to them: the application's migrations do not make such a
    /// table (a view or legacy table of another database), so its absence is no misfit.
    func present(_ app: AppModels) -> AppModels {
        let absent = Set(app.models.filter { !$0.isManaged && (try? require($0.modelName.description)) == nil }.map(\.modelName.description))
        if absent.isEmpty { return app }
        var out = app
        out.models = app.models.filter { !absent.contains($0.modelName.description) }
        for i in out.models.indices {
            out.models[i].relationships.removeAll { absent.contains($0.target) || $0.secondary.map { absent.contains($0.link) } == true }
        }
        return out
    }

    /// The file's relationships as declarations, with the model and relationship each came from.
    /// A generic relation is not one (it joins by a content type too: `Model.genericRelations`).
    static func declarations(_ app: AppModels) -> ([RelationshipDeclaration], [(AppModel, AppRelationship)]) {
        var declarations: [RelationshipDeclaration] = []
        var sources: [(AppModel, AppRelationship)] = []
        for m in app.models {
            for r in m.relationships where r.generic == nil {
                declarations.append(RelationshipDeclaration(model: m.modelName.description, name: r.name, target: r.target, kind: r.kind,
                                                            columns: r.columns, referencedColumns: r.referencedColumns,
                                                            through: r.secondary, backPopulates: r.backPopulates,
                                                            holdsKey: r.behaviour.holdsKey))
                sources.append((m, r))
            }
        }
        return (declarations, sources)
    }

    /// The file's relationships that do not fit this (live) registry, each with why (the sentence
    /// of `declaring`, or of a generic relation's missing table or column); `first`: stop at the
    /// first. All of them are tried together first, so a file that fits costs one `declaring`.
    public func misfits(_ app: AppModels, first: Bool = false) -> [(AppModel, AppRelationship, String)] {
        let app = present(app)
        let (declarations, sources) = Self.declarations(app)
        var out: [(AppModel, AppRelationship, String)] = []
        if (try? declaring(declarations)) == nil {
            for (i, d) in declarations.enumerated() {
                do { _ = try declaring([d]) } catch {
                    var why = (error as? any UserFacingError)?.sentence ?? "\(error)"
                    for tail in ["; nothing was changed.", "."] where why.hasSuffix(tail) { why = String(why.dropLast(tail.count)); break }
                    out.append((sources[i].0, sources[i].1, why))
                    if first { return out }
                }
            }
        }
        for g in genericMisfits(app) {
            out.append((g.model, g.relationship, g.why))
            if first { return out }
        }
        return out
    }

    struct GenericMisfit {
        var model: AppModel
        var relationship: AppRelationship
        var why: String
        var app: AppModels
        var error: AppModelsError { Registry.misfit(app, model, relationship, why) }
    }

    /// The sentence of a relationship that does not fit: what stops `--models` (drift lists them all).
    static func misfit(_ app: AppModels, _ m: AppModel, _ r: AppRelationship, _ why: String) -> AppModelsError {
        let origin = app.origin.map { "it is \($0): --models none opens the database without it; " } ?? ""
        return AppModelsError("\(app.file), line \(r.line), relationship \(m.className ?? m.table).\(r.name) does not fit the live database (\(why)); nothing of \(app.file) was applied (\(origin)ormscope drift lists every difference).")
    }

    /// A generic relation whose target, columns or content type table the database lacks.
    func genericMisfits(_ app: AppModels) -> [GenericMisfit] {
        var out: [GenericMisfit] = []
        for m in app.models {
            for r in m.relationships {
                guard let g = r.generic else { continue }
                func missing(_ why: String) { out.append(GenericMisfit(model: m, relationship: r, why: why, app: app)) }
                guard let owner = try? require(m.modelName.description) else { missing("there is no table \(m.modelName)"); continue }
                guard let target = try? require(r.target) else { missing("there is no table \(r.target)"); continue }
                guard (try? require(g.contentTypeTable)) != nil else { missing("there is no content type table \(g.contentTypeTable)"); continue }
                let referenced = r.referencedColumns ?? owner.primaryKey
                if r.columns.count != 1 || referenced.count != 1 {
                    missing("a generic relation joins one object id column to one key column"); continue
                }
                for c in r.columns + [g.contentTypeColumn] where target.field(c) == nil {
                    missing("Model \(target.qualifiedName) has no field \"\(c)\"")
                }
                for c in referenced where owner.field(c) == nil { missing("Model \(owner.qualifiedName) has no field \"\(c)\"") }
            }
        }
        return out
    }

    /// The registry's form of a generic relation of the file (nil when it does not fit: `genericMisfits`).
    func genericRelation(_ m: AppModel, _ r: AppRelationship) -> AppGenericRelation? {
        guard let g = r.generic, let owner = try? require(m.modelName.description), let target = try? require(r.target),
              let ct = try? require(g.contentTypeTable), let objectID = r.columns.first,
              let referenced = (r.referencedColumns ?? owner.primaryKey).first else { return nil }
        return AppGenericRelation(name: r.name, qualifiedName: "\(m.className ?? Naming.className(owner.qualifiedName)).\(r.name)",
                                  target: target.qualifiedName, objectIDColumn: objectID, contentTypeColumn: g.contentTypeColumn,
                                  referencedColumn: referenced, contentTypeTable: ct.qualifiedName, appLabel: g.appLabel, modelName: g.model)
    }
}
