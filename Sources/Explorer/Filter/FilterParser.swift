import Foundation
import ORMCore

/// The filter language users type, parsed against a model's fields and types into the ORM core's
/// expression tree (values always bound):
///
/// ```
/// age >= 30 and (name like "Dead%" or team.name = "Avengers") and secret_name is not null
/// id in (1, 2, 3)   not is_active   created_at > "2025-01-01"   team.heroes.age < 20
/// ```
/// Comparisons `= == != <> < <= > >=`, `and` / `or` / `not`, parentheses, `like` / `ilike`, `in (...)`,
/// `is [not] null`, quoted strings ('...' or "..."), numbers, booleans, and dates or UUIDs in quotes
/// (read by the field's type). A dotted name follows relationships: `team.name = "Avengers"` on hero
/// becomes `"team_id" IN (SELECT "id" FROM "team" WHERE "name" = ?)`.
public struct FilterParser {
    let registry: Registry
    let model: Model
    private var tokens: [FilterToken] = []
    private var i = 0
    private let input: String
    /// The quoted values read, with their fields, to name the one the database refuses.
    private var literals: [FilterLiteral] = []
    /// The quoted dates compared with SQLite date columns (`quotedDates`), and the model of the
    /// field being read; in a box of their own, so the parser's frames stay as small as they
    /// were (1,000 nested levels in a debug build's stack).
    private let dates = DatesSeen()
    final class DatesSeen {
        var fieldModel: Model?
        var found: [QuotedDate] = []
    }
    /// One stored text of each SQLite date column the filter compares with a quoted date
    /// (`storedDateKey`: read by the runtime, `Session.storedSample`), so the quoted date compares
    /// as a date-time value would (`DateText.bounds`); empty: the quoted text as typed.
    private var storedDates: [String: String] = [:]
    /// How many parentheses and `not`s enclose the token being read.
    private var depth = 0
    /// The deepest nesting of parentheses and `not` a filter may have: the parser recurses once
    /// per level, so a limit keeps it far from the end of the stack (and databases refuse
    /// expressions about this deep anyway: SQLite's limit is 1,000).
    public static let maxDepth = 1_000

    /// Parses `text` for `model`; an empty filter is nil (no condition). `storedDates` holds one
    /// stored text of SQLite date columns (by `storedDateKey`): a quoted date compared with one of
    /// them is completed to its shape and compares as a value, not as the text typed
    /// (`created = "2024-03-31"` on `2024-03-31 00:00:00` texts, SQLite):
    ///
    ///     "created" >= ? AND "created" <= ?     -- '2024-03-31 00:00:00', '2024-03-31 00:00:00.000000'
    public static func parse(_ text: String, model: Model, registry: Registry,
                             storedDates: [String: String] = [:]) throws -> SQLExpression? {
        var p = FilterParser(registry: registry, model: model, input: text)
        p.storedDates = storedDates
        p.tokens = try FilterLexer.tokens(text)
        if case .end = p.tokens[0].kind { return nil }
        let e = try p.orExpr()
        guard case .end = p.current.kind else {
            throw p.error("expected and, or or the end, but found \(p.current.text)")
        }
        return e
    }

    /// The sentence for a database's refusal of a quoted value in `text` (PostgreSQL's `invalid
    /// input syntax for type inet: "not-an-ip"`, for a type whose text only the server reads):
    /// the field, its type and the value, at the value's column; nil when `error` is not about one.
    ///
    ///     Filter error at column 5: i (inet) cannot be "not-an-ip": invalid input syntax for type inet.
    ///
    /// (An enum's value outside its labels never gets this far: the parser says it, before any SQL:
    /// `Filter error at column 8: role ("Role") cannot be "admin": it is one of USER, ADMIN.`)
    public static func refusedValue(_ error: DatabaseError, filter text: String, model: Model, registry: Registry) -> FilterError? {
        guard error.kind == .valueDoesNotFit, !text.isEmpty else { return nil }
        var p = FilterParser(registry: registry, model: model, input: text)
        guard let tokens = try? FilterLexer.tokens(text) else { return nil }
        p.tokens = tokens
        guard (try? p.orExpr()) != nil else { return nil }
        let said = error.message.split(separator: "\n").first.map(String.init) ?? error.message
        let quoted = p.literals.filter { said.contains("\"\($0.text)\"") }
        let unchecked = p.literals.filter { [.other, .array, .json].contains($0.field.type.kind) }
        guard let literal = quoted.first ?? (unchecked.count == 1 ? unchecked[0] : nil) else { return nil }
        var reason = said
        if let value = reason.range(of: ": \"\(literal.text)\"") { reason.removeSubrange(value) }
        while reason.hasSuffix(".") { reason.removeLast() }
        return FilterError(message: "\(literal.field.name) (\(literal.field.type.declared)) cannot be \"\(literal.text)\": \(reason)",
                           position: literal.position, input: text)
    }

