import Foundation
import ORMCore
import XCTest

/// `CellPipe`: rows put on one thread come out on the writing thread whole and in order, through
/// blocks that are refilled (more rows than the blocks hold at once), text bytes copied.
final class CellPipeTests: XCTestCase {
    /// A row of text cells over bytes that are overwritten after each row (as SQLite's are).
    struct Scratch: CellSource {
        let bytes: UnsafeBufferPointer<UInt8>
        let number: Int64
        var cellCount: Int { 4 }
        func cell(_ i: Int) -> Cell {
            switch i {
            case 0: return .int(number)
            case 1: return .text(bytes, .timestamp)
            case 2: return number % 3 == 0 ? .null : .double(Double(number) / 4)
            default: return .value(number % 2 == 0 ? .blob([UInt8(number & 0xff)]) : .bool(true))
            }
        }
    }

    func testRowsComeOutWholeAndInOrderThroughRefilledBlocks() throws {
        let rows = 1_000
        var direct = JSONWriter()
        // Blocks of 7 rows, at most 2 of them: the reader waits for the writer many times over.
        let pipe = CellPipe(width: 4, rowsPerBlock: 7, depth: 2, state: Written()) { w, row in w.write(row) }
        let scratch = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 64)
        defer { scratch.deallocate() }
        let (put, piped) = pipe.fill { put -> Int in
            for n in 0..<rows {
                let text = Array("2024-01-\(n % 28 + 1) 12:00:\(n % 60) \"x\" é \(n)".utf8)
                for (i, b) in text.enumerated() { scratch[i] = b }
                let row = Scratch(bytes: UnsafeBufferPointer(rebasing: scratch[0..<text.count]), number: Int64(n))
                Written.write(row, into: &direct)
                put(FieldCells(row, positions: nil, count: 4))
                for i in 0..<text.count { scratch[i] = 0 }  // the source moves on: the pipe kept its own copy
            }
            return rows
        }
        XCTAssertEqual(put, rows)
        XCTAssertEqual(piped.count, rows)
        XCTAssertEqual(piped.writer.text, direct.text)
        XCTAssertTrue(direct.text.contains(#"[4,"2024-01-5 12:00:4 \"x\" é 4",1.0,{"$binary":"BA=="}]"#), String(direct.text.prefix(300)))
        XCTAssertTrue(direct.text.contains(#"[11,"2024-01-12T12:00:11 \"x\" é 11",2.75,true]"#))
    }

    /// Text longer than a block's memory grows it (the blocks are freed by their grown pointers).
    func testLongTextGrowsABlock() {
        let long = Array(String(repeating: "long text ", count: 20_000).utf8)
        let pipe = CellPipe(width: 4, rowsPerBlock: 4, depth: 2, state: Written()) { w, row in w.write(row) }
        var direct = JSONWriter()
        let (_, piped) = pipe.fill { put in
            long.withUnsafeBufferPointer { b in
                for n in 0..<9 {
                    let row = Scratch(bytes: b, number: Int64(n))
                    Written.write(row, into: &direct)
                    put(FieldCells(row, positions: nil, count: 4))
                }
            }
        }
        XCTAssertEqual(piped.count, 9)
        XCTAssertEqual(piped.writer.buffer, direct.buffer)
    }

    /// A read that fails still ends the writing thread, after the rows put before the failure.
    func testAFailedReadEndsTheWritingThread() {
        struct Stop: Error {}
        let pipe = CellPipe(width: 4, rowsPerBlock: 3, state: Written()) { w, row in w.write(row) }
        XCTAssertThrowsError(try pipe.fill { put in
            let bytes: [UInt8] = Array("x".utf8)
            try bytes.withUnsafeBufferPointer { b in
                for n in 0..<10 { put(FieldCells(Scratch(bytes: b, number: Int64(n)), positions: nil, count: 4)) }
                throw Stop()
            }
        })
    }

    func testAPipeWithNoRowsFinishes() {
        let pipe = CellPipe(width: 2, state: Written()) { w, row in w.write(row) }
        let (_, piped) = pipe.fill { _ in () }
        XCTAssertEqual(piped.count, 0)
        XCTAssertEqual(piped.writer.text, "")
    }

    /// What the writing thread wrote.
    struct Written {
        var writer = JSONWriter()
        var count = 0
        mutating func write(_ row: CellBlock.Row) {
            count += 1
            Written.write(row, into: &writer)
        }
        static func write<Cells: CellSource>(_ row: Cells, into w: inout JSONWriter) {
            w.beginArray()
            for i in 0..<row.cellCount { w.cell(row.cell(i)) }
            w.endArray()
        }
    }
}
