import Foundation
import TestSupport
import XCTest

/// The keymap file and the clipboard, in the real binary in tmux: a binding remapped through
/// `$XDG_CONFIG_HOME/ormscope/keys` works and `?` lists it; `y` sends the value as OSC 52 (tmux,
/// with set-clipboard on, keeps it as a paste buffer); a bad keymap file is one sentence.
final class KeymapTerminalTests: XCTestCase {
    func demo() throws -> (db: String, config: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("ormscope"), withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("demo.sqlite").path
        try Spawn.run([CLIGoldenTests.binary.path, "create-demo", db])
        return (db, dir.path)
    }

    /// The demo's model list drawn, then `team`'s rows opened (the tenth model).
    func openTeam(_ tmux: TmuxSession) throws {
        try tmux.waitFor("hero_power_link")
        for _ in 0..<9 { try tmux.keys("j") }
        try tmux.keys("Enter")
        try tmux.waitFor("rows 1-")
    }

    func testARemappedKeyWorksAndHelpListsIt() throws {
        try TmuxSession.require()
        let (db, config) = try demo()
        try "# sort with o\nrows.sort = o\nrows.down = Down n   # n moves down too\n".write(toFile: config + "/ormscope/keys", atomically: true, encoding: .utf8)
        let tmux = try TmuxSession("XDG_CONFIG_HOME=\(config) \(CLIGoldenTests.binary.path) --db \(db)")
        try openTeam(tmux)
        try tmux.keys("l", "o")
        try tmux.waitFor("sorted by name")
        try tmux.keys("s")
        try tmux.waitFor("s does nothing")
        try tmux.keys("?")
        let s = try tmux.waitFor("sort by the column")  // the help starts with the pane on screen
        let line = s.split(separator: "\n").first { $0.contains("sort by the column") }.map(String.init) ?? ""
        XCTAssertTrue(line.hasPrefix("  o "), "? lists the key in force: \(line)\n\(s)")
        try tmux.keys("q")
        try tmux.keys("q")
        try tmux.waitFor("EXIT=0")
    }

    func testYCopiesTheValueThroughOSC52() throws {
        try TmuxSession.require()
        let (db, _) = try demo()
        let tmux = try TmuxSession("\(CLIGoldenTests.binary.path) --db \(db)")
        try tmux.run(["set-option", "-s", "set-clipboard", "on"])
        try openTeam(tmux)
        try tmux.keys("l", "y")
        try tmux.waitFor("Copied name")
        // tmux keeps what OSC 52 set as its newest paste buffer.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(tmux.name)-clip.txt").path
        try tmux.run(["save-buffer", file])
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), "Preventers", "the team's name under the cursor")
        try tmux.keys("Y")
        try tmux.waitFor("Copied the row")
        try tmux.run(["save-buffer", file])
        let row = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertTrue(row.hasPrefix("id\tname\theadquarters"), row)
        XCTAssertTrue(row.contains("\n1\tPreventers\t"), row)
        try tmux.keys("q")
        try tmux.waitFor("EXIT=0")
    }

    func testABadKeymapFileIsOneSentence() throws {
        let (db, config) = try demo()
        try "rows.srot = o\n".write(toFile: config + "/ormscope/keys", atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = CLIGoldenTests.binary
        p.arguments = ["keys"]
        p.environment = ["XDG_CONFIG_HOME": config, "PATH": "/usr/bin:/bin"]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertNotEqual(p.terminationStatus, 0)
        XCTAssertTrue(text.contains("Keymap \(config)/ormscope/keys, line 1: there is no binding \"rows.srot\" (did you mean rows.sort?); ormscope keys lists them."), text)
        _ = db
    }
}

extension KeymapTerminalTests {
    /// The README's keys table is `ormscope keys --markdown` (the bindings that handle the keys and
    /// make `?`), so it cannot drift from them.
    func testTheReadmeKeysTableIsTheGeneratedOne() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let start = try XCTUnwrap(text.range(of: "<!-- keys: ormscope keys --markdown -->\n")), end = try XCTUnwrap(text.range(of: "\n<!-- end keys -->"))
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-nokeys-\(UUID().uuidString)").path
        let p = Process()
        p.executableURL = CLIGoldenTests.binary
        p.arguments = ["keys", "--markdown"]
        p.environment = ["XDG_CONFIG_HOME": empty, "PATH": "/usr/bin:/bin"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let generated = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(String(text[start.upperBound..<end.lowerBound]), generated.trimmingCharacters(in: .whitespacesAndNewlines),
                       "README's keys table is out of date: paste `ormscope keys --markdown` between the markers")
    }
}

extension KeymapTerminalTests {
    /// E opens the value in $EDITOR (here a sed that changes it); it comes back as an edit form
    /// with that field changed, and Enter writes it as any edit does.
    func testEOpensTheValueInTheEditorAndSavesItAsAnEdit() throws {
        try TmuxSession.require()
        let (db, _) = try demo()
        let tmux = try TmuxSession("EDITOR='sed -i s/Preventers/Protectors/' \(CLIGoldenTests.binary.path) --db \(db)")
        try openTeam(tmux)
        try tmux.keys("l", "E")
        var s = try tmux.waitFor("name edited outside: Enter writes it (only this field), Esc drops it.")
        XCTAssertTrue(s.contains("Protectors▏"), s)
        XCTAssertTrue(s.contains("UPDATE \"team\" SET \"name\" = ?"), "the statement shows before it runs:\n\(s)")
        try tmux.keys("Enter")
        s = try tmux.waitFor("Done: edit team, committed.")
        XCTAssertTrue(s.contains("Protectors"), s)
        try tmux.keys("q")
        try tmux.waitFor("EXIT=0")
    }
}