    init(registry: Registry, model: Model, input: String) {
        self.registry = registry
        self.model = model
        self.input = input
    }

    private var current: FilterToken { tokens[i] }
    private mutating func advance() { if i < tokens.count - 1 { i += 1 } }
    private func error(_ message: String, at token: FilterToken? = nil) -> FilterError {
        FilterError(message: message, position: (token ?? current).position, input: input)
    }
    private mutating func accept(keyword k: String) -> Bool {
        if case .keyword(k) = current.kind { advance(); return true }
        return false
    }
    /// One level deeper (at `token`, a `(` or a `not`), or a positioned error past the limit.
    private mutating func enter(at token: FilterToken) throws {
        depth += 1
        guard depth <= Self.maxDepth else {
            throw error("parentheses and not are nested more than \(NumberText.grouped(Self.maxDepth)) deep here; simplify the filter", at: token)
        }
    }

    // MARK: Grammar

    private mutating func orExpr() throws -> SQLExpression {
        var parts = [try andExpr()]
        while accept(keyword: "or") { parts.append(try andExpr()) }
        return parts.count == 1 ? parts[0] : .or(parts)
    }

    private mutating func andExpr() throws -> SQLExpression {
        var parts = [try notExpr()]
        while accept(keyword: "and") { parts.append(try notExpr()) }
        return parts.count == 1 ? parts[0] : .and(parts)
    }

    private mutating func notExpr() throws -> SQLExpression {
        guard case .keyword("not") = current.kind else { return try primary() }
        let token = current
        if accept(keyword: "not") {
            try enter(at: token)
            defer { depth -= 1 }
            return .not(try notExpr())
        }
        return try primary()
    }

    private mutating func primary() throws -> SQLExpression {
        if case .lparen = current.kind {
            try enter(at: current)
            defer { depth -= 1 }
            advance()
            let e = try orExpr()
            guard case .rparen = current.kind else { throw error("expected ) to close the parenthesis, but found \(current.text)") }
            advance()
            return e
        }
        return try condition()
    }

    /// `field op value` (through relationships). Kept out of `primary`, which recurses once per
    /// parenthesis: its frame then holds no fields, paths or values, so 1,000 levels stay well
    /// inside a thread's stack, also in a debug build.
    @inline(never)
    private mutating func condition() throws -> SQLExpression {
        guard name(current) != nil else {
            throw error("expected a field name, but found \(current.text)")
        }
        let start = current
        let (path, field) = try fieldPath()
        let condition = try comparison(field, at: start)
        return try wrap(condition, through: path)
    }

    /// `name` or `team.name` or `team.heroes.age`: relationships, then a field of the last model.
    private mutating func fieldPath() throws -> ([Relationship], Field) {
        var m = model
        var path: [Relationship] = []
        while true {
            guard let part = name(current) else { throw error("expected a field name, but found \(current.text)") }
            let token = current
            advance()
            if case .dot = current.kind {
                advance()
                guard let rel = m.relationship(typed: part) else {
                    let hint = (m.relationshipSuggestion(for: part.text) ?? Suggest.closest(to: part.text, in: m.fieldNames)).map { "; did you mean \($0)?" } ?? ""
                    throw error("\(m.qualifiedName) has no relationship \(token.text)\(hint)", at: token)
                }
                path.append(rel)
                m = try registry.require(rel.target)
                continue
            }
            dates.fieldModel = m
            guard let field = m.field(typed: part) else {
                let hint = Suggest.closest(to: part.text, in: m.fieldNames + m.relationships.map(\.name)).map { "; did you mean \($0)?" } ?? ""
                throw error("\(m.qualifiedName) has no field \(token.text)\(hint)", at: token)
            }
            return (path, field)
        }
    }

