/// A session for async code: an actor owns the connection and its session, so no two tasks
/// ever touch the connection at once, and the Swift 6 compiler checks it (the connection is not
/// `Sendable`; it is handed over with `sending` and never leaves the actor).
///
/// ```swift
/// let s = try AsyncSession(try PostgresConnection(url))
/// let hero = try await s.get(Hero.self, 7)          // SELECT * FROM "hero" WHERE "id" = $1
/// try await s.run { session in try session.commit() }
/// ```
/// Statements run on the actor's executor; a statement blocks that thread while it runs (libpq
/// and SQLite are blocking C APIs), so use one `AsyncSession` per concurrent unit of work.
public actor AsyncSession {
    private let session: Session

    public init(_ connection: sending any DriverConnection, expireOnCommit: Bool = true) throws {
        session = try Session(Database(connection), expireOnCommit: expireOnCommit)
    }

    /// Runs `body` with the session, on the actor.
    public func run<T: Sendable>(_ body: @Sendable (Session) throws -> T) throws -> T {
        try body(session)
    }

    public func get<T: TableModel & Sendable>(_ type: T.Type, _ key: Value...) throws -> T? {
        guard let e = try session.get(T.qualifiedName, key) else { return nil }
        return try session.decode(type, e)
    }

    public func all<T: TableModel & Sendable>(_ type: T.Type, where predicate: SQLExpression? = nil,
                                              orderBy: [OrderTerm] = [], limit: Int? = nil) throws -> [T] {
        try session.all(type, where: predicate, orderBy: orderBy, limit: limit)
    }

    public func insert<C: CreateModel & Sendable>(_ input: C) throws -> C.Table where C.Table: Sendable {
        try session.insert(input)
    }

    @discardableResult
    public func update<U: UpdateModel & Sendable>(_ type: U.Table.Type, key: [Value], _ input: U) throws -> U.Table
    where U.Table: Sendable {
        try session.update(type, key: key, input)
    }

    public func commit() throws { try session.commit() }
    public func rollback() throws { try session.rollback() }

    /// Statements recorded under `action` so far.
    public func statementCount(for action: String) -> Int { session.database.log.count(for: action) }
    /// Every statement recorded so far.
    public var statements: [StatementEvent] { session.database.log.events }

    /// Names the action the following statements belong to.
    public func setAction(_ action: String) { session.database.setAction(action) }
}
