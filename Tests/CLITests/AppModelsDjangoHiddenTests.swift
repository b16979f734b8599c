import Foundation
import ORMCore
import TestSupport
import XCTest

/// The test app's members (library/members.py): relations Django hides (a symmetrical
/// many-to-many's reverse, related_name='+'), an on_delete only the application can apply
/// (SET(callable)) and an unmanaged model, against Django's own `obj.delete()` and `migrate`, on
/// both backends.
extension AppModelsTests {
    /// Backends to compare on: two databases each (ours and Django's), migrated with the same rows.
    func djangoPairs() throws -> [(backend: String, ours: String, theirs: String)] {
        var pairs = [("sqlite", try scratch("ours.sqlite"), try scratch("theirs.sqlite"))]
        if let ours = try freshPostgresURL(), let theirs = try freshPostgresURL() { pairs.append(("postgres", ours, theirs)) }
        for (_, ours, theirs) in pairs {
            try python(["dj_app.py", ours], in: Self.django)
            try python(["dj_app.py", theirs], in: Self.django)
        }
        return pairs
    }

    /// The writes as their verb and table (`DELETE library_badge`), in order.
    static func writes(_ sql: [String]) -> [String] {
        sql.map { $0.replacingOccurrences(of: "\"", with: "").split(separator: " ").map(String.init) }
            .filter { ["DELETE", "UPDATE"].contains($0.first ?? "") }
            .map { $0[0] + " " + ($0[0] == "UPDATE" ? $0[1] : $0[($0.firstIndex(of: "FROM") ?? 0) + 1]) }
    }

    /// T10, T11: a hidden reverse relation is written (`+TABLE.FIELD`) and followed, so deleting cy
    /// deletes her friendships by either column (one statement, as Django's), nulls bob's
    /// replaced_by (related_name='+', SET_NULL) and deletes her badge (related_name='+', CASCADE):
    /// the same writes in the same order as Django's delete(), and the same rows left.
    func testHiddenRelationsAndASymmetricalManyToManyDeleteAsDjangosDo() throws {
        let file = try exportDjango()
        let app = try AppModels.parse(try String(contentsOfFile: file, encoding: .utf8))
        let member = try XCTUnwrap(app.models.first { $0.table == "library_member" })
        XCTAssertEqual(member.relationships.map(\.name), ["replaced_by", "friends", "+library_member.replaced_by", "+library_member.friends",
                                                          "+library_badge.member", "moderated", "legacy_scores"])
        let reverse = try XCTUnwrap(member.relationships.first { $0.name == "+library_member.friends" })
        XCTAssertEqual([reverse.secondary?.ownerColumns, reverse.secondary?.targetColumns], [["to_member_id"], ["from_member_id"]])
        for (backend, ours, theirs) in try djangoPairs() {
            let preview = try run(["delete", "library_member", "3", "--db", ours, "--models", file])
            XCTAssertEqual(Array(preview.out.split(separator: "\n").map(String.init).dropFirst()), [
                "  level 0: library_member 3: delete (the row)",
                "  level 1: 1 library_member row: set replaced_by_id to NULL (cascade from Member.+library_member.replaced_by)",
                "  level 1: 2 library_member_friends rows: delete (cascade from Member.friends and Member.+library_member.friends)",
                "  level 1: 1 library_badge row: delete (cascade from Member.+library_badge.member)",
            ], "[\(backend)] \(preview.out)")
            let django = try json(try python(["dj_app.py", theirs, "delete", "library.Member", "3"], in: Self.django))
            XCTAssertEqual(django["deleted"] as? [String: Int], ["library.Member_friends": 2, "library.Badge": 1, "library.Member": 1])
            let r = try run(["delete", "library_member", "3", "--yes", "--db", ours, "--models", file, "--format", "json"])
            XCTAssertEqual(r.status, 0, "[\(backend)] \(r.out) \(r.err)")
            let ourSQL = (try json(r.out)["statements"] as? [[String: Any]] ?? []).compactMap { $0["sql"] as? String }
            let theirSQL = django["sql"] as? [String] ?? []
            XCTAssertEqual(Self.writes(ourSQL), Self.writes(theirSQL), "[\(backend)] ours \(ourSQL)\nDjango's: \(theirSQL)")
            XCTAssertTrue(ourSQL.contains { $0.hasPrefix("DELETE FROM \"library_member_friends\" WHERE (\"from_member_id\" = ") && $0.contains(" OR (\"to_member_id\" = ") },
                          "[\(backend)] the link rows by either column, in one statement: \(ourSQL)")
            XCTAssertEqual(try python(["dj_app.py", ours, "dump"], in: Self.django), try python(["dj_app.py", theirs, "dump"], in: Self.django),
                           "[\(backend)] the rows left")
        }
    }

