import ORMCore
import XCTest

/// The canonical model name, its parser and the registry's lookup rule, without a database.
final class ModelNameTests: XCTestCase {
    func testCanonicalFormQuotesOnlyWhatIsNotPlain() {
        XCTAssertEqual(ModelName(table: "hero").description, "hero")
        XCTAssertEqual(ModelName(schema: "audit", table: "store").description, "audit.store")
        XCTAssertEqual(ModelName(table: "sx.ty").description, "\"sx.ty\"")
        XCTAssertEqual(ModelName(schema: "sx", table: "ty").description, "sx.ty")
        XCTAssertEqual(ModelName(table: "my table").description, "\"my table\"")
        XCTAssertEqual(ModelName(table: "a\"b").description, "\"a\"\"b\"")
        XCTAssertEqual(ModelName(table: "héros_2").description, "héros_2", "unicode letters are plain")
        XCTAssertEqual(ModelName(table: "2fa").description, "\"2fa\"")
        XCTAssertEqual(ModelName(table: "Hero").description, "Hero")
        XCTAssertEqual(ModelName(table: "select").description, "select", "reserved words need no quotes in a model name")
        XCTAssertEqual(ModelName(schema: "odd schema", table: "x.y").description, "\"odd schema\".\"x.y\"")
        XCTAssertEqual(ModelName(table: "/var/x/evil").description, "\"/var/x/evil\"")
        XCTAssertEqual(ModelName(table: "🦸").description, "\"🦸\"")
    }

    func testParseReadsTheCanonicalFormBack() throws {
        let names = [ModelName(table: "hero"), ModelName(schema: "sx", table: "ty"), ModelName(table: "sx.ty"),
                     ModelName(table: "a\"b"), ModelName(table: "\""), ModelName(table: "\"\""), ModelName(schema: "a.b", table: "c.d"),
                     ModelName(table: "my table"), ModelName(table: "🦸 héros"), ModelName(schema: "x\"y", table: "."), ModelName(table: " lead")]
        for n in names {
            let back = try ModelName.parse(n.description)
            XCTAssertEqual(ModelName(schema: back.schema?.text, table: back.table.text), n, n.description)
            XCTAssertEqual(ModelName(canonical: n.description), n)
        }
        XCTAssertEqual(Set(names.map(\.description)).count, names.count, "different names, different text")
    }

    func testParseErrorsAreSentences() {
        func reason(_ text: String) -> String? {
            do { _ = try ModelName.parse(text); return nil } catch { return (error as? ModelNameError)?.sentence }
        }
        XCTAssertEqual(reason("\"sx.ty"), "\"\"sx.ty\" is not a model name: the quote at character 1 is never closed.")
        XCTAssertEqual(reason("a.b.c")?.contains("it has 3 parts"), true)
        XCTAssertEqual(reason("sx.")?.contains("ends with a dot"), true)
        XCTAssertEqual(reason(".ty")?.contains("empty part"), true)
        XCTAssertEqual(reason("\"a\"b")?.contains("a dot or the end must follow"), true)
        XCTAssertEqual(reason("a\"b")?.contains("a quote may only open a part"), true)
        XCTAssertEqual(reason("\"\"")?.contains("empty name"), true)
        XCTAssertEqual(reason("  "), "\"  \" is not a model name: a model name cannot be empty.")
        XCTAssertNil(reason("my table"), "a bare part may hold a space")
    }

    func model(_ schema: String?, _ name: String, fks: [ForeignKey] = []) -> Model {
        Model(schema: schema, name: name, fields: [Field(name: "id", type: FieldType(declared: "integer"), isNullable: false),
                                                  Field(name: "owner_id", type: FieldType(declared: "integer"))],
              primaryKey: ["id"], foreignKeys: fks)
    }

    /// The issue's collision and its neighbours, on PostgreSQL's rules.
    var registry: Registry {
        Registry(backend: "postgresql", models: [
            model(nil, "sx.ty"), model("sx", "ty", fks: [ForeignKey(columns: ["owner_id"], referencedTable: "sx.ty", referencedColumns: ["id"])]),
            model(nil, "owner", fks: [ForeignKey(columns: ["owner_id"], referencedSchema: "sx", referencedTable: "ty", referencedColumns: ["id"])]),
            model(nil, "Hero"), model(nil, "hero"), model(nil, "select"), model(nil, "a\"b"), model(nil, "my table"),
            model("audit", "store"), model(nil, "Only"), model("sx", "sx.ty"),
            model(nil, "a.b", fks: [ForeignKey(columns: ["owner_id"], referencedTable: "hero", referencedColumns: ["id"])]),
        ])
    }

    func testRegistryFindsEachNameExactly() throws {
        let r = registry
        func find(_ text: String) throws -> ModelName { try r.require(text).modelName }
        XCTAssertEqual(try find("\"sx.ty\""), ModelName(table: "sx.ty"))
        XCTAssertEqual(try find("public.\"sx.ty\""), ModelName(table: "sx.ty"), "the default schema may be written")
        XCTAssertEqual(try find("sx.ty"), ModelName(schema: "sx", table: "ty"))
        XCTAssertEqual(try find("sx.\"sx.ty\""), ModelName(schema: "sx", table: "sx.ty"))
        XCTAssertEqual(try find("Hero"), ModelName(table: "Hero"))
        XCTAssertEqual(try find("hero"), ModelName(table: "hero"))
        XCTAssertEqual(try find("\"Hero\""), ModelName(table: "Hero"))
        XCTAssertEqual(try find("only"), ModelName(table: "Only"), "a bare name falls back to a case-insensitive match")
        XCTAssertThrowsError(try find("\"only\""), "a quoted name matches exactly")
        XCTAssertEqual(try find("select"), ModelName(table: "select"))
        XCTAssertEqual(try find("\"a\"\"b\""), ModelName(table: "a\"b"))
        XCTAssertEqual(try find("my table"), ModelName(table: "my table"))
        XCTAssertEqual(try find("\"my table\""), ModelName(table: "my table"))
        XCTAssertEqual(try find("store"), ModelName(schema: "audit", table: "store"), "a one-part name looks in every schema")
        XCTAssertEqual(try find("AUDIT.Store"), ModelName(schema: "audit", table: "store"))
        for m in r.models { XCTAssertEqual(try find(m.qualifiedName), m.modelName, "\(m.qualifiedName) reads back to itself") }
        XCTAssertEqual(Set(r.models.map(\.qualifiedName)).count, r.models.count, "every model is listed distinctly")
    }

