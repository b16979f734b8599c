import Foundation

/// Text a user typed, read as a value of a field's type (forms, `--set FIELD=VALUE`, filters).
/// NULL is never a spelling here: it is `Literal.null` (the filter's `null` keyword) or
/// `FieldText.null` (a form's Ctrl-N, `--null FIELD`); the text "null" is text, and for a field
/// that is not text it is a problem with a sentence that says how NULL is chosen.
public enum FieldInput {
    /// What a literal looked like where it was typed: quoted text, a bare number, or a word.
    public enum Literal: Sendable, Hashable {
        case text(String)
        case number(String)
        case boolean(Bool)
        case null
    }

    /// The value of `literal` for `field`, or a short reason ("is a whole number") when it does not fit.
    public static func value(_ literal: Literal, for field: Field) -> Result<Value, InputProblem> {
        let type = field.type
        func fail(_ m: String) -> Result<Value, InputProblem> { .failure(InputProblem(field: field.name, message: m)) }
        switch literal {
        case .null:
            return .success(.null)
        case .boolean(let b):
            switch type.kind {
            case .boolean: return .success(.bool(b))
            case .text, .other, .enumeration: return .success(.text(b ? "true" : "false"))
            default: return fail("is \(describe(type)), not true or false")
            }
        case .number(let text):
            switch type.kind {
            case .integer:
                guard let n = Int64(text) else { return fail(wholeNumber(text)) }
                return .success(.int(n))
            case .real:
                guard let d = Double(text) else { return fail("is a number") }
                if let m = outOfRange(text, d) { return fail(m) }
                return .success(.double(d))
            case .decimal: return isDecimal(text) ? .success(.decimal(text)) : fail("is a number")
            case .boolean:
                if text == "1" { return .success(.bool(true)) }
                if text == "0" { return .success(.bool(false)) }
                return fail("is true or false")
            case .text, .other, .enumeration: return .success(.text(text))
            case _ where isSQLiteDate(type):
                // SQLite: a date column may hold numbers (Prisma's epoch milliseconds, Julian days),
                // and they compare only with numbers (`SQLiteTemporalLiteral`).
                if let n = Int64(text) { return .success(.int(n)) }
                guard let d = Double(text) else { return fail("is a number") }
                return .success(.double(d))
            default: return fail("is \(describe(type)), not a number")
            }
        case .text(let text):
            switch type.kind {
            case .integer:
                guard let n = Int64(trimmed(text)) else { return fail(wholeNumber(text, quoted: true)) }
                return .success(.int(n))
            case .real:
                // NaN and ±Infinity are read as themselves (PostgreSQL stores them; SQLite's
                // driver refuses NaN, which SQLite would store as NULL).
                guard let d = Double(trimmed(text)) else { return fail("is a number (\"\(text)\" is not)") }
                if let m = outOfRange(trimmed(text), d) { return fail(m) }
                return .success(.double(d))
            case .decimal:
                // Exact text, any precision: never through a Double.
                let t = trimmed(text)
                return isDecimal(t) ? .success(.decimal(t)) : fail("is a number (\"\(text)\" is not)")
            case .boolean:
                switch text.lowercased() {
                case "true", "t", "yes", "y", "1", "on": return .success(.bool(true))
                case "false", "f", "no", "n", "0", "off": return .success(.bool(false))
                default: return fail("is true or false (\"\(text)\" is not)")
                }
            case .uuid:
                // Dashed, or the 32 hex digits SQLAlchemy stores in SQLite and Python's uuid.hex
                // prints (PostgreSQL's uuid input reads both too).
                guard let u = UUID(uuidString: trimmed(text)) ?? HexUUID.uuid(trimmed(text)) else { return fail("is a UUID (\"\(text)\" is not)") }
                return .success(.uuid(u))
            case _ where isSQLiteDate(type) && epochNumber(text) != nil:
                // SQLite: a whole number of 9 digits or more typed into a date column (epoch seconds
                // or milliseconds, as Prisma stores) is stored as the integer it is, as a DATETIME
                // column's NUMERIC affinity would make the text anyway; `2024` or `20240131` is
                // still no date.
                return .success(.int(epochNumber(text)!))
            case .date:
                guard isDate(text) else { return fail("is a date like 2024-01-31 (\"\(text)\" is not)") }
                return .success(.date(text))
            case .timestamp, .timestamptz:
                guard isTimestamp(text) else {
                    return fail("is a date and time like 2024-01-31 12:00:00 (\"\(text)\" is not)")
                }
                return .success(type.kind == .timestamp ? .timestamp(text) : .timestamptz(text))
            case .time:
                guard isTime(Substring(text)) else { return fail("is a time like 13:45:00 (\"\(text)\" is not)") }
                return .success(.time(text))
            case .json:
                guard JSONSyntax.isValid(text) else {
                    return fail("is JSON (\"\(text)\" is not valid JSON)")
                }
                return .success(.json(text))
            case .blob:
                guard let bytes = JSONInput.binary(text) ?? hexBytes(text) else { return fail("is binary: give it as hex, like \\x0a1b") }
                return .success(.blob(bytes))
            case .array: return .success(.text(JSONInput.arrayLiteral(text) ?? text))
            case .text, .enumeration, .other:
                return .success(.text(text))
            }
        }
    }

