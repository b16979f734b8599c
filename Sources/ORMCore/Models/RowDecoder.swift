import Foundation

/// Decodes rows into `Decodable` structs, field by column name. The column positions are looked
/// up once per result (`Columns`), so a row costs an array read per field.
public struct RowDecoder {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from row: Row) throws -> T {
        try T(from: RowFieldDecoder(row: row))
    }

    struct RowFieldDecoder: Decoder {
        let row: Row
        var codingPath: [any CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            KeyedDecodingContainer(Keyed<Key>(row: row))
        }
        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: [], debugDescription: "a row decodes as a keyed container"))
        }
        func singleValueContainer() throws -> any SingleValueDecodingContainer {
            throw DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "a row decodes as a keyed container"))
        }
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let row: Row
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { row.columns.names.compactMap(Key.init(stringValue:)) }

        func contains(_ key: Key) -> Bool { row.columns.position(of: key.stringValue) != nil }

        @inline(__always)
        func value(_ key: Key) throws -> Value {
            guard let i = row.columns.position(of: key.stringValue) else {
                throw DecodingError.keyNotFound(key, .init(codingPath: [], debugDescription: "no column \(key.stringValue)"))
            }
            return row.values[i]
        }

        func mismatch<T>(_ t: T.Type, _ key: Key, _ v: Value) -> DecodingError {
            .typeMismatch(t, .init(codingPath: [key], debugDescription: "column \(key.stringValue) holds \(v.kindName) \(v), not \(t)"))
        }

        func decodeNil(forKey key: Key) throws -> Bool { (try? value(key))?.isNull ?? true }

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
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
            switch try value(key) {
            case .int(let n): return n
            case let v: throw mismatch(type, key, v)
            }
        }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(key) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(key) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(key) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(key) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(key) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(key) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(key) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(key) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(key) }

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
        func superDecoder() throws -> any Decoder { RowFieldDecoder(row: row) }
        func superDecoder(forKey key: Key) throws -> any Decoder { RowFieldDecoder(row: row) }
    }
}
