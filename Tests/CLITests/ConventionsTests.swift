import Foundation
import TestSupport
import ORMCore
import PostgresDriver
import XCTest

/// The command line's conventions: `--version`, `count` and `exists`, exit status 64 for a usage
/// mistake, the XDG directories, comments in the config file.
extension CLIGoldenTests {
    func testVersionCountExistsAndUsageStatus() throws {
        let path = try demo()
        let version = try run(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertEqual(version.out, "0.3.0\n")

        let count = try run(["count", "hero", "--db", path, "--where", "age > 30", "--format", "json"])
        XCTAssertEqual(count.status, 0, count.err)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(count.out.utf8)) as? [String: Any])
        let rows = try run(["rows", "hero", "--db", path, "--where", "age > 30", "--limit", "100000", "--format", "csv"])
        XCTAssertEqual(object["count"] as? Int, rows.out.split(separator: "\r\n").count - 1, "count agrees with the rows")
        XCTAssertEqual(object["query_count"] as? Int, 1, "one SELECT count(*)")
        XCTAssertEqual(try run(["count", "team", "--db", path]).out.split(separator: "\n").first, "60")

        XCTAssertEqual(try run(["exists", "hero", "--db", path, "--where", "age > 30"]).out.split(separator: "\n").first, "true")
        XCTAssertEqual(try run(["exists", "hero", "--db", path, "--where", "age > 3000"]).out.split(separator: "\n").first, "false")
        let typo = try run(["count", "hero", "--db", path, "--where", "agee > 3"])
        XCTAssertEqual(typo.status, 1)
        XCTAssertTrue(typo.err.contains("did you mean age?"), typo.err)

        let missing = try run(["count", "hero"])
        XCTAssertEqual(missing.status, 64, "a missing database is a usage mistake")
        XCTAssertEqual(missing.err, "ormscope: No database given: pass --db URL|PATH, or set DATABASE_URL, or libpq's PGDATABASE / PGSERVICE / PGHOST / PGHOSTADDR as for psql.\n")
        XCTAssertEqual(try run(["rows", "hero", "--db", path, "--no-such-option"]).status, 64)
    }

    /// `$XDG_CONFIG_HOME/ormscope/config` is read, with a comment after a value left out, and the
    /// shell's history goes to `$XDG_STATE_HOME/ormscope/history`.
    func testXDGDirectoriesAndConfigComments() throws {
        guard TmuxSession.available else { throw XCTSkip("tmux is not installed") }
        let path = try demo()
        let home = NSTemporaryDirectory() + "ormscope-xdg-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home + "/config/ormscope", withIntermediateDirectories: true)
        try "# my settings\ntheme = nosuch   # not a theme\n".write(toFile: home + "/config/ormscope/config", atomically: true, encoding: .utf8)
        let env = "XDG_CONFIG_HOME=\(home)/config XDG_STATE_HOME=\(home)/state"
        let explorer = try TmuxSession("env -u ORMSCOPE_CONFIG -u ORMSCOPE_HISTORY \(env) \(Self.binary.path) --db \(path)")
        try explorer.waitFor(#"There is no theme named "nosuch""#)
        try explorer.waitFor("EXIT=1")

        let shell = try TmuxSession("env -u ORMSCOPE_CONFIG -u ORMSCOPE_HISTORY XDG_STATE_HOME=\(home)/state \(Self.binary.path) shell --db \(path)")
        try shell.waitFor("ormscope>")
        try shell.type("count team")
        try shell.keys("Enter")
        try shell.waitFor("60")
        try shell.type("quit")
        try shell.keys("Enter")
        try shell.waitFor("EXIT=0")
        let history = try String(contentsOfFile: home + "/state/ormscope/history", encoding: .utf8)
        XCTAssertTrue(history.contains("count"), history)
    }
}

extension CLIGoldenTests {
    /// `make install` lays the binary and its themes out so that the installed binary, run from
    /// anywhere, finds its themes (`make install-files`, which `make install` runs after the release
    /// build, with this build's binary).
    func testTheInstalledBinaryFindsItsThemes() throws {
        guard TmuxSession.available else { throw XCTSkip("tmux is not installed") }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let prefix = NSTemporaryDirectory() + "ormscope-prefix-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        let make = try Spawn.run(["make", "-s", "-C", root, "install-files", "PREFIX=\(prefix)", "BIN=\(Self.binary.path)"])
        XCTAssertEqual(make.status, 0)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: prefix + "/bin/ormscope"))
        let path = try demo()
        let tmux = try TmuxSession("sh -c 'cd / && exec env -u ORMSCOPE_THEMES \(prefix)/bin/ormscope --db \(path) --theme nosuch'")
        try tmux.waitFor(#"There is no theme named "nosuch"; there are: default, high-contrast, light."#)
        let light = try TmuxSession("sh -c 'cd / && exec env -u ORMSCOPE_THEMES \(prefix)/bin/ormscope --db \(path) --theme light'")
        try light.waitFor("hero_power_link")
        try light.keys("q")
        try light.waitFor("EXIT=0")
    }
}