    /// A name as typed where a field or relationship goes: a bare word (exact, or its one
    /// case-insensitive match), or one in double quotes or backticks (`"authorId"`: exactly that),
    /// read by the rule model names follow (`ModelName.Part.matches`). A single-quoted text is a value.
    private func name(_ token: FilterToken) -> ModelName.Part? {
        switch token.kind {
        case .identifier(let s): return ModelName.Part(s, quoted: token.text.hasPrefix("`"))
        case .string(let s) where token.text.hasPrefix("\""): return ModelName.Part(s, quoted: true)
        default: return nil
        }
    }

    /// A field compares as the database compares its type when the type has equality and order
    /// (`FieldType.hasEquality`: on PostgreSQL, a default btree operator class): `"ip" = $1`,
    /// `"ip" < $1` for an inet, the bound text read by the server as the column's type. One
    /// without (json, xml, geometric types) is compared by its text, as the write guards do:
    /// `"doc"::text = $1::text` on PostgreSQL; such values have no order. `like` / `ilike` match
    /// the text of any field that is not text already (`"ip"::text LIKE $1`).
    private mutating func comparison(_ field: Field, at start: FilterToken) throws -> SQLExpression {
        let raw = SQLExpression.col(field.name)
        let byText = !field.type.hasEquality
        let column = byText ? SQLExpression.asText(raw) : raw
        let matchable = field.type.kind == .text ? raw : SQLExpression.asText(raw)
        func operand(_ v: Value) -> SQLExpression { byText ? .asText(.value(v)) : .value(v) }
        switch current.kind {
        case .op(let op):
            advance()
            let valueToken = current
            let v = try value(for: field)
            if v.isNull {
                switch op {
                case "=": return .isNull(raw, negated: false)
                case "<>": return .isNull(raw, negated: true)
                default: throw error("\(op) null is never true; use is null or is not null", at: start)
                }
            }
            if byText, op != "=", op != "<>" {
                throw error("\(field.name) (\(field.type.declared)) has no order; compare it with =, <>, like or in", at: start)
            }
            if let (lo, hi) = storedBounds(field, valueToken, v) { return Self.dateComparison(raw, op, lo, hi) }
            let map: [String: SQLExpression.BinaryOperator] = ["=": .equal, "<>": .notEqual, "<": .less, "<=": .lessOrEqual,
                                                               ">": .greater, ">=": .greaterOrEqual]
            return .binary(column, map[op]!, operand(v))
        case .keyword("is"):
            advance()
            let negated = accept(keyword: "not")
            guard accept(keyword: "null") else { throw error("expected null after is\(negated ? " not" : ""), but found \(current.text)") }
            return .isNull(column, negated: negated)
        case .keyword("not"), .keyword("in"), .keyword("like"), .keyword("ilike"):
            let negated = accept(keyword: "not")
            if accept(keyword: "in") {
                guard case .lparen = current.kind else { throw error("expected ( after in, but found \(current.text)") }
                advance()
                var values: [Value] = []
                var ranges: [SQLExpression] = [], completed = false
                while true {
                    let valueToken = current
                    let v = try value(for: field)
                    if v.isNull { throw error("null cannot be in a list; use is null", at: tokens[i - 1]) }
                    values.append(v)
                    if let (lo, hi) = storedBounds(field, valueToken, v) {
                        ranges.append(Self.dateComparison(raw, "=", lo, hi))
                        completed = true
                    } else {
                        ranges.append(.binary(raw, .equal, .value(v)))
                    }
                    if case .comma = current.kind { advance(); continue }
                    guard case .rparen = current.kind else { throw error("expected , or ) in the list, but found \(current.text)") }
                    advance()
                    break
                }
                if completed { return negated ? .not(.or(ranges)) : .or(ranges) }
                if byText {
                    let any = SQLExpression.or(values.map { .binary(column, .equal, operand($0)) })
                    return negated ? .not(any) : any
                }
                return negated ? column.notIn(values) : column.isIn(values)
            }
            let caseInsensitive: Bool
            if accept(keyword: "like") { caseInsensitive = false }
            else if accept(keyword: "ilike") { caseInsensitive = true }
            else { throw error("expected in, like or ilike after not, but found \(current.text)") }
            guard case .string(let pattern) = current.kind else { throw error("expected a quoted pattern like \"Dead%\", but found \(current.text)") }
            advance()
            let e: SQLExpression = caseInsensitive ? matchable.ilike(pattern) : matchable.like(pattern)
            return negated ? .not(e) : e
        default:
            throw error("expected a comparison (=, <>, <, <=, >, >=, like, ilike, in, is null) after \(field.name), but found \(current.text)")
        }
    }

