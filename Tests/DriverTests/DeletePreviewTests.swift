import ORMCore
import TestSupport
import XCTest

/// A delete's preview against both real backends: one count per foreign key pointing at the row,
/// with what each ON DELETE does; then the deletes themselves agree with what the preview said.
final class DeletePreviewTests: XCTestCase {
    /// A parent `p` referenced through every ON DELETE, a deferred key, a CASCADE with two keys one
    /// level down, and a nullable key whose CHECK refuses NULL.
    static let schema = [
        "CREATE TABLE p (id integer PRIMARY KEY, name text)",
        "CREATE TABLE c_cascade (id integer PRIMARY KEY, p_id integer REFERENCES p (id) ON DELETE CASCADE)",
        "CREATE TABLE c_deferred (id integer PRIMARY KEY, p_id integer REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED)",
        "CREATE TABLE c_noaction (id integer PRIMARY KEY, p_id integer, CONSTRAINT fk_noaction_p FOREIGN KEY (p_id) REFERENCES p (id))",
        "CREATE TABLE c_restrict (id integer PRIMARY KEY, p_id integer NOT NULL REFERENCES p (id) ON DELETE RESTRICT)",
        "CREATE TABLE c_setdefault (id integer PRIMARY KEY, p_id integer DEFAULT NULL REFERENCES p (id) ON DELETE SET DEFAULT)",
        "CREATE TABLE c_setnull (id integer PRIMARY KEY, p_id integer REFERENCES p (id) ON DELETE SET NULL)",
        "CREATE TABLE c_zchecked (id integer PRIMARY KEY, p_id integer REFERENCES p (id), CONSTRAINT ck_has_parent CHECK (p_id IS NOT NULL))",
        "CREATE TABLE g_cascade (id integer PRIMARY KEY, c_id integer REFERENCES c_cascade (id) ON DELETE CASCADE)",
        "CREATE TABLE g_setnull (id integer PRIMARY KEY, c_id integer REFERENCES c_cascade (id) ON DELETE SET NULL)",
    ] + ["c_cascade", "c_deferred", "c_noaction", "c_restrict", "c_setnull", "c_zchecked"].map { "CREATE INDEX ix_\($0)_p ON \($0) (p_id)" }
        + ["CREATE INDEX ix_g_cascade_c ON g_cascade (c_id)"]

    func setUp(_ db: Database) throws -> Session {
        for sql in Self.schema { try db.execute(sql: sql) }
        try db.execute(sql: "INSERT INTO p (id, name) VALUES (1, 'one'), (2, 'two'), (3, 'three'), (4, 'four'), (5, 'five'), (6, 'six')")
        return try Session(db)
    }

    func insert(_ db: Database, _ table: String, _ rows: [(Int, Int)], column: String = "p_id") throws {
        for (id, parent) in rows { try db.execute(sql: "INSERT INTO \(table) (id, \(column)) VALUES (\(id), \(parent))") }
    }

    func count(_ db: Database, _ sql: String) throws -> Int {
        if case .int(let n)? = try db.fetchAll(CompiledSQL(sql)).first?[0] { return Int(n) }
        return -1
    }

    func testIntrospectionReadsDeferrability() throws {
        try eachBackend { db, backend in
            let session = try setUp(db)
            let deferred = try XCTUnwrap(session.registry.model(named: "c_deferred")?.foreignKeys.first)
            XCTAssertTrue(deferred.isDeferrable && deferred.isInitiallyDeferred, "[\(backend)]")
            XCTAssertEqual(deferred.deferrability, "DEFERRABLE INITIALLY DEFERRED")
            for name in ["c_noaction", "c_restrict", "c_cascade", "c_setnull"] {
                let fk = try XCTUnwrap(session.registry.model(named: name)?.foreignKeys.first)
                XCTAssertFalse(fk.isDeferrable || fk.isInitiallyDeferred, "[\(backend)] \(name)")
            }
        }
    }

