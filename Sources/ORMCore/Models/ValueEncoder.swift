import Foundation

/// Encodes a struct into field values. Keys a struct leaves out (nil optionals, with the
/// synthesized `encodeIfPresent`) stay out: that is how "unset" is told apart from NULL.
public struct ValueEncoder {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> [String: Value] {
        let box = Storage()
        try value.encode(to: FieldEncoder(storage: box))
        return box.values
    }

    final class Storage { var values: [String: Value] = [:]; var order: [String] = [] }

    struct FieldEncoder: Encoder {
        let storage: Storage
        var codingPath: [any CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] = [:]
        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            KeyedEncodingContainer(Keyed<Key>(storage: storage))
        }
        func unkeyedContainer() -> any UnkeyedEncodingContainer { fatalError("a model encodes as a keyed container") }
        func singleValueContainer() -> any SingleValueEncodingContainer { fatalError("a model encodes as a keyed container") }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let storage: Storage
        var codingPath: [any CodingKey] = []
        mutating func put(_ v: Value, _ key: Key) { storage.values[key.stringValue] = v }
        mutating func encodeNil(forKey key: Key) throws { put(.null, key) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
        mutating func encode(_ value: String, forKey key: Key) throws { put(.text(value), key) }
        mutating func encode(_ value: Double, forKey key: Key) throws { put(.double(value), key) }
        mutating func encode(_ value: Float, forKey key: Key) throws { put(.double(Double(value)), key) }
        mutating func encode(_ value: Int, forKey key: Key) throws { put(.int(Int64(value)), key) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { put(.int(Int64(value)), key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { put(.int(Int64(value)), key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { put(.int(Int64(value)), key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { put(.int(value), key) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { put(.int(Int64(value)), key) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { put(.int(Int64(value)), key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { put(.int(Int64(value)), key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { put(.int(Int64(value)), key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { put(.int(Int64(value)), key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            put(try ValueEncoder.value(of: value), key)
        }
        mutating func nestedContainer<N: CodingKey>(keyedBy keyType: N.Type, forKey key: Key) -> KeyedEncodingContainer<N> {
            fatalError("nested containers are encoded as JSON values")
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            fatalError("nested containers are encoded as JSON values")
        }
        mutating func superEncoder() -> any Encoder { FieldEncoder(storage: storage) }
        mutating func superEncoder(forKey key: Key) -> any Encoder { FieldEncoder(storage: storage) }
    }

    /// The database value of one Swift value: UUID, Date (UTC timestamp text), Data, Decimal,
    /// `Value` itself, optionals; anything else Codable is stored as JSON text.
    static func value<T: Encodable>(of v: T) throws -> Value {
        switch v {
        case let x as Value: return x
        case let x as UUID: return .uuid(x)
        case let x as Date: return .timestamp(TimestampFormat.string(from: x))
        case let x as Data: return .blob([UInt8](x))
        case let x as Decimal: return .decimal("\(x)")
        case let x as [UInt8]: return .blob(x)
        case let x as any OptionalProtocol: return try x.wrappedValue.map { try value(of: $0) } ?? .null
        default:
            let data = try JSONEncoder().encode(v)
            return .json(String(decoding: data, as: UTF8.self))
        }
    }
}

/// Lets the encoder see through `Optional<Optional<T>>` (set to NULL vs. unset).
protocol OptionalProtocol { var wrappedValue: (any Encodable)? { get } }
extension Optional: OptionalProtocol where Wrapped: Encodable {
    var wrappedValue: (any Encodable)? { self.map { $0 as any Encodable } }
}

/// `YYYY-MM-DD HH:MM:SS.ffffff` in UTC, the text both backends read as a timestamp.
enum TimestampFormat {
    static func string(from date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss.SSSSSS"
        return f.string(from: date)
    }

    static func date(from text: String) -> Date? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        for format in ["yyyy-MM-dd HH:mm:ss.SSSSSSXXXXX", "yyyy-MM-dd HH:mm:ssXXXXX", "yyyy-MM-dd HH:mm:ss.SSSSSS",
                       "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.SSSZ", "yyyy-MM-dd'T'HH:mm:ssZ", "yyyy-MM-dd"] {
            f.dateFormat = format
            if let d = f.date(from: text) { return d }
        }
        return nil
    }
}
