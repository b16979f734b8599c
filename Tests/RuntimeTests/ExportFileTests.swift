import Explorer
import ExplorerRuntime
import Foundation
import XCTest

/// A real export in a temporary directory: the file lands there under a safe name, an existing
/// file is never overwritten (the next gets a numbered suffix), and the path returned is real.
final class ExportFileTests: XCTestCase {
    func testAnExportIsWrittenWhereAskedAndNeverOverwrites() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-export-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let name = Export.fileName(model: "/var/x/evil", stamp: 42, format: .csv)
        let first = try ExportFile.write("a,b\r\n", name: name, in: dir)
        XCTAssertEqual(first, dir + "/_var_x_evil-42.csv")
        XCTAssertEqual(try String(contentsOfFile: first, encoding: .utf8), "a,b\r\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/var/x/evil-42.csv"))

        let second = try ExportFile.write("second\r\n", name: name, in: dir)
        XCTAssertEqual(second, dir + "/_var_x_evil-42-2.csv", "the name is taken: a numbered suffix")
        XCTAssertEqual(try String(contentsOfFile: first, encoding: .utf8), "a,b\r\n", "the first file is untouched")
        XCTAssertEqual(try String(contentsOfFile: second, encoding: .utf8), "second\r\n")

        // A symbolic link in the way is not followed (it counts as taken, and stays as it was).
        let target = dir + "/target.txt"
        try "keep".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir + "/linked-1.json", withDestinationPath: target)
        let third = try ExportFile.write("[]\n", name: "linked-1.json", in: dir)
        XCTAssertEqual(third, dir + "/linked-1-2.json")
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "keep")

        // A directory that cannot be written to is a sentence with the path.
        XCTAssertThrowsError(try ExportFile.write("x", name: "x-1.csv", in: dir + "/missing")) { error in
            XCTAssertEqual("\(error)", "Could not write \(dir)/missing/x-1.csv: No such file or directory.")
        }
    }
}
