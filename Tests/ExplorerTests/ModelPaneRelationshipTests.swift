import Explorer
import ORMCore
import XCTest

/// The model pane shows joined-table inheritance, where each relationship came from, and the notes
/// that inference leaves on ambiguous schemas (issue 11).
final class ModelPaneRelationshipTests: XCTestCase {
    func field(_ n: String, nullable: Bool = false) -> Field { Field(name: n, type: FieldType(declared: "integer"), isNullable: nullable) }

    func info(_ registry: Registry, _ model: String) -> String {
        var s = ExplorerState(registry: registry, pageSize: 10)
        s.screen = .rows(RowsScreen(request: PageRequest(model: model, limit: 10), estimate: nil))
        var ui = UIState()
        _ = Keymap.handle(.tab, ui: &ui, state: s)
        return Renderer.render(s, ui, title: "t", width: 200, height: 40).text
    }

    func testInheritanceAndNotesAreShown() {
        let r = Registry(backend: "sqlite", models: [
            Model(name: "employee", fields: [field("id")], primaryKey: ["id"]),
            Model(name: "manager", fields: [field("id")], primaryKey: ["id"],
                  foreignKeys: [ForeignKey(columns: ["id"], referencedTable: "employee", referencedColumns: ["id"])]),
            Model(name: "parent", fields: [field("id")], primaryKey: ["id"]),
            Model(name: "child", fields: [field("id")], primaryKey: ["id"]),
            Model(name: "association", fields: [field("left_id", nullable: true), field("right_id", nullable: true)],
                  foreignKeys: [ForeignKey(columns: ["left_id"], referencedTable: "parent", referencedColumns: ["id"]),
                                ForeignKey(columns: ["right_id"], referencedTable: "child", referencedColumns: ["id"])]),
        ])
        let manager = info(r, "manager")
        XCTAssertTrue(manager.contains("extends employee (joined-table inheritance: id → employee.id)"), manager)
        XCTAssertTrue(manager.contains("relationship employee: one-to-one employee (inheritance)"), manager)
        XCTAssertTrue(manager.contains("from manager (id) → employee (id)"), manager)
        XCTAssertTrue(info(r, "employee").contains("extended by manager (joined-table inheritance)"))
        let parent = info(r, "parent")
        XCTAssertTrue(parent.contains("relationship children: many-to-many child through association"), parent)
        XCTAssertTrue(parent.contains("note association links parent and child but its left_id, right_id accept NULL"), parent)
    }
}
