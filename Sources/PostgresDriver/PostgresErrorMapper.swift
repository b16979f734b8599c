import CLibPQ
import ORMCore

/// Maps libpq results and connection failures into `DatabaseError`, by SQLSTATE, with the
/// constraint, table and columns the server reports.
enum PostgresErrorMapper {
    static func field(_ res: OpaquePointer, _ code: Character) -> String? {
        PQresultErrorField(res, Int32(code.asciiValue!)).map { String(cString: $0) }
    }

    static func map(result res: OpaquePointer, connectionBad: Bool, sql: String?) -> DatabaseError {
        let state = field(res, "C") ?? ""
        let primary = field(res, "M") ?? String(cString: PQresultErrorMessage(res))
        let detail = field(res, "D")
        var e = DatabaseError(kind: kind(sqlstate: state, message: primary), message: primary, code: state.isEmpty ? nil : state,
                              constraint: field(res, "n"), table: field(res, "t"), sql: sql)
        if let column = field(res, "c") { e.columns = [column] }
        // PG_DIAG_STATEMENT_POSITION: a character index from 1.
        if let p = field(res, "P"), let at = Int(p), at > 0 { e.position = at - 1 }
        // DETAIL: Key (user_id, question_id)=(..., ...) already exists.
        if e.columns.isEmpty, let detail, let open = detail.range(of: "Key ("),
           let close = detail.range(of: ")=", range: open.upperBound..<detail.endIndex) {
            e.columns = detail[open.upperBound..<close.lowerBound].split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }
        }
        // ... and its values: `Key (id)=(7) already exists.` gives `7`.
        if e.kind == .uniqueViolation, let detail, let open = detail.range(of: ")=("),
           let close = detail.range(of: ") already exists", options: .backwards), open.upperBound <= close.lowerBound {
            e.keyValues = String(detail[open.upperBound..<close.lowerBound])
        }
        // DETAIL: Partition key of the failing row contains (taken) = (2030-01-01).
        if e.kind == .noPartition, let detail, let open = detail.range(of: "contains ("),
           let eq = detail.range(of: ") = (", range: open.upperBound..<detail.endIndex) {
            e.columns = detail[open.upperBound..<eq.lowerBound].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            var values = detail[eq.upperBound...]
            while values.last == "." { values = values.dropLast() }
            if values.last == ")" { e.keyValues = String(values.dropLast()) }
        }
        // CONTEXT: COPY hero, line 3[, column name: "..."]: the row of a COPY FROM STDIN.
        if let context = field(res, "W"), context.hasPrefix("COPY "), let at = context.range(of: ", line ") {
            e.copyRow = Int(context[at.upperBound...].prefix { $0.isNumber })
        }
        if connectionBad { e.kind = .connectionLost }
        return e
    }

    static func kind(sqlstate s: String, message: String) -> DatabaseError.Kind {
        switch s {
        case "23505": return .uniqueViolation
        case "23503": return .foreignKeyViolation
        case "23502": return .notNullViolation
        case "23514": return message.hasPrefix("no partition of relation") ? .noPartition : .checkViolation
        case "22001", "22003", "22P02", "22007", "22008", "22023", "22P05", "22021": return .valueDoesNotFit
        // The parser's stack ran out (bison's "memory exhausted"): a limit, not a typo.
        case "42601": return message.hasPrefix("memory exhausted") ? .tooComplex : .syntaxError
        case "42P01", "42703", "42883", "42704": return .undefinedObject
        case "42501": return .permissionDenied
        case "25006": return .readOnly
        case "57014": return message.contains("timeout") ? .timeout : .cancelled
        case "40P01", "55P03": return .busy
        case "54001": return .tooComplex  // statement too complex, stack depth limit exceeded
        case "28P01", "28000": return .authenticationFailed
        default:
            if s.hasPrefix("08") || s == "57P01" { return .connectionLost }
            return .other
        }
    }

    /// The kind of a failed connection attempt, from libpq's message.
    static func connectKind(_ message: String) -> DatabaseError.Kind {
        if message.contains("password authentication failed") || message.contains("no password supplied")
            || message.contains("authentication failed") || message.contains("Ident authentication") {
            return .authenticationFailed
        }
        if message.contains("invalid URI") || message.contains("invalid connection option")
            || message.contains("missing \"=\"") || message.contains("unterminated quoted string") {
            return .invalidConnectionString
        }
        return .connectionFailed
    }
}