    /// A form or command-line value: text to convert by the field's type. `NULL` typed is text: for
    /// a text field it is stored as typed; for any other field it is a problem saying how to choose NULL.
    public static func value(typed text: String, for field: Field) -> Result<Value, InputProblem> {
        let result = value(Literal.text(text), for: field)
        if case .failure(var p) = result, trimmed(text).uppercased() == "NULL" {
            p.message += "; NULL is chosen, not typed (--null \(field.name) on the command line, Ctrl-N in a form)"
            return .failure(p)
        }
        return result
    }

    /// A form or command-line value: NULL as chosen, or text read by the field's type.
    public static func value(_ input: FieldText, for field: Field) -> Result<Value, InputProblem> {
        switch input {
        case .null: return value(Literal.null, for: field)
        case .text(let t): return value(typed: t, for: field)
        }
    }

    /// Typed text for several fields of a model (a form, `--set` pairs): each read by its field's
    /// type; every problem is collected into one `ValidationError`, an unknown field named with a
    /// suggestion. No SQL runs.
    public static func values(_ raw: [String: FieldText], for model: Model) throws -> [String: Value] {
        var out: [String: Value] = [:]
        var problems: [ValidationError.Problem] = []
        for name in raw.keys.sorted() {
            guard let field = model.field(name) else {
                throw SchemaError.unknownField(model: model.qualifiedName, field: name, suggestion: Suggest.closest(to: name, in: model.fieldNames))
            }
            switch value(raw[name]!, for: field) {
            case .success(let v): out[name] = v
            case .failure(let p): problems.append(.init(field: p.field, message: p.message))
            }
        }
        if !problems.isEmpty { throw ValidationError(model: model.qualifiedName, problems: problems) }
        return out
    }

    /// Why `text`, read as `d`, is no double: a number beyond ±1.8e308 (`1e400`, which `Double`
    /// reads as infinity) or so small it reads as 0 (`1e-400`), as PostgreSQL refuses both ("out of
    /// range for type double precision"); nil when it fits. `Infinity` and `NaN` typed as such are
    /// themselves.
    static func outOfRange(_ text: String, _ d: Double) -> String? {
        let spelled = text.lowercased()
        if d.isInfinite, !spelled.contains("inf") {
            return "is a number from -1.7976931348623157e308 to 1.7976931348623157e308 (\(text) is out of range; type Infinity if infinity is meant)"
        }
        if d == 0, let mantissa = spelled.split(separator: "e").first, mantissa.contains(where: { ("1"..."9").contains($0) }) {
            return "is a number (\(text) is too small for a double and would be stored as 0; type 0 if 0 is meant)"
        }
        return nil
    }

    /// A date, time or timestamp column of SQLite (whose values are whatever text or number was stored).
    public static func isSQLiteDate(_ type: FieldType) -> Bool {
        guard type.affinity != nil else { return false }
        switch type.kind {
        case .date, .time, .timestamp, .timestamptz: return true
        default: return false
        }
    }

    /// `text` as a whole number of 9 digits or more (epoch seconds since 1973, milliseconds), else nil.
    static func epochNumber(_ text: String) -> Int64? {
        let t = trimmed(text)
        guard t.drop(while: { $0 == "-" }).count >= 9 else { return nil }
        return Int64(t)
    }

