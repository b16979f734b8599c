import Foundation

/// Decodes rows into `Decodable` structs, field by column name.
///
/// One decoder serves a whole result: the position of each field is found once (a name lookup)
/// and then confirmed per row with a cheap comparison of the key's name, so a row costs an array
/// read per field plus Codable's own machinery. For the fastest path, see `RowDecodable`.
public final class RowDecoder {
    var row: Row
    /// For the n-th field a row's `init(from:)` asks for: the key's name and the column position.
    private var slots: [(name: String, position: Int?)] = []
    private var next = 0
    private var columns: Columns?

    public init() { row = Row(columns: Columns([]), values: []) }

    public func decode<T: Decodable>(_ type: T.Type, from row: Row) throws -> T {
        if columns !== row.columns {
            columns = row.columns
            slots.removeAll(keepingCapacity: true)
        }
        self.row = row
        next = 0
        return try T(from: FieldDecoder(owner: self))
    }

    /// The position of a field's column (cached by call order; `nil` when there is no such column).
    @inline(__always)
    func position(_ name: String) -> Int? {
        let i = next
        next += 1
        if i < slots.count, slots[i].name == name { return slots[i].position }
        let p = row.columns.position(of: name)
        if i < slots.count { slots[i] = (name, p) } else if i == slots.count { slots.append((name, p)) }
        return p
    }

    struct FieldDecoder: Decoder {
        let owner: RowDecoder
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            KeyedDecodingContainer(Keyed<Key>(owner: owner))
        }
        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: [], debugDescription: "a row decodes as a keyed container"))
        }
        func singleValueContainer() throws -> any SingleValueDecodingContainer {
            throw DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "a row decodes as a keyed container"))
        }
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let owner: RowDecoder
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { owner.row.columns.names.compactMap(Key.init(stringValue:)) }

        func contains(_ key: Key) -> Bool { owner.row.columns.position(of: key.stringValue) != nil }

        @inline(__always)
        func value(_ key: Key) throws -> Value {
            guard let i = owner.position(key.stringValue) else {
                throw DecodingError.keyNotFound(key, .init(codingPath: [], debugDescription: "no column \(key.stringValue)"))
            }
            return owner.row.values[i]
        }

        func mismatch<T>(_ t: T.Type, _ key: Key, _ v: Value) -> DecodingError {
            .typeMismatch(t, .init(codingPath: [key], debugDescription: "column \(key.stringValue) holds \(v.kindName) \(v), not \(t)"))
        }

        func decodeNil(forKey key: Key) throws -> Bool {
            // Optional fields call decodeNil then decode for the same key: do not advance twice.
            let save = owner.nextIndex
            let isNull = (try? value(key))?.isNull ?? true
            if !isNull { owner.nextIndex = save }
            return isNull
        }

        // Optionals: one position lookup instead of contains + decodeNil + decode.
        @inline(__always)
        private func present(_ key: Key) -> Value? {
            guard let i = owner.position(key.stringValue) else { return nil }
            let v = owner.row.values[i]
            return v.isNull ? nil : v
        }
        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
            guard let v = present(key) else { return nil }
            if case .text(let s) = v { return s }
            guard let s = v.displayText else { throw mismatch(type, key, v) }
            return s
        }
        func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
            guard let v = present(key) else { return nil }
            guard case .int(let n) = v, let x = Int(exactly: n) else { throw mismatch(type, key, v) }
            return x
        }
        func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
            guard let v = present(key) else { return nil }
            guard case .int(let n) = v else { throw mismatch(type, key, v) }
            return n
        }
        func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
            guard let v = present(key) else { return nil }
            switch v {
            case .double(let d): return d
            case .int(let n): return Double(n)
            default: throw mismatch(type, key, v)
            }
        }
        func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
            guard let v = present(key) else { return nil }
            switch v {
            case .bool(let b): return b
            case .int(let n): return n != 0
            default: throw mismatch(type, key, v)
            }
        }

        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
            switch try value(key) {
            case .bool(let b): return b
            case .int(let n): return n != 0
            case let v: throw mismatch(type, key, v)
            }
        }
        func decode(_ type: String.Type, forKey key: Key) throws -> String {
            let v = try value(key)
            if case .text(let s) = v { return s }
            guard let s = v.displayText else { throw mismatch(type, key, v) }
            return s
        }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
            switch try value(key) {
            case .double(let d): return d
            case .int(let n): return Double(n)
            case .decimal(let s): if let d = Double(s) { return d }; throw mismatch(type, key, .decimal(s))
            case let v: throw mismatch(type, key, v)
            }
        }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try decode(Double.self, forKey: key)) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(key) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(key) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(key) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(key) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(key) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(key) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(key) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(key) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(key) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(key) }

        @inline(__always)
        private func integer<T: FixedWidthInteger>(_ key: Key) throws -> T {
            let v = try value(key)
            guard case .int(let n) = v, let x = T(exactly: n) else { throw mismatch(T.self, key, v) }
            return x
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            let v = try value(key)
            switch type {
            case is Value.Type: return v as! T
            case is UUID.Type:
                if case .uuid(let u) = v { return u as! T }
                if let s = v.displayText, let u = UUID(uuidString: s) { return u as! T }
            case is Date.Type:
                if let s = v.displayText, let d = TimestampFormat.date(from: s) { return d as! T }
            case is Data.Type:
                if case .blob(let b) = v { return Data(b) as! T }
            case is Decimal.Type:
                if let s = v.displayText, let d = Decimal(string: s) { return d as! T }
            default:
                if let s = v.displayText, let data = s.data(using: .utf8), let x = try? JSONDecoder().decode(T.self, from: data) {
                    return x
                }
            }
            throw mismatch(type, key, v)
        }

        func nestedContainer<N: CodingKey>(keyedBy type: N.Type, forKey key: Key) throws -> KeyedDecodingContainer<N> {
            throw DecodingError.typeMismatch(type, .init(codingPath: [key], debugDescription: "nested values are read as JSON"))
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: [key], debugDescription: "nested values are read as JSON"))
        }
        func superDecoder() throws -> any Decoder { FieldDecoder(owner: owner) }
        func superDecoder(forKey key: Key) throws -> any Decoder { FieldDecoder(owner: owner) }
    }
}

extension RowDecoder {
    var nextIndex: Int {
        get { next }
        set { next = newValue }
    }
}
