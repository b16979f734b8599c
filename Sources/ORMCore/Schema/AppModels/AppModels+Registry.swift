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
        var declarations: [RelationshipDeclaration] = []
        var sources: [(AppModel, AppRelationship)] = []
        for m in app.models {
            for r in m.relationships {
                declarations.append(RelationshipDeclaration(model: m.modelName.description, name: r.name, target: r.target, kind: r.kind,
                                                            columns: r.columns, referencedColumns: r.referencedColumns,
                                                            through: r.secondary, backPopulates: r.backPopulates))
                sources.append((m, r))
            }
        }
        var result: Registry
        do {
            result = try declaring(declarations)
        } catch {
            // Find the first declaration that fails alone, to name it and its line.
            for (i, d) in declarations.enumerated() {
                do { _ = try declaring([d]) } catch let e as any UserFacingError {
                    let (m, r) = sources[i]
                    var why = e.sentence
                    for tail in ["; nothing was changed.", "."] where why.hasSuffix(tail) { why = String(why.dropLast(tail.count)); break }
                    throw AppModelsError("\(app.file), line \(r.line), relationship \(m.className ?? m.table).\(r.name) does not fit the live database (\(why)); nothing of \(app.file) was applied (ormscope drift lists every difference).")
                }
            }
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
        // The application's class names, for every relationship of the models it names.
        for m in app.models {
            guard let c = m.className, let i = place(m) else { continue }
            for j in result.models[i].relationships.indices {
                result.models[i].relationships[j].qualifiedName = "\(c).\(result.models[i].relationships[j].name)"
            }
        }
        return result
    }
}
