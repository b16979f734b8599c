import Dispatch
import Foundation
import ORMCore
import SQLiteDriver
import TestSupport
import XCTest

/// Waiting for another connection's lock on an SQLite file: the wait goes on up to the busy
/// timeout, ends when the lock is released, and ends at once when the statement is cancelled.
final class SQLiteLockWaitTests: XCTestCase {
    /// Two connections to one new file with a table `t`; the second holds `BEGIN IMMEDIATE`.
    private func lockedFile(busyTimeout: Double = 5) throws -> (waiter: Database, holder: Database) {
        let path = try XCTUnwrap(try location(.sqlite))
        let waiter = Database(try SQLiteConnection(path, busyTimeout: busyTimeout))
        addTeardownBlock { waiter.close() }
        let holder = Database(try SQLiteConnection(path))
        addTeardownBlock { holder.close() }
        try waiter.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY)")
        try holder.execute(sql: "BEGIN IMMEDIATE")
        return (waiter, holder)
    }

    func testCancelEndsTheWaitForALock() throws {
        let (db, holder) = try lockedFile()
        let cancel = db.makeCanceller()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { cancel() }
        let start = Date()
        XCTAssertThrowsError(try db.execute(sql: "INSERT INTO t VALUES (1)")) { e in
            XCTAssertEqual((e as? DatabaseError)?.kind, .cancelled, "\(e)")
            XCTAssertEqual((e as? DatabaseError)?.sentence, "The statement was cancelled; the session is still usable.")
        }
        let waited = Date().timeIntervalSince(start)
        XCTAssertGreaterThan(waited, 0.1, "it waited for the lock until the cancel")
        XCTAssertLessThan(waited, 3, "the cancel ended the wait, not the 5 s busy timeout")
        XCTAssertFalse(db.connection.inTransaction, "the failed write left no transaction open")
        try holder.execute(sql: "ROLLBACK")
        XCTAssertEqual(try db.execute(sql: "INSERT INTO t VALUES (1)"), 1, "it writes once the lock is released")
    }

    func testTheWaitEndsWhenTheLockIsReleased() throws {
        let (db, holder) = try lockedFile()
        // The holder lets go from another thread while the write waits.
        let box = UncheckedBox(holder)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { _ = try? box.value.execute(sql: "ROLLBACK") }
        XCTAssertEqual(try db.execute(sql: "INSERT INTO t VALUES (1)"), 1)
        Thread.sleep(forTimeInterval: 0.05)  // the holder's thread is done with it
        XCTAssertFalse(holder.connection.inTransaction)
    }

    func testTheWaitStopsAtTheBusyTimeout() throws {
        let (db, _) = try lockedFile(busyTimeout: 0.3)
        let start = Date()
        XCTAssertThrowsError(try db.execute(sql: "INSERT INTO t VALUES (1)")) { e in
            XCTAssertEqual((e as? DatabaseError)?.kind, .busy, "\(e)")
        }
        let waited = Date().timeIntervalSince(start)
        XCTAssertGreaterThan(waited, 0.25, "it waited about the busy timeout")
        XCTAssertLessThan(waited, 3)
    }
}

/// Hands a connection to one other thread for one call, in a test where the two never overlap.
private final class UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
