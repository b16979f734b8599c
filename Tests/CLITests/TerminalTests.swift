import Foundation
import TestSupport
import XCTest

/// The real binary in a real terminal (tmux): open the demo, page to the end, filter, follow a
/// relationship and come back, switch a strategy and read the count, resize, quit.
final class TerminalTests: XCTestCase {
    var tmux: TmuxSession!

    func screen() throws -> String { try tmux.screen() }
    func keys(_ k: String...) throws { for key in k { try tmux.keys(key) } }
    func type(_ text: String) throws { try tmux.type(text) }
    @discardableResult
    func waitFor(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try tmux.waitFor(text, file: file, line: line)
    }

    /// Starts the binary on a new demo database in tmux; returns the database path.
    func start() throws -> String {
        try TmuxSession.require()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-tui-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("demo.sqlite").path
        let create = Process()
        create.executableURL = CLIGoldenTests.binary
        create.arguments = ["create-demo", path]
        create.standardOutput = FileHandle.nullDevice
        try create.run()
        create.waitUntilExit()
        tmux = try TmuxSession("\(CLIGoldenTests.binary.path) --db \(path)")
        try waitFor("hero_power_link")
        return path
    }

    func testEditPersistsAndAViolationKeepsTheForm() throws {
        let path = try start()
        for _ in 0..<9 { try keys("j") }
        try keys("Enter")
        try waitFor("rows 1-")
        // A unique violation: the sentence shows and the form keeps what was typed.
        try keys("i", "Tab")
        try type("Avengers")
        try keys("Enter")
        try waitFor("Unique constraint on team violated (name)")
        XCTAssertTrue(try screen().contains("Avengers▏"), "the form is still there with the text")
        for _ in 0..<"Avengers".count { try keys("BSpace") }
        try type("Brand New Team")
        try keys("Enter")
        try tmux.waitUntilGone("Enter writes")  // the form closed: the write went through
        // Edit the first row's name; only that field is written, and it is persisted.
        try keys("g", "e")  // the cursor starts on the first field past the key
        try type(" II")
        try waitFor(#"Will run: UPDATE "team" SET "name" = ? WHERE ("id" = ?) AND ("name" IS ?)"#)
        try keys("Enter")
        try tmux.waitUntilGone("Enter writes")  // the form closed: the write went through
        try waitFor("Preventers II")
        try keys("q")
        try waitFor("EXIT=0")
        let check = Process()
        check.executableURL = CLIGoldenTests.binary
        check.arguments = ["rows", "team", "--db", path, "--where", "name = 'Preventers II' or name = 'Brand New Team'", "--format", "csv"]
        let out = Pipe()
        check.standardOutput = out
        try check.run()
        let csv = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        check.waitUntilExit()
        XCTAssertEqual(csv.split(separator: "\r\n").count, 3, "both writes were committed: \(csv)")
    }

    /// The rows of `team` as the binary counts them (CSV lines past the header).
    func teamRows(_ path: String) throws -> Int {
        let check = Process()
        check.executableURL = CLIGoldenTests.binary
        check.arguments = ["rows", "team", "--db", path, "--format", "csv", "--limit", "100000"]
        let out = Pipe()
        check.standardOutput = out
        try check.run()
        let csv = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        check.waitUntilExit()
        return csv.split(separator: "\r\n").count - 1
    }

    /// Ctrl-C with nothing running asks as q does when manual mode has staged changes: another
    /// key keeps the explorer open; Ctrl-C twice quits and rolls them back.
    func testCtrlCWithStagedChangesAsksFirst() throws {
        let path = try start()
        let before = try teamRows(path)
        XCTAssertGreaterThan(before, 0)
        for _ in 0..<9 { try keys("j") }
        try keys("Enter")
        try waitFor("rows 1-")
        try keys("m")
        try waitFor("manual")
        try keys("i", "Tab")
        try type("Staged Team")
        try keys("Enter")
        try waitFor("(staged: C commits, U rolls back)")
        try keys("C-c")
        try waitFor("1 staged change would be rolled back: C commits, U rolls back, q or Ctrl-C again quits anyway.")
        try keys("n")
        try tmux.waitUntilGone("would be rolled back")
        let open = try screen()
        XCTAssertFalse(open.contains("EXIT="), "the explorer is still open:\n\(open)")
        XCTAssertTrue(open.contains("n does nothing here (? lists the keys)."), "a key with no binding says so:\n\(open)")
        try keys("C-c")
        try waitFor("would be rolled back")
        try keys("C-c")
        try waitFor("EXIT=0")
        XCTAssertEqual(try teamRows(path), before, "the staged insert was rolled back")
    }

    func testCommandLineAndExplainFromTheSQLPane() throws {
        _ = try start()
        try keys(":")
        try type(#"rows hero --where "age > 40" --order age:desc"#)
        try keys("Enter")
        try waitFor(#"WHERE "age" > ? ORDER BY "age" DESC"#)
        try keys(":")
        try type("rwos team")
        try keys("Enter")
        try waitFor(#""rwos" is not a command; did you mean rows?"#)
        // Tab twice: the model pane, then the SQL pane; Enter shows the plan of the chosen statement.
        try keys(":", "Up", "Up", "Enter")
        try waitFor(#"ORDER BY "age" DESC"#)
        try keys("Tab")
        try waitFor("Model hero")
        try keys("Tab")
        try waitFor("SQL pane: ↑↓ choose a statement")
        try keys("Enter")
        try waitFor("EXPLAIN (the plan; nothing ran)")
        try waitFor("SCAN hero")
        try keys("q")
        try waitFor("EXIT=0")
    }

    /// A fatal signal (what a Swift trap raises) still gives the terminal back, with a sentence.
    func testTheTerminalIsRestoredAfterACrash() throws {
        let path = try start()
        // The explorer's process: the one whose command line holds this test's database path.
        let pids = (try FileManager.default.contentsOfDirectory(atPath: "/proc")).compactMap(Int32.init).filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            let args = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return args.first == CLIGoldenTests.binary.path && args.contains(path)
        }
        XCTAssertEqual(pids.count, 1)
        for pid in pids { kill(pid, SIGILL) }
        let text = try waitFor("EXIT=132")
        XCTAssertTrue(text.contains("ormscope stopped on an internal error; the terminal has been restored."), text)
        XCTAssertFalse(text.contains("hero_power_link"), "the explorer's screen is gone: the normal screen is back")
    }

    /// The same screen on PostgreSQL: the title names the server without the password.
    func testBrowseAPostgreSQLDatabase() throws {
        guard TmuxSession.available, let url = try freshPostgresURL() else { throw XCTSkip("tmux or the test PostgreSQL (ORMSCOPE_TEST_PG_URL) is missing; make test sets both up") }
        let create = Process()
        create.executableURL = CLIGoldenTests.binary
        create.arguments = ["create-demo", url, "--small"]
        create.standardOutput = FileHandle.nullDevice
        try create.run()
        create.waitUntilExit()
        tmux = try TmuxSession("\(CLIGoldenTests.binary.path) --db '\(url)'")
        let first = try waitFor("hero_power_link")
        XCTAssertFalse(first.contains("ormscope-test"), "the password is never shown")
        XCTAssertTrue(first.contains("127.0.0.1"), first)
        try keys("j", "j", "j", "j", "Enter")
        try waitFor("rows 1-")
        XCTAssertTrue(try screen().contains(#"SELECT * FROM "hero" ORDER BY "id" ASC LIMIT"#))
        try keys("G")
        try waitFor("last ")
        try keys("q")
        try waitFor("EXIT=0")
    }

    func testBrowseTheDemoInARealTerminal() throws {
        _ = try start()
        try keys("j", "j", "j", "j", "Enter")
        try waitFor("rows 1-")
        XCTAssertTrue(try screen().contains("SELECT * FROM \"hero\" ORDER BY \"id\" ASC LIMIT"))
        // Four PgDn in one burst: each waits for the page before, none is lost (18 rows a page at 35 lines).
        try keys("NPage", "NPage", "NPage", "NPage")
        try waitFor("rows 73-90 of")
        try keys("G")
        try waitFor("last ")
        XCTAssertTrue(try screen().contains("ORDER BY \"id\" DESC"), "the last page by keyset, not OFFSET")

        try keys("g", "/")
        try type("team.name = 'Avengers' and agee > 1")
        try keys("Enter")
        try waitFor("hero has no field agee; did you mean age?")
        try keys("/")
        for _ in 0..<" and agee > 1".count { try keys("BSpace") }
        try keys("Enter")
        try waitFor("where team.name = 'Avengers'")

        // Switch Hero.team from lazy to selectin to joined and read the count.
        try keys("L")
        try waitFor("SQL of strategy Hero.team selectin: 2 statements")
        try keys("L")
        try waitFor("SQL of strategy Hero.team joined: 1 statement,")

        // Follow the relationship from the row and come back.
        try keys("f")
        try waitFor("team: team of hero")
        try keys("BSpace")
        try waitFor("where team.name = 'Avengers'")

        // Resize: still drawn; below the minimum the screen says so.
        try tmux.resize(80, 24)
        try waitFor("rows 1-")
        try tmux.resize(50, 10)
        try waitFor("ormscope needs 60x15")
        try tmux.resize(120, 35)
        try waitFor("rows 1-")

        try keys("q")
        try waitFor("EXIT=0")
    }
}

/// Issue 10 in a real terminal: invalid UTF-8 keeps the Enter after it, `:rows --limit` out of
/// range is a sentence, and a form's NULL is a state (Ctrl-N) while the text NULL is text.
extension TerminalTests {
    func testHostileKeysEndInSentencesAndNullIsAState() throws {
        let path = try start()
        try keys(":")
        try type("rows team")
        try keys("Enter")
        try waitFor("rows 1-")
        // An unfinished UTF-8 sequence, then Enter: it becomes U+FFFD and the Enter still runs.
        try keys("/")
        try type("agx > 1")
        try tmux.run(["send-keys", "-t", tmux.name, "-H", "e2", "82"])
        try keys("Enter")
        try waitFor("Filter error at column 8: \"\u{FFFD}\" cannot be used here.")
        try keys(":")
        try type("rows team --limit 9223372036854775807")
        try keys("Enter")
        try waitFor(#"--limit takes a whole number from 1 to 100,000 ("9223372036854775807" is not)."#)

        // Insert: the name typed as the text NULL, headquarters NULL by Ctrl-N.
        try keys("i", "Tab")
        try type("NULL")
        try keys("Tab", "C-n")
        try waitFor(#"Will run: INSERT INTO "team" ("name", "headquarters") VALUES (?, ?) RETURNING *"#)
        try waitFor("with 'NULL', NULL")
        try keys("Enter")
        try tmux.waitUntilGone("Enter writes")
        try keys("q")
        try waitFor("EXIT=0")
        let p = Process()
        p.executableURL = CLIGoldenTests.binary
        p.arguments = ["rows", "team", "--db", path, "--where", "name = 'NULL'", "--format", "json"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let rows = try XCTUnwrap((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["rows"] as? [[String: Any]])
        XCTAssertEqual(rows.count, 1, "the text NULL is text")
        XCTAssertTrue(rows.first?["headquarters"] is NSNull, "the NULL chosen is NULL")
    }
}
