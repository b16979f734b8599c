import Foundation

/// Validation before any SQL runs: what the schema says (required, max length, integer ranges,
/// booleans, UUIDs, enum labels) plus rules a typed model declares.
public enum ValidationRule: Sendable, Hashable {
    case required(String)
    case maxLength(String, Int)
    case minLength(String, Int)
    case range(String, ClosedRange<Double>)
}

/// One or more fields whose values cannot be written; nothing was sent to the database.
public struct ValidationError: UserFacingError, Equatable {
    public struct Problem: Sendable, Hashable {
        public var field: String
        public var message: String
        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }
    public var model: String
    public var problems: [Problem]

    public init(model: String, problems: [Problem]) {
        self.model = model
        self.problems = problems
    }

    public var sentence: String {
        let parts = problems.map { "\($0.field) \($0.message)" }
        return "Cannot write \(model): " + parts.joined(separator: "; ") + "; nothing was written."
    }
}

public enum Validator {
    /// The problems with writing `values` into `model`. `isInsert` checks required fields too.
    public static func problems(_ values: [String: Value], model: Model, isInsert: Bool,
                                rules: [ValidationRule] = []) -> [ValidationError.Problem] {
        var out: [ValidationError.Problem] = []
        func add(_ f: String, _ m: String) { out.append(.init(field: f, message: m)) }
        for name in values.keys.sorted() where model.field(name) == nil {
            add(name, "is not a field of \(model.qualifiedName)")
        }
        for field in model.fields {
            let v = values[field.name]
            if isInsert, field.isRequired, v == nil || v == .null {
                add(field.name, "is required")
                continue
            }
            guard let v else { continue }
            if v.isNull {
                if !field.isNullable && !(isInsert && field.isAutoIncrement) { add(field.name, "cannot be empty (NULL)") }
                continue
            }
            if let why = field.notSettable { add(field.name, why) }
            if let message = typeProblem(v, field.type) { add(field.name, message) }
        }
        for rule in rules {
            switch rule {
            case .required(let f):
                if values[f] == nil || values[f] == .null, isInsert || values[f] != nil { add(f, "is required") }
            case .maxLength(let f, let n):
                if let s = values[f]?.displayText, case .text = values[f]!, s.count > n { add(f, "is longer than \(n) characters") }
            case .minLength(let f, let n):
                if let s = values[f]?.displayText, case .text = values[f]!, s.count < n { add(f, "is shorter than \(n) characters") }
            case .range(let f, let r):
                if let d = values[f].flatMap(numeric), !r.contains(d) {
                    add(f, "must be between \(format(r.lowerBound)) and \(format(r.upperBound))")
                }
            }
        }
        var seen = Set<ValidationError.Problem>()
        return out.filter { seen.insert($0).inserted }
    }

    /// Throws `ValidationError` when there are problems.
    public static func validate(_ values: [String: Value], model: Model, isInsert: Bool, rules: [ValidationRule] = []) throws {
        let p = problems(values, model: model, isInsert: isInsert, rules: rules)
        if !p.isEmpty { throw ValidationError(model: model.qualifiedName, problems: p) }
    }

    static func typeProblem(_ v: Value, _ type: FieldType) -> String? {
        switch type.kind {
        case .integer:
            guard case .int(let n) = v else {
                if case .text(let s) = v, Int64(s) != nil { return nil }
                return "must be a whole number"
            }
            let limit: Int64? = type.integerBits.map { $0 >= 64 ? Int64.max : (Int64(1) << ($0 - 1)) - 1 }
            if let limit, n > limit || n < -limit - 1 { return "must be between \(-limit - 1) and \(limit)" }
        case .real, .decimal:
            switch v {
            case .int, .double, .decimal: return nil
            case .text(let s) where Double(s) != nil: return nil
            default: return "must be a number"
            }
        case .boolean:
            if case .bool = v { return nil }
            if case .int(let n) = v, n == 0 || n == 1 { return nil }
            return "must be true or false"
        case .uuid:
            if case .uuid = v { return nil }
            if case .text(let s) = v, UUID(uuidString: s) != nil { return nil }
            return "must be a UUID"
        case .text:
            if let max = type.maxLength, let s = v.displayText, s.count > max {
                return "is longer than \(max) characters (\(s.count))"
            }
        case .enumeration:
            if !type.enumLabels.isEmpty, let s = v.displayText, !type.enumLabels.contains(s) {
                return "must be one of " + type.enumLabels.joined(separator: ", ")
            }
        default: break
        }
        return nil
    }

    static func numeric(_ v: Value) -> Double? {
        switch v {
        case .int(let n): return Double(n)
        case .double(let d): return d
        case .decimal(let s), .text(let s): return Double(s)
        default: return nil
        }
    }

    static func format(_ d: Double) -> String { d == d.rounded() ? String(Int64(d)) : String(d) }
}
