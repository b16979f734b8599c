import Explorer
import ExplorerRuntime
import Foundation
import ORMCore

/// Issue 15's figures in the explorer itself: the SQL editor pane on a 120x40 screen, the
/// statement typed and Ctrl-J pressed, timed until the rendered frame shows its first row (the
/// keymap, the update, the runtime's `openTyped` and first FETCH / step, the render), best of
/// `runs`; then Space on the grid 1,000 times, each a page read from the same cursor and the frame
/// drawn, and the process's resident memory (VmRSS) after them.
enum SQLPaneBenchmark {
    static let width = 120, height = 40, pages = 1000

    static func run(open: () throws -> Database, line: (String, String, String) -> Void) throws -> (firstRows: Double, rssMB: Double) {
        let db = try open()
        defer { db.close() }
        let runtime = Runtime(session: try Session(db))
        var state = ExplorerState(registry: runtime.session.registry, pageSize: Renderer.pageSize(forHeight: height), dialect: db.dialect)
        var ui = UIState()
        ui.windowWidth = width
        ui.windowHeight = height
        func press(_ key: Key) {
            var queue = Explorer.press(key, ui: &ui, state: &state)
            while !queue.isEmpty {
                if let result = runtime.perform(queue.removeFirst()) { queue += Explorer.update(&state, result) }
            }
            Keymap.settle(&ui, state)
        }
        func frame() -> Frame { Renderer.render(state, ui, title: "bench", width: width, height: height) }
        press(.char("Q"))
        for c in SQLBenchmark.sql { press(.char(c)) }
        var best = Double.infinity
        for _ in 0..<SQLBenchmark.runs {
            press(.escape)
            press(.char("Q"))
            let t = try Timing.seconds {
                press(.char("\n"))
                guard frame().text.contains("rows 1-") else { throw BenchError("the first rows were not drawn: \(state.report?.error ?? "")") }
            }
            best = min(best, t)
        }
        let firstOK = best < SQLBenchmark.firstRowsTarget
        line("explorer: Ctrl-J to the first rows drawn", Report.fixed(best * 1000, 1) + " ms",
             "\(state.pageSize) rows a page; keys, runtime, render; target < \(Int(SQLBenchmark.firstRowsTarget * 1000)) ms: \(firstOK ? "met" : "MISSED")")
        press(.escape)
        let rssBefore = Timing.memory("VmRSS", of: "self") ?? 0
        let t = try Timing.seconds {
            for _ in 0..<pages {
                press(.char(" "))
                _ = frame()
            }
        }
        guard case .rows(let r) = state.screen, let typed = r.typed else { throw BenchError("the typed rows are not on the grid") }
        let rss = Double(Timing.memory("VmRSS", of: "self") ?? 0) / 1_048_576
        line("explorer: \(pages) pages (Space) on the grid", Report.fixed(t, 2) + " s",
             "\(Report.grouped(typed.rowsRead)) rows read; VmRSS \(Report.fixed(Double(rssBefore) / 1_048_576, 1)) → \(Report.fixed(rss, 1)) MiB (target < \(Int(SQLBenchmark.memoryTargetMB)) MB: \(rss < SQLBenchmark.memoryTargetMB ? "met" : "MISSED"))")
        return (best, rss)
    }
}
