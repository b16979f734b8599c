import Foundation

/// A column's type: the declared text as the catalog gives it, and the kind ormscope reasons with.
///
/// The kind comes from the catalog, never from pieces of the type's name: on PostgreSQL from the
/// type's OID and its `pg_type` row (`FieldType.postgres`: category, enum, domain base type); on
/// SQLite from the declared type's affinity, by SQLite's own rules (`FieldType.sqlite`). So
/// `interval`, `point` and `int4range` are never integers on PostgreSQL, while on SQLite
/// `FLOATING POINT` is, because SQLite itself gives it INTEGER affinity.
public struct FieldType: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case integer, real, decimal, text, boolean, blob, uuid, date, time, timestamp, timestamptz, json
        case array, enumeration, other
    }

    /// SQLite's column affinity ("Datatypes In SQLite", section 3.1).
    public enum Affinity: String, Sendable, Hashable {
        case integer = "INTEGER", text = "TEXT", blob = "BLOB", real = "REAL", numeric = "NUMERIC"
    }

    /// As declared: `varchar(100)`, `INTEGER`, `timestamp with time zone`, `mood` (an enum).
    public var declared: String
    public var kind: Kind
    /// `varchar(n)` / `character(n)` length.
    public var maxLength: Int?
    /// The labels of a PostgreSQL enum, in order.
    public var enumLabels: [String]
    /// For a bounded integer type (`smallint` 16, `integer` 32 on PostgreSQL): its width in bits;
    /// nil for 64-bit integers and SQLite's INTEGER (which holds 64 bits whatever its name).
    public var integerBits: Int?
    /// Whether the database compares and orders two values of this type itself (`=`, `<`,
    /// `IS NOT DISTINCT FROM`). On PostgreSQL this is the catalog's answer, one fact: the type has
    /// a default btree operator class (`pg_opclass.opcdefault` for `btree`, its own or one it is
    /// binary-coercible to, as `cidr` to `inet`; enums, ranges and multiranges through `anyenum`,
    /// `anyrange`, `anymultirange`; an array when its element has one; a domain when its base type
    /// has one). So `inet`, `cidr`, `interval`, `macaddr`, `money`, `bit`, `jsonb` and ranges compare
    /// natively (`"ip" = $1`, `"ip" < $1`), while `json`, `xml`, geometric types and row types do
    /// not: the filter and a conflict guard compare their text (`"col"::text IS NOT DISTINCT FROM $1::text`),
    /// and they have no order. On SQLite (`sqlite(_:)`) always true: SQLite orders any two values.
    /// For a hand-built type (`init(declared:)`) it follows the kind: false for json, arrays and `other`.
    public var hasEquality: Bool
    /// SQLite's affinity for the declared type (nil on PostgreSQL).
    public var affinity: Affinity?

    /// A type from its declared text alone (hand-built models, tests): PostgreSQL's own spellings
    /// (`format_type`'s, exactly) and SQLite's usual names are recognised whole; anything else
    /// gets its kind from SQLite's affinity rules. Drivers use `postgres(...)` and `sqlite(_:)`.
    public init(declared: String, kind: Kind? = nil, maxLength: Int? = nil, enumLabels: [String] = []) {
        self.declared = declared
        let known = FieldType.knownName(declared)
        let inferred = known ?? FieldType.sqlite(declared)
        self.kind = kind ?? inferred.kind
        self.maxLength = maxLength ?? inferred.maxLength
        self.enumLabels = enumLabels
        self.integerBits = self.kind == .integer ? inferred.integerBits : nil
        self.hasEquality = FieldType.equality(self.kind)
        self.affinity = known == nil ? inferred.affinity : nil
    }

    init(declared: String, kind: Kind, maxLength: Int?, integerBits: Int?, affinity: Affinity?) {
        self.declared = declared
        self.kind = kind
        self.maxLength = maxLength
        self.enumLabels = []
        self.integerBits = integerBits
        self.hasEquality = FieldType.equality(kind)
        self.affinity = affinity
    }

    static func equality(_ kind: Kind) -> Bool {
        switch kind {
        case .json, .array, .other: return false
        default: return true
        }
    }

    // MARK: SQLite

    /// SQLite's affinity of a declared type, by the rules of "Datatypes In SQLite" 3.1, in their order:
    /// 1. contains "INT": INTEGER; 2. contains "CHAR", "CLOB" or "TEXT": TEXT; 3. contains "BLOB"
    /// or no type declared: BLOB; 4. contains "REAL", "FLOA" or "DOUB": REAL; 5. otherwise NUMERIC.
    public static func sqliteAffinity(_ declared: String) -> Affinity {
        let t = declared.uppercased()
        if t.contains("INT") { return .integer }
        if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") { return .text }
        if t.contains("BLOB") || t.trimmingCharacters(in: .whitespaces).isEmpty { return .blob }
        if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") { return .real }
        return .numeric
    }

    /// A SQLite column's type: the kind follows its affinity. Within NUMERIC affinity (which
    /// stores what it is given, converting only text that reads as a number) a few conventional
    /// whole names say more: `BOOLEAN` (0/1), `DATE`, `DATETIME`/`TIMESTAMP`, `TIMESTAMPTZ`, `TIME`, `UUID`,
    /// `JSON`, and `DECIMAL`/`NUMERIC` (exact text). No declared type means any value: typed text
    /// is stored as text.
    public static func sqlite(_ declared: String) -> FieldType {
        let affinity = sqliteAffinity(declared)
        let (base, arguments) = split(declared)
        let kind: Kind
        switch affinity {
        case .integer: kind = .integer
        case .text: kind = .text
        case .real: kind = .real
        case .blob: kind = base.isEmpty ? .other : .blob
        case .numeric:
            switch base {
            case "boolean", "bool": kind = .boolean
            case "date": kind = .date
            case "datetime", "timestamp", "timestamp without time zone": kind = .timestamp
            case "timestamptz", "timestamp with time zone": kind = .timestamptz
            case "time", "timetz", "time without time zone", "time with time zone": kind = .time
            case "uuid": kind = .uuid
            case "json", "jsonb": kind = .json
            case "decimal", "numeric": kind = .decimal
            default: kind = .other
            }
        }
        // SQLite does not enforce a length; ormscope checks CHAR(n)'s in characters.
        let length = affinity == .text && declared.uppercased().contains("CHAR") ? arguments.first : nil
        // SQLite compares and orders any two values (by storage class, then value: "Datatypes In
        // SQLite" 4.1), whatever the declared type: every column has equality and order.
        var t = FieldType(declared: declared, kind: kind, maxLength: length, integerBits: nil, affinity: affinity)
        t.hasEquality = true
        return t
    }

    // MARK: PostgreSQL

    /// A PostgreSQL column's type from its catalog rows: `oid` is the column's type; for a
    /// domain, `baseOID` / `baseType` / `baseCategory` are its base type's (the kind follows the
    /// base type, the declared name stays the domain's); `typmod` is the (domain's or column's)
    /// type modifier, which gives `varchar(n)`'s length. `hasDefaultBtree` is the catalog's answer
    /// for `hasEquality` (nil: the kind's default).
    ///
    /// `typtype`: `b` base, `e` enum, `d` domain, `r` range, `m` multirange, `c` composite;
    /// `category`: `A` array, and the others of `pg_type.typcategory`.
    public static func postgres(declared: String, oid: UInt32, typtype: String, category: String,
                                baseOID: UInt32 = 0, baseType: String = "", baseCategory: String = "",
                                typmod: Int = -1, enumLabels: [String] = [], hasDefaultBtree: Bool? = nil) -> FieldType {
        let isDomain = typtype == "d" && baseOID != 0
        let effective = isDomain ? baseOID : oid
        let effectiveType = isDomain ? baseType : typtype
        let effectiveCategory = isDomain ? baseCategory : category
        var kind: Kind
        var bits: Int?
        var length: Int?
        switch effective {
        case 21: kind = .integer; bits = 16                     // int2
        case 23: kind = .integer; bits = 32                     // int4
        case 20: kind = .integer                                // int8
        case 700, 701: kind = .real                             // float4, float8
        case 1700: kind = .decimal                              // numeric
        case 25, 19: kind = .text                               // text, name
        case 1043, 1042:                                        // varchar(n), char(n)
            kind = .text
            if typmod > 4 { length = typmod - 4 }
        case 16: kind = .boolean
        case 17: kind = .blob                                   // bytea
        case 2950: kind = .uuid
        case 1082: kind = .date
        case 1083, 1266: kind = .time                           // time, timetz
        case 1114: kind = .timestamp
        case 1184: kind = .timestamptz
        case 114, 3802: kind = .json                            // json, jsonb
        default:
            if effectiveType == "e" { kind = .enumeration }
            else if effectiveCategory == "A" { kind = .array }
            else { kind = .other }
        }
        var t = FieldType(declared: declared, kind: kind, maxLength: length, integerBits: bits, affinity: nil)
        t.enumLabels = enumLabels
        if let hasDefaultBtree { t.hasEquality = hasDefaultBtree }
        return t
    }

    // MARK: Names, for hand-built models

    /// A type named exactly as PostgreSQL's `format_type` prints it (arguments aside), or nil.
    static func knownName(_ declared: String) -> FieldType? {
        let (base, arguments) = split(declared)
        func make(_ k: Kind, bits: Int? = nil, length: Int? = nil) -> FieldType {
            FieldType(declared: declared, kind: k, maxLength: length, integerBits: bits, affinity: nil)
        }
        if declared.hasSuffix("[]") { return make(.array) }
        switch base {
        // (`serial` and its kin are what CREATE TABLE accepts for an integer with a sequence.)
        case "smallint", "int2", "smallserial", "serial2": return make(.integer, bits: 16)
        case "integer", "int4", "int", "serial", "serial4": return make(.integer, bits: 32)
        case "bigint", "int8", "bigserial", "serial8": return make(.integer)
        case "real", "double precision", "float4", "float8": return make(.real)
        case "numeric", "decimal": return make(.decimal)
        case "text": return make(.text)
        case "character varying", "varchar", "character", "char", "bpchar": return make(.text, length: arguments.first)
        case "boolean", "bool": return make(.boolean)
        case "bytea": return make(.blob)
        case "uuid": return make(.uuid)
        case "date": return make(.date)
        case "time without time zone", "time with time zone", "time", "timetz": return make(.time)
        case "timestamp without time zone", "timestamp": return make(.timestamp)
        case "timestamp with time zone", "timestamptz": return make(.timestamptz)
        case "json", "jsonb": return make(.json)
        default: return nil
        }
    }

    /// `numeric(10,2)` as ("numeric", [10, 2]); `timestamp(3) with time zone` as
    /// ("timestamp with time zone", [3]). Lower-cased, spaces collapsed.
    static func split(_ declared: String) -> (base: String, arguments: [Int]) {
        var base = "", inside = "", depth = 0
        for c in declared.lowercased() {
            if c == "(" { depth += 1; continue }
            if c == ")" { depth -= 1; continue }
            if depth > 0 { inside.append(c) } else { base.append(c) }
        }
        let words = base.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
        return (words.joined(separator: " "), inside.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) })
    }
}
