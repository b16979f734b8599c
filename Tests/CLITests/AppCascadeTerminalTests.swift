import Foundation
import ORMCore
import TestSupport
import XCTest

/// The real binary in tmux with a models file: `d` on a team asks with the application's cascades
/// level by level, `y` deletes the team and its heroes in one transaction, and the SQL pane names
/// the cascade that caused each statement.
final class AppCascadeTerminalTests: XCTestCase {
    func testDeleteInTheExplorerFollowsTheModelsFile() throws {
        try TmuxSession.require()
        let path = try XCTUnwrap(try location(.sqlite))
        let db = Database(try connect(path))
        for sql in ["CREATE TABLE team (id integer PRIMARY KEY, name text NOT NULL)",
                    "CREATE TABLE hero (id integer PRIMARY KEY, name text NOT NULL, team_id integer REFERENCES team (id))",
                    "INSERT INTO team VALUES (1, 'Avengers'), (2, 'Defenders')",
                    "INSERT INTO hero VALUES (1, 'a', 1), (2, 'b', 1), (3, 'c', 2)"] { try db.execute(sql: sql) }
        let models = path + ".models.json"
        try """
            {"format": 1, "models": [{"class": "Team", "table": "team", "relationships": [
              {"name": "heroes", "kind": "one-to-many", "target": "hero", "columns": ["team_id"], "cascade": ["all", "delete-orphan"]}]}]}
            """.write(toFile: models, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: models) }
        let tmux = try TmuxSession("\(CLIGoldenTests.binary.path) --db \(path) --models \(models)")
        try tmux.waitFor("team")
        try tmux.keys("j", "Enter")
        try tmux.waitFor("Avengers")
        try tmux.keys("d")
        var s = try tmux.waitFor("as the application's models say")
        XCTAssertTrue(s.contains("level 1: 2 hero rows: delete (cascade from Team.heroes)"), s)
        XCTAssertTrue(s.contains("2 more rows deleted"), s)
        try tmux.keys("y")
        try tmux.waitUntilGone("as the application's models say")
        s = try tmux.waitFor("DELETE FROM \"hero\"")
        XCTAssertTrue(s.contains("cascade from Team.heroes"), s)
        try tmux.keys("q")
        try tmux.waitFor("EXIT=0")
        XCTAssertEqual(try db.fetchAll(CompiledSQL("SELECT id FROM hero")).map { $0[0] }, [.int(3)])
        XCTAssertEqual(try db.fetchAll(CompiledSQL("SELECT id FROM team")).map { $0[0] }, [.int(2)])
        db.close()
    }
}
