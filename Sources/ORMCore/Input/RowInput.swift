/// One field of a row read from a file (`insert --from`): text to read by the field's type (CSV,
/// a JSON string), a JSON value in its own form (a number, a boolean, an object or array: JSON
/// and array columns, `{"$binary": ...}`), or NULL (an empty unquoted CSV field, JSON null).
public enum RowInputValue: Sendable, Equatable {
    case null
    case text(String)
    case json(JSONNode)
    /// A JSON object or array, with its text as the file wrote it (`{"x": 1}`, spaces kept): a
    /// JSON or text column stores that text, so what export wrote comes back byte for byte.
    case nested(JSONNode, text: String)
}

/// A row read from a file: the line it starts on and its fields by name, in the file's order.
public struct RowInput: Sendable {
    public var line: Int
    public var fields: [(name: String, value: RowInputValue)]
}

/// A file that cannot be read as rows: where, and what is wrong there. Nothing was written.
public struct RowFileError: UserFacingError, Equatable {
    public var line: Int
    /// The field (a CSV column's header or a JSON key) when the problem is in one.
    public var field: String?
    public var problem: String
    public init(line: Int, field: String? = nil, _ problem: String) {
        self.line = line
        self.field = field
        self.problem = problem
    }
    public var sentence: String {
        "Line \(line)\(field.map { ", field \($0)" } ?? ""): \(problem); nothing was written."
    }
}

extension FieldInput {
    /// The value of a file's field for `field`: text read as typed (`value(typed:for:)`), a JSON
    /// number or boolean as its literal, a JSON object or array as its text (JSON columns, arrays,
    /// `{"$binary": "<base64>"}`): what `--format json` and `--format csv` print reads back as it was,
    /// a number in a SQLite date column too.
    public static func value(_ input: RowInputValue, for field: Field) -> Result<Value, InputProblem> {
        switch input {
        case .null: return value(Literal.null, for: field)
        case .text(let t) where isSQLiteDate(field.type) && Double(t) != nil && !t.contains(where: \.isLetter):
            // A number in a SQLite date column (Prisma's epoch milliseconds, Julian days, 0) as
            // CSV writes it: the number it was (a JSON file has it as a JSON number).
            return value(Literal.number(t), for: field)
        case .text(let t): return value(typed: t, for: field)
        case .json(.null): return value(Literal.null, for: field)
        // A JSON column's scalar is the JSON it is: a number or boolean as its text, a string that
        // is no JSON text as that string in JSON (a string holding JSON text is that JSON, as
        // files written by hand give it).
        case .json(.number(let n)) where field.type.kind == .json: return value(typed: n, for: field)
        case .json(.bool(let b)) where field.type.kind == .json: return value(typed: b ? "true" : "false", for: field)
        case .json(.string(let s)) where field.type.kind == .json && !JSONSyntax.isValid(s):
            return value(typed: JSONNode.string(s).text, for: field)
        case .json(.bool(let b)): return value(Literal.boolean(b), for: field)
        case .json(.number(let n)): return value(Literal.number(n), for: field)
        case .json(.string(let s)): return value(typed: s, for: field)
        case .json(let node): return value(typed: node.text, for: field)
        case .nested(let node, let text):
            switch field.type.kind {
            case .json, .text: return value(typed: text, for: field)
            default: return value(.json(node), for: field)
            }
        }
    }
}
