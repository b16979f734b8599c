import Dispatch
import Foundation
import ORMCore

/// Ctrl-C cancels the statement running now (it then fails with one sentence); a second Ctrl-C
/// within a second leaves at once.
enum Interrupts {
    nonisolated(unsafe) private static var source: (any DispatchSourceSignal)?

    static func cancelStatements(of database: Database) {
        let cancel = database.makeCanceller()
        signal(SIGINT, SIG_IGN)
        let s = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        let last = LastInterrupt()
        s.setEventHandler {
            if last.isRecent() { exit(130) }
            requested.set()
            cancel()
        }
        s.resume()
        source = s
    }

    /// Set by Ctrl-C: work between statements (reading an import file) checks it and stops.
    static let requested = Flag()

    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() { lock.lock(); value = true; lock.unlock() }
        var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    }

    private final class LastInterrupt: @unchecked Sendable {
        private let lock = NSLock()
        private var at: Date?
        func isRecent() -> Bool {
            lock.lock()
            defer { lock.unlock() }
            let now = Date()
            defer { at = now }
            return at.map { now.timeIntervalSince($0) < 1 } ?? false
        }
    }
}
