/// Reads rows as JSON objects, in flat memory: a JSON array of objects (`--format json`'s `rows`,
/// or a whole `--format json` document, whose `rows` member is read), or NDJSON (one object per
/// line). Each object's members are its fields, in the order written. An element that is not an
/// object, or text that is not JSON, is a `RowFileError` naming the line.
public struct JSONRowReader {
    public enum Shape: Sendable { case array, lines }
    private var source: ByteSource
    private let shape: Shape
    private var started = false
    private var finished = false
    public var bytesRead: Int { source.bytesRead }

    public init(_ source: ByteSource, shape: Shape) {
        self.source = source
        self.shape = shape
        self.source.skipByteOrderMark()  // (as CSVReader does: spreadsheets and some editors write one)
    }

    private mutating func skipSpace() {
        while let b = source.peek(), b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { _ = source.next() }
    }

    /// The next row, or nil at the end.
    public mutating func next() throws -> RowInput? {
        if let r = documentRows.popLast() { return r }
        guard !finished else { return nil }
        skipSpace()
        if shape == .array {
            if !started {
                started = true
                guard source.peek() == UInt8(ascii: "[") else {
                    if source.peek() == UInt8(ascii: "{") { return try document() }
                    throw RowFileError(line: source.line, "a JSON rows file is an array of objects ([{...}, ...]) or a --format json document")
                }
                _ = source.next()
                skipSpace()
                if source.peek() == UInt8(ascii: "]") { _ = source.next(); return try end() }
            } else {
                switch source.next() {
                case UInt8(ascii: ","): skipSpace()
                case UInt8(ascii: "]"): return try end()
                default: throw RowFileError(line: source.line, "expected , or ] after a row")
                }
            }
        } else if source.peek() == nil {
            finished = true
            return nil
        }
        let line = source.line
        let node = try element()
        guard case .object(let members) = node else {
            throw RowFileError(line: line, "a row is a JSON object ({\"field\": value, ...})")
        }
        var seen = Set<String>()
        for (k, _) in members where !seen.insert(k).inserted { throw RowFileError(line: line, field: k, "the object gives it twice") }
        if shape == .lines {
            while let b = source.peek(), b == 0x20 || b == 0x09 || b == 0x0D { _ = source.next() }
            if let b = source.peek(), b != 0x0A { throw RowFileError(line: source.line, "text after the row's object (NDJSON is one object per line)") }
        }
        return RowInput(line: line, fields: members.map { ($0.0, .json($0.1)) })
    }

    /// Whole `--format json` document: `{"format": 1, ..., "rows": [...], ...}`; its rows are read
    /// as an array (the document is read whole: use NDJSON or an array for big files).
    private var documentRows: [RowInput] = []
    private mutating func document() throws -> RowInput? {
        let line = source.line
        guard case .object(let members) = try element(), let rows = members.first(where: { $0.0 == "rows" })?.1,
              case .array(let items) = rows else {
            throw RowFileError(line: line, "a JSON document with rows has a \"rows\" array")
        }
        for item in items {
            guard case .object(let m) = item else { throw RowFileError(line: line, "a row is a JSON object") }
            documentRows.append(RowInput(line: line, fields: m.map { ($0.0, .json($0.1)) }))
        }
        documentRows.reverse()
        finished = true
        return documentRows.popLast()
    }

    private mutating func end() throws -> RowInput? {
        finished = true
        skipSpace()
        if source.peek() != nil { throw RowFileError(line: source.line, "text after the array's closing ]") }
        return nil
    }

    /// The bytes of one JSON value (tracking strings and nesting), parsed.
    private mutating func element() throws -> JSONNode {
        let line = source.line
        var bytes: [UInt8] = []
        var depth = 0
        var inString = false
        var escaped = false
        while let b = source.peek() {
            if inString {
                bytes.append(b)
                _ = source.next()
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                if depth == 0 && !inString { break }
                continue
            }
            if depth == 0 && !bytes.isEmpty && (b == UInt8(ascii: ",") || b == UInt8(ascii: "]") || b == 0x0A || b == 0x20 || b == 0x0D || b == 0x09) { break }
            bytes.append(b)
            _ = source.next()
            switch b {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
            if depth == 0 && (b == UInt8(ascii: "}") || b == UInt8(ascii: "]")) { break }
        }
        if let failure = source.failure { throw RowFileError(line: source.line, "the file could not be read (\(failure))") }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw RowFileError(line: line, "the text is not UTF-8") }
        guard let node = JSONNode.parse(text) else {
            throw RowFileError(line: line, depth > 0 || inString ? "a JSON value is not closed by the end of the file" : "the row is not valid JSON")
        }
        return node
    }
}
