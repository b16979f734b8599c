import Foundation
import ORMCore
import TestSupport
import XCTest

/// The Django test app's OneToOneField (Profile.author), multi-table inheritance (Bookshop(Venue):
/// venue_ptr), GenericRelations (Venue.reviews, Bookshop.reviews_of_shop) and the fields whose DDL
/// type depends on the settings' ENGINE (UUIDField, JSONField, DecimalField, DateTimeField), on a
/// database `migrate` made, on both backends.
extension AppModelsTests {
    static let django = AppModelsTests.apps + "/djangoapp"

    /// `models-from django:settings` written to a file; `database` picks the settings' ENGINE
    /// (dj_app.py's ORMSCOPE_DJANGO_DB: SQLite's when nil). The exporter never connects.
    func exportDjango(for database: String? = nil) throws -> String {
        var env = ["PYTHONPATH": Self.django]
        if let database { env["ORMSCOPE_DJANGO_DB"] = database }
        let r = try run(["models-from", "django:settings", "--python", try appPython()], env: env)
        XCTAssertEqual(r.status, 0, r.err)
        let path = try scratch("django.json")
        try r.out.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A copy of a models file with `change` made to its models (as JSON objects); its path.
    func changed(_ file: String, _ name: String, _ change: (inout [[String: Any]]) -> Void) throws -> String {
        var top = try json(try String(contentsOfFile: file, encoding: .utf8))
        var models = top["models"] as? [[String: Any]] ?? []
        change(&models)
        top["models"] = models
        let path = try scratch(name)
        try JSONSerialization.data(withJSONObject: top, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// `change` made to the relationship or column `name` of the model of `table`.
    static func edit(_ models: inout [[String: Any]], _ table: String, _ key: String, _ name: String, _ change: (inout [String: Any]) -> Void) {
        guard let i = models.firstIndex(where: { $0["table"] as? String == table }), var items = models[i][key] as? [[String: Any]],
              let j = items.firstIndex(where: { $0["name"] as? String == name }) else { return XCTFail("no \(key) \(name) on \(table)") }
        change(&items[j])
        models[i][key] = items
    }

    /// Finding 1: the owning side of a OneToOneField (and a parent_link) is written as the
    /// one-to-one that holds its key, so `--models` accepts the file on the migrated database.
    func testDjangosOneToOneAndParentLinkFitTheMigratedDatabase() throws {
        let file = try exportDjango()
        let app = try AppModels.parse(try String(contentsOfFile: file, encoding: .utf8))
        func rel(_ table: String, _ name: String) -> AppRelationship? {
            app.models.first { $0.table == table }?.relationships.first { $0.name == name }
        }
        XCTAssertEqual(rel("library_profile", "author")?.kind, .oneToOne)
        XCTAssertEqual(rel("library_profile", "author")?.behaviour.holdsKey, true)
        XCTAssertEqual(rel("library_profile", "author")?.columns, ["author_id"])
        XCTAssertEqual(rel("library_author", "profile")?.kind, .oneToOne)
        XCTAssertEqual(rel("library_author", "profile")?.behaviour.holdsKey, false, "the reverse side: the key is on the target")
        XCTAssertEqual(rel("library_author", "profile")?.columns, ["author_id"])
        XCTAssertEqual(rel("library_bookshop", "venue_ptr")?.behaviour.parentLink, true)
        XCTAssertEqual(rel("library_venue", "bookshop")?.columns, ["venue_ptr_id"])
        XCTAssertEqual(rel("library_venue", "reviews")?.generic?.model, "venue")
        // A target's Meta.ordering is its collections' order, as Django's related managers apply it (R5).
        XCTAssertEqual(rel("library_book", "tagging_set")?.behaviour.orderBy, ["-weight", "id"])
        XCTAssertEqual(rel("library_book", "genres")?.behaviour.orderBy, [], "Genre has no ordering")

        var locations = [("sqlite", try scratch("library.sqlite"))]
        if let url = try freshPostgresURL() { locations.append(("postgres", url)) }
        for (backend, location) in locations {
            try python(["dj_app.py", location], in: Self.django)
            let profiles = try run(["rows", "library_profile", "--db", location, "--models", file, "--load", "author:selectin", "--format", "json"])
            XCTAssertEqual(profiles.status, 0, "[\(backend)] \(profiles.err)")
            let rows = try json(profiles.out)["rows"] as? [[String: Any]] ?? []
            XCTAssertEqual(rows.compactMap { ($0["author"] as? [String: Any])?["name"] as? String }, ["Le Guin", "Banks"], "[\(backend)] \(profiles.out)")
            let authors = try run(["rows", "library_author", "--db", location, "--models", file, "--load", "profile:selectin", "--format", "json"])
            XCTAssertEqual(authors.status, 0, "[\(backend)] \(authors.err)")
            XCTAssertEqual(try json(authors.out)["query_count"] as? Int, 2, "[\(backend)]")
            let shops = try run(["show", "library_bookshop", "--db", location, "--models", file])
            XCTAssertTrue(shops.out.contains("venue_ptr: one-to-one library_venue (venue_ptr_id → id)"), "[\(backend)] \(shops.out)")

            // A file whose one-to-one says the key is on the target: refused, and drift names it.
            let broken = try changed(file, "broken.json") { Self.edit(&$0, "library_profile", "relationships", "author") { $0["holds_key"] = nil } }
            let refused = try run(["rows", "library_profile", "--db", location, "--models", broken])
            XCTAssertEqual(refused.status, 1)
            XCTAssertTrue(refused.err.contains("relationship Profile.author does not fit the live database (Model library_author has no field \"author_id\"); nothing of broken.json was applied (ormscope drift lists every difference)."), refused.err)
            let drift = try run(["drift", "--db", location, "--models", broken])
            XCTAssertEqual(drift.status, 1)
            XCTAssertTrue(drift.out.contains("Relationship Profile.author (line "), "[\(backend)] drift lists what --models refuses: \(drift.out)")
            XCTAssertTrue(drift.out.contains("does not fit the database: Model library_author has no field \"author_id\"."), drift.out)
        }
    }

    /// Finding 2: a GenericRelation's rows (of the owner's content type and key) and a
    /// multi-table child's parent row are deleted as Django's collector deletes them; the rows left
    /// and the writes, in order, equal Django's own `obj.delete()` on the same data.
    func testDeletesFollowDjangosGenericRelationsAndParentLinks() throws {
        let file = try exportDjango()
        var backends = [("sqlite", try scratch("ours.sqlite"), try scratch("theirs.sqlite"))]
        if let ours = try freshPostgresURL(), let theirs = try freshPostgresURL() { backends.append(("postgres", ours, theirs)) }
        for (backend, ours, theirs) in backends {
            try python(["dj_app.py", ours], in: Self.django)
            try python(["dj_app.py", theirs], in: Self.django)
            // In turn on the same two databases: a bookshop (its venue goes too; of the reviews, only
            // those of the bookshop's content type, as Django's collector does), then a venue that is
            // a bookshop (both content types), then a plain venue (a book's review of the same id stays).
            for (model, table, key, levels) in [
                ("library.Bookshop", "library_bookshop", "2", ["level 0: library_bookshop 2: delete (the row)",
                                                               "level 1: 1 library_venue row: delete (parent row of Bookshop.venue_ptr)",
                                                               "level 1: 1 library_review row: delete (cascade from Bookshop.reviews_of_shop)",
                                                               "level 1: 1 library_review row: delete (cascade from Bookshop.reviews)"]),
                ("library.Venue", "library_venue", "3", ["level 0: library_venue 3: delete (the row)",
                                                         "level 1: 1 library_bookshop row: delete (cascade from Venue.bookshop)"]),
                ("library.Venue", "library_venue", "1", ["level 0: library_venue 1: delete (the row)",
                                                         "level 1: 1 library_review row: delete (cascade from Venue.reviews)"]),
            ] {
                let preview = try run(["delete", table, key, "--db", ours, "--models", file])
                XCTAssertEqual(Array(preview.out.split(separator: "\n").map(String.init).dropFirst()), levels.map { "  " + $0 }, "[\(backend)] \(preview.out)")
                let django = try json(try python(["dj_app.py", theirs, "delete", model, key], in: Self.django))
                let r = try run(["delete", table, key, "--yes", "--db", ours, "--models", file, "--format", "json"])
                XCTAssertEqual(r.status, 0, "[\(backend)] \(r.out) \(r.err)")
                /// The writes as their verb and table (`DELETE library_review`), in order.
                func writes(_ sql: [String]) -> [String] {
                    sql.map { $0.replacingOccurrences(of: "\"", with: "").split(separator: " ").map(String.init) }
                        .filter { ["DELETE", "UPDATE"].contains($0.first ?? "") }
                        .map { $0[0] + " " + ($0[0] == "UPDATE" ? $0[1] : $0[($0.firstIndex(of: "FROM") ?? 0) + 1]) }
                }
                let ourSQL = (try json(r.out)["statements"] as? [[String: Any]] ?? []).compactMap { $0["sql"] as? String }
                let theirSQL = django["sql"] as? [String] ?? []
                XCTAssertEqual(writes(ourSQL), writes(theirSQL), "[\(backend)] delete \(table) \(key): ours \(ourSQL)\nDjango's: \(theirSQL)")
                XCTAssertEqual(try python(["dj_app.py", ours, "dump"], in: Self.django), try python(["dj_app.py", theirs, "dump"], in: Self.django),
                               "[\(backend)] the rows left after delete \(table) \(key)")
            }
        }
    }

    /// Finding 3: drift on a freshly migrated Django database is none on both backends, whichever
    /// ENGINE the settings named when the file was written (the exporter never connects: the
    /// column's `kind` says what Django means); real drift is still reported.
    func testDriftOnAFreshlyMigratedDjangoDatabaseIsNoneOnBothBackends() throws {
        var locations = [("sqlite", try scratch("library.sqlite"))]
        if let url = try freshPostgresURL() { locations.append(("postgres", url)) }
        var files = [("SQLite's settings", try exportDjango())]
        if locations.count > 1 { files.append(("PostgreSQL's settings", try exportDjango(for: locations[1].1))) }
        func column(_ file: String, _ name: String) throws -> AppColumn? {
            try AppModels.parse(try String(contentsOfFile: file, encoding: .utf8)).models.first { $0.table == "library_profile" }?.columns.first { $0.name == name }
        }
        XCTAssertEqual(try column(files[0].1, "uid").map { [$0.type, $0.kind] }, ["char(32)", "uuid"], "SQLite's DDL type, and the kind")
        XCTAssertEqual(try column(files[0].1, "settings").map { [$0.type, $0.kind] }, ["text", "json"])
        if files.count > 1 {
            XCTAssertEqual(try column(files[1].1, "uid").map { [$0.type, $0.kind] }, ["uuid", "uuid"], "PostgreSQL's")
            XCTAssertEqual(try column(files[1].1, "settings").map { [$0.type, $0.kind] }, ["jsonb", "json"])
        }
        for (backend, location) in locations {
            try python(["dj_app.py", location], in: Self.django)
            for (settings, file) in files {
                let drift = try run(["drift", "--models", file, "--db", location])
                XCTAssertEqual(drift.status, 0, "[\(backend), a file from \(settings)] \(drift.out)")
                XCTAssertTrue(drift.out.hasPrefix("No drift: the database matches django.json"), "[\(backend), \(settings)] \(drift.out)")
            }
            // Real drift: a field without its migration, a nullability change and (PostgreSQL) a UUIDField's column made text.
            let path = try changed(files[0].1, "changed.json") { models in
                Self.edit(&models, "library_profile", "columns", "joined") { $0["nullable"] = false }
                if let i = models.firstIndex(where: { $0["table"] as? String == "library_profile" }) {
                    models[i]["columns"] = (models[i]["columns"] as? [[String: Any]] ?? []) + [["name": "coupon", "type": "varchar(20)", "kind": "text", "nullable": true]]
                }
            }
            var expected = ["Column library_profile.joined is NOT NULL in the models but accepts NULL in the database.",
                            "Column library_profile.coupon (varchar(20)) is in the models but not in the database."]
            if backend == "postgres" {
                let db = Database(try connect(location))
                try db.execute(sql: "ALTER TABLE library_profile ALTER COLUMN uid TYPE varchar(36)")
                db.close()
                expected.insert("Column library_profile.uid is a uuid (char(32)) in the models but character varying(36) in the database (uuid against text).", at: 0)
            }
            let drift = try run(["drift", "--models", path, "--db", location])
            XCTAssertEqual(drift.status, 1, "[\(backend)] \(drift.out)")
            XCTAssertEqual(drift.out.split(separator: "\n").map(String.init).filter { $0.contains("library_profile") }, expected, "[\(backend)] \(drift.out)")
        }
    }
}

extension AppModelsTests {
    /// An `on_delete` ormscope cannot apply (Django's SET_DEFAULT, SET(...)) is named in the
    /// preview and the summary, with its rows, instead of leaving them silently.
    func testAnOnDeleteThatCannotBeFollowedIsSaid() throws {
        let db = try scratch("venues.sqlite")
        let made = try Spawn.run(["sqlite3", db, """
            CREATE TABLE venue (id INTEGER PRIMARY KEY, name TEXT);
            CREATE TABLE event (id INTEGER PRIMARY KEY, venue_id INTEGER REFERENCES venue (id), title TEXT);
            INSERT INTO venue VALUES (1, 'hall'), (2, 'park'); INSERT INTO event VALUES (1, 1, 'a'), (2, 1, 'b'), (3, 2, 'c');
            """])
        XCTAssertEqual(made.status, 0, made.output)
        let file = try scratch("models.json")
        try """
            {"format": 1, "source": "django:site.settings", "models": [
             {"class": "Venue", "table": "venue", "relationships": [
              {"name": "events", "kind": "one-to-many", "target": "event", "columns": ["venue_id"], "on_delete": "SET_DEFAULT"}]}]}
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let preview = try run(["delete", "venue", "1", "--db", db, "--models", file])
        XCTAssertEqual(preview.status, 1)
        XCTAssertTrue(preview.out.contains("  not followed: 2 event rows of Venue.events (on_delete=SET_DEFAULT is the application's to apply; the database's ON DELETE applies instead)."), preview.out)
        let json = try self.json(try run(["delete", "venue", "1", "--db", db, "--models", file, "--format", "json"]).out)
        XCTAssertEqual((json["not_followed"] as? [String])?.count, 1, "\(json)")
    }

    /// A generic relation is checked against the live schema as every relationship is: a content
    /// type table the database lacks stops `--models`, and drift lists it.
    func testAGenericRelationThatDoesNotFitIsRefused() throws {
        let db = try scratch("venues.sqlite")
        let made = try Spawn.run(["sqlite3", db, "CREATE TABLE venue (id INTEGER PRIMARY KEY); CREATE TABLE review (id INTEGER PRIMARY KEY, content_type_id INTEGER, object_id INTEGER);"])
        XCTAssertEqual(made.status, 0, made.output)
        let file = try scratch("models.json")
        try """
            {"format": 1, "models": [
             {"class": "Venue", "table": "venue", "relationships": [
              {"name": "reviews", "kind": "one-to-many", "target": "review", "columns": ["object_id"], "on_delete": "CASCADE",
               "generic": {"content_type_column": "content_type_id", "content_type_table": "django_content_type", "app_label": "x", "model": "venue"}}]}]}
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let refused = try run(["rows", "venue", "--db", db, "--models", file])
        XCTAssertEqual(refused.err, "ormscope: models.json, line 3, relationship Venue.reviews does not fit the live database (there is no content type table django_content_type); nothing of models.json was applied (ormscope drift lists every difference).\n")
        let drift = try run(["drift", "--db", db, "--models", file])
        XCTAssertEqual(drift.status, 1)
        XCTAssertTrue(drift.out.contains("Relationship Venue.reviews (line 3) does not fit the database: there is no content type table django_content_type."), drift.out)
    }
}

extension AppModelsTests {
    /// The verb and table of each statement (`SELECT library_loan`, `UPDATE library_loan`), in order:
    /// ours and Django's compared where their SQL text differs.
    static func verbsAndTables(_ sql: [String]) -> [String] {
        sql.map { $0.replacingOccurrences(of: "\"", with: "").replacingOccurrences(of: "`", with: "").split(separator: " ").map(String.init) }
            .filter { ["SELECT", "DELETE", "UPDATE"].contains($0.first ?? "") }
            .map { words in
                let at = words[0] == "UPDATE" ? 1 : (words.firstIndex(of: "FROM") ?? words.count) + 1
                return words[0] + " " + (at < words.count ? words[at] : "?")
            }
    }

    /// Django's on_delete=SET_DEFAULT of a constant default and SET(constant): the exporter writes the
    /// value (`on_delete_value`), and the delete writes it as Django's collector does (SET_DEFAULT's
    /// rows read, then updated by key; SET's updated by foreign key, unread), with the same statements
    /// in the same order and the same rows left, on both backends. A callable default stays not followed.
    func testSetDefaultAndSetOfAConstantAreWrittenAsDjangosCollectorDoes() throws {
        let file = try exportDjango()
        let app = try AppModels.parse(try String(contentsOfFile: file, encoding: .utf8))
        func rel(_ table: String, _ name: String) -> AppRelationship? {
            app.models.first { $0.table == table }?.relationships.first { $0.name == name }
        }
        XCTAssertEqual(rel("library_shelf", "loans")?.behaviour.onDelete, "SET_DEFAULT")
        XCTAssertEqual(rel("library_shelf", "loans")?.behaviour.onDeleteValue, .int(1), "the field's default")
        XCTAssertEqual(rel("library_shelf", "returns")?.behaviour.onDelete, "SET")
        XCTAssertEqual(rel("library_shelf", "returns")?.behaviour.onDeleteValue, .int(1), "SET's argument")
        XCTAssertEqual(rel("library_room", "holds")?.behaviour.onDelete, "SET_DEFAULT")
        XCTAssertNil(rel("library_room", "holds")?.behaviour.onDeleteValue, "a callable default is the application's")

        var backends = [("sqlite", try scratch("ours.sqlite"), try scratch("theirs.sqlite"))]
        if let ours = try freshPostgresURL(), let theirs = try freshPostgresURL() { backends.append(("postgres", ours, theirs)) }
        for (backend, ours, theirs) in backends {
            try python(["dj_app.py", ours], in: Self.django)
            try python(["dj_app.py", theirs], in: Self.django)
            let preview = try run(["delete", "library_shelf", "2", "--db", ours, "--models", file])
            XCTAssertEqual(Array(preview.out.split(separator: "\n").map(String.init).dropFirst()),
                           ["  level 0: library_shelf 2: delete (the row)",
                            "  level 1: 2 library_loan rows: set shelf_id to 1 (cascade from Shelf.loans)",
                            "  level 1: 2 library_loan rows: set returned_to_id to 1 (cascade from Shelf.returns)"], "[\(backend)] \(preview.out)")
            let django = try json(try python(["dj_app.py", theirs, "delete", "library.Shelf", "2"], in: Self.django))
            let r = try run(["delete", "library_shelf", "2", "--yes", "--db", ours, "--models", file, "--format", "json"])
            XCTAssertEqual(r.status, 0, "[\(backend)] \(r.out) \(r.err)")
            let out = try json(r.out)
            XCTAssertEqual((out["not_followed"] as? [String])?.filter { $0.contains("Shelf.") }, [], "[\(backend)]")
            let ourSQL = (out["statements"] as? [[String: Any]] ?? []).compactMap { $0["sql"] as? String }
            let causes = (out["statements"] as? [[String: Any]] ?? []).filter { ($0["sql"] as? String)?.hasPrefix("UPDATE") == true }.compactMap { $0["cause"] as? String }
            XCTAssertEqual(causes, ["cascade from Shelf.loans", "cascade from Shelf.returns"], "[\(backend)] \(out)")
            let theirSQL = django["sql"] as? [String] ?? []
            XCTAssertEqual(Self.verbsAndTables(ourSQL), ["SELECT library_shelf", "SELECT library_loan", "UPDATE library_loan", "UPDATE library_loan", "DELETE library_shelf"],
                           "[\(backend)] \(ourSQL)")
            XCTAssertEqual(Self.verbsAndTables(ourSQL), Self.verbsAndTables(theirSQL), "[\(backend)] ours \(ourSQL)\nDjango's: \(theirSQL)")
            XCTAssertEqual(try python(["dj_app.py", ours, "dump"], in: Self.django), try python(["dj_app.py", theirs, "dump"], in: Self.django),
                           "[\(backend)] the rows left after delete library_shelf 2")
            // A callable default: not followed, said with its rows.
            let room = try run(["delete", "library_room", "1", "--db", ours, "--models", file])
            XCTAssertTrue(room.out.contains("  not followed: 1 library_hold row of Room.holds (on_delete=SET_DEFAULT is the application's to apply; the database's ON DELETE applies instead)."),
                          "[\(backend)] \(room.out)")
        }
    }

    /// `on_delete_value` is a constant, and only SET_DEFAULT and SET write one.
    func testAnOnDeleteValueIsAConstantOfSetDefaultOrSet() throws {
        func parse(_ rel: String) -> String? {
            do {
                _ = try AppModels.parse("""
                    {"format": 1, "models": [{"table": "venue", "relationships": [
                      {"name": "events", "kind": "one-to-many", "target": "event", "columns": ["venue_id"], \(rel)}]}]}
                    """, file: "models.json")
                return nil
            } catch { return (error as? AppModelsError)?.sentence ?? "\(error)" }
        }
        XCTAssertNil(parse(#""on_delete": "SET", "on_delete_value": "main""#))
        XCTAssertNil(parse(#""on_delete": "SET_DEFAULT", "on_delete_value": null"#))
        XCTAssertEqual(parse(#""on_delete": "CASCADE", "on_delete_value": 1"#),
                       "models.json, line 2, key \"on_delete_value\" of relationship venue.events: a value is written only by on_delete SET_DEFAULT or SET, found \"CASCADE\"; nothing was applied.")
        XCTAssertEqual(parse(#""on_delete": "SET", "on_delete_value": [1]"#),
                       "models.json, line 2, key \"on_delete_value\" of relationship venue.events: expected a constant (a string, a number, true, false or null), found a list; nothing was applied.")
    }
}

extension AppModelsTests {
    /// A GenericRelation is a relationship once the file is applied: its content type's id is read
    /// once (one SELECT on django_content_type, caused, not counted in a page's statements, as
    /// Django's ContentType cache holds it), and selectin, lazy, the filter language and follow join
    /// by it. The statements, rows and related rows equal Django's for the same pages, on both backends.
    func testAGenericRelationLoadsFiltersAndFollowsAsDjangoDoes() throws {
        let file = try exportDjango()
        var locations = [("sqlite", try scratch("library.sqlite"))]
        if let url = try freshPostgresURL() { locations.append(("postgres", url)) }
        for (backend, location) in locations {
            try python(["dj_app.py", location], in: Self.django)
            let expected = try json(try python(["dj_app.py", location, "loads"], in: Self.django))
            XCTAssertEqual(expected.count, 8)
            try assertPagesEqual(expected, db: location, models: file, backend: backend) { $0 == "library_bookshop" ? "venue_ptr_id" : "id" }
            // Venue 2's reviews are the venue's, not the bookshop's of the same id (nor a book's).
            let followed = try run(["follow", "library_venue", "2", "reviews", "--db", location, "--models", file, "--format", "json"])
            XCTAssertEqual(followed.status, 0, "[\(backend)] \(followed.err)")
            XCTAssertEqual((try json(followed.out)["rows"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }, ["the venue"], "[\(backend)]")
            // The content types read when the file is applied: one SELECT, with its cause.
            let db = Database(try connect(location))
            db.appModels = try AppModels.parse(try String(contentsOfFile: file, encoding: .utf8), file: "django.json")
            let registry = try db.introspect()
            let reads = db.log.events.filter { if case .contentTypes = $0.cause { return true } else { return false } }
            XCTAssertEqual(reads.map(\.cause.summary), ["content types from django_content_type for the generic relations Bookshop.reviews_of_shop, Bookshop.reviews, Venue.reviews"],
                           "[\(backend)] \(reads)")
            XCTAssertTrue(reads.allSatisfy(\.cause.readsSchema))
            XCTAssertEqual(registry.model(named: "library_venue")?.relationships.first { $0.name == "reviews" }?.targetConditions.map(\.column), ["content_type_id"])
            db.close()
            let shown = try run(["show", "library_venue", "--db", location, "--models", file])
            XCTAssertTrue(shown.out.range(of: #"reviews: one-to-many library_review \(id → object_id, content_type_id = \d+\)"#, options: .regularExpression) != nil,
                          "[\(backend)] \(shown.out)")
        }
    }
}