    /// The key of a SQLite date column in `storedDates`.
    public static func storedDateKey(_ model: Model, _ field: String) -> String { model.qualifiedName + "\u{0}" + field }

    /// The quoted date `token` (read as `v`) as the range of stored texts of its instant
    /// (`DateText.bounds`), when `field` is a SQLite date column with a stored text to complete it to.
    private func storedBounds(_ field: Field, _ token: FilterToken, _ v: Value) -> (Value, Value)? {
        guard !storedDates.isEmpty, FieldInput.isSQLiteDate(field.type), !Self.isNumber(v), case .string(let text) = token.kind,
              let stored = storedDates[Self.storedDateKey(dates.fieldModel ?? model, field.name)],
              let (lo, hi) = DateText.bounds(text, stored: stored) else { return nil }
        return (v.replacingText(lo), v.replacingText(hi))
    }

    /// `column op` the instant whose stored texts run from `lo` to `hi`: `=` is the range, `<` and
    /// `>=` compare with its first text, `<=` and `>` with its last.
    static func dateComparison(_ column: SQLExpression, _ op: String, _ lo: Value, _ hi: Value) -> SQLExpression {
        switch op {
        case "=": return lo == hi ? .binary(column, .equal, .value(lo)) : .and([.binary(column, .greaterOrEqual, .value(lo)), .binary(column, .lessOrEqual, .value(hi))])
        case "<>": return lo == hi ? .binary(column, .notEqual, .value(lo)) : .or([.binary(column, .less, .value(lo)), .binary(column, .greater, .value(hi))])
        case "<": return .binary(column, .less, .value(lo))
        case "<=": return .binary(column, .lessOrEqual, .value(hi))
        case ">": return .binary(column, .greater, .value(hi))
        default: return .binary(column, .greaterOrEqual, .value(lo))
        }
    }

    private mutating func value(for field: Field) throws -> Value {
        let token = current
        let literal: FieldInput.Literal
        switch token.kind {
        case .string(let s): literal = .text(s)
        case .number(let n): literal = .number(n)
        case .keyword("true"): literal = .boolean(true)
        case .keyword("false"): literal = .boolean(false)
        case .keyword("null"): literal = .null
        default: throw error("expected a value (a number, \"text\", true, false or null), but found \(token.text)")
        }
        advance()
        switch FieldInput.value(literal, for: field) {
        case .success(let v):
            if case .text(let text) = literal {
                // An enum's labels are known: a value outside them is said before any SQL runs.
                let labels = field.type.enumLabels
                if !labels.isEmpty, !labels.contains(text) {
                    throw error("\(field.name) (\(field.type.declared)) cannot be \"\(text)\": it is one of \(labels.joined(separator: ", "))", at: token)
                }
                literals.append(FilterLiteral(field: field, text: text, position: token.position))
                // (A quoted epoch number, "1704067200000", is read as the number it is.)
                if FieldInput.isSQLiteDate(field.type), !Self.isNumber(v) {
                    dates.found.append(QuotedDate(model: dates.fieldModel ?? model, field: field, text: text, position: token.position))
                }
            }
            return v
        case .failure(let p): throw error("\(p.field) \(p.message)", at: token)
        }
    }

    /// A condition on a related model, as the key IN (SELECT ...) of the relationship path.
    private func wrap(_ condition: SQLExpression, through path: [Relationship]) throws -> SQLExpression {
        var inner = condition
        for rel in path.reversed() {
            let target = try registry.require(rel.target)
            let local: SQLExpression = rel.localColumns.count == 1 ? .col(rel.localColumns[0]) : .tuple(rel.localColumns.map { .col($0) })
            if let link = rel.link {
                let linkModel = try registry.require(link.model)
                let select = Select(from: linkModel.table, items: link.ownerColumns.map { SelectItem(.col($0, of: linkModel.name)) },
                                    where: .inSelect(link.targetColumns.count == 1 ? .col(link.targetColumns[0], of: linkModel.name)
                                                        : .tuple(link.targetColumns.map { .col($0, of: linkModel.name) }),
                                                     Select(from: target.table, items: rel.remoteColumns.map { SelectItem(.col($0)) }, where: inner),
                                                     negated: false))
                inner = .inSelect(local, select, negated: false)
            } else {
                inner = .inSelect(local, Select(from: target.table, items: rel.remoteColumns.map { SelectItem(.col($0)) }, where: inner), negated: false)
            }
        }
        return inner
    }
}


