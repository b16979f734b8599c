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
}
