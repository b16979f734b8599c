import Foundation
import ORMCore

/// Runs some of SQLite's catalog statements on a second, read-only connection to the same file,
/// on a thread of its own, while the first connection reads the rest: the pragma functions prepare
/// a statement for every table they read, and at 5,000 tables the indexes and foreign keys take
/// about as long as the columns, so the two halves share the machine's cores. It runs exactly the
/// statements it is given (they are logged as the first connection's), each of which gives the
/// `schema_version` it read as its last column. A statement's rows are used when they say the
/// version the first connection read (both read one schema); one whose rows say another, or that
/// has no rows to say it, runs again on the first connection. When the worker fails (the file is
/// busy, gone or unreadable as a second connection), the first connection runs them all.
final class CatalogWorker: @unchecked Sendable {
    typealias Read = (rows: [Row], seconds: Double)
    // Written on the worker's thread before `done` is signalled, read only after waiting on it.
    private var reads: [Read]?
    private let done = DispatchSemaphore(value: 0)

    init(path: String, statements: [CompiledSQL]) {
        Thread.detachNewThread { [self] in
            defer { done.signal() }
            guard let c = try? SQLiteConnection(path, readOnly: true) else { return }
            defer { c.close() }
            var out: [Read] = []
            for s in statements {
                let start = DispatchTime.now().uptimeNanoseconds
                var rows: [Row] = []
                var columns = Columns([])
                guard (try? c.run(s.sql, binds: s.binds, onColumns: { columns = $0 }, onRow: { rows.append(Row(columns: columns, values: $0)) })) != nil
                else { return }
                out.append((rows, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
            }
            reads = out
        }
    }

    /// Each statement's rows and time (nil when the worker failed), and whether they are of the
    /// schema at `schemaVersion` (their last column says so).
    func wait(schemaVersion: Value?) -> [(read: Read, current: Bool)]? {
        done.wait()
        return reads?.map { ($0, schemaVersion != nil && $0.rows.first?.values.last == schemaVersion) }
    }
}
