/// A column's type: the declared text as the catalog gives it, and the kind ormscope reasons with.
public struct FieldType: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case integer, real, decimal, text, boolean, blob, uuid, date, time, timestamp, timestamptz, json
        case array, enumeration, other
    }

    /// As declared: `varchar(100)`, `INTEGER`, `timestamp with time zone`, `mood` (an enum).
    public var declared: String
    public var kind: Kind
    /// `varchar(n)` / `character(n)` length.
    public var maxLength: Int?
    /// The labels of a PostgreSQL enum, in order.
    public var enumLabels: [String]

    public init(declared: String, kind: Kind? = nil, maxLength: Int? = nil, enumLabels: [String] = []) {
        self.declared = declared
        let inferred = FieldType.infer(declared)
        self.kind = kind ?? inferred.kind
        self.maxLength = maxLength ?? inferred.maxLength
        self.enumLabels = enumLabels
    }

    /// Infers the kind from a declared type, using SQLite's affinity rules for names it does not
    /// know exactly (so `BIGINT`, `INT8` and `MEDIUMINT` are integers, `VARCHAR(20)` text).
    static func infer(_ declared: String) -> (kind: Kind, maxLength: Int?) {
        let t = declared.lowercased().trimmingCharacters(in: .whitespaces)
        var length: Int?
        if let open = t.firstIndex(of: "("), let close = t.firstIndex(of: ")"), open < close {
            length = Int(t[t.index(after: open)..<close].split(separator: ",").first?
                .trimmingCharacters(in: .whitespaces) ?? "")
        }
        if t.hasSuffix("[]") || t.hasPrefix("_") { return (.array, nil) }
        let base = t.split(separator: "(").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? t
        switch base {
        case "boolean", "bool": return (.boolean, nil)
        case "uuid": return (.uuid, nil)
        case "date": return (.date, nil)
        case "json", "jsonb": return (.json, nil)
        case "numeric", "decimal": return (.decimal, nil)
        case "bytea", "blob": return (.blob, nil)
        case "timestamptz", "timestamp with time zone": return (.timestamptz, nil)
        case "timestamp", "timestamp without time zone", "datetime": return (.timestamp, nil)
        case "time", "time without time zone", "time with time zone", "timetz": return (.time, nil)
        case "real", "double precision", "float", "float4", "float8", "double": return (.real, nil)
        case "interval", "point": return (.other, nil)  // before the affinity rules: both contain "int"
        default: break
        }
        // SQLite affinity, in its order.
        if base.contains("int") { return (.integer, nil) }
        if base.contains("char") || base.contains("clob") || base.contains("text") {
            return (.text, base.contains("char") ? length : nil)
        }
        if base.isEmpty { return (.blob, nil) }
        if base.contains("real") || base.contains("floa") || base.contains("doub") { return (.real, nil) }
        if ["smallserial", "serial", "bigserial"].contains(base) { return (.integer, nil) }
        if ["interval", "money", "inet", "cidr", "macaddr", "xml", "tsvector", "point"].contains(base) { return (.other, nil) }
        return (.other, nil)
    }
}
