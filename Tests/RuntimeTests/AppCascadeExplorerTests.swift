import Explorer
import ExplorerRuntime
import ORMCore
import TestSupport
import XCTest

/// `d` in the explorer with a models file: the application's cascades are planned (the CLI's
/// `Session.appCascadePlan`), shown level by level with counts and the statements a yes runs, then
/// run in one transaction, each statement caused ("cascade from Team.heroes") in the SQL pane.
final class AppCascadeExplorerTests: XCTestCase {
    static let schema = [
        "CREATE TABLE team (id integer PRIMARY KEY, name text NOT NULL)",
        "CREATE TABLE hero (id integer PRIMARY KEY, name text NOT NULL, team_id integer REFERENCES team (id))",
        "CREATE TABLE power (id integer PRIMARY KEY, name text NOT NULL)",
        "CREATE TABLE hero_power_link (hero_id integer NOT NULL REFERENCES hero (id), power_id integer NOT NULL REFERENCES power (id), role text, PRIMARY KEY (hero_id, power_id))",
        "CREATE TABLE sponsor (id integer PRIMARY KEY, team_id integer REFERENCES team (id))",
        "INSERT INTO team (id, name) VALUES (1, 'Avengers'), (2, 'Defenders')",
        "INSERT INTO hero (id, name, team_id) VALUES (1, 'a', 1), (2, 'b', 1), (3, 'c', 2)",
        "INSERT INTO power (id, name) VALUES (1, 'fly'), (2, 'swim')",
        "INSERT INTO hero_power_link (hero_id, power_id, role) VALUES (1, 1, 'x'), (1, 2, 'y'), (2, 1, 'z'), (3, 2, 'w')",
        "INSERT INTO sponsor (id, team_id) VALUES (1, 1), (2, 2)",
    ]

    /// Team.heroes deletes its heroes (cascade_delete), Hero.powers its link rows, Team.sponsors
    /// nulls the sponsors' key (SQLAlchemy's default); Django's PROTECT on Power.heroes_here.
    static let models = """
        {"format": 1, "models": [
          {"class": "Team", "table": "team", "relationships": [
            {"name": "heroes", "kind": "one-to-many", "target": "hero", "columns": ["team_id"], "cascade": ["all", "delete-orphan"]},
            {"name": "sponsors", "kind": "one-to-many", "target": "sponsor", "columns": ["team_id"], "cascade": ["save-update", "merge"]}]},
          {"class": "Hero", "table": "hero", "relationships": [
            {"name": "powers", "kind": "many-to-many", "target": "power",
             "secondary": {"table": "hero_power_link", "columns": ["hero_id"], "target_columns": ["power_id"]}}]},
          {"class": "Power", "table": "power", "relationships": [
            {"name": "links", "kind": "one-to-many", "target": "hero_power_link", "columns": ["power_id"], "on_delete": "PROTECT"}]}
        ]}
        """

    func count(_ db: Database, _ sql: String) throws -> Int {
        if case .int(let n)? = try db.fetchAll(CompiledSQL(sql)).first?[0] { return Int(n) }
        return -1
    }

