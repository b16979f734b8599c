import Foundation

/// How a column's values are written as JSON: its kind from the catalog and, for an array, its
/// element type. Made once per column, so each cell costs one switch.
public struct JSONColumn: Sendable {
    public var kind: FieldType.Kind?
    /// For arrays: the element type's kind (from `integer[]`, `_int4`, ...), when known.
    public var elementKind: FieldType.Kind?
    /// A timestamp is written as the text stored, not as ISO 8601: SQLite's columns, whose text is
    /// the value itself (no timestamp type reads it back). Django, Rails and SQLAlchemy store
    /// `2024-03-31 02:30:00`, some applications `2024-03-31T02:30:00+02:00`, and the applications
    /// compare those texts: an import must store exactly the text exported.
    /// With `storedText`, JSON is also written as the text stored: an object or array nested as
    /// it is (`{"x": 1}` keeps its spaces), anything else as the string it is, so an import stores
    /// the same bytes back (`JSONWriter.jsonText`).
    public var storedText: Bool

    public init(kind: FieldType.Kind? = nil, elementKind: FieldType.Kind? = nil, storedText: Bool = false) {
        self.kind = kind
        self.elementKind = elementKind
        self.storedText = storedText
    }

    /// The column of a model's field (a text column holding JSON, `Field.Storage.jsonText`, is JSON).
    public init(_ field: Field) {
        self.init(field.type)
        if field.storage == .jsonText { kind = .json }
    }

    public init(_ type: FieldType) {
        kind = type.kind
        storedText = type.affinity != nil
        if type.kind == .array, let element = PostgresArrayText.elementType(of: type.declared) {
            elementKind = FieldType(declared: element).kind
        }
    }

    /// No catalog type: each value is written by its own case.
    public static let untyped = JSONColumn()

    /// No catalog type, on `dialect`: on SQLite a timestamp read is written as its stored text (`storedText`).
    public static func untyped(_ dialect: Dialect) -> JSONColumn { JSONColumn(storedText: dialect == .sqlite) }
}

extension JSONWriter {
    /// One database value as JSON, as README's "JSON output" table says:
    ///
    /// | value | JSON |
    /// | --- | --- |
    /// | NULL | `null` |
    /// | integer | number |
    /// | real / double | number that keeps a fraction (`2.0`); NaN and ±infinity as `"NaN"`, `"Infinity"`, `"-Infinity"` |
    /// | numeric / decimal (both backends) | string, exact (`"12.50"`) |
    /// | boolean | `true` / `false` |
    /// | text, enum, interval, inet, ... | string |
    /// | json / jsonb | the JSON itself, nested (numbers exactly as stored) |
    /// | arrays | JSON arrays of typed elements, nested for more dimensions, `null` for NULL elements |
    /// | binary | `{"$binary": "<base64>"}` |
    /// | uuid | canonical lower-case string |
    /// | date, time | string as stored (`2024-01-31`, `12:00:00`) |
    /// | timestamp | ISO 8601 without offset (`2024-01-31T12:00:00.5`); SQLite: the stored text (`storedText`) |
    /// | timestamptz | ISO 8601 with its offset (`2024-01-31T12:00:00+00:00`); SQLite: the stored text |
    public mutating func value(_ v: Value, _ column: JSONColumn = .untyped) {
        switch v {
        case .null: null()
        case .int(let n):
            switch column.kind {
            case .decimal?: string(String(n))
            case .boolean? where n == 0 || n == 1: bool(n == 1)
            default: int(n)
            }
        case .double(let d):
            if column.kind == .decimal { string(d.isFinite && d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : "\(d)") } else { double(d) }
        case .decimal(let s): string(s)
        case .text(let s):
            switch column.kind {
            case .json?: jsonText(s, column)
            case .array?: arrayText(s, element: column.elementKind)
            case .uuid?: string(UUID(uuidString: s).map { $0.uuidString.lowercased() } ?? s)
            case .timestamp?, .timestamptz?: if column.storedText { string(s) } else { timestamp(s) }
            default: string(s)
            }
        case .bool(let b): bool(b)
        case .blob(let bytes):
            beginObject()
            key("$binary")
            string(Data(bytes).base64EncodedString())
            endObject()
        case .uuid(let u): string(u.uuidString.lowercased())
        case .date(let s), .time(let s): string(s)
        case .timestamp(let s), .timestamptz(let s): if column.storedText { string(s) } else { timestamp(s) }
        case .json(let s): jsonText(s, column)
        case .other(let type, let text):
            if column.kind == .array || PostgresArrayText.elementType(of: type) != nil {
                let element = column.elementKind ?? PostgresArrayText.elementType(of: type).map { FieldType(declared: $0).kind }
                arrayText(text, element: element)
            } else {
                string(text)
            }
        }
    }