    /// T17, T12: the database refuses deleting ann at COMMIT (Django's keys are deferred), because
    /// Moderation.moderator's on_delete=SET(callable) is the application's to apply: the sentence
    /// names that relationship and its row, not the friendships the cascade itself deleted, and
    /// nothing is deleted. (Django's own delete succeeds: it computes the value.)
    func testADeleteTheDatabaseRefusesNamesWhatBlocksIt() throws {
        let file = try exportDjango()
        for (backend, ours, _) in try djangoPairs() {
            let before = try python(["dj_app.py", ours, "dump"], in: Self.django)
            let preview = try run(["delete", "library_member", "1", "--db", ours, "--models", file])
            XCTAssertTrue(preview.out.contains("  not followed: 1 library_moderation row of Member.moderated (on_delete=SET is the application's to apply; the database's ON DELETE applies instead)."), "[\(backend)] \(preview.out)")
            let r = try run(["delete", "library_member", "1", "--yes", "--db", ours, "--models", file])
            XCTAssertEqual(r.status, 1, "[\(backend)] \(r.out)")
            XCTAssertEqual(r.err, "ormscope: The database's foreign key refused the delete, where the application would first do what ormscope cannot apply: 1 library_moderation row of Member.moderated (on_delete=SET is the application's to apply; the database's ON DELETE applies instead). Nothing was deleted.\n", "[\(backend)]")
            XCTAssertEqual(try python(["dj_app.py", ours, "dump"], in: Self.django), before, "[\(backend)] nothing was deleted")
        }
    }

    /// T9: an unmanaged model is in the file, marked so; drift says nothing of its table (Django's
    /// makemigrations --check ignores it), whether the table differs, is there or is not, and
    /// --models applies the file without it; the same model managed is drift again.
    func testAnUnmanagedModelIsWrittenAndDriftLeavesItsTableAlone() throws {
        let file = try exportDjango()
        let legacy = try XCTUnwrap(try AppModels.parse(try String(contentsOfFile: file, encoding: .utf8)).models.first { $0.table == "legacy_score" })
        XCTAssertFalse(legacy.isManaged)
        XCTAssertEqual(legacy.className, "LegacyScore")
        XCTAssertEqual(legacy.relationships.map(\.name), ["member"])
        var locations = [("sqlite", try scratch("library.sqlite"))]
        if let url = try freshPostgresURL() { locations.append(("postgres", url)) }
        let managed = try changed(file, "managed.json") { models in
            if let i = models.firstIndex(where: { $0["table"] as? String == "legacy_score" }) { models[i]["managed"] = nil }
        }
        for (backend, location) in locations {
            try python(["dj_app.py", location], in: Self.django)
            let db = Database(try connect(location))
            try db.execute(sql: "ALTER TABLE legacy_score ADD COLUMN note text")  // made by hand, as it likes
            let drift = try run(["drift", "--models", file, "--db", location])
            XCTAssertEqual(drift.status, 0, "[\(backend)] \(drift.out)")
            let managedDrift = try run(["drift", "--models", managed, "--db", location])
            XCTAssertEqual(managedDrift.status, 1, "[\(backend)] \(managedDrift.out)")
            XCTAssertTrue(managedDrift.out.lowercased().contains("column legacy_score.note (text) is in the database but not in the models."), "[\(backend)] \(managedDrift.out)")
            try db.execute(sql: "DROP TABLE legacy_score")
            db.close()
            let without = try run(["drift", "--models", file, "--db", location])
            XCTAssertEqual(without.status, 0, "[\(backend)] no table, no drift: \(without.out)")
            let rows = try run(["rows", "library_member", "--models", file, "--db", location, "--format", "json"])
            XCTAssertEqual(rows.status, 0, "[\(backend)] --models applies the file without the absent table: \(rows.err)")
            let missing = try run(["drift", "--models", managed, "--db", location])
            XCTAssertTrue(missing.out.contains("Table legacy_score (LegacyScore) is in the models but not in the database."), "[\(backend)] \(missing.out)")
        }
    }
}
