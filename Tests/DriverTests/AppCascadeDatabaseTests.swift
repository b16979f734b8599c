import ORMCore
import TestSupport
import XCTest

/// What the application leaves to the database (SQLAlchemy's passive_deletes=True, Django's
/// DO_NOTHING) and what makes its delete fail (a NULL on a NOT NULL key) are in the preview of an
/// application-cascade delete before anyone confirms (a tester's preview left out the post and
/// comments the database's ON DELETE CASCADE then deleted, and promised a NULL the column refuses).
final class AppCascadeDatabaseTests: XCTestCase {
    /// T7: User.posts with passive_deletes and the database's ON DELETE CASCADE (posts, then their
    /// comments): the preview counts both, and the delete leaves what it said.
    func testThePreviewCountsWhatTheDatabasesOnDeleteTakes() throws {
        try eachBackend { db, backend in
            try db.prepare(["CREATE TABLE users (id integer PRIMARY KEY)",
                           "CREATE TABLE posts (id integer PRIMARY KEY, author_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE)",
                           "CREATE TABLE comments (id integer PRIMARY KEY, post_id integer NOT NULL REFERENCES posts (id) ON DELETE CASCADE)",
                           "INSERT INTO users VALUES (1), (2)", "INSERT INTO posts VALUES (1, 1), (2, 2)", "INSERT INTO comments VALUES (1, 1), (2, 1), (3, 2)"], models: """
                {"format": 1, "source": "python:app.models", "models": [{"class": "User", "table": "users", "relationships": [
                  {"name": "posts", "kind": "one-to-many", "target": "posts", "columns": ["author_id"], "cascade": ["all", "delete-orphan"], "passive_deletes": true}]}]}
                """)
            let s = try Session(db)
            let plan = try s.appCascadePlan("users", [.int(1)])
            XCTAssertEqual(plan.lines, ["level 0: users 1: delete (the row)",
                                        "left to the database: 1 posts row of User.posts (passive_deletes): deleted by the database's ON DELETE CASCADE of posts.author_id, and what refers to them: 2 comments rows by comments.post_id (CASCADE)."],
                           "[\(backend)]")
            XCTAssertNil(plan.failure)
            try s.deleteFollowingApp("users", [.int(1)])
            try s.commit()
            XCTAssertEqual(try [db.rowCount("users"), db.rowCount("posts"), db.rowCount("comments")], [1, 1, 1], "[\(backend)] what the preview said")
        }
    }

    /// The verifier's R7: a lazy="noload" collection is left to the database as passive_deletes is,
    /// and the preview says what its ON DELETE CASCADE takes.
    func testANoloadCollectionLeftToTheDatabaseIsCounted() throws {
        try eachBackend { db, backend in
            try db.prepare(["CREATE TABLE posts (id integer PRIMARY KEY)",
                           "CREATE TABLE comments (id integer PRIMARY KEY, post_id integer NOT NULL REFERENCES posts (id) ON DELETE CASCADE)",
                           "INSERT INTO posts VALUES (1), (2)", "INSERT INTO comments VALUES (1, 1), (2, 1), (3, 2)"], models: """
                {"format": 1, "source": "python:app.models", "models": [{"class": "Post", "table": "posts", "relationships": [
                  {"name": "comments", "kind": "one-to-many", "target": "comments", "columns": ["post_id"], "noload": true}]}]}
                """)
            let s = try Session(db)
            XCTAssertEqual(try s.appCascadePlan("posts", [.int(1)]).lines, ["level 0: posts 1: delete (the row)",
                           "left to the database: 2 comments rows of Post.comments (noload): deleted by the database's ON DELETE CASCADE of comments.post_id."],
                           "[\(backend)]")
            try s.deleteFollowingApp("posts", [.int(1)])
            try s.commit()
            XCTAssertEqual(try [db.rowCount("posts"), db.rowCount("comments")], [1, 1], "[\(backend)] what the preview said")
        }
    }

    /// T7, T17: Django's DO_NOTHING on a key without ON DELETE: the preview says the delete will
    /// fail and why, and the refusal (at COMMIT for a deferred key) names those rows.
    func testRowsLeftToAKeyWithoutOnDeleteAreSaidToFailTheDelete() throws {
        try eachBackend { db, backend in
            try db.prepare(["CREATE TABLE shelf (id integer PRIMARY KEY)",
                           "CREATE TABLE item (id integer PRIMARY KEY, shelf_id integer NOT NULL REFERENCES shelf (id) DEFERRABLE INITIALLY DEFERRED)",
                           "INSERT INTO shelf VALUES (1), (2)", "INSERT INTO item VALUES (1, 1), (2, 1)"], models: """
                {"format": 1, "source": "django:site.settings", "models": [{"class": "Shelf", "table": "shelf", "relationships": [
                  {"name": "items", "kind": "one-to-many", "target": "item", "columns": ["shelf_id"], "on_delete": "DO_NOTHING"}]}]}
                """)
            let s = try Session(db)
            let plan = try s.appCascadePlan("shelf", [.int(1)])
            let why = "2 item rows of Shelf.items (on_delete=DO_NOTHING) still refer to it, and the database's key item.shelf_id has no ON DELETE, so it refuses the delete, as it refuses the application's."
            XCTAssertEqual(plan.lines, ["level 0: shelf 1: delete (the row)", "will fail: " + why], "[\(backend)]")
            XCTAssertEqual(plan.failure, "it will fail: " + why.dropLast())
            XCTAssertEqual(try s.appCascadePlan("shelf", [.int(2)]).lines, ["level 0: shelf 2: delete (the row)"], "[\(backend)] no rows, nothing to say")
            XCTAssertThrowsError(try s.explainingAppRefusal(ofDeleting: "shelf", [.int(1)]) { try s.deleteFollowingApp("shelf", [.int(1)]); try s.commit() }) { e in
                XCTAssertEqual((e as? AppCascadeRefused)?.sentence, "The database's foreign key refused the delete: \(why) Nothing was deleted.", "[\(backend)] \(e)")
            }
            XCTAssertFalse(db.inTransaction, "[\(backend)]")
            XCTAssertEqual(try [db.rowCount("shelf"), db.rowCount("item")], [2, 2], "[\(backend)] nothing was deleted")
        }
    }

    /// T30: SQLAlchemy's default for a one-to-many without a delete cascade sets the children's key
    /// to NULL; on a NOT NULL column the preview says the delete fails, as the application's flush does.
    func testANullOnANotNullKeyIsSaidBeforeTheDelete() throws {
        try eachBackend { db, backend in
            try db.prepare(AppCascadeFixture.notNullOrders.schema, models: AppCascadeFixture.notNullOrders.models)
            let s = try Session(db)
            let plan = try s.appCascadePlan("customer", [.int(1)])
            let why = "1 orders row of Customer.orders would have customer_id set to NULL, which orders does not accept (NOT NULL): the delete fails, as the application's does."
            XCTAssertEqual(plan.lines.last, "will fail: " + why, "[\(backend)] \(plan.lines)")
            XCTAssertEqual(plan.failure, "it will fail: " + why.dropLast())
            XCTAssertThrowsError(try s.deleteFollowingApp("customer", [.int(1)]), "[\(backend)] as the preview said")
            try? s.rollback()
            XCTAssertEqual(try db.rowCount("orders"), 1, "[\(backend)]")
        }
    }
}
