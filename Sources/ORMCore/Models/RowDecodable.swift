/// A typed model that reads itself from a row by position: the fast path for reading many rows.
///
/// Codable works for every `TableModel`; conforming to `RowDecodable` as well skips Codable's
/// per-row machinery (about a third of the cost of a row, measured by `make bench`). The query
/// selects exactly `columns`, in that order, so `init(row:)` reads by position:
///
/// ```swift
/// extension Hero: RowDecodable {
///     static let columns = ["id", "name", "age"]
///     init(row: Row) throws { id = try row.int(0); name = try row.string(1); age = try row.optionalInt(2) }
/// }
/// // SELECT "id", "name", "age" FROM "hero"
/// ```
public protocol RowDecodable: TableModel {
    /// The columns `init(row:)` reads, in the order it reads them.
    static var columns: [String] { get }
    init(row: Row) throws
}

extension Row {
    /// A column that does not hold what a typed read asked for.
    func mismatch(_ i: Int, _ expected: String) -> DecodingError {
        let name = i < columns.count ? columns.names[i] : "#\(i)"
        return .typeMismatch(Any.self, .init(codingPath: [], debugDescription: "column \(name) holds \(values[i].kindName) \(values[i]), not \(expected)"))
    }

    @inline(__always) public func int(_ i: Int) throws -> Int {
        if case .int(let n) = values[i], let x = Int(exactly: n) { return x }
        throw mismatch(i, "an integer")
    }
    @inline(__always) public func optionalInt(_ i: Int) throws -> Int? { values[i].isNull ? nil : try int(i) }
    @inline(__always) public func string(_ i: Int) throws -> String {
        if case .text(let s) = values[i] { return s }
        if let s = values[i].displayText { return s }
        throw mismatch(i, "text")
    }
    @inline(__always) public func optionalString(_ i: Int) throws -> String? { values[i].isNull ? nil : try string(i) }
    @inline(__always) public func double(_ i: Int) throws -> Double {
        switch values[i] {
        case .double(let d): return d
        case .int(let n): return Double(n)
        case .decimal(let s): if let d = Double(s) { return d }
        default: break
        }
        throw mismatch(i, "a number")
    }
    @inline(__always) public func bool(_ i: Int) throws -> Bool {
        switch values[i] {
        case .bool(let b): return b
        case .int(let n): return n != 0
        default: throw mismatch(i, "a boolean")
        }
    }
}
