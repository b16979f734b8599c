@testable import ORMCore
import XCTest

/// Drift's rules on hand-built registries: types by kind (and length), indexes and unique
/// constraints by their columns, tool tables never extra.
final class DriftTests: XCTestCase {
    func testTypesCompareByKindAndLength() {
        func differs(_ model: String, _ live: FieldType) -> Bool { Drift.typeDifference(model, live) != nil }
        XCTAssertFalse(differs("VARCHAR", FieldType(declared: "character varying")))
        XCTAssertFalse(differs("BIGINT", FieldType(declared: "bigint")))
        XCTAssertFalse(differs("DATETIME", FieldType(declared: "timestamp without time zone")))
        XCTAssertFalse(differs("BOOLEAN", FieldType(declared: "boolean")))
        XCTAssertTrue(differs("INTEGER", FieldType(declared: "text")))
        XCTAssertEqual(Drift.typeDifference("VARCHAR(80)", FieldType(declared: "character varying(100)")), "length 80 against 100")
        XCTAssertNil(Drift.typeDifference("mood", FieldType(declared: "mood", kind: .enumeration)), "a type known only by name is not compared")
    }

    /// A type is never different from itself (SQLite's char(32) read as a uuid by its values is
    /// still the char(32) the models declare), and a column's kind (Django's field class, whose DDL
    /// type depends on the settings' ENGINE) is compared whichever backend wrote the type.
    func testTheSameTypeAgreesAndAKindComparesOnEveryBackend() {
        let hex = FieldType(declared: "char(32)", kind: .uuid)  // as the SQLite driver reads a column of 32 hex digits
        XCTAssertNil(Drift.typeDifference("char(32)", kind: nil, hex, sqlite: true))
        XCTAssertNil(Drift.typeDifference("CHAR(32)", kind: "uuid", hex, sqlite: true))
        // A file written with SQLite's settings, on PostgreSQL, and the other way round.
        XCTAssertNil(Drift.typeDifference("char(32)", kind: "uuid", FieldType(declared: "uuid"), sqlite: false))
        XCTAssertNil(Drift.typeDifference("text", kind: "json", FieldType(declared: "jsonb"), sqlite: false))
        XCTAssertNil(Drift.typeDifference("decimal", kind: "number", FieldType(declared: "numeric(8,2)"), sqlite: false))
        XCTAssertNil(Drift.typeDifference("datetime", kind: "timestamp", FieldType(declared: "timestamp with time zone"), sqlite: false))
        XCTAssertNil(Drift.typeDifference("uuid", kind: "uuid", FieldType.sqlite("char(32)"), sqlite: true), "an empty table: no values to read it by")
        XCTAssertNil(Drift.typeDifference("jsonb", kind: "json", FieldType.sqlite("text"), sqlite: true))
        // Real differences stay.
        XCTAssertEqual(Drift.typeDifference("uuid", kind: "uuid", FieldType(declared: "character varying(36)"), sqlite: false), "uuid against text")
        XCTAssertEqual(Drift.typeDifference("varchar(200)", kind: "text", FieldType(declared: "character varying(100)"), sqlite: false), "length 200 against 100")
        XCTAssertEqual(Drift.typeDifference("integer", kind: "integer", FieldType(declared: "text"), sqlite: false), "integer against text")
        XCTAssertEqual(Drift.typeDifference("INTEGER", kind: nil, FieldType(declared: "text"), sqlite: false), "integer against text")
    }

