/// One cell of the row a driver holds right now, read without building a `Value` where the
/// driver can hand out its own bytes (SQLite's `sqlite3_column_text`): integers, reals and text
/// as they are stored, anything else as the `Value` the driver reads (`value`). The streaming
/// writers (`CSVWriter.cell`, `JSONWriter.cell`) append the bytes straight into their buffer and
/// fall back to the `Value` for every cell they have no shortcut for, so both ways write the same
/// bytes; `value` is exactly what the driver's `Value` row holds in that place.
public enum Cell {
    case null
    case int(Int64)
    case double(Double)
    /// UTF-8 bytes the driver owns (valid only until the source moves to the next row), and the
    /// `Value` case they stand for.
    case text(UnsafeBufferPointer<UInt8>, TextKind)
    /// Any other value (binary, a boolean, a UUID, a PostgreSQL row's value), already read.
    case value(Value)

    /// Which `Value` case a `.text` cell's bytes make.
    public enum TextKind: Sendable {
        case text, date, time, timestamp, timestamptz, json, decimal
    }

    /// The cell as the `Value` the driver's row would hold (text decoded as `String(decoding:)`
    /// does: invalid UTF-8 repaired).
    @inline(__always)
    public var value: Value {
        switch self {
        case .null: return .null
        case .int(let n): return .int(n)
        case .double(let d): return .double(d)
        case .text(let bytes, let kind):
            let s = String(decoding: bytes, as: UTF8.self)
            switch kind {
            case .text: return .text(s)
            case .date: return .date(s)
            case .time: return .time(s)
            case .timestamp: return .timestamp(s)
            case .timestamptz: return .timestamptz(s)
            case .json: return .json(s)
            case .decimal: return .decimal(s)
            }
        case .value(let v): return v
        }
    }

    /// Whether every byte is ASCII (so the bytes are valid UTF-8 as they are, and a writer may copy
    /// them without decoding): eight bytes at a time.
    @inline(__always)
    public static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let n = bytes.count
        var i = 0
        var high: UInt64 = 0
        while i + 8 <= n {
            high |= UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            i += 8
        }
        while i < n {
            high |= UInt64(base[i])
            i += 1
        }
        return high & 0x8080_8080_8080_8080 == 0
    }
}

/// A row's cells by position: the driver's current row (SQLite's statement, stepped), or a row of
/// `Value`s (every other driver, and rows already read). The streaming writers take either.
public protocol CellSource {
    var cellCount: Int { get }
    func cell(_ i: Int) -> Cell
    /// Copies the first `count` cells into `block` as one row (`CellBlock.append`). A source whose
    /// type is known only at run time (the driver's) implements it so the copy is made for its own
    /// type: one dynamic call per row rather than one per cell.
    func copy(_ count: Int, into block: inout CellBlock)
    /// The row's `Value`s when it is a row of values (a PostgreSQL row): read by position without
    /// a dynamic call per cell (`FieldCells`). Nil for a driver's current row.
    var valueRow: [Value]? { get }
}

extension CellSource {
    @inlinable
    public func copy(_ count: Int, into block: inout CellBlock) { block.append(self, count: count) }
    public var valueRow: [Value]? { nil }
}

extension Array: CellSource where Element == Value {
    @inline(__always) public var cellCount: Int { count }
    @inline(__always) public func cell(_ i: Int) -> Cell { .value(self[i]) }
    public var valueRow: [Value]? { self }
}

/// A result row's cells in a model's field order: the source itself when the result's columns
/// start with the model's fields in order (`SELECT *`, or the fields then a sort path's columns),
/// else picked by name (`positions`; a missing field is NULL).
public struct FieldCells: CellSource {
    public let base: any CellSource
    public let positions: [Int?]?
    public let cellCount: Int
    /// The base's values when it is a row of values (`valueRow`).
    let values: [Value]?

    public init(_ base: any CellSource, positions: [Int?]?, count: Int) {
        self.base = base
        self.positions = positions
        cellCount = count
        values = base.valueRow
    }

    @inline(__always)
    public func cell(_ i: Int) -> Cell {
        var p = i
        if let positions {
            guard let at = positions[i] else { return .null }
            p = at
        }
        if let values { return .value(values[p]) }
        return base.cell(p)
    }

    /// The source's own copy when the fields are its first cells (one dynamic call per row).
    public func copy(_ count: Int, into block: inout CellBlock) {
        if positions == nil { base.copy(count, into: &block) } else { block.append(self, count: count) }
    }
}
