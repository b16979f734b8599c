import Foundation
import ORMCore

/// Converts values to libpq's text parameter format and text results back into `Value`s by type OID.
enum PostgresValueCodec {
    /// The text form of a bound value (nil for NULL). The server infers the parameter's type from
    /// where it stands, so `'5'` works for an int4 column and a uuid's text for a uuid column.
    static func encode(_ v: Value) -> String? {
        switch v {
        case .null: return nil
        case .bool(let b): return b ? "t" : "f"
        case .double(let d):
            if d.isNaN { return "NaN" }
            if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
            return "\(d)"
        case .blob(let bytes): return Hex.encode(bytes, prefix: "\\x")
        default: return v.displayText
        }
    }

    /// Decodes one column's text results, chosen once per result column from its type OID.
    struct Decoder {
        enum Kind { case int, double, decimal, text, bool, bytea, uuid, date, time, timestamp, timestamptz, json, other }
        let kind: Kind
        let typeName: String

        init(oid: UInt32, typeNames: [UInt32: String]) {
            switch oid {
            case 20, 21, 23, 26, 28: kind = .int           // int8, int2, int4, oid, xid
            case 700, 701: kind = .double                  // float4, float8
            case 1700: kind = .decimal                     // numeric
            case 25, 1043, 1042, 19, 18: kind = .text      // text, varchar, bpchar, name, char
            case 16: kind = .bool
            case 17: kind = .bytea
            case 2950: kind = .uuid
            case 1082: kind = .date
            case 1083, 1266: kind = .time
            case 1114: kind = .timestamp
            case 1184: kind = .timestamptz
            case 114, 3802: kind = .json
            default: kind = .other
            }
            typeName = typeNames[oid] ?? Decoder.builtinName(oid)
        }

        static func builtinName(_ oid: UInt32) -> String {
            switch oid {
            case 16: return "boolean"
            case 17: return "bytea"
            case 18: return "\"char\""
            case 19: return "name"
            case 20: return "bigint"
            case 21: return "smallint"
            case 23: return "integer"
            case 25: return "text"
            case 26: return "oid"
            case 114: return "json"
            case 700: return "real"
            case 701: return "double precision"
            case 1042: return "character"
            case 1043: return "character varying"
            case 1082: return "date"
            case 1083: return "time without time zone"
            case 1114: return "timestamp without time zone"
            case 1184: return "timestamp with time zone"
            case 1700: return "numeric"
            case 2950: return "uuid"
            case 3802: return "jsonb"
            case 1186: return "interval"
            case 790: return "money"
            case 869: return "inet"
            case 650: return "cidr"
            case 142: return "xml"
            case 1007: return "integer[]"
            case 1016: return "bigint[]"
            case 1009: return "text[]"
            case 1015: return "character varying[]"
            case 1000: return "boolean[]"
            case 2951: return "uuid[]"
            case 1021: return "real[]"
            case 1022: return "double precision[]"
            default: return "oid \(oid)"
            }
        }

        @inline(__always)
        func decode(_ p: UnsafeMutablePointer<CChar>, _ length: Int) -> Value {
            switch kind {
            case .int:
                if let n = Self.parseInt(p, length) { return .int(n) }
                return .decimal(Self.string(p, length))
            case .double:
                let s = Self.string(p, length)
                return .double(Double(s) ?? (s == "NaN" ? .nan : s.hasPrefix("-") ? -.infinity : .infinity))
            case .decimal: return .decimal(Self.string(p, length))
            case .text: return .text(Self.string(p, length))
            case .bool: return .bool(p.pointee == 116)  // "t"
            case .bytea: return .blob(unhex(p, length))
            case .uuid:
                let s = Self.string(p, length)
                return UUID(uuidString: s).map(Value.uuid) ?? .text(s)
            case .date: return .date(Self.string(p, length))
            case .time: return .time(Self.string(p, length))
            case .timestamp: return .timestamp(Self.string(p, length))
            case .timestamptz: return .timestamptz(Self.string(p, length))
            case .json: return .json(Self.string(p, length))
            case .other: return .other(type: typeName, text: Self.string(p, length))
            }
        }

        /// A cell's text as a String (libpq's text of `length` bytes); the catalog reader's too.
        @inline(__always)
        static func string(_ p: UnsafeMutablePointer<CChar>, _ length: Int) -> String {
            p.withMemoryRebound(to: UInt8.self, capacity: length) {
                String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
            }
        }

        /// A cell's text as an integer, nil when it is not one or does not fit 64 bits.
        @inline(__always)
        static func parseInt(_ p: UnsafeMutablePointer<CChar>, _ length: Int) -> Int64? {
            var i = 0, negative = false
            if length > 0 && p[0] == 45 { negative = true; i = 1 }
            guard i < length, length - i <= 19 else { return nil }
            var n: Int64 = 0
            while i < length {
                let d = Int64(p[i]) - 48
                guard d >= 0 && d <= 9 else { return nil }
                let (m, o1) = n.multipliedReportingOverflow(by: 10)
                let (s, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
                if o1 || o2 { return nil }
                n = s
                i += 1
            }
            return n
        }

        private func unhex(_ p: UnsafeMutablePointer<CChar>, _ length: Int) -> [UInt8] {
            // bytea_output = hex: "\x0a1b..."
            guard length >= 2, p[0] == 92, p[1] == 120 else {
                return Array(UnsafeRawBufferPointer(start: p, count: length))
            }
            func nibble(_ c: CChar) -> UInt8 {
                let u = UInt8(bitPattern: c)
                switch u {
                case 48...57: return u - 48
                case 97...102: return u - 87
                case 65...70: return u - 55
                default: return 0
                }
            }
            var out = [UInt8]()
            out.reserveCapacity((length - 2) / 2)
            var i = 2
            while i + 1 < length {
                out.append(nibble(p[i]) << 4 | nibble(p[i + 1]))
                i += 2
            }
            return out
        }
    }
}