    /// Tester 10's T20: types of one kind differ in what `alembic check` (compare_type) reports, each
    /// a migration that matters (ids overflow, times shift, money rounds, text truncates, jsonb's
    /// operators go): on PostgreSQL; on SQLite, which keeps none of it, only a text's length.
    func testTypesOfOneKindCompareInDetailOnPostgreSQL() {
        let pg: [(String, String, String?)] = [
            ("BIGINT", "integer", "bigint against integer"), ("INTEGER", "bigint", "integer against bigint"),
            ("SMALLINT", "integer", "smallint against integer"), ("INTEGER", "integer", nil), ("bigserial", "bigint", nil),
            ("serial", "bigint", "integer against bigint"), ("INTEGER UNSIGNED", "bigint", nil),
            ("NUMERIC(10, 2)", "numeric(12,4)", "numeric(10,2) against numeric(12,4)"), ("NUMERIC(10, 2)", "numeric(10,2)", nil),
            ("NUMERIC(8)", "numeric(8,0)", nil), ("NUMERIC", "numeric(12,4)", nil), ("NUMERIC(10, 2)", "numeric", nil),
            ("TIMESTAMP WITH TIME ZONE", "timestamp without time zone", "with time zone against without time zone"),
            ("DATETIME", "timestamp with time zone", "without time zone against with time zone"),
            ("DATETIME", "timestamp without time zone", nil), ("TIMESTAMP WITH TIME ZONE", "timestamp with time zone", nil),
            ("TEXT", "character varying(50)", "text against length 50"), ("VARCHAR(50)", "text", "length 50 against text"),
            ("VARCHAR", "text", nil), ("TEXT", "character varying", nil),
            ("JSONB", "json", "jsonb against json"), ("JSON", "jsonb", "json against jsonb"), ("JSON", "json", nil),
        ]
        for (model, live, why) in pg {
            XCTAssertEqual(Drift.typeDifference(model, FieldType(declared: live)), why, "\(model) against PostgreSQL's \(live)")
        }
        let sqlite: [(String, String, String?)] = [
            ("BIGINT", "INTEGER", nil), ("NUMERIC(10, 2)", "NUMERIC(12, 4)", nil), ("TIMESTAMP WITH TIME ZONE", "DATETIME", nil),
            ("JSONB", "JSON", nil), ("TEXT", "VARCHAR(50)", "text against length 50"), ("VARCHAR(50)", "TEXT", "length 50 against text"),
        ]
        for (model, live, why) in sqlite {
            XCTAssertEqual(Drift.typeDifference(model, kind: nil, FieldType.sqlite(live), sqlite: true), why, "\(model) against SQLite's \(live)")
        }
        // A kind (Django's) is compared in detail only when the file's types are this backend's:
        // under SQLite's settings a BigAutoField is `integer`, a DateTimeField `datetime`.
        XCTAssertNil(Drift.typeDifference("integer", kind: "integer", FieldType(declared: "bigint"), sqlite: false))
        XCTAssertNil(Drift.typeDifference("datetime", kind: "timestamp", FieldType(declared: "timestamp with time zone"), sqlite: false))
        XCTAssertEqual(Drift.typeDifference("integer", kind: "integer", FieldType(declared: "bigint"), sqlite: false, kindsInDetail: true), "integer against bigint")
        XCTAssertEqual(Drift.typeDifference("serial", kind: "integer", FieldType(declared: "bigint"), sqlite: false, kindsInDetail: true), "integer against bigint")
        XCTAssertEqual(Drift.typeDifference("numeric(10, 2)", kind: "number", FieldType(declared: "numeric(12,2)"), sqlite: false, kindsInDetail: true),
                       "numeric(10,2) against numeric(12,2)")
        XCTAssertEqual(Drift.typeDifference("jsonb", kind: "json", FieldType(declared: "json"), sqlite: false, kindsInDetail: true), "jsonb against json")
        XCTAssertNil(Drift.typeDifference("char(32)", kind: "uuid", FieldType(declared: "uuid"), sqlite: false, kindsInDetail: true),
                     "a uuid kind (SQLModel's CHAR(32)) has no detail")
        XCTAssertEqual(Drift.typeDifference("text", kind: "text", FieldType(declared: "character varying(50)"), sqlite: false), "text against length 50",
                       "a text's length is the same DDL on every backend")
        // Through compare: the file's dialect decides, and the sentence says both types.
        let live = Registry(backend: "postgresql", models: [
            Model(name: "shop_item", fields: [Field(name: "id", type: FieldType(declared: "bigint"), isNullable: false)], primaryKey: ["id"]),
        ])
        var app = AppModels(models: [AppModel(table: "shop_item", columns: [AppColumn(name: "id", type: "integer", isNullable: false, kind: "integer")], primaryKey: ["id"])])
        XCTAssertEqual(Drift.compare(app, live).map(\.sentence), [], "no dialect: a kind by kind")
        app.dialect = "sqlite"
        XCTAssertEqual(Drift.compare(app, live).map(\.sentence), [], "SQLite's settings")
        app.dialect = "postgresql"
        XCTAssertEqual(Drift.compare(app, live).map(\.sentence),
                       ["Column shop_item.id is an integer (integer) in the models but bigint in the database (integer against bigint)."])
    }