/// A quoted value of a filter, as typed, with the field it is compared with.
struct FilterLiteral {
    var field: Field
    var text: String
    /// 1-based column in the filter text.
    var position: Int
}

/// A quoted date compared with a date column of a SQLite table (`FilterParser.quotedDates`).
public struct QuotedDate: Sendable {
    public var model: Model
    public var field: Field
    public var text: String
    /// 1-based column in the filter text.
    public var position: Int
}

extension FilterParser {
    static func isNumber(_ v: Value) -> Bool {
        switch v {
        case .int, .double: return true
        default: return false
        }
    }

    /// The quoted dates `text` compares with date columns of SQLite tables (`created > "2024-03-31"`),
    /// with the model each column is on; empty for a filter that does not parse (`parse` says why).
    /// SQLite has no date type: it compares what the column stores, text with text and any number
    /// before any text, so the runtime reads one stored value of each (`Session.storedSample`)
    /// and `storedFormProblem` says when the quoted date cannot compare as the user means.
    public static func quotedDates(_ text: String, model: Model, registry: Registry) -> [QuotedDate] {
        var p = FilterParser(registry: registry, model: model, input: text)
        guard let tokens = try? FilterLexer.tokens(text) else { return [] }
        p.tokens = tokens
        if case .end = p.tokens[0].kind { return [] }
        guard (try? p.orExpr()) != nil else { return [] }
        return p.dates.found
    }

    /// Why `date` cannot compare with its column as meant, given one value the column stores
    /// (`sample`), or nil when it can:
    ///
    /// - the column holds numbers (Prisma's epoch milliseconds): SQLite orders every number before
    ///   every text, so the quoted date matches no row, or every row. The sentence gives the number.
    /// - the column holds text with the other separator between date and time (`2024-03-31 02:30:00`
    ///   against `"2024-03-31T00:00"`): the texts differ at the 11th character, where ` ` sorts
    ///   before `T`, so the comparison is off by up to a day. The sentence gives the date rewritten.
    public static func storedFormProblem(_ date: QuotedDate, sample: Value, input: String) -> FilterError? {
        let name = "\(date.field.name) (\(date.field.type.declared))"
        func problem(_ m: String) -> FilterError { FilterError(message: m, position: date.position, input: input) }
        switch sample {
        case .int, .double:
            let stored = sample.displayText ?? ""
            let magnitude = abs(Double(stored) ?? 0)
            let unit: (String, Double)? = magnitude >= 1e11 ? ("milliseconds", 1000) : magnitude >= 1e8 ? ("seconds", 1) : nil
            var m = "\(name) holds numbers, not text (\(stored), for one), and SQLite orders every number before every text, so \"\(date.text)\" would match no row or every row; compare with a number"
            if let unit, let seconds = epochSeconds(date.text) {
                let n = seconds * unit.1
                m += ": \"\(date.text)\" is \(n == n.rounded() && abs(n) < 1e18 ? String(Int64(n)) : String(n)) in \(unit.0) since 1970-01-01 UTC"
            }
            return problem(m)
        case .text(let s), .date(let s), .time(let s), .timestamp(let s), .timestamptz(let s):
            let stored = Array(s.utf8), typed = Array(date.text.utf8)
            guard stored.count > 10, typed.count > 10, DateText.isDatePrefix(stored), DateText.isDatePrefix(typed) else { return nil }
            // An offset (or Z) the stored dates do not have is compared as text, not read: the time in
            // the stored dates' zone is what to write (a verifier's "+02:00" counted the wrong rows).
            if DateText.zoneStart(typed) != nil, DateText.zoneStart(stored) == nil {
                let utc = utcText(date.text, separator: stored[10]).map { "; if they are UTC, as Django's, Rails' and SQLAlchemy's are, write \"\($0)\"" } ?? ""
                return problem("\(name) holds its dates as text like \"\(s)\", without an offset, and SQLite compares texts, so the offset of \"\(date.text)\" is not read: write the time in the zone the column's dates are in\(utc)")
            }
            let separators: [UInt8] = [UInt8(ascii: " "), UInt8(ascii: "T")]
            guard separators.contains(stored[10]), separators.contains(typed[10]), stored[10] != typed[10] else { return nil }
            var rewritten = typed
            rewritten[10] = stored[10]
            let what = stored[10] == UInt8(ascii: " ") ? "a space" : "a T"
            return problem("\(name) holds its dates as text like \"\(s)\", with \(what) between date and time, and SQLite compares texts; write \"\(String(decoding: rewritten, as: UTF8.self))\"")
        default:
            return nil
        }
    }

