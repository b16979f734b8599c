import Explorer
@testable import ORMCore
import XCTest

/// What a `:` command runs once its rows have come (`RowsScreen.afterLoad`) runs once, and not at
/// all when the read failed: a later page never brings an old `:explain` back.
final class AfterLoadTests: XCTestCase {
    func rowsState() -> ExplorerState {
        let registry = Registry(backend: "test", models: [
            Model(name: "hero", fields: [Field(name: "id", type: FieldType(declared: "integer"), isNullable: false)], primaryKey: ["id"]),
        ])
        var s = ExplorerState(registry: registry, pageSize: 10)
        var r = RowsScreen(request: PageRequest(model: "hero", limit: 10), estimate: 3)
        let rows: [[Value]] = (1...3).map { [.int(Int64($0))] }
        r.page = PageData(columns: ["id"], rows: rows, keys: rows, primaryKeys: rows, hasPrevious: false, hasNext: false)
        r.shownRequest = r.request
        s.screen = .rows(r)
        return s
    }

    func page(_ s: ExplorerState) -> PageData { if case .rows(let r) = s.screen { return r.page! } else { fatalError() } }
    func pageReport() -> ActionReport {
        ActionReport(action: "rows hero", statements: [StatementEvent(sequence: 1, sql: #"SELECT * FROM "hero" LIMIT 11"#, params: [], paramsRedacted: false, duration: 0, rows: 3, action: "rows hero", cause: .query)])
    }

    func testAFailedReadDropsWhatWasToFollowIt() throws {
        var s = rowsState()
        let sent = Explorer.update(&s, .explainRows(PageRequest(model: "hero", limit: 10), analyze: false))
        guard case .loadPage(let id, _, _)? = sent.first else { return XCTFail("the rows on screen are read again: \(sent)") }
        _ = Explorer.update(&s, .failed(id: id, ActionReport(action: "rows hero", error: "the server went away")))
        let again = Explorer.update(&s, .refresh)
        guard case .loadPage(let id2, _, _)? = again.first else { return XCTFail("refresh reads") }
        let after = Explorer.update(&s, .pageLoaded(id: id2, page(s), pageReport()))
        XCTAssertEqual(after, [], "no EXPLAIN after a later page: \(after)")
        XCTAssertNil(s.plan)
    }

    func testTheExplainRunsOnceWhenThePageHasCome() throws {
        var s = rowsState()
        let sent = Explorer.update(&s, .explainRows(PageRequest(model: "hero", limit: 10), analyze: false))
        guard case .loadPage(let id, _, _)? = sent.first else { return XCTFail("\(sent)") }
        let after = Explorer.update(&s, .pageLoaded(id: id, page(s), pageReport()))
        guard case .explain(_, _, let sql, _, false)? = after.first else { return XCTFail("the page's statement is explained: \(after)") }
        XCTAssertEqual(sql, #"SELECT * FROM "hero" LIMIT 11"#)
        let again = Explorer.update(&s, .refresh)
        guard case .loadPage(let id2, _, _)? = again.first else { return XCTFail("refresh reads") }
        XCTAssertEqual(Explorer.update(&s, .pageLoaded(id: id2, page(s), pageReport())), [], "once")
    }
}