    /// A cell (`Cell`) as JSON: the same bytes as `value(cell.value, column)`, with integers and
    /// ASCII text (strings, dates, timestamps) written straight from the driver's row and every
    /// other cell through its `Value`.
    @inline(__always)
    public mutating func cell(_ c: Cell, _ column: JSONColumn = .untyped) {
        switch c {
        case .null: null()
        case .int(let n):
            if column.kind == .decimal || column.kind == .boolean { value(.int(n), column) } else { int(n) }
        case .text(let bytes, let kind) where Cell.isASCII(bytes):
            switch kind {
            case .text:
                switch column.kind {
                case .timestamp?, .timestamptz? where column.storedText: string(bytes)
                case .json?, .array?, .uuid?, .timestamp?, .timestamptz?: value(c.value, column)
                default: string(bytes)
                }
            case .date, .time, .decimal: string(bytes)
            case .timestamp, .timestamptz: if column.storedText { string(bytes) } else { timestamp(bytes) }
            case .json: value(c.value, column)
            }
        case .value(let v): value(v, column)
        default: value(c.value, column)
        }
    }

    /// A string from its UTF-8 bytes, quoted and escaped.
    @inline(__always)
    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) {
        separate()
        out.append(UInt8(ascii: "\""))
        appendEscaped(bytes)
        out.append(UInt8(ascii: "\""))
    }

    /// JSON text nested as JSON; text that does not parse stays a string. For a column of
    /// `storedText` (SQLite, whose JSON is text), an object or array is written as the very text
    /// stored when that text can stand in a JSON line as it is (it starts with `{` or `[`, ends
    /// with `}` or `]`, and holds no line break), and any other text (a scalar, `null`, JSON with
    /// line breaks) as the string it is, so an import gives back the same bytes (`JSONRowReader`
    /// keeps each member's text as written; a string holding JSON text is stored as that text).
    mutating func jsonText(_ s: String, _ column: JSONColumn = .untyped) {
        if column.storedText {
            if Self.standsAsWritten(s), JSONNode.parse(s) != nil {
                separate()
                raw(s)
            } else {
                string(s)
            }
            return
        }
        if let parsed = JSONNode.parse(s) { node(parsed) } else { string(s) }
    }

    /// Whether JSON text can be written into a JSON line as it is: an object or array, no space
    /// before or after it, no CR or LF in it.
    static func standsAsWritten(_ s: String) -> Bool {
        let u = s.utf8
        guard let first = u.first, let last = u.last,
              first == UInt8(ascii: "{") && last == UInt8(ascii: "}") || first == UInt8(ascii: "[") && last == UInt8(ascii: "]") else { return false }
        return !u.contains(0x0A) && !u.contains(0x0D)
    }

    /// A PostgreSQL array's text as a JSON array of typed elements; text that does not parse stays a string.
    mutating func arrayText(_ s: String, element: FieldType.Kind?) {
        guard let items = PostgresArrayText.parse(s) else { string(s); return }
        arrayItems(items, element: element)
    }

    mutating func arrayItems(_ items: [PostgresArrayText.Item], element: FieldType.Kind?) {
        beginArray()
        for item in items {
            switch item {
            case .null: null()
            case .array(let inner): arrayItems(inner, element: element)
            case .element(let text): value(Self.elementValue(text, element), JSONColumn(kind: element))
            }
        }
        endArray()
    }

    /// An array element's text as the value its element type makes of it.
    static func elementValue(_ text: String, _ kind: FieldType.Kind?) -> Value {
        switch kind {
        case .integer?: return Int64(text).map(Value.int) ?? .decimal(text)
        case .real?: return Double(text).map(Value.double) ?? .text(text)
        case .decimal?: return .decimal(text)
        case .boolean?: return text == "t" || text == "true" ? .bool(true) : text == "f" || text == "false" ? .bool(false) : .text(text)
        case .json?: return .json(text)
        case .blob?: return FieldInput.hexBytes(text).map(Value.blob) ?? .text(text)
        case .uuid?: return UUID(uuidString: text).map(Value.uuid) ?? .text(text)
        case .timestamp?: return .timestamp(text)
        case .timestamptz?: return .timestamptz(text)
        default: return .text(text)
        }
    }

    /// A timestamp as `iso8601` makes it, written without building the string in between.
    mutating func timestamp(_ s: String) {
        var s = s
        s.withUTF8 { timestamp($0) }
    }

    /// A timestamp from its UTF-8 bytes, as `iso8601` makes it.
    mutating func timestamp(_ b: UnsafeBufferPointer<UInt8>) {
        separate()
        let n = b.count
        func digit(_ i: Int) -> Bool { i < n && b[i] >= 48 && b[i] <= 57 }
        guard n >= 19, digit(0), digit(1), digit(2), digit(3), b[4] == UInt8(ascii: "-"), digit(5), digit(6), b[7] == UInt8(ascii: "-"),
              digit(8), digit(9), b[10] == 0x20 || b[10] == UInt8(ascii: "T"), digit(11), digit(12), b[13] == UInt8(ascii: ":") else {
            out.append(UInt8(ascii: "\""))
            appendEscaped(b)
            out.append(UInt8(ascii: "\""))
            return
        }
        out.append(UInt8(ascii: "\""))
        appendEscaped(UnsafeBufferPointer(rebasing: b[0..<10]))
        out.append(UInt8(ascii: "T"))
        appendEscaped(UnsafeBufferPointer(rebasing: b[11...]))
        // An offset of hours only (+00) gains its minutes (+00:00).
        if n >= 22, b[n - 3] == UInt8(ascii: "+") || b[n - 3] == UInt8(ascii: "-"), digit(n - 2), digit(n - 1), n - 3 >= 19 {
            out.append(contentsOf: [UInt8(ascii: ":"), 48, 48])
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `2024-01-31 12:00:00.5+05:30` → `2024-01-31T12:00:00.5+05:30`; an offset of hours only (`+00`,
    /// as PostgreSQL prints it) gains its minutes (`+00:00`). Text of another shape (`infinity`,
    /// `... BC`) is returned as it is.
    public static func iso8601(_ s: String) -> String {
        var b = Array(s.utf8)
        func digit(_ i: Int) -> Bool { i < b.count && b[i] >= 48 && b[i] <= 57 }
        guard b.count >= 19, (0..<4).allSatisfy(digit), b[4] == UInt8(ascii: "-"), digit(5), digit(6), b[7] == UInt8(ascii: "-"),
              digit(8), digit(9), b[10] == 0x20 || b[10] == UInt8(ascii: "T"), digit(11), digit(12), b[13] == UInt8(ascii: ":") else { return s }
        b[10] = UInt8(ascii: "T")
        // The offset: the last + or - after the time.
        if let sign = b[19...].lastIndex(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }) {
            let rest = b.count - sign - 1
            if rest == 2, digit(sign + 1), digit(sign + 2) { b += Array(":00".utf8) }
        }
        return String(decoding: b, as: UTF8.self)
    }
}