    /// `2024-03-31T04:00:00+02:00` as the UTC time, `2024-03-31 02:00:00` (with `separator` between date and
    /// time, the fraction of seconds kept); nil when the text is not a date, a time and an offset.
    static func utcText(_ text: String, separator: UInt8) -> String? {
        let b = Array(text.utf8)
        guard let z = DateText.zoneStart(b), b.count >= 16 else { return nil }
        func number(_ r: Range<Int>) -> Int? { r.upperBound <= b.count ? Int(String(decoding: b[r], as: UTF8.self)) : nil }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16) else { return nil }
        let second = z >= 19 ? number(17..<19) ?? 0 : 0
        let fraction = z > 19 && b[19] == UInt8(ascii: ".") ? String(decoding: b[19..<z], as: UTF8.self) : ""
        var offset = 0
        if b[z] == UInt8(ascii: "+") || b[z] == UInt8(ascii: "-") {
            let digits = b[(z + 1)...].filter { $0 != UInt8(ascii: ":") }
            guard digits.count == 2 || digits.count == 4, let h = Int(String(decoding: digits.prefix(2), as: UTF8.self)),
                  let m = digits.count == 4 ? Int(String(decoding: digits.suffix(2), as: UTF8.self)) : 0 else { return nil }
            offset = (h * 60 + m) * 60 * (b[z] == UInt8(ascii: "-") ? -1 : 1)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let local = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)) else { return nil }
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: local.addingTimeInterval(TimeInterval(-offset)))
        guard let y = c.year, let mo = c.month, let d = c.day, let h = c.hour, let mi = c.minute, let se = c.second else { return nil }
        func pad(_ n: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(n).count)) + String(n) }
        return "\(pad(y, 4))-\(pad(mo, 2))-\(pad(d, 2))\(Character(UnicodeScalar(separator)))\(pad(h, 2)):\(pad(mi, 2)):\(pad(se, 2))" + fraction
    }

    /// Seconds since 1970-01-01 UTC of `YYYY-MM-DD[( |T)HH:MM[:SS[.fff]]][Z|±HH[:MM]]` (no offset: UTC).
    static func epochSeconds(_ text: String) -> Double? {
        let b = Array(text.utf8)
        guard DateText.isDatePrefix(b) else { return nil }
        func number(_ r: Range<Int>) -> Int? { r.upperBound <= b.count ? Int(String(decoding: b[r], as: UTF8.self)) : nil }
        guard let y = number(0..<4), let mo = number(5..<7), let d = number(8..<10), (1...12).contains(mo), (1...31).contains(d) else { return nil }
        var h = 0, mi = 0, sec = 0.0, offset = 0, i = 10
        if b.count > 10 {
            guard b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "T"), let hh = number(11..<13), b.count >= 16,
                  b[13] == UInt8(ascii: ":"), let mm = number(14..<16) else { return nil }
            (h, mi, i) = (hh, mm, 16)
            if i < b.count, b[i] == UInt8(ascii: ":") {
                var j = i + 1
                while j < b.count, (48...57).contains(b[j]) || b[j] == UInt8(ascii: ".") { j += 1 }
                guard let s = Double(String(decoding: b[(i + 1)..<j], as: UTF8.self)) else { return nil }
                (sec, i) = (s, j)
            }
            if i < b.count {
                if b[i] == UInt8(ascii: "Z") { i += 1 } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                    let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
                    guard let oh = number((i + 1)..<(i + 3)) else { return nil }
                    var om = 0
                    var k = i + 3
                    if k < b.count, b[k] == UInt8(ascii: ":") { k += 1 }
                    if k + 2 <= b.count, let m = number(k..<(k + 2)) { om = m; k += 2 }
                    offset = sign * (oh * 3600 + om * 60)
                    i = k
                }
            }
            guard i == b.count else { return nil }
        }
        // Days from the civil date (proleptic Gregorian), as Howard Hinnant's days_from_civil.
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Double(days * 86_400 + h * 3600 + mi * 60 - offset) + sec
    }
}
