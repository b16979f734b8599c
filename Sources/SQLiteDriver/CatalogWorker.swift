import Foundation
import ORMCore

/// Runs some of SQLite's catalog statements on a second, read-only connection to the same file,
/// on a thread of its own, while the first connection reads the rest: the pragma functions prepare
/// a statement for every table they read, and at 5,000 tables the indexes and foreign keys take
/// about as long as the columns, so the two halves share the machine's cores. The worker reads in
/// one read transaction and notes the schema's `schema_version` in it; its rows are used only when
/// the first connection read that same version (both read one schema). When it fails (the file is
/// busy, gone or unreadable as a second connection), the first connection runs the statements itself.
final class CatalogWorker: @unchecked Sendable {
    typealias Read = (rows: [Row], seconds: Double)
    // Written on the worker's thread before `done` is signalled, read only after waiting on it.
    private var reads: [Read]?
    private var version: Value?
    private let done = DispatchSemaphore(value: 0)

    init(path: String, statements: [CompiledSQL]) {
        Thread.detachNewThread { [self] in
            defer { done.signal() }
            guard let c = try? SQLiteConnection(path, readOnly: true) else { return }
            defer { c.close() }
            func run(_ s: CompiledSQL, _ row: @escaping ([Value]) -> Void = { _ in }) throws {
                _ = try c.run(s.sql, binds: s.binds, onColumns: { _ in }, onRow: row)
            }
            do {
                try run(CompiledSQL("BEGIN"))
                var v: Value?
                try run(CompiledSQL("SELECT schema_version FROM pragma_schema_version")) { v = $0.first }
                var out: [Read] = []
                for s in statements {
                    let start = DispatchTime.now().uptimeNanoseconds
                    var rows: [Row] = []
                    var columns = Columns([])
                    _ = try c.run(s.sql, binds: s.binds, onColumns: { columns = $0 }, onRow: { rows.append(Row(columns: columns, values: $0)) })
                    out.append((rows, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
                }
                try? run(CompiledSQL("COMMIT"))
                (version, reads) = (v, out)
            } catch {
                return
            }
        }
    }

    /// Each statement's rows and time, when the worker read the schema at `schemaVersion`.
    func wait(schemaVersion: Value?) -> [Read]? {
        done.wait()
        guard let schemaVersion, version == schemaVersion else { return nil }
        return reads
    }
}