    func testUnknownAndAmbiguousNamesGetOneSentence() {
        let r = registry
        func sentence(_ text: String) -> String? {
            do { _ = try r.require(text); return nil } catch { return (error as? UserFacingError)?.sentence }
        }
        XCTAssertEqual(sentence("HERO"), "\"HERO\" names more than one model (Hero, hero); write one of them as shown.")
        XCTAssertEqual(sentence("sx.tyy"), "There is no table \"tyy\" in schema \"sx\"; did you mean \"sx.ty\"?")
        XCTAssertEqual(sentence("selct"), "There is no model named \"selct\"; did you mean \"select\"?")
        XCTAssertEqual(sentence("public.ty"), "There is no table \"ty\" in schema \"public\".")
        XCTAssertEqual(sentence("\"sx.ty"), "\"\"sx.ty\" is not a model name: the quote at character 1 is never closed.")
        let only = Registry(backend: "postgresql", models: [model(nil, "sx.ty")])
        XCTAssertEqual((try? only.require("sx.ty")).map(\.qualifiedName), nil, "sx.ty is never read as the default schema's \"sx.ty\"")
        XCTAssertThrowsError(try only.require("sx.ty")) { e in
            XCTAssertEqual((e as? SchemaError)?.sentence, "There is no table \"ty\" in schema \"sx\"; did you mean '\"sx.ty\"'?")
        }
    }

    func testForeignKeysAndRelationshipsPairWithTheRightModel() throws {
        let r = registry
        let sxty = try r.require("sx.ty"), dotted = try r.require("\"sx.ty\""), owner = try r.require("owner")
        XCTAssertEqual(r.model(sxty.foreignKeys[0].referencedModelName)?.modelName, ModelName(table: "sx.ty"))
        XCTAssertEqual(r.model(owner.foreignKeys[0].referencedModelName)?.modelName, ModelName(schema: "sx", table: "ty"))
        XCTAssertEqual(Set(sxty.relationships.map { "\($0.name) \($0.target)" }), ["owner \"sx.ty\"", "owners owner"])
        XCTAssertEqual(dotted.relationships.map(\.name), ["ties"], "named after sx.ty's table part, ty")
        XCTAssertEqual(dotted.relationships.map(\.target), ["sx.ty"])
        XCTAssertEqual(try r.require("hero").relationships.map(\.name), ["a_bs"], "inferred names are plain identifiers")
        XCTAssertEqual(owner.relationships.map(\.target), ["sx.ty"])
        let ids = r.models.flatMap(\.relationships).map(\.id)
        XCTAssertEqual(Set(ids).count, ids.count, "relationship ids are distinct")
        XCTAssertTrue(ids.contains("\"sx.ty\".ties"), "\(ids)")
        XCTAssertTrue(ids.contains("sx.ty.owner"), "\(ids)")
    }

    func testSQLiteNamesAreCaseInsensitiveForForeignKeys() {
        let r = Registry(backend: "sqlite", models: [
            model(nil, "Team"), model(nil, "hero", fks: [ForeignKey(columns: ["owner_id"], referencedTable: "team", referencedColumns: ["id"])]),
        ])
        XCTAssertEqual(r.model(ModelName(table: "team"))?.name, "Team")
        XCTAssertEqual(r.model(ModelName(schema: nil, table: "hero"))?.relationships.first?.target, "Team")
        XCTAssertEqual((try? r.require("main.team"))?.name, "Team")
        XCTAssertNil(Registry(backend: "postgresql", models: [model(nil, "Team")]).model(ModelName(table: "team")),
                     "PostgreSQL's catalog names foreign key targets exactly")
    }

    /// The one rule for a typed name, which fields and relationships follow as model names do:
    /// quoted is exact; bare is exact, else its one case-insensitive match.
    func testATypedNameMatchesByTheOneRule() {
        let names = ["authorId", "title", "name", "Name"]
        func pick(_ typed: String) -> [String] { ModelName.Part(typed: typed).matches(in: names, by: { $0 }) }
        XCTAssertEqual(pick("authorId"), ["authorId"])
        XCTAssertEqual(pick("authorid"), ["authorId"])
        XCTAssertEqual(pick(#""authorId""#), ["authorId"])
        XCTAssertEqual(pick(#""authorid""#), [], "a quoted name is exact")
        XCTAssertEqual(pick("name"), ["name"], "an exact match wins over the folded ones")
        XCTAssertEqual(pick("NAME"), ["name", "Name"], "two case-insensitive matches: neither")
        XCTAssertNil(ModelName.Part(typed: "NAME").match(in: names, by: { $0 }))
        XCTAssertEqual(ModelName.Part(typed: #""a""b""#), ModelName.Part(#"a"b"#, quoted: true))
        XCTAssertEqual(ModelName.Part(typed: #"x"y"#), ModelName.Part(#"x"y"#, quoted: false), "not a quoted name: as typed")
        XCTAssertNil(Suggest.closest(to: "title", in: ["title"]), "never a suggestion identical to what was typed")
    }
}
