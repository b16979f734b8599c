import Explorer
import ExplorerRuntime
import ORMCore
import PostgresDriver
import TestSupport
import XCTest

/// The server stops and starts again under an open explorer: the next action says in one
/// sentence that the database is unreachable (nothing hangs), and once the server is back it
/// connects again by itself; a staged manual transaction is reported lost, not dropped silently.
final class ServerRestartTests: XCTestCase {
    func play(_ state: inout ExplorerState, _ runtime: Runtime, _ actions: Action...) { runtime.play(&state, actions) }

    func testTheExplorerOutlivesAServerRestart() throws {
        let cluster = try ScratchCluster()
        let setup = Database(try PostgresConnection(cluster.url))
        try setup.execute(sql: "CREATE TABLE note (id serial PRIMARY KEY, body text NOT NULL)")
        try setup.execute(sql: "INSERT INTO note (body) VALUES ('one')")
        setup.close()
        let db = Database(try PostgresConnection(cluster.url))
        let runtime = Runtime(session: try Session(db))
        var state = ExplorerState(registry: runtime.session.registry, pageSize: 10, dialect: db.dialect)
        play(&state, runtime, .openModel("note"))
        XCTAssertNil(state.report?.error)

        // Stopped: one sentence, at once.
        try cluster.halt()
        let started = Date()
        play(&state, runtime, .refresh)
        let sentence = try XCTUnwrap(state.report?.error)
        XCTAssertTrue(sentence.hasPrefix("The connection to the database was lost and it cannot be reached again"), sentence)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10, "a refused connection is not waited on")
        play(&state, runtime, .refresh)
        XCTAssertTrue(state.report?.error?.contains("cannot be reached") ?? false)

        // Back: the next action reconnects once and works.
        try cluster.resume()
        play(&state, runtime, .refresh)
        XCTAssertNil(state.report?.error, "\(String(describing: state.report))")
        XCTAssertEqual(state.report?.reconnected, true)
        if case .rows(let r) = state.screen { XCTAssertEqual(r.page?.rows.count, 1) } else { XCTFail("rows expected") }

        // A staged manual transaction across a restart is reported lost, and nothing of it was written.
        play(&state, runtime, .setManualTransaction(true), .write(.insert(model: "note", values: ["body": "staged"])))
        XCTAssertEqual(state.staged, 1)
        try cluster.halt()
        try cluster.resume()
        play(&state, runtime, .refresh)
        XCTAssertEqual(state.staged, 0)
        XCTAssertTrue(state.report?.error?.hasSuffix("the 1 staged change was rolled back.") ?? false, "\(String(describing: state.report))")
        let check = Database(try PostgresConnection(cluster.url))
        XCTAssertEqual(try check.fetchAll(CompiledSQL("SELECT count(*) FROM note")).first?[0], .int(1))
        check.close()
        db.close()
    }
}
