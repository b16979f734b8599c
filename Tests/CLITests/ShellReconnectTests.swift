import Foundation
import ORMCore
import PostgresDriver
import TestSupport
import XCTest

extension CLIGoldenTests {
    /// `ormscope shell` open while its server stops and starts again: a command meanwhile gets one
    /// sentence and the prompt comes back; once the server is back the next command reconnects.
    func testTheShellOutlivesAServerRestart() throws {
        guard TmuxSession.available else { throw XCTSkip("tmux is not installed") }
        let cluster = try ScratchCluster()
        let setup = Database(try PostgresConnection(cluster.url))
        try setup.execute(sql: "CREATE TABLE note (id serial PRIMARY KEY, body text NOT NULL)")
        try setup.execute(sql: "INSERT INTO note (body) VALUES ('first note')")
        setup.close()
        let history = NSTemporaryDirectory() + "ormscope-history-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: history) }
        let tmux = try TmuxSession("\(Self.binary.path) shell --history \(history) --db '\(cluster.url)'")
        try tmux.waitFor("ormscope>")
        try tmux.type("rows note")
        try tmux.keys("Enter")
        try tmux.waitFor("first note")

        try cluster.halt()
        try tmux.keys("C-l")
        try tmux.type("rows note")
        try tmux.keys("Enter")
        try tmux.waitFor("the database cannot be reached")
        try tmux.waitFor("ormscope>")

        try cluster.resume()
        try tmux.keys("C-l")
        try tmux.type("rows note")
        try tmux.keys("Enter")
        try tmux.waitFor("has been opened again")
        try tmux.waitFor("first note")
        XCTAssertFalse(try tmux.screen().contains("ormscope-test"), "the password is never shown")
        try tmux.type("quit")
        try tmux.keys("Enter")
        try tmux.waitFor("EXIT=0")
    }
}
