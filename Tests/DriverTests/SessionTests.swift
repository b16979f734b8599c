import DemoDatabase
import ORMCore
import TestSupport
import XCTest

struct Hero: TableModel, Equatable, Sendable {
    static let tableName = "hero"
    static let validations: [ValidationRule] = [.range("age", 0...10_000), .minLength("name", 1)]
    var id: Int
    var name: String
    var secret_name: String
    var age: Int?
    var team_id: Int?
}

struct HeroCreate: CreateModel, Sendable {
    typealias Table = Hero
    var name: String
    var secret_name: String
    var age: Int?
    var team_id: Int?
}

/// Every field optional: only what is set is written. `Int??` tells "set to NULL" from "unset".
struct HeroUpdate: UpdateModel, Sendable {
    typealias Table = Hero
    var name: String?
    var age: Int??
    var team_id: Int??
}

/// The unit of work on both backends: identity map, flush order, commit, expiry, rollback,
/// and a failed flush that leaves nothing half-written.
final class SessionTests: XCTestCase {
    func session(_ db: Database, expireOnCommit: Bool = true) throws -> Session {
        try DemoDatabase.create(on: db, size: .small)
        return try Session(db, expireOnCommit: expireOnCommit)
    }

    func testIdentityMapAnswersWithoutSQL() throws {
        try eachBackend { db, backend in
            let s = try session(db)
            let (a, b) = try db.withAction("get twice") { (try s.get("hero", [1]), try s.get("hero", [1])) }
            XCTAssertTrue(a === b)
            XCTAssertEqual(db.log.count(for: "get twice"), 1, "[\(backend)] the second get is served by the identity map")
            let sql = db.log.events(for: "get twice")[0].sql
            XCTAssertEqual(sql, backend == .sqlite ? #"SELECT * FROM "hero" WHERE "id" = ?"# : #"SELECT * FROM "hero" WHERE "id" = $1"#)
        }
    }

    func testFlushWritesOnlyChangedColumnsAndCommitExpires() throws {
        try eachBackend { db, backend in
            let s = try session(db)
            let hero = try XCTUnwrap(s.get("hero", [2]))
            try db.withAction("edit") {
                try hero.set("age", 41)
                try s.commit()
            }
            let edit = db.log.events(for: "edit")
            XCTAssertEqual(edit.map(\.sql), ["BEGIN", backend == .sqlite ? #"UPDATE "hero" SET "age" = ? WHERE "id" = ?"# : #"UPDATE "hero" SET "age" = $1 WHERE "id" = $2"#, "COMMIT"])
            XCTAssertEqual(edit[1].cause, .flush(.update, table: "hero"))
            XCTAssertEqual(edit[1].params, [41, 2])
            XCTAssertTrue(hero.isExpired)
            // Touching an attribute after commit runs SQL, and says why.
            let age = try db.withAction("read after commit") { try hero.get("age") }
            XCTAssertEqual(age, 41)
            XCTAssertEqual(db.log.events(for: "read after commit").map(\.cause), [.refreshExpired(table: "hero", key: "hero 2")])
            _ = try db.withAction("read again") { try hero.get("name") }
            XCTAssertEqual(db.log.count(for: "read again"), 0)
        }
    }

    func testExpireOnCommitOffKeepsObjectsLoaded() throws {
        try eachBackend { db, _ in
            let s = try session(db, expireOnCommit: false)
            let hero = try XCTUnwrap(s.get("hero", [3]))
            try hero.set("name", "Renamed")
            try s.commit()
            _ = try db.withAction("after commit") { try hero.get("name") }
            XCTAssertEqual(db.log.count(for: "after commit"), 0)
        }
    }

    func testInsertOrderFollowsForeignKeysAndReturnsGeneratedValues() throws {
        try eachBackend { db, backend in
            let s = try session(db)
            // The child is added before its parent: the flush still inserts the parent first. (A new
            // team's id is unknown before its insert, so the child refers to an existing team here and
            // a new employee refers to a manager inserted in the same flush.)
            let hero = try s.new("hero", ["name": "Newbie", "secret_name": "N", "team_id": 1])
            let team = try s.new("team", ["name": "New Team"])
            let power = try s.new("power", ["name": "new power"])
            try db.withAction("flush") { try s.flush() }
            let tables = db.log.events(for: "flush").compactMap { e -> String? in
                if case .flush(.insert, let t) = e.cause { return t } else { return nil }
            }
            XCTAssertEqual(tables.count, 3)
            XCTAssertLessThan(tables.firstIndex(of: "team")!, tables.firstIndex(of: "hero")!, "[\(backend)] \(tables)")
            XCTAssertNotEqual(try team.get("id"), .null)
            XCTAssertNotEqual(try hero.get("id"), .null, "[\(backend)] RETURNING gave the id")
            XCTAssertNotEqual(try hero.get("created_at"), .null, "[\(backend)] and the default")
            XCTAssertEqual(hero.state, .persistent)
            try s.commit()
            XCTAssertEqual(try s.count("hero", where: .col("name").equals("Newbie")), 1)
            XCTAssertEqual(power.state, .persistent)
        }
    }

    func testFailedFlushRollsBackEverythingAndKeepsChanges() throws {
        try eachBackend { db, backend in
            let s = try session(db)
            let before = try s.count("team")
            let hero = try XCTUnwrap(s.get("hero", [1]))  // before adding: a get autoflushes, as in SQLAlchemy
            let ok = try s.new("team", ["name": "Fresh"])
            let dup = try s.new("team", ["name": "Avengers"])  // exists
            try hero.set("age", 99)
            XCTAssertThrowsError(try s.flush()) { e in
                let d = e as? DatabaseError
                XCTAssertEqual(d?.kind, .uniqueViolation, "[\(backend)]")
                XCTAssertEqual(d?.columns, ["name"])
            }
            XCTAssertFalse(db.inTransaction, "[\(backend)] rolled back")
            XCTAssertEqual(ok.state, .pending, "[\(backend)] the good row waits again")
            XCTAssertEqual(dup.state, .pending)
            XCTAssertEqual(hero.changedFields, ["age"], "the edit is kept")
            // Nothing half-written: read back with a fresh session.
            let fresh = try Session(db, registry: s.registry)
            XCTAssertEqual(try fresh.count("team"), before)
            XCTAssertEqual(try fresh.count("team", where: .col("name").equals("Fresh")), 0)
            // Still usable: fix the value and flush again.
            try dup.set("name", "Avengers 2")
            try s.commit()
            XCTAssertEqual(try fresh.count("team"), before + 2)
            XCTAssertEqual(try fresh.get("hero", [1])?.get("age"), 99)
        }
    }

    func testStaleUpdateAndDeleteAreReported() throws {
        try eachBackend { db, _ in
            let s = try session(db)
            let hero = try XCTUnwrap(s.get("hero", [5]))
            try db.execute(.delete(Delete(from: TableRef("hero"), where: .keyEquals(["id"], [5]))))  // someone else
            try hero.set("age", 1)
            XCTAssertThrowsError(try s.flush()) { e in
                XCTAssertEqual(e as? SessionError, .staleData(operation: "update", identity: "hero 5"))
            }
        }
    }

    func testDeleteAndRollback() throws {
        try eachBackend { db, backend in
            let s = try session(db)
            let power = try XCTUnwrap(s.get("power", [1]))
            try s.delete(power)
            let pending = try s.new("power", ["name": "never"])
            try s.flush()
            XCTAssertEqual(power.state, .detached)
            try s.rollback()
            XCTAssertEqual(pending.state, .detached, "[\(backend)] pending rows leave the session on rollback")
            XCTAssertEqual(try s.count("power", where: .col("id").equals(1)), 1, "[\(backend)] the delete was rolled back")
            XCTAssertEqual(try s.count("power", where: .col("name").equals("never")), 0)
        }
    }

    func testValidationRunsBeforeAnySQL() throws {
        try eachBackend { db, _ in
            let s = try session(db)
            let n = db.log.totalCount
            XCTAssertThrowsError(try s.new("hero", ["name": .text(String(repeating: "x", count: 101))])) { e in
                XCTAssertEqual((e as? ValidationError)?.problems.map(\.field).sorted(), ["name", "secret_name"])
            }
            XCTAssertThrowsError(try s.insert(HeroCreate(name: "ok", secret_name: "s", age: -3))) { e in
                XCTAssertEqual((e as? ValidationError)?.sentence, "Cannot write hero: age must be between 0 and 10000; nothing was written.")
            }
            XCTAssertThrowsError(try s.get("hero", [1])!.set("nmae", "x")) { e in
                XCTAssertEqual((e as? SchemaError)?.sentence, "Model hero has no field \"nmae\"; did you mean \"name\"?")
            }
            XCTAssertEqual(db.log.totalCount, n + 1, "only the get ran")
        }
    }

    func testTypedCreateReadAndPartialUpdate() throws {
        try eachBackend { db, backend in
            let s = try session(db)
            let created = try s.insert(HeroCreate(name: "Typed 孙悟空", secret_name: "T", age: 30, team_id: 1))
            XCTAssertGreaterThan(created.id, 0)
            try s.commit()
            try db.withAction("partial update") {
                _ = try s.update(Hero.self, key: [.int(Int64(created.id))], HeroUpdate(age: .some(nil)))
            }
            let update = db.log.events(for: "partial update").first { if case .flush = $0.cause { return true } else { return false } }
            XCTAssertEqual(update?.sql, backend == .sqlite ? #"UPDATE "hero" SET "age" = ? WHERE "id" = ?"# : #"UPDATE "hero" SET "age" = $1 WHERE "id" = $2"#,
                           "only the set field is written")
            XCTAssertEqual(update?.params, [.null, .int(Int64(created.id))])
            try s.commit()
            let read = try XCTUnwrap(s.get(Hero.self, .int(Int64(created.id))))
            XCTAssertEqual(read, Hero(id: created.id, name: "Typed 孙悟空", secret_name: "T", age: nil, team_id: 1))
            let some = try s.all(Hero.self, where: .col("team_id").equals(1), orderBy: [OrderTerm(.col("id"))], limit: 3)
            XCTAssertEqual(some.count, 3)
            XCTAssertEqual(try s.exists("hero", where: .col("name").equals("Typed 孙悟空")), true)
        }
    }

    func testUpsertOnAUniquePair() throws {
        try eachBackend { db, backend in
            let s = try session(db)
            let answer = try XCTUnwrap(s.query("answer", limit: 1).first)
            let user = try answer.get("user_id"), question = try answer.get("question_id")
            let before = try s.count("answer")
            let upsert = Insert.upsert(into: TableRef("answer"), columns: ["id", "user_id", "question_id", "value"],
                                       rows: [[.uuid(UUID()), user, question, "changed"]],
                                       conflictTarget: ["user_id", "question_id"], update: ["value"], returning: .all)
            let rows = try db.fetchAll(.insert(upsert), cause: .flush(.upsert, table: "answer"))
            XCTAssertEqual(rows.first?["value"], "changed")
            XCTAssertEqual(rows.first?["id"], try answer.get("id"), "[\(backend)] the existing row was updated")
            XCTAssertEqual(try s.count("answer"), before)
        }
    }

    func testAsyncSessionUsesTheSameCore() async throws {
        for backend in Backend.allCases {
            guard let location = try location(backend) else { continue }
            let db = Database(try connect(location))
            try DemoDatabase.create(on: db, size: .small)
            db.close()
            // The actor takes a connection nobody else holds: handing it `db.connection` does not compile.
            let s = try AsyncSession(try connect(location))
            let hero = try await s.get(Hero.self, 1)
            XCTAssertEqual(hero?.id, 1)
            let made = try await s.insert(HeroCreate(name: "Async", secret_name: "A"))
            try await s.commit()
            let back = try await s.run { session in try session.get(Hero.self, .int(Int64(made.id)))?.name }
            XCTAssertEqual(back, "Async")
            let n = await s.statements.count
            XCTAssertGreaterThan(n, 3)
        }
    }
}

extension SessionTests {
    func testConflictDetectionNeverOverwritesAnotherWriter() throws {
        try eachBackend { db, backend in
            let s = try session(db)
            s.detectConflicts = true
            let hero = try XCTUnwrap(s.get("hero", [4]))
            // Someone else changes the row after it was read.
            try db.execute(.update(Update(table: TableRef("hero"), set: [Assignment("age", .value(77))], where: .keyEquals(["id"], [4]))))
            try hero.set("age", 12)
            XCTAssertThrowsError(try s.flush()) { e in
                XCTAssertEqual(e as? SessionError, .conflict(identity: "hero 4", fields: ["age"]), "[\(backend)]")
            }
            XCTAssertEqual(hero.changedFields, ["age"], "the user's change is kept")
            XCTAssertEqual(try Session(db, registry: s.registry).get("hero", [4])?.get("age"), 77, "theirs stays")
            // Refresh, change again: now it goes through, guarded by the value just read.
            try s.refresh(hero)
            try hero.set("age", 12)
            try db.withAction("guarded") { try s.commit() }
            XCTAssertTrue(db.log.events(for: "guarded").contains { $0.sql.contains(db.dialect.nullSafeEqual) })
        }
    }

    func testUpsertOnPrimaryKeyAndUniqueConstraint() throws {
        try eachBackend { db, backend in
            let s = try session(db)
            let before = try s.count("team")
            let t = try s.upsert("team", ["id": 1, "name": "Renamed", "headquarters": "HQ"], conflictTarget: ["id"])
            XCTAssertEqual(t["name"], "Renamed")
            let t2 = try s.upsert("team", ["name": "Brand New"], conflictTarget: ["name"])
            XCTAssertNotEqual(t2["id"], .null)
            try s.commit()
            XCTAssertEqual(try s.count("team"), before + 1, "[\(backend)]")
            XCTAssertEqual(try s.get("team", [1])?.get("headquarters"), "HQ")
            XCTAssertThrowsError(try s.upsert("team", ["name": "X"], conflictTarget: ["headquarters"]))
        }
    }
}

extension SessionTests {
    /// Inside an open transaction a failed write rolls back to its savepoint: earlier work stays.
    func testAFailedWriteInsideATransactionKeepsEarlierWork() throws {
        try eachBackend { db, backend in
            let s = try session(db)
            _ = try s.new("team", ["name": "Kept"])
            try s.flush()  // opens the transaction
            XCTAssertTrue(db.inTransaction)
            _ = try s.new("team", ["name": "Avengers"])  // a duplicate
            XCTAssertThrowsError(try s.flush())
            XCTAssertTrue(db.inTransaction, "[\(backend)] the transaction is still open")
            try s.rollback()  // drop the failed pending row
            _ = try s.new("team", ["name": "Also kept"])
            try s.commit()
            // Rollback ended the first transaction, so "Kept" went with it; the point is the failed
            // flush did not: check the savepoint statements instead, and that the session works on.
            XCTAssertTrue(db.log.events.contains { $0.sql.hasPrefix("ROLLBACK TO SAVEPOINT") }, "[\(backend)]")
            XCTAssertEqual(try s.count("team", where: .col("name").equals("Also kept")), 1)
        }
    }

    func testEarlierFlushSurvivesALaterFailedOneUntilCommit() throws {
        try eachBackend { db, backend in
            let s = try session(db)
            let kept = try s.new("team", ["name": "Kept"])
            try s.flush()
            let dup = try s.new("team", ["name": "Avengers"])
            XCTAssertThrowsError(try s.flush())
            XCTAssertEqual(kept.state, .persistent, "[\(backend)]")
            XCTAssertEqual(dup.state, .pending)
            s.expunge(dup)
            try s.commit()
            XCTAssertEqual(try Session(db, registry: s.registry).count("team", where: .col("name").equals("Kept")), 1, "[\(backend)] the first flush was committed")
        }
    }
}
