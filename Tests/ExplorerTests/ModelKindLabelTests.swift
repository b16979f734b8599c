import Explorer
import ORMCore
import XCTest

/// The model list says what each model is: a materialized view is `matview` there, as in the
/// command line's `models` (a verifier saw `view` in the explorer and `matview` in the CLI).
final class ModelKindLabelTests: XCTestCase {
    func testAMaterializedViewIsMatviewInTheList() {
        var daily = Model(name: "daily", kind: .view, fields: [Field(name: "n", type: FieldType(declared: "bigint"))])
        daily.isMaterialized = true
        let totals = Model(name: "totals", kind: .view, fields: [Field(name: "total", type: FieldType(declared: "numeric"))])
        let s = ExplorerState(registry: Registry(backend: "test", models: [daily, totals]), pageSize: 10)
        let lines = Renderer.render(s, UIState(), title: "t", width: 120, height: 30).text.split(separator: "\n")
        XCTAssertTrue(lines.contains { $0.contains("daily") && $0.contains("matview") && !$0.contains(" view") }, lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains { $0.contains("totals") && $0.contains("view") && !$0.contains("matview") }, lines.joined(separator: "\n"))
    }
}
