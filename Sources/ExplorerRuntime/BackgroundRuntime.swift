import Dispatch
import Explorer
import ORMCore

/// The runtime off the input loop: an actor owns it (and so the session and connection), so
/// statements run while keys are still read, and the Swift 6 compiler checks that nothing else
/// touches the connection. `cancel` is callable from anywhere, at once, while a statement runs.
public actor BackgroundRuntime {
    private let runtime: Runtime
    /// Cancels the statement running now (PQcancel / sqlite3_interrupt); it fails as cancelled.
    public nonisolated let cancel: @Sendable () -> Void

    public init(session: sending Session) {
        runtime = Runtime(session: session)
        cancel = session.database.makeCanceller()
    }

    /// Performs one effect; the caller shows elapsed time while it awaits.
    public func perform(_ effect: Effect) -> Action? { runtime.perform(effect) }
}