    func testPreviewCountsEveryKeyAndSaysWhatTheDatabaseWillDo() throws {
        try eachBackend { db, backend in
            let session = try setUp(db)
            try insert(db, "c_noaction", [(1, 1), (2, 1)])
            try insert(db, "c_restrict", [(1, 1)])
            try insert(db, "c_cascade", [(1, 1), (2, 1), (3, 1), (4, 2)])
            try insert(db, "g_cascade", [(1, 1), (2, 2), (3, 4)], column: "c_id")
            try insert(db, "g_setnull", [(1, 3), (2, 3)], column: "c_id")
            try insert(db, "c_setnull", [(1, 1), (2, 1)])
            try insert(db, "c_setdefault", [(1, 1)])
            try insert(db, "c_deferred", [(1, 1), (2, 1), (3, 2)])

            let preview = try db.withAction("preview") { try session.deletePreview("p", [1]) }
            XCTAssertEqual(preview.lines, [
                "c_cascade.p_id (CASCADE): 3 rows refer to it; they are deleted too",
                "  then g_cascade.c_id (CASCADE): 2 rows refer to those; they are deleted too",
                "  then g_setnull.c_id (SET NULL): 2 rows refer to those; their c_id is set to NULL",
                "c_deferred.p_id (NO ACTION, DEFERRABLE INITIALLY DEFERRED): 2 rows refer to it; the delete fails at COMMIT, not at the statement",
                "c_noaction.p_id (NO ACTION): 2 rows refer to it; the database refuses the delete",
                "c_restrict.p_id (RESTRICT): 1 row refers to it; the database refuses the delete",
                "c_setdefault.p_id (SET DEFAULT): 1 row refers to it; its p_id is set to its default (which must refer to an existing row)",
                "c_setnull.p_id (SET NULL): 2 rows refer to it; their p_id is set to NULL",
                "c_zchecked.p_id (NO ACTION): no rows refer to it",
            ], "[\(backend)]")
            XCTAssertTrue(preview.isRefused)
            XCTAssertEqual(preview.nullifiable, [], "[\(backend)] c_restrict.p_id is NOT NULL: setting it to NULL cannot help")
            XCTAssertEqual(preview.unindexed.map(\.label), ["g_setnull.c_id", "c_setdefault.p_id"])
            XCTAssertEqual(preview.references.first { $0.model == "c_noaction" }?.constraint, backend == .postgres ? "fk_noaction_p" : nil)

            // Every statement is logged as a delete preview: the row, then one count per key.
            let events = db.log.events(for: "preview")
            XCTAssertEqual(events.count, 1 + 7 + 2, "[\(backend)]")
            XCTAssertTrue(events.allSatisfy { $0.cause == .deletePreview && $0.cause.summary == "delete preview" })
            let p = backend == .postgres ? "$1" : "?"
            XCTAssertTrue(events.contains { $0.sql == #"SELECT count(*) FROM "c_setnull" WHERE "p_id" = \#(p)"# }, "\(events.map(\.sql))")
            XCTAssertTrue(events.contains { $0.sql == #"SELECT count(*) FROM "g_cascade" WHERE "c_id" IN (SELECT "id" FROM "c_cascade" WHERE "p_id" = \#(p))"# },
                          "\(events.map(\.sql))")
            XCTAssertEqual(try count(db, "SELECT count(*) FROM c_noaction"), 2, "a preview writes nothing")

            // A row referred to only through nullable NO ACTION keys can set them to NULL first.
            try insert(db, "c_noaction", [(3, 3), (4, 3)])
            let three = try session.deletePreview("p", [3])
            XCTAssertEqual(three.nullifiable.map(\.label), ["c_noaction.p_id"])
            XCTAssertEqual(three.nullifiableCount, 2)
            XCTAssertEqual(three.summary, "c_noaction.p_id: 2 refuse it")
            XCTAssertThrowsError(try session.deletePreview("p", [99])) { error in
                XCTAssertEqual((error as? any UserFacingError)?.sentence, "No p row has id = 99; nothing was changed.")
            }
        }
    }

    func testDeletesDoWhatThePreviewSaid() throws {
        try eachBackend { db, backend in
            let session = try setUp(db)
            // CASCADE with one level down, and SET NULL: the counts the preview gave are what happens.
            try insert(db, "c_cascade", [(1, 6), (2, 6)])
            try insert(db, "g_cascade", [(1, 1), (2, 1), (3, 2)], column: "c_id")
            try insert(db, "c_setnull", [(1, 6)])
            let preview = try session.deletePreview("p", [6])
            XCTAssertFalse(preview.isRefused)
            XCTAssertEqual(preview.summary, "c_cascade.p_id: 2 deleted too; g_cascade.c_id: 3 deleted too; c_setnull.p_id: 1 set to NULL")
            try session.explainingRefusal(ofDeleting: "p", [6]) {
                try session.delete(try session.require("p", [6]))
                try session.commit()
            }
            XCTAssertEqual(try count(db, "SELECT count(*) FROM c_cascade"), 0)
            XCTAssertEqual(try count(db, "SELECT count(*) FROM g_cascade"), 0)
            XCTAssertEqual(try count(db, "SELECT count(*) FROM c_setnull WHERE p_id IS NULL"), 1)

            // A deferred key refuses at COMMIT: one sentence naming the table and key, and nothing changed.
            try insert(db, "c_deferred", [(1, 2)])
            XCTAssertThrowsError(try session.explainingRefusal(ofDeleting: "p", [2]) {
                try session.delete(try session.require("p", [2]))
                try session.flush()
                XCTAssertTrue(db.inTransaction, "[\(backend)] the DELETE itself passes")
                try session.commit()
            }) { error in
                XCTAssertTrue(error is DeleteRefusedError, "[\(backend)] \(error)")
                XCTAssertEqual((error as? any UserFacingError)?.sentence, "Cannot delete p 2: 1 c_deferred row through c_deferred.p_id (\(backend == .postgres ? "c_deferred_p_id_fkey, " : "")NO ACTION, DEFERRABLE INITIALLY DEFERRED) still refers to it; set their p_id to NULL first (N in the explorer, --nullify-children on the command line), or delete them; nothing was deleted.")
            }
            XCTAssertFalse(db.inTransaction, "[\(backend)] rolled back, even where SQLite keeps a failed COMMIT's transaction open")
            XCTAssertEqual(try count(db, "SELECT count(*) FROM p WHERE id = 2"), 1)
            XCTAssertEqual(try count(db, "SELECT count(*) FROM c_deferred WHERE p_id = 2"), 1)

            // Nullify children: their keys NULL, the parent gone, one transaction, logged as flush.
            try insert(db, "c_noaction", [(1, 3), (2, 3)])
            try insert(db, "c_deferred", [(2, 3)])
            let changed = try db.withAction("nullify") { () -> Int in
                let n = try session.deleteNullifyingChildren("p", [3])
                try session.commit()
                return n
            }
            XCTAssertEqual(changed, 3)
            XCTAssertEqual(try count(db, "SELECT count(*) FROM p WHERE id = 3"), 0)
            XCTAssertEqual(try count(db, "SELECT count(*) FROM c_noaction WHERE p_id IS NULL"), 2)
            XCTAssertEqual(try count(db, "SELECT count(*) FROM c_deferred WHERE id = 2 AND p_id IS NULL"), 1)
            let writes = db.log.events(for: "nullify").filter { $0.cause != .transaction && $0.cause != .query }
            XCTAssertTrue(writes.allSatisfy { if case .flush = $0.cause { return true } else { return false } }, "\(writes.map(\.cause))")
            XCTAssertTrue(writes.last?.sql.hasPrefix(#"DELETE FROM "p""#) == true)

            // A NOT NULL key cannot be set to NULL: one sentence, and nothing changed.
            try insert(db, "c_restrict", [(1, 4)])
            XCTAssertThrowsError(try session.deleteNullifyingChildren("p", [4])) { error in
                let sentence = (error as? any UserFacingError)?.sentence ?? "\(error)"
                XCTAssertTrue(sentence.hasPrefix("Cannot set c_restrict.p_id to NULL before deleting p 4: "), "[\(backend)] \(sentence)")
                XCTAssertTrue(sentence.hasSuffix("; delete or re-point those rows first; nothing was changed."), sentence)
            }
            XCTAssertFalse(db.inTransaction)
            XCTAssertEqual(try count(db, "SELECT count(*) FROM p WHERE id = 4"), 1)
            XCTAssertEqual(try count(db, "SELECT count(*) FROM c_restrict WHERE p_id = 4"), 1)

            // A CHECK stops the second UPDATE: the first is rolled back with it.
            try insert(db, "c_noaction", [(5, 5)])
            try insert(db, "c_zchecked", [(1, 5)])
            XCTAssertThrowsError(try session.deleteNullifyingChildren("p", [5])) { error in
                let sentence = (error as? any UserFacingError)?.sentence ?? "\(error)"
                XCTAssertTrue(sentence.hasPrefix("Cannot set c_zchecked.p_id to NULL before deleting p 5: Check constraint"), "[\(backend)] \(sentence)")
            }
            XCTAssertEqual(try count(db, "SELECT count(*) FROM c_noaction WHERE id = 5 AND p_id = 5"), 1, "[\(backend)] the first UPDATE rolled back")
            XCTAssertEqual(try count(db, "SELECT count(*) FROM p WHERE id = 5"), 1)
            // The session still works after it.
            XCTAssertEqual(try session.count("p"), 4)
        }
    }
}