    /// Tester 10's T33: a table the database lacks is one difference, not one more per relationship
    /// that reaches it (a database `migrate` never ran on gave 79 lines for 24 tables); a
    /// relationship that fails on its own is still said.
    func testAMissingTableIsSaidOnceNotOncePerRelationship() {
        let live = Registry(backend: "postgresql", models: [
            Model(name: "author", fields: [Field(name: "id", type: FieldType(declared: "integer"), isNullable: false)], primaryKey: ["id"]),
        ])
        let int = [AppColumn(name: "id", type: "INTEGER", isNullable: false)]
        let author = AppModel(className: "Author", table: "author", columns: int, primaryKey: ["id"], relationships: [
            AppRelationship(name: "books", kind: .oneToMany, target: "book", columns: ["author_id"], line: 3),
            AppRelationship(name: "tags", kind: .manyToMany, target: "author",
                            secondary: .init("author_tag", ownerColumns: ["author_id"], targetColumns: ["tag_id"]), line: 4),
        ])
        let book = AppModel(className: "Book", table: "book", columns: int + [AppColumn(name: "author_id", type: "INTEGER")], primaryKey: ["id"],
                            relationships: [AppRelationship(name: "author", kind: .manyToOne, target: "author", columns: ["author_id"], line: 9)])
        let link = AppModel(table: "author_tag", columns: [AppColumn(name: "author_id", type: "INTEGER"), AppColumn(name: "tag_id", type: "INTEGER")])
        XCTAssertEqual(Drift.compare(AppModels(models: [author, book, link]), live).map(\.sentence),
                       ["Table book (Book) is in the models but not in the database.", "Table author_tag is in the models but not in the database."])
        var broken = author
        broken.relationships.append(AppRelationship(name: "mentor", kind: .manyToOne, target: "author", columns: ["mentor_id"], line: 5))
        XCTAssertEqual(Drift.compare(AppModels(models: [broken, book, link]), live).map(\.kind), [.missingTable, .missingTable, .relationship],
                       "a relationship between tables that are there still fails on its own")
    }

    func testIndexesMatchByColumnsAndToolTablesAreNeverExtra() {
        let live = Registry(backend: "sqlite", models: [
            Model(name: "hero", fields: [Field(name: "id", type: FieldType(declared: "INTEGER"), isNullable: false),
                                         Field(name: "name", type: FieldType(declared: "TEXT"), isNullable: false)],
                  primaryKey: ["id"], indexes: [Index(name: "hero_name_idx_by_the_dba", columns: ["name"], isUnique: false),
                                                Index(name: "sqlite_autoindex_hero_1", columns: ["id"], isUnique: true)]),
            Model(name: "alembic_version", fields: [Field(name: "version_num", type: FieldType(declared: "VARCHAR(32)"))]),
        ])
        let app = AppModels(models: [AppModel(className: "Hero", table: "hero",
                                              columns: [AppColumn(name: "id", type: "INTEGER", isNullable: false), AppColumn(name: "name", type: "VARCHAR", isNullable: false)],
                                              primaryKey: ["id"], indexes: [Index(name: "ix_hero_name", columns: ["name"], isUnique: false)])])
        XCTAssertEqual(Drift.compare(app, live).map(\.sentence), [])
        var moved = app
        moved.models[0].indexes[0].columns = ["id", "name"]
        XCTAssertEqual(Drift.compare(moved, live).map(\.kind), [.missingIndex, .extraIndex])
        moved.models.append(AppModel(table: "power"))
        moved.models.append(AppModel(className: "Team", table: "team"))
        XCTAssertEqual(Drift.compare(moved, live).suffix(2).map(\.sentence), ["Table power is in the models but not in the database.",
                                                                             "Table team (Team) is in the models but not in the database."])
    }

    /// An expression index is matched by its name: the exporter gives SQLAlchemy's `Index(..., text("lower(memo)"))`
    /// no columns, and a tester's freshly created database drifted by it twice.
    func testAnExpressionIndexMatchesByName() {
        let live = Registry(backend: "postgresql", models: [
            Model(name: "entry", fields: [Field(name: "id", type: FieldType(declared: "integer"), isNullable: false),
                                          Field(name: "memo", type: FieldType(declared: "text"))],
                  primaryKey: ["id"], indexes: [Index(name: "ix_entry_lower_memo", columns: ["lower(memo)"], isUnique: false)]),
        ])
        func app(_ index: Index) -> AppModels {
            AppModels(models: [AppModel(table: "entry", columns: [AppColumn(name: "id", type: "INTEGER", isNullable: false), AppColumn(name: "memo", type: "TEXT")],
                                        primaryKey: ["id"], indexes: [index])])
        }
        XCTAssertEqual(Drift.compare(app(Index(name: "ix_entry_lower_memo", columns: [], isUnique: false)), live).map(\.sentence), [])
        XCTAssertEqual(Drift.compare(app(Index(name: "ix_entry_other", columns: [], isUnique: false)), live).map(\.kind), [.missingIndex, .extraIndex],
                       "another name is another index")
    }
}