    /// Why `text` is no 64-bit whole number: out of range when it is all digits, else not one.
    static func wholeNumber(_ text: String, quoted: Bool = false) -> String {
        let t = trimmed(text)
        let digits = t.drop { $0 == "-" || $0 == "+" }
        let shown = quoted ? "\"\(text)\"" : text
        if !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), t.count - digits.count <= 1 {
            return "is a whole number from \(Int64.min) to \(Int64.max) (\(shown) is out of range)"
        }
        return "is a whole number (\(shown) is not)"
    }

    static func describe(_ t: FieldType) -> String {
        switch t.kind {
        case .integer: return "a whole number"
        case .real, .decimal: return "a number"
        case .boolean: return "true or false"
        case .uuid: return "a UUID"
        case .date: return "a date"
        case .timestamp, .timestamptz: return "a date and time"
        case .blob: return "binary"
        case .json: return "JSON"
        default: return t.declared
        }
    }

    /// A date as the database prints it (ISO, the form ormscope shows): `2024-01-31`, a year of
    /// more digits (`5874897-12-31`), `0044-03-15 BC`, `infinity`, `-infinity`; and a day the
    /// calendar has (proleptic Gregorian, as PostgreSQL counts: 1 BC is a leap year), so
    /// `2025-02-30` is refused before it could reach an SQLite file that stores any text.
    static func isDate(_ s: String) -> Bool {
        if let fast = ASCIIClock.date(s.utf8) { return fast }
        if isInfinity(s) { return true }
        var t = Substring(s)
        if t.hasSuffix(" BC") { t = t.dropLast(3) }
        let parts = t.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count >= 4, parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              parts[1].count == 2, parts[2].count == 2 else { return false }
        guard y >= 0, (1...12).contains(m) else { return false }
        let year = s.hasSuffix(" BC") ? 1 - y : y  // astronomical numbering: 1 BC is year 0
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return (1...days).contains(d)
    }

    /// A time of day: `HH:MM`, `HH:MM:SS` with an optional fraction, then an optional zone
    /// (`Z`, `+01`, `-05:30`); hours 0-23 (24:00:00 too), minutes 0-59, seconds 0-60 (a leap second).
    static func isTime(_ t: Substring) -> Bool {
        if let fast = ASCIIClock.time(t.utf8) { return fast }
        var body = t
        if let zone = body.firstIndex(where: { $0 == "+" || $0 == "-" || $0 == "Z" || $0 == " " }) { body = body[..<zone] }
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts[0].count == 2, parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]) else { return false }
        var sec = 0.0
        if parts.count == 3 {
            guard parts[2].count >= 2, parts[2].prefix(2).allSatisfy(\.isNumber), let v = Double(parts[2]) else { return false }
            sec = v
        }
        if h == 24 { return m == 0 && sec == 0 }
        return (0...23).contains(h) && (0...59).contains(m) && sec >= 0 && sec < 61
    }

    /// A timestamp as the database prints it: a date (as `isDate`), then optionally a space or
    /// `T` and a time with whatever zone and era follow (`2024-01-31 12:00:00+01`,
    /// `0044-03-15 12:00:00 BC`); or `infinity` / `-infinity`. The server reads the time part.
    static func isTimestamp(_ s: String) -> Bool {
        if let fast = ASCIIClock.timestamp(s.utf8) { return fast }
        if isInfinity(s) { return true }
        guard let split = s.firstIndex(where: { $0 == " " || $0 == "T" }) else { return isDate(s) }
        let rest = s[s.index(after: split)...]
        if rest == "BC" { return isDate(s) }
        guard isDate(String(s[..<split])) || (s.hasSuffix(" BC") && isDate(String(s[..<split]) + " BC")),
              let first = rest.first, first.isASCII, first.isNumber else { return false }
        let time = rest.hasSuffix(" BC") ? rest.dropLast(3) : rest
        return isTime(time)
    }

    /// `s` without the spaces and tabs around it (Foundation's `.whitespaces`), read without
    /// Foundation when its ends are plain ASCII (what every exported value is): a file import reads
    /// millions of these.
    @inline(__always)
    static func trimmed(_ s: String) -> String {
        let u = s.utf8
        guard let first = u.first, let last = u.last else { return s }
        if first < 0x80, last < 0x80, first != 0x20, first != 0x09, last != 0x20, last != 0x09 { return s }
        return s.trimmingCharacters(in: .whitespaces)
    }

    static func isInfinity(_ s: String) -> Bool {
        let l = s.lowercased()
        return l == "infinity" || l == "-infinity" || l == "+infinity"
    }

    /// An exact number of any precision: `-12.5`, `1e-3`, `.5`, or `NaN` / `Infinity` /
    /// `-Infinity` (which PostgreSQL's numeric holds). Never read through a Double.
    static func isDecimal(_ s: String) -> Bool {
        if s.lowercased() == "nan" || isInfinity(s) { return true }
        var u = Substring(s).utf8[...]
        if let c = u.first, c == UInt8(ascii: "-") || c == UInt8(ascii: "+") { u = u.dropFirst() }
        var digits = 0, dot = false
        while let c = u.first {
            if c >= 48 && c <= 57 { digits += 1 } else if c == UInt8(ascii: "."), !dot { dot = true } else { break }
            u = u.dropFirst()
        }
        guard digits > 0 else { return false }
        if let c = u.first, c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            u = u.dropFirst()
            if let c = u.first, c == UInt8(ascii: "-") || c == UInt8(ascii: "+") { u = u.dropFirst() }
            guard !u.isEmpty, u.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
            return true
        }
        return u.isEmpty
    }

    static func hexBytes(_ s: String) -> [UInt8]? {
        var t = Substring(s)
        if t.hasPrefix("\\x") || t.hasPrefix("0x") { t = t.dropFirst(2) }
        guard t.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        var i = t.startIndex
        while i < t.endIndex {
            let j = t.index(i, offsetBy: 2)
            guard let b = UInt8(t[i..<j], radix: 16) else { return nil }
            out.append(b)
            i = j
        }
        return out
    }
}