    func testDeleteFollowsTheApplicationsCascadesAfterAskingLevelByLevel() throws {
        try eachBackend { db, backend in
            for sql in Self.schema { try db.execute(sql: sql) }
            db.appModels = try AppModels.parse(Self.models, file: "models.json")
            let runtime = Runtime(session: try Session(db))
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 10, dialect: db.dialect)
            var ui = UIState()
            XCTAssertTrue(state.appliesModelsFile)
            runtime.play(&state, [.openModel("team"), .write(.delete(model: "team", key: [1]))])

            let ask = try XCTUnwrap(state.confirmation, "[\(backend)] \(state.report?.error ?? "")")
            XCTAssertEqual(ask.message, "Delete team 1 and what the application cascades to? 2 more rows deleted, 1 row's key set to NULL, 3 link rows deleted. y: delete, n: cancel")
            let p = { db.dialect.placeholder($0) }
            XCTAssertEqual(ask.details, [
                "Deleting team 1 as the application's models say:",
                "  level 0: team 1: delete (the row)",
                "  level 1: 2 hero rows: delete (cascade from Team.heroes)",
                "  level 1: 1 sponsor row: set team_id to NULL (cascade from Team.sponsors)",
                "  level 2: 3 hero_power_link rows: delete the link rows (cascade from Hero.powers)",
                "Will run, in one transaction (4 statements):",
                "  DELETE FROM \"hero_power_link\" WHERE ((\"hero_id\" = \(p(1))) AND (\"power_id\" = \(p(2)))) OR ((\"hero_id\" = \(p(3))) AND (\"power_id\" = \(p(4)))) OR ((\"hero_id\" = \(p(5))) AND (\"power_id\" = \(p(6))))  -- cascade from Hero.powers",
                "  UPDATE \"sponsor\" SET \"team_id\" = \(p(1)) WHERE \"id\" = \(p(2))  -- cascade from Team.sponsors",
                "  DELETE FROM \"hero\" WHERE \"id\" IN (\(p(1)), \(p(2)))  -- cascade from Team.heroes",
                "  DELETE FROM \"team\" WHERE \"id\" = \(p(1))  -- flush: delete team",
            ], "[\(backend)]")
            // The preview's reads are counted and caused in the SQL pane: the row, the team's heroes
            // and sponsors, each hero's link rows (as SQLAlchemy's lazy loads read them).
            let preview = try XCTUnwrap(state.report)
            XCTAssertEqual(preview.queryCount, 5, "[\(backend)] \(preview.statements.map(\.sql))")
            XCTAssertEqual(preview.statements.map(\.cause.summary), ["query", "cascade from Team.heroes", "cascade from Team.sponsors",
                                                                      "cascade from Hero.powers", "cascade from Hero.powers"])
            let frame = Renderer.render(state, ui, title: "t", width: 140, height: 40).text
            XCTAssertTrue(frame.contains("level 1: 2 hero rows: delete (cascade from Team.heroes)"), frame)
            XCTAssertTrue(frame.contains("cascade from Hero.powers"), "the SQL pane shows the causes: \(frame)")
            XCTAssertEqual(try count(db, "SELECT count(*) FROM hero"), 3, "[\(backend)] nothing is written before the yes")

            // y: one transaction, the statements in SQLAlchemy's order, each caused.
            Keymap.handle(.char("y"), ui: &ui, state: state).forEach { runtime.play(&state, [$0]) }
            XCTAssertNil(state.report?.error, "[\(backend)]")
            XCTAssertNil(state.confirmation)
            let writes = state.report?.statements.filter { $0.cause != .query && $0.cause != .transaction
                && !$0.sql.hasPrefix("SELECT") } ?? []
            XCTAssertEqual(writes.map { String($0.sql.prefix(22)) + " | " + $0.cause.summary }, [
                "DELETE FROM \"hero_powe | cascade from Hero.powers",
                "UPDATE \"sponsor\" SET \" | cascade from Team.sponsors",
                "DELETE FROM \"hero\" WHE | cascade from Team.heroes",
                "DELETE FROM \"team\" WHE | flush: delete team",
            ], "[\(backend)]")
            XCTAssertTrue(state.report?.statements.contains { $0.cause == .transaction } ?? false, "[\(backend)] in one transaction")
            XCTAssertFalse(db.inTransaction)
            XCTAssertEqual(try count(db, "SELECT count(*) FROM team"), 1)
            XCTAssertEqual(try count(db, "SELECT count(*) FROM hero"), 1)
            XCTAssertEqual(try count(db, "SELECT count(*) FROM hero_power_link"), 1)
            XCTAssertEqual(try count(db, "SELECT count(*) FROM sponsor WHERE team_id IS NULL"), 1)

            // PROTECT: one sentence, nothing asked, nothing written.
            runtime.play(&state, [.write(.delete(model: "power", key: [2]))])
            XCTAssertNil(state.confirmation, "[\(backend)]")
            XCTAssertEqual(state.report?.error, "Deleting power is refused by the application's models: Power.links protects 1 hero_power_link row (on_delete=PROTECT): nothing was deleted.")
            XCTAssertEqual(try count(db, "SELECT count(*) FROM power"), 2)

            // n cancels: nothing written.
            runtime.play(&state, [.write(.delete(model: "team", key: [2]))])
            XCTAssertNotNil(state.confirmation, "[\(backend)]")
            Keymap.handle(.char("n"), ui: &ui, state: state).forEach { runtime.play(&state, [$0]) }
            XCTAssertNil(state.confirmation)
            XCTAssertEqual(try count(db, "SELECT count(*) FROM team"), 1)
        }
    }

    /// In a manual transaction (`m`) the application's cascade is staged as any delete is: another
    /// connection still sees the rows, `U` brings them back, `C` writes them. (A tester's `d` `y`
    /// committed the cascade at once, and `U` could not undo it.)
    func testAManualTransactionHoldsTheCascadeUntilCommitOrRollback() throws {
        for backend in Backend.allCases {
            guard let location = try location(backend) else { continue }
            let db = Database(try connect(location)), other = Database(try connect(location))
            defer { db.close(); other.close() }
            for sql in Self.schema { try db.execute(sql: sql) }
            db.appModels = try AppModels.parse(Self.models, file: "models.json")
            let runtime = Runtime(session: try Session(db))
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 10, dialect: db.dialect)
            var ui = UIState()
            runtime.play(&state, [.setManualTransaction(true), .openModel("team"), .write(.delete(model: "team", key: [1]))])
            XCTAssertNotNil(state.confirmation, "[\(backend)] \(state.report?.error ?? "")")
            Keymap.handle(.char("y"), ui: &ui, state: state).forEach { runtime.play(&state, [$0]) }
            XCTAssertNil(state.report?.error, "[\(backend)]")
            XCTAssertEqual(state.staged, 1, "[\(backend)] the cascade is one staged change")
            XCTAssertTrue(db.inTransaction, "[\(backend)]")
            XCTAssertEqual(try count(other, "SELECT count(*) FROM hero"), 3, "[\(backend)] nothing is committed yet")
            runtime.play(&state, [.rollback])
            XCTAssertEqual(state.staged, 0)
            XCTAssertEqual(try count(db, "SELECT count(*) FROM hero"), 3, "[\(backend)] U brings the rows back")
            XCTAssertEqual(try count(db, "SELECT count(*) FROM team"), 2)
            // Again, and C commits it.
            runtime.play(&state, [.write(.delete(model: "team", key: [1]))])
            Keymap.handle(.char("y"), ui: &ui, state: state).forEach { runtime.play(&state, [$0]) }
            runtime.play(&state, [.commit])
            XCTAssertFalse(db.inTransaction, "[\(backend)]")
            XCTAssertEqual(try count(other, "SELECT count(*) FROM hero"), 1, "[\(backend)] committed")
        }
    }
}
