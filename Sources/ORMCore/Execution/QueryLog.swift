/// The record of every statement the choke point ran, and the one place queries are counted.
///
/// The SQL pane, the query counter, the N+1 detector and the tests all read from here or
/// subscribe with `observe`. Not thread-safe by design: it belongs to one `Database`.
public final class QueryLog {
    /// The most recent events, oldest first (at least the last `capacity`, at most twice that).
    public private(set) var events: [StatementEvent] = []
    public let capacity: Int
    /// Total statements since the log was created, including those dropped beyond `capacity`.
    public private(set) var totalCount = 0
    private var countsByAction: [String: Int] = [:]
    private var observers: [(StatementEvent) -> Void] = []
    /// When set, bound values are left out of events (the SQL is kept).
    public var redactParams = false

    public init(capacity: Int = 10_000) { self.capacity = capacity }

    /// Statements run under `action` since the log was created (or last `reset`).
    public func count(for action: String) -> Int { countsByAction[action] ?? 0 }

    /// The kept events of one action, in order.
    public func events(for action: String) -> [StatementEvent] { events.filter { $0.action == action } }

    /// Calls `observer` with each new event.
    public func observe(_ observer: @escaping (StatementEvent) -> Void) { observers.append(observer) }

    public func reset() {
        events.removeAll()
        countsByAction.removeAll()
    }

    func record(_ event: StatementEvent) {
        totalCount += 1
        countsByAction[event.action, default: 0] += 1
        events.append(event)
        if events.count >= capacity * 2 { events.removeFirst(events.count - capacity) }  // amortised trim
        for o in observers { o(event) }
    }

    func nextSequence() -> Int { totalCount + 1 }
}
