import Foundation
import TestSupport
import XCTest

/// The man page `make install` generates from the argument parser, and the completion scripts it
/// installs, whose custom completion reads model and field names from the database.
final class ManAndCompletionTests: XCTestCase {
    var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// `make install-files` (what `make install` runs after the release build) into a temporary prefix.
    func install() throws -> String {
        let prefix = NSTemporaryDirectory() + "ormscope-prefix-\(UUID().uuidString)"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: prefix) }
        let make = try Spawn.run(["make", "-s", "-C", root, "install-files", "PREFIX=\(prefix)", "BIN=\(CLIGoldenTests.binary.path)"], output: true)
        XCTAssertEqual(make.status, 0, make.output)
        return prefix
    }

    func testMakeInstallInstallsAManPageOfEveryCommand() throws {
        let prefix = try install()
        let page = prefix + "/share/man/man1/ormscope.1"
        let text = try String(contentsOfFile: page, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix(".TH ORMSCOPE 1"), String(text.prefix(80)))
        // Every command the parser knows has its section, with its options.
        let help = try CLIGoldenTests.run(["--experimental-dump-help"])
        let tool = try JSONSerialization.jsonObject(with: Data(help.out.utf8)) as! [String: Any]
        let commands = ((tool["command"] as! [String: Any])["subcommands"] as! [[String: Any]]).map { $0["commandName"] as! String }
        XCTAssertTrue(commands.contains("export"))
        for c in commands where c != "help" { XCTAssertTrue(text.contains(".SS \(c.replacingOccurrences(of: "-", with: "\\-"))\n"), c) }
        XCTAssertTrue(text.contains(".B \\-\\-from <from>"), "insert --from is documented")
        XCTAssertTrue(text.contains(".B 64\n"), "exit statuses")
        // man renders it.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/man") else { throw XCTSkip("man is not installed") }
        let rendered = try Spawn.run(["env", "MANWIDTH=100", "man", "-l", page], output: true)
        XCTAssertEqual(rendered.status, 0)
        XCTAssertTrue(rendered.output.contains("\n   export\n"), rendered.output)
        XCTAssertTrue(rendered.output.contains("--from <from>"), rendered.output)
    }

    /// The installed bash script, sourced and asked as bash asks it (COMP_WORDS, COMP_CWORD, and
    /// the command, the word and the previous word as arguments).
    func complete(_ prefix: String, _ words: [String]) throws -> [String] {
        let script = prefix + "/share/bash-completion/completions/ormscope"
        let quoted = words.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let bash = """
        source '\(script)'
        export PATH='\(prefix)/bin':"$PATH"
        COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1)
        COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}
        _ormscope ormscope "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        printf '%s\\n' "${COMPREPLY[@]}"
        """
        let r = try Spawn.run(["env", "-u", "DATABASE_URL", "bash", "-c", bash], output: true)
        XCTAssertEqual(r.status, 0, r.output)
        return r.output.split(separator: "\n").map(String.init)
    }

    func testTheCompletionScriptCompletesModelAndFieldNamesFromTheDatabase() throws {
        guard FileManager.default.isExecutableFile(atPath: "/bin/bash") else { throw XCTSkip("bash is not installed") }
        let prefix = try install()
        let dir = NSTemporaryDirectory() + "ormscope-complete-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        let db = dir + "/demo.sqlite"
        XCTAssertEqual(try CLIGoldenTests.run(["create-demo", db, "--small"]).status, 0)
        XCTAssertEqual(try complete(prefix, ["ormscope", "rows", "--db", db, "he"]), ["hero", "hero_power_link", "hero_summary"])
        XCTAssertEqual(try complete(prefix, ["ormscope", "export", "--db", db, "hero", "--order", "te"]),
                       ["team_id", "team.id", "team.name", "team.headquarters"])
        XCTAssertEqual(try complete(prefix, ["ormscope", "insert", "team", "--db", db, "--set", "na"]), ["name="])
        // No database, or one that cannot be opened: nothing offered, no error in the prompt.
        XCTAssertEqual(try complete(prefix, ["ormscope", "rows", "he"]), [])
        XCTAssertEqual(try complete(prefix, ["ormscope", "rows", "--db", dir + "/none.sqlite", "he"]), [])
        // The command names themselves still come from the parser.
        XCTAssertTrue(try complete(prefix, ["ormscope", "exp"]).contains("export"))
    }
}