extension CLIGoldenTests {
    /// A json or xml column in a filter is compared by its text (PostgreSQL has no json = json),
    /// and an order comparison on it is one sentence.
    func testFiltersOnColumnsWithoutEqualityCompareText() throws {
        let url = try postgresOnlyURL()
        let setup = try run(["create-demo", url, "--small"])
        XCTAssertEqual(setup.status, 0, setup.err)
        let db = Database(try PostgresConnection(url))
        try db.execute(sql: "CREATE TABLE doc (id serial PRIMARY KEY, j json NOT NULL, x xml)")
        try db.execute(sql: #"INSERT INTO doc (j, x) VALUES ('{"a": 1}', '<a>1</a>'), ('[2]', NULL)"#)
        db.close()
        func ids(_ filter: String) throws -> [String] {
            let r = try run(["rows", "doc", "--db", url, "--where", filter, "--format", "csv"])
            XCTAssertEqual(r.status, 0, "\(filter): \(r.err)")
            return r.out.split(separator: "\r\n").dropFirst().map { String($0.split(separator: ",").first ?? "") }
        }
        XCTAssertEqual(try ids(#"j = '{"a": 1}'"#), ["1"])
        XCTAssertEqual(try ids(#"j <> '{"a": 1}'"#), ["2"])
        XCTAssertEqual(try ids("j like '%2%'"), ["2"])
        XCTAssertEqual(try ids(#"j in ('[2]', '{"a": 1}')"#), ["1", "2"])
        XCTAssertEqual(try ids("x = '<a>1</a>'"), ["1"])
        let order = try run(["rows", "doc", "--db", url, "--where", "j > '1'"])
        XCTAssertEqual(order.status, 1)
        XCTAssertTrue(order.err.contains("j (json) has no order; compare it with =, <>, like or in"), order.err)
    }
}

extension CLIGoldenTests {
    /// `next_after` is an opaque, exact cursor: paging a sort over values with commas, quotes,
    /// NULLs and the text "NULL" by feeding it back visits every row once, on both backends.
    func testCursorsRoundTripAnyKey() throws {
        for backend in Backend.allCases {
            guard let location = try location(backend) else { continue }
            let db = Database(try connect(location))
            try db.execute(sql: "CREATE TABLE song (id integer PRIMARY KEY, artists text, at timestamp)")
            let names: [String?] = ["Brian Eno, Bono", "Brian Eno, Bono", #"say "hi", bye"#, nil, "NULL", nil, "a,b,c", "", " x ", "é,ü"]
            for (i, n) in names.enumerated() {
                try db.execute(sql: "INSERT INTO song (id, artists, at) VALUES (\(db.dialect.placeholder(1)), \(db.dialect.placeholder(2)), \(db.dialect.placeholder(3)))",
                               [.int(Int64(i + 1)), n.map(Value.text) ?? .null, .text("2025-01-0\(i % 9 + 1) 10:00:00")])
            }
            db.close()
            var seen: [Int] = []
            var after: String?
            for _ in 0..<20 {
                let r = try run(["rows", "song", "--db", location, "--order", "artists", "--order", "at:desc", "--limit", "3", "--format", "json"]
                                + (after.map { ["--after", $0] } ?? []))
                XCTAssertEqual(r.status, 0, "[\(backend)] \(r.err)")
                let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
                seen += (object["rows"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
                guard let next = object["next_after"] as? String else { break }
                XCTAssertTrue(next.hasPrefix("k1."), next)
                after = next
            }
            XCTAssertEqual(seen.sorted(), Array(1...names.count), "[\(backend)] every row once: \(seen)")
            let bad = try run(["rows", "song", "--db", location, "--after", "k1.bm9wZQ"])
            XCTAssertEqual(bad.status, 1)
            XCTAssertTrue(bad.err.contains("is not one ormscope made"), bad.err)
        }
    }
}

extension CLIGoldenTests {
    /// The table format pads by terminal cells, shows control characters as symbols (one line per
    /// row), and tells NULL from the text "NULL" and from the empty text.
    func testTheTableFormatIsHonest() throws {
        let location = try XCTUnwrap(try location(.sqlite))
        let db = Database(try connect(location))
        try db.execute(sql: "CREATE TABLE t (id integer PRIMARY KEY, a text, b text)")
        try db.execute(sql: "INSERT INTO t VALUES (1, '复仇者联盟', 'x'), (2, 'NULL', NULL), (3, 'tab' || char(9) || 'here', ''), (4, 'line' || char(13, 10) || 'break', 'ok')")
        db.close()
        let r = try run(["rows", "t", "--db", location])
        XCTAssertEqual(r.status, 0, r.err)
        let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false).prefix(5).map(String.init)
        XCTAssertEqual(lines, ["id  a           b",
                               "1   复仇者联盟  x",
                               "2   'NULL'      NULL",
                               "3   tab⇥here    ''",
                               "4   line⏎break  ok"], r.out)
    }
}
