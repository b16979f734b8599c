import Foundation
import ORMCore
import TestSupport
import XCTest

/// The names frameworks give, as a user types them on the command line: Prisma's quoted PascalCase
/// tables and camelCase keys (`"authorId"` is the relationship `author`), on both backends.
final class FrameworkNamesCLITests: XCTestCase {
    func testAPrismaFilterNamesTheRelationshipAsItsSchemaDoes() throws {
        for backend in Backend.allCases {
            guard let location = try location(backend) else { continue }
            let db = Database(try connect(location))
            try FrameworkSchema.prisma.create(on: db, backend)
            db.close()
            let bob = try CLIGoldenTests.run(["count", "Post", "--db", location, "--where", #"author.name = "Bob""#, "--format", "csv"])
            XCTAssertEqual(bob.status, 0, "[\(backend)] \(bob.err)")
            XCTAssertEqual(bob.out, "count\r\n1\r\n", "[\(backend)]")
            let ada = try CLIGoldenTests.run(["follow", "User", "1", "Posts", "--db", location, "--format", "csv"])
            XCTAssertEqual(ada.status, 0, "[\(backend)] \(ada.err)")
            XCTAssertEqual(ada.out.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",")[1] }, ["Hello", "Swift"], "[\(backend)] \(ada.out)")
            let tagged = try CLIGoldenTests.run(["count", "Post", "--db", location, "--where", #"Categories.name = "tech""#, "--format", "csv"])
            XCTAssertEqual(tagged.out, "count\r\n2\r\n", "[\(backend)] \(tagged.err)")
            // The implicit link table has no primary key: an upsert without a target says what to name.
            let upsert = try CLIGoldenTests.run(["upsert", "_CategoryToPost", "--db", location, "--set", "A=1", "--set", "B=3"])
            XCTAssertEqual(upsert.err, "ormscope: _CategoryToPost has no primary key to default to: name the conflict target, one of: (A, B).\n", "[\(backend)]")
            let linked = try CLIGoldenTests.run(["upsert", "_CategoryToPost", "--db", location, "--set", "A=1", "--set", "B=3", "--on-conflict", "A,B"])
            XCTAssertEqual(linked.status, 0, "[\(backend)] \(linked.err)")
            // `get` and `follow` address such a row by every value, as update and delete do.
            let got = try CLIGoldenTests.run(["get", "_CategoryToPost", "2,3", "--db", location, "--format", "csv"])
            XCTAssertEqual(got.out, "A,B\r\n2,3\r\n", "[\(backend)] \(got.err)")
            let none = try CLIGoldenTests.run(["get", "_CategoryToPost", "3,3", "--db", location])
            XCTAssertEqual(none.err, "ormscope: No _CategoryToPost row has A, B = 3,3.\n", "[\(backend)]")
            let post = try CLIGoldenTests.run(["follow", "_CategoryToPost", "2,3", "Post", "--db", location, "--format", "csv"])
            XCTAssertTrue(post.out.hasSuffix("\r\n3,Rust,2,\r\n"), "[\(backend)] \(post.out) \(post.err)")
        }
    }

    /// `--infer-keys` (or `infer_keys = true` in the config) follows Rails' `*_id` names where the
    /// database has no foreign keys; `show` says each such key is inferred and enforced by nothing.
    func testInferKeysFollowsRailsNamesOnTheCommandLine() throws {
        let location = try XCTUnwrap(try location(.sqlite))
        let db = Database(try connect(location))
        try FrameworkSchema.railsWithoutKeys.create(on: db, .sqlite)
        db.close()
        let without = try CLIGoldenTests.run(["follow", "users", "1", "orders", "--db", location])
        XCTAssertEqual(without.status, 1)
        XCTAssertTrue(without.err.contains("users has no relationship"), without.err)
        let followed = try CLIGoldenTests.run(["follow", "users", "1", "orders", "--db", location, "--infer-keys", "--format", "csv"])
        XCTAssertEqual(followed.status, 0, followed.err)
        XCTAssertEqual(followed.out, "id,user_id,product_id,quantity\r\n1,1,1,2\r\n2,1,3,1\r\n")
        let show = try CLIGoldenTests.run(["show", "orders", "--db", location, "--infer-keys"])
        XCTAssertTrue(show.out.contains("(user_id) → users (id) inferred from its name (--infer-keys): no constraint, the database enforces nothing"), show.out)
        // The config's key does the same.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("config").path
        try "infer_keys = true\n".write(toFile: config, atomically: true, encoding: .utf8)
        let configured = try CLIGoldenTests.run(["count", "orders", "--db", location, "--where", #"user.email = "a@x""#, "--format", "csv"],
                                                env: ["ORMSCOPE_CONFIG": config])
        XCTAssertEqual(configured.out, "count\r\n2\r\n", configured.err)
    }

    /// A column named as the relationship would be (`player.team` beside `team_id`) makes the
    /// relationship `team_rel`: a filter or --load that says `team` is told that name.
    func testARelationshipRenamedByAColumnIsSuggested() throws {
        let location = try XCTUnwrap(try location(.sqlite))
        let db = Database(try connect(location))
        for s in ["CREATE TABLE team (id integer PRIMARY KEY, name text)",
                  "CREATE TABLE player (id integer PRIMARY KEY, team text, team_id integer REFERENCES team (id))",
                  "INSERT INTO team VALUES (1, 'A')", "INSERT INTO player VALUES (1, 'legacy text', 1)"] { try db.execute(sql: s) }
        db.close()
        let filter = try CLIGoldenTests.run(["rows", "player", "--db", location, "--where", #"team.name = "A""#])
        XCTAssertEqual(filter.err, "ormscope: Filter error at column 1: player has no relationship team; did you mean team_rel?\n")
        let load = try CLIGoldenTests.run(["rows", "player", "--db", location, "--load", "team:selectin"])
        XCTAssertEqual(load.err, "ormscope: Model player has no relationship \"team\"; did you mean \"team_rel\"?\n")
        let right = try CLIGoldenTests.run(["count", "player", "--db", location, "--where", #"team_rel.name = "A""#, "--format", "csv"])
        XCTAssertEqual(right.out, "count\r\n1\r\n", right.err)
    }
}
