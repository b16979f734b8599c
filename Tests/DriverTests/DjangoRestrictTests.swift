import ORMCore
import TestSupport
import XCTest

/// Django's on_delete=RESTRICT, as its documentation's example has it (Artist, Album, Song): a
/// restricted row refuses the delete only when the delete does not delete it by another way (a
/// CASCADE from another parent, a fast delete). A tester's `delete --models` refused the artist that
/// Django deletes, with its album and both songs.
final class DjangoRestrictTests: XCTestCase {
    static let models = """
        {"format": 1, "source": "django:site.settings", "models": [
          {"class": "Artist", "table": "artist", "relationships": [
            {"name": "album_set", "kind": "one-to-many", "target": "album", "columns": ["artist_id"], "on_delete": "CASCADE"},
            {"name": "song_set", "kind": "one-to-many", "target": "song", "columns": ["artist_id"], "on_delete": "CASCADE"}]},
          {"class": "Album", "table": "album", "relationships": [
            {"name": "song_set", "kind": "one-to-many", "target": "song", "columns": ["album_id"], "on_delete": "RESTRICT"}]},
          {"class": "Song", "table": "song", "relationships": []}
        ]}
        """

    func testARestrictedRowTheDeleteDeletesAnywayDoesNotRefuseIt() throws {
        try eachBackend { db, backend in
            for sql in ["CREATE TABLE artist (id integer PRIMARY KEY)",
                        "CREATE TABLE album (id integer PRIMARY KEY, artist_id integer NOT NULL REFERENCES artist (id))",
                        "CREATE TABLE song (id integer PRIMARY KEY, artist_id integer NOT NULL REFERENCES artist (id), album_id integer NOT NULL REFERENCES album (id))",
                        // artist_one, artist_two; album_one (artist one), album_two (artist two);
                        // song_one (artist one, album one), song_two (artist one, album two).
                        "INSERT INTO artist VALUES (1), (2)", "INSERT INTO album VALUES (1, 1), (2, 2)", "INSERT INTO song VALUES (1, 1, 1), (2, 1, 2)"] {
                try db.execute(sql: sql)
            }
            db.appModels = try AppModels.parse(Self.models, file: "models.json")
            let s = try Session(db)
            func count(_ table: String) throws -> Int {
                if case .int(let n)? = try db.fetchAll(CompiledSQL("SELECT count(*) FROM \(table)")).first?[0] { return Int(n) }
                return -1
            }
            // album_one.delete() and artist_two.delete(): RestrictedError in Django.
            XCTAssertEqual(try s.appCascadePlan("album", [1]).refusal,
                           "Album.song_set protects 1 song row (on_delete=RESTRICT) that this delete does not delete by another way: nothing was deleted.", "[\(backend)]")
            XCTAssertNotNil(try s.appCascadePlan("artist", [2]).refusal, "[\(backend)] song_two is artist one's")
            // artist_one.delete(): (4, {'Song': 2, 'Album': 1, 'Artist': 1}).
            let plan = try s.deleteFollowingApp("artist", [1])
            try s.commit()
            XCTAssertNil(plan.refusal, "[\(backend)]")
            XCTAssertEqual(try [count("artist"), count("album"), count("song")], [1, 1, 0], "[\(backend)]")
        }
    }

    /// SET_DEFAULT writes the application's default, which a models file does not give: the
    /// database's key then refuses the delete, and the sentence says why (it read as a bare
    /// "Foreign key violated" to a tester), with nothing deleted.
    func testSetDefaultTheDatabaseRefusesIsSaidAsThat() throws {
        try eachBackend { db, backend in
            for sql in ["CREATE TABLE label (id integer PRIMARY KEY)",
                        "CREATE TABLE record (id integer PRIMARY KEY, label_id integer NOT NULL DEFAULT 1 REFERENCES label (id))",
                        "INSERT INTO label VALUES (1), (2)", "INSERT INTO record VALUES (1, 2)"] {
                try db.execute(sql: sql)
            }
            db.appModels = try AppModels.parse("""
                {"format": 1, "source": "django:site.settings", "models": [{"class": "Label", "table": "label", "relationships": [
                  {"name": "record_set", "kind": "one-to-many", "target": "record", "columns": ["label_id"], "on_delete": "SET_DEFAULT"}]}]}
                """, file: "models.json")
            let s = try Session(db)
            XCTAssertThrowsError(try s.deleteFollowingApp("label", [2])) { e in
                XCTAssertEqual((e as? AppCascadeRefused)?.sentence,
                               "The database's foreign key refused the delete, where the application would first do what ormscope cannot apply: the record rows of Label.record_set (on_delete=SET_DEFAULT is the application's to apply; the database's ON DELETE applies instead). Nothing was deleted.", "[\(backend)] \(e)")
            }
            XCTAssertFalse(db.inTransaction, "[\(backend)] rolled back")
            if case .int(let n)? = try db.fetchAll(CompiledSQL("SELECT count(*) FROM label")).first?[0] { XCTAssertEqual(n, 2, "[\(backend)]") }
        }
    }
}
