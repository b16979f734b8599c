import Foundation
import ORMCore
import TestSupport
import XCTest

/// `shell --transaction`: the commands of a script commit together, or not at all.
final class ShellTransactionTests: XCTestCase {
    /// The shell with `script` on standard input: its status and standard error.
    func shell(_ location: String, _ script: String) throws -> (status: Int32, err: String) {
        let (p, input, err) = try CLIGoldenTests.started(["shell", "--db", location, "--transaction"])
        input.write(Data(script.utf8))
        try input.close()
        let e = String(decoding: err.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, e)
    }

    func teams(_ location: String) throws -> [String] {
        let r = try CLIGoldenTests.run(["export", "team", "--db", location, "--format", "csv", "--where", "name like \"T%\"", "--order", "name"])
        XCTAssertEqual(r.status, 0, r.err)
        return r.out.split(separator: "\r\n").dropFirst().map { String($0.split(separator: ",")[1]) }
    }

    func testCommandsCommitTogetherOrNotAtAllOnEachBackend() throws {
        for backend in Backend.allCases {
            guard let location = try location(backend) else { continue }
            // location(.sqlite) makes an empty file; the demo goes beside it.
            let db = backend == .postgres ? location : location + ".demo"
            XCTAssertEqual(try CLIGoldenTests.run(["create-demo", db, "--small"]).status, 0)
            let rows = FileManager.default.temporaryDirectory.appendingPathComponent("teams-\(UUID().uuidString).csv").path
            try "name,headquarters\nT3,Here\nT4,There\n".write(toFile: rows, atomically: true, encoding: .utf8)
            addTeardownBlock { try? FileManager.default.removeItem(atPath: rows) }

            var r = try shell(db, "insert team --set name=T1 --set headquarters=X\ninsert team --from \(rows)\nupdate team 1 --set headquarters=Moved\n")
            XCTAssertEqual(r.status, 0, "[\(backend)] \(r.err)")
            XCTAssertTrue(r.err.contains("committed the transaction (3 commands)"), r.err)
            XCTAssertEqual(try teams(db), ["T1", "T3", "T4"], "[\(backend)]")

            // A failing command (an unknown field; then a duplicate primary key) rolls back the rest.
            r = try shell(db, "insert team --set name=T5 --set headquarters=X\ninsert team --set nmae=T6\n")
            XCTAssertEqual(r.status, 1, "[\(backend)] \(r.err)")
            XCTAssertTrue(r.err.contains("rolled the transaction back (1 of 2 commands failed)"), r.err)
            r = try shell(db, "insert team --set name=T7 --set headquarters=X\ninsert team --set id=1 --set name=T8 --set headquarters=X\nupdate team 2 --set name=T9\n")
            XCTAssertEqual(r.status, 1, "[\(backend)] \(r.err)")
            XCTAssertEqual(try teams(db), ["T1", "T3", "T4"], "[\(backend)]")

            // rollback ends the transaction and begins the next; what follows commits.
            r = try shell(db, "insert team --set name=T5 --set headquarters=X\nrollback\ninsert team --set name=T6 --set headquarters=X\n")
            XCTAssertEqual(r.status, 0, "[\(backend)] \(r.err)")
            XCTAssertEqual(try teams(db), ["T1", "T3", "T4", "T6"], "[\(backend)]")

            // Comments and blank lines are skipped; a script that ends with rollback says nothing after it.
            r = try shell(db, "# a fix-up\n\ninsert team --set name=T2 --set headquarters=X   # T2 for now\n  # indented too\n-- as in psql\nrollback\n")
            XCTAssertEqual(r.status, 0, "[\(backend)] \(r.err)")
            // (Standard error holds the statement log too: standard output is not a terminal.)
            XCTAssertEqual(r.err.split(separator: "\n").filter { $0.hasPrefix("ormscope: ") },
                           ["ormscope: rolled the transaction back (rollback); nothing of it was written."], "[\(backend)] \(r.err)")
            XCTAssertEqual(try teams(db), ["T1", "T3", "T4", "T6"], "[\(backend)]")
        }
    }
}
