import Explorer
import ORMCore
import XCTest

/// With a models file, the model list marks the models that differ from it (and names its tables
/// the database lacks), and the model pane lists the differences as `ormscope drift` words them.
final class DriftMarkTests: XCTestCase {
    func field(_ n: String, _ type: String = "integer", nullable: Bool = false) -> Field {
        Field(name: n, type: FieldType(declared: type), isNullable: nullable)
    }

    func state() throws -> ExplorerState {
        let registry = Registry(backend: "sqlite", models: [
            Model(name: "hero", fields: [field("id"), field("name", "text")], primaryKey: ["id"]),
            Model(name: "team", fields: [field("id"), field("name", "text", nullable: true)], primaryKey: ["id"]),
        ])
        let app = try AppModels.parse("""
            {"format": 1, "models": [
              {"class": "Hero", "table": "hero", "primary_key": ["id"], "columns": [
                {"name": "id", "type": "INTEGER", "nullable": false}, {"name": "name", "type": "VARCHAR", "nullable": false}]},
              {"class": "Team", "table": "team", "primary_key": ["id"], "columns": [
                {"name": "id", "type": "INTEGER", "nullable": false}, {"name": "name", "type": "VARCHAR", "nullable": false},
                {"name": "budget", "type": "INTEGER", "nullable": true}]},
              {"class": "Power", "table": "power", "columns": [{"name": "id", "type": "INTEGER"}]}
            ]}
            """, file: "models.json")
        var s = ExplorerState(registry: registry, pageSize: 10)
        s.setDrift(Drift.compare(app, registry))
        return s
    }

    func testTheModelListMarksDriftedModelsAndNamesMissingTables() throws {
        let s = try state()
        XCTAssertEqual(s.drift.keys.sorted(), ["power", "team"])
        let lines = Renderer.render(s, UIState(), title: "t", width: 160, height: 20).text.split(separator: "\n").map(String.init)
        let hero = try XCTUnwrap(lines.first { $0.contains("hero ") && $0.contains("table") }, lines.joined(separator: "\n"))
        let team = try XCTUnwrap(lines.first { $0.contains("team ") && $0.contains("table") }, lines.joined(separator: "\n"))
        XCTAssertFalse(hero.contains("≠drift"), hero)
        XCTAssertTrue(team.contains("≠drift"), team)
        // The column on the left of a wide window marks it too.
        XCTAssertTrue(lines.contains { $0.hasPrefix("team") && $0.contains("≠") && $0.contains("│") }, lines.joined(separator: "\n"))
        XCTAssertFalse(lines.contains { $0.hasPrefix("hero") && $0.prefix(25).contains("≠") }, lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains { $0.contains("≠ 1 model differs from the models file (Tab shows how); not in the database: power") },
                      lines.joined(separator: "\n"))
        // Without a models file, no mark and no note.
        var plain = s
        plain.setDrift(nil)
        XCTAssertFalse(Renderer.render(plain, UIState(), title: "t", width: 160, height: 20).text.contains("≠"))
    }

    func testTheModelPaneListsTheDifferences() throws {
        var s = try state()
        s.screen = .rows(RowsScreen(request: PageRequest(model: "team", limit: 10), estimate: nil))
        var ui = UIState()
        _ = Keymap.handle(.tab, ui: &ui, state: s)
        let pane = Renderer.render(s, ui, title: "t", width: 200, height: 40).text
        for d in s.drift["team"] ?? [] { XCTAssertTrue(pane.contains("drift " + d.sentence), "\(d.sentence) in\n\(pane)") }
        XCTAssertEqual(Set(s.drift["team"]?.map(\.kind) ?? []), [.missingColumn, .nullability])
        s.screen = .rows(RowsScreen(request: PageRequest(model: "hero", limit: 10), estimate: nil))
        XCTAssertFalse(Renderer.render(s, ui, title: "t", width: 200, height: 40).text.contains("drift "))
    }
}
