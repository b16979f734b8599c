import Foundation
import XCTest

/// End-to-end runs of the real `ormscope` binary: exact output for the demo, JSON shape, and
/// one clear sentence (and exit status 1) for bad input.
final class CLIGoldenTests: XCTestCase {
    static var binary: URL {
        // The test bundle sits next to the built products.
        var dir = Bundle(for: CLIGoldenTests.self).bundleURL.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: dir.appendingPathComponent("ormscope").path) {
            dir = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug")
        }
        return dir.appendingPathComponent("ormscope")
    }

    func run(_ args: [String], env: [String: String] = [:]) throws -> (out: String, err: String, status: Int32) {
        let p = Process()
        p.executableURL = Self.binary
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = nil
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self), p.terminationStatus)
    }

    func demo() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("demo.sqlite").path
        let r = try run(["create-demo", path])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.hasPrefix("Created the demo database in \(path)"), r.out)
        return path
    }

    func testModelsListsTheDemoRegistry() throws {
        let path = try demo()
        let r = try run(["models", "--db", path])
        XCTAssertEqual(r.status, 0)
        let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines[0], "sqlite \(path): 10 models")
        XCTAssertEqual(lines[2], "MODEL            KIND   ROWS~  FIELDS  PRIMARY KEY        FOREIGN KEYS")
        XCTAssertEqual(lines[7], "hero             table  6000   6       id                 team_id → team")
        XCTAssertEqual(lines[8], "hero_power_link  table  11856  4       hero_id, power_id  power_id → power; hero_id → hero")
        XCTAssertEqual(lines[9], "hero_summary     view   -      4                          ")
        XCTAssertTrue(r.out.contains("-- 13 statements"), r.out)
        // No subcommand means `models`; DATABASE_URL stands in for --db.
        let viaEnv = try run([], env: ["DATABASE_URL": path])
        XCTAssertEqual(viaEnv.status, 0)
        XCTAssertEqual(viaEnv.out.split(separator: "\n").prefix(12), r.out.split(separator: "\n").prefix(12))
    }

    func testShowAndJSON() throws {
        let path = try demo()
        let show = try run(["show", "answer", "--db", path])
        XCTAssertEqual(show.status, 0)
        XCTAssertTrue(show.out.contains("Unique:\n  - (user_id, question_id)"), show.out)
        XCTAssertTrue(show.out.contains("(user_id) → app_user (id) on delete CASCADE"), show.out)
        let json = try run(["show", "hero_power_link", "--db", path, "--format", "json"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let model = try XCTUnwrap(object["model"] as? [String: Any])
        XCTAssertEqual(model["primary_key"] as? [String], ["hero_id", "power_id"])
        XCTAssertEqual((model["checks"] as? [[String: Any]])?.first?["name"] as? String, "ck_link_role")
        XCTAssertEqual(object["query_count"] as? Int, (object["statements"] as? [Any])?.count)
        XCTAssertNotNil(object["warnings"] as? [Any])
    }

    func testBadInputGetsOneSentence() throws {
        let path = try demo()
        let typo = try run(["show", "heroo", "--db", path])
        XCTAssertEqual(typo.status, 1)
        XCTAssertEqual(typo.err, "ormscope: There is no model named \"heroo\"; did you mean \"hero\"?\n")
        let missing = try run(["models", "--db", "/nonexistent/demo.sqlite", "--format", "json"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.out, #"{"error":"Could not connect: there is no SQLite database file at /nonexistent/demo.sqlite."}"# + "\n")
        let none = try run(["models"])
        XCTAssertEqual(none.err, "ormscope: No database given: pass --db URL|PATH or set DATABASE_URL.\n")
        let malformed = try run(["models", "--db", "postgresql://bob:TopSecret1@host:99999999/db"])
        XCTAssertEqual(malformed.status, 1)
        XCTAssertFalse(malformed.err.contains("TopSecret1"), malformed.err)
        XCTAssertTrue(malformed.err.hasPrefix("ormscope: "), malformed.err)
        XCTAssertEqual(malformed.err.split(separator: "\n").count, 1, "one sentence: \(malformed.err)")
        let again = try run(["create-demo", path])
        XCTAssertEqual(again.err, "ormscope: \(path) already exists; the demo is only created in a new file.\n")
    }
}

extension CLIGoldenTests {
    func testExplainLoadingShowsEachStrategysCount() throws {
        let path = try demo()
        let r = try run(["explain-loading", "team", "heroes", "--db", path, "--limit", "50"])
        XCTAssertEqual(r.status, 0, r.err)
        let lines = r.out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "team.heroes: 50 parents, \(lines[0].split(separator: " ")[3]) related rows")
        XCTAssertTrue(lines[2].hasPrefix("lazy      51"), lines[2])
        XCTAssertTrue(lines[3].hasPrefix("selectin  2 "), lines[3])
        XCTAssertTrue(lines[4].hasPrefix("joined    1 "), lines[4])
        XCTAssertTrue(r.out.contains("!! Potential N+1 on Team.heroes: lazy-loaded for 50 parents"), r.out)
        XCTAssertTrue(r.out.contains("   ... 48 more like it"), r.out)

        let json = try run(["explain-loading", "hero", "powers", "--db", path, "--limit", "10", "--format", "json"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let counts = (object["strategies"] as? [[String: Any]])?.map { $0["query_count"] as? Int }
        XCTAssertEqual(counts, [11, 2, 1])

        let bad = try run(["explain-loading", "team", "heros", "--db", path])
        XCTAssertEqual(bad.status, 1)
        XCTAssertEqual(bad.err, "ormscope: Model team has no relationship \"heros\"; did you mean \"heroes\"?\n")
    }
}
