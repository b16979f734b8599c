import Explorer
import ORMCore
import XCTest

/// `/` on the model list: the model named exactly wins over the row the cursor is on, then the
/// first match from the top; the column on the left narrows with the list.
final class ModelSearchTests: XCTestCase {
    static let names = ["auth_group", "auth_group_permissions", "auth_permission", "auth_user", "auth_user_groups",
                        "auth_user_user_permissions", "django_content_type", "django_migrations"]

    func state() -> ExplorerState {
        let models = Self.names.map { Model(name: $0, fields: [Field(name: "id", type: FieldType(declared: "integer"), isNullable: false)], primaryKey: ["id"]) }
        return ExplorerState(registry: Registry(backend: "test", models: models), pageSize: 10)
    }

    func search(_ text: String, from name: String) -> [Effect] {
        var s = state(), ui = UIState()
        ui.windowWidth = 120
        let at = s.registry.models.firstIndex { $0.qualifiedName == name }!
        s.screen = .models(cursor: at)
        var effects: [Effect] = []
        for k in [Key.char("/")] + text.map({ Key.char($0) }) + [.enter] { effects += Explorer.press(k, ui: &ui, state: &s) }
        return effects
    }

    func opened(_ effects: [Effect]) -> String? {
        if case .loadPage(_, _, let request)? = effects.first { return request.model }
        return nil
    }

    func testTheExactNameWinsOverTheCursorThenTheFirstMatch() {
        XCTAssertEqual(opened(search("auth_user", from: "auth_user_groups")), "auth_user", "the cursor was on a longer match")
        XCTAssertEqual(opened(search("AUTH_USER", from: "auth_user_user_permissions")), "auth_user", "any case")
        XCTAssertEqual(opened(search("auth_user", from: "auth_group")), "auth_user")
        XCTAssertEqual(opened(search("perm", from: "auth_user_user_permissions")), "auth_group_permissions", "no exact name: the first match from the top")
    }

    func testTheLeftColumnNarrowsWithTheList() {
        var s = state(), ui = UIState()
        ui.windowWidth = 120
        ui.windowHeight = 30
        for k in [Key.char("/")] + "django".map({ Key.char($0) }) { _ = Explorer.press(k, ui: &ui, state: &s) }
        let screen = Renderer.render(s, ui, title: "t", width: 120, height: 30).text.split(separator: "\n").map(String.init)
        let left = screen.dropFirst(2).prefix(8).map { String($0.prefix(25)) }
        XCTAssertTrue(left.contains { $0.contains("django_migrations") }, left.joined(separator: "\n"))
        XCTAssertFalse(left.contains { $0.contains("auth_") }, "only the matches: \(left.joined(separator: "\n"))")
    }
}