/// An index's condition and key expressions, where the file gives them (`AppIndexText`).
extension DriftTests {
    func entry(_ indexes: [Index]) -> Registry {
        Registry(backend: "postgresql", models: [
            Model(name: "account", fields: [Field(name: "id", type: FieldType(declared: "integer"), isNullable: false),
                                            Field(name: "email", type: FieldType(declared: "character varying(80)"), isNullable: false),
                                            Field(name: "status", type: FieldType(declared: "character varying(20)"), isNullable: false)],
                  primaryKey: ["id"], indexes: indexes),
        ])
    }

    func account(_ index: Index, _ text: AppIndexText?) -> AppModels {
        var m = AppModel(table: "account", columns: [AppColumn(name: "id", type: "INTEGER", isNullable: false),
                                                     AppColumn(name: "email", type: "VARCHAR(80)", isNullable: false),
                                                     AppColumn(name: "status", type: "VARCHAR(20)", isNullable: false)],
                         primaryKey: ["id"], indexes: [index])
        if let text { m.indexTexts[index.name] = text }
        return AppModels(models: [m])
    }

    func testAConditionDroppedAddedOrChangedIsADifference() {
        let ix = Index(name: "ix_active", columns: ["status"], isUnique: false)
        let active = AppIndexText(conditions: ["*": "status = 'active'"])
        let partial = Index(name: "ix_active", columns: ["status"], isUnique: false, predicate: "(status)::text = 'active'::text")
        XCTAssertEqual(Drift.compare(account(ix, active), entry([partial])).map(\.sentence), [])
        XCTAssertEqual(Drift.compare(account(ix, active), entry([Index(name: "ix_active", columns: ["status"], isUnique: false)])).map(\.sentence),
                       ["Index ix_active on account is partial in the models (WHERE status = 'active') but full in the database."])
        XCTAssertEqual(Drift.compare(account(ix, AppIndexText(conditions: [:])), entry([partial])).map(\.sentence),
                       ["Index ix_active on account is full in the models but partial in the database (WHERE (status)::text = 'active'::text)."])
        XCTAssertEqual(Drift.compare(account(ix, AppIndexText(conditions: ["*": "status = 'archived'"])), entry([partial])).map(\.sentence),
                       ["The condition of index ix_active on account has another constant: it is WHERE status = 'archived' in the models but WHERE (status)::text = 'active'::text in the database."])
        // A file that leaves `where` out does not compare it; a backend an object does not name has a full index.
        XCTAssertEqual(Drift.compare(account(ix, nil), entry([partial])).map(\.sentence), [])
        XCTAssertEqual(Drift.compare(account(ix, AppIndexText(conditions: ["sqlite": "status = 'active'"])), entry([partial])).map(\.kind), [.indexCondition])
        // Unsure: said, not counted.
        let unsure = Drift.compare(account(ix, AppIndexText(conditions: ["postgresql": "status = ANY (ARRAY['active'])"])), entry([partial]))
        XCTAssertEqual(unsure.map(\.kind), [.indexUnsure])
        XCTAssertEqual(unsure.filter(\.isDifference).count, 0)
    }

    func testAnExpressionChangedIsADifference() {
        let ix = Index(name: "ix_email_ci", columns: ["email"], isUnique: true)
        let lower = AppIndexText(conditions: [:], expressions: ["*": ["lower(email)"]])
        XCTAssertEqual(Drift.compare(account(ix, lower), entry([Index(name: "ix_email_ci", columns: ["lower((email)::text)"], isUnique: true)])).map(\.sentence), [])
        XCTAssertEqual(Drift.compare(account(ix, lower), entry([Index(name: "uq_other_name", columns: ["lower((email)::text)"], isUnique: true)])).map(\.sentence), [],
                       "matched by its expression whatever its name")
        XCTAssertEqual(Drift.compare(account(ix, lower), entry([Index(name: "ix_email_ci", columns: ["upper((email)::text)"], isUnique: true)])).map(\.sentence),
                       ["Unique index ix_email_ci on account is on (lower(email)) in the models but on (upper((email)::text)) in the database."])
        // A plain index on email is not the expression index, and is extra.
        XCTAssertEqual(Drift.compare(account(ix, lower), entry([Index(name: "account_email", columns: ["email"], isUnique: true)])).map(\.kind),
                       [.missingIndex, .extraIndex])
    }
}