/// Why typed text does not fit a field.
public struct InputProblem: Error, Sendable, Hashable {
    public var field: String
    public var message: String
}

/// The common spellings of dates and times read straight from their bytes: `2024-01-31`, `13:45:00`,
/// `2024-01-31 13:45:00` (or `T`). nil for any other form, which the general readers then take, so the
/// answers are theirs (a test reads every form both ways).
enum ASCIIClock {
    @inline(__always)
    static func digits<C: Collection>(_ u: C, _ from: Int, _ count: Int) -> Int? where C.Element == UInt8, C.Index == Int {
        var n = 0
        for i in from..<(from + count) {
            let c = u[u.startIndex + i]
            guard c >= 48 && c <= 57 else { return nil }
            n = n * 10 + Int(c - 48)
        }
        return n
    }

    static func date(_ s: String.UTF8View) -> Bool? {
        guard s.count == 10 else { return nil }
        return s.withContiguousStorageIfAvailable { date(bytes: $0) } ?? Array(s).withUnsafeBufferPointer { date(bytes: $0) }
    }

    static func date(bytes u: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"),
              let y = digits(u, 0, 4), let m = digits(u, 5, 2), let d = digits(u, 8, 2) else { return nil }
        guard (1...12).contains(m) else { return false }
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return (1...days).contains(d)
    }

    static func time(_ s: Substring.UTF8View) -> Bool? {
        guard s.count == 8 else { return nil }
        return s.withContiguousStorageIfAvailable { time(bytes: $0) } ?? Array(s).withUnsafeBufferPointer { time(bytes: $0) }
    }

    static func time(bytes u: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard u.count == 8, u[2] == UInt8(ascii: ":"), u[5] == UInt8(ascii: ":"),
              let h = digits(u, 0, 2), let m = digits(u, 3, 2), let sec = digits(u, 6, 2) else { return nil }
        if h == 24 { return m == 0 && sec == 0 }
        return h <= 23 && m <= 59 && sec <= 60
    }

    static func timestamp(_ s: String.UTF8View) -> Bool? {
        guard s.count == 19 else { return nil }
        func read(_ u: UnsafeBufferPointer<UInt8>) -> Bool? {
            guard u[10] == UInt8(ascii: " ") || u[10] == UInt8(ascii: "T"),
                  let d = date(bytes: UnsafeBufferPointer(rebasing: u[0..<10])),
                  let t = time(bytes: UnsafeBufferPointer(rebasing: u[11..<19])) else { return nil }
            return d && t
        }
        return s.withContiguousStorageIfAvailable(read) ?? Array(s).withUnsafeBufferPointer(read)
    }
}
