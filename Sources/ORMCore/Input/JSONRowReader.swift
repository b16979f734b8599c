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
        let (node, texts) = try element()
        guard case .object(let members) = node else {
            throw RowFileError(line: line, "a row is a JSON object ({\"field\": value, ...})")
        }
        var seen = Set<String>()
        for (k, _) in members where !seen.insert(k).inserted { throw RowFileError(line: line, field: k, "the object gives it twice") }
        if shape == .lines {
            while let b = source.peek(), b == 0x20 || b == 0x09 || b == 0x0D { _ = source.next() }
            if let b = source.peek(), b != 0x0A { throw RowFileError(line: source.line, "text after the row's object (NDJSON is one object per line)") }
        }
        return RowInput(line: line, fields: Self.fields(members, texts))
    }

    /// A row's fields: each member's value, an object or array with its text as written.
    static func fields(_ members: [(String, JSONNode)], _ texts: [String?]) -> [(name: String, value: RowInputValue)] {
        members.enumerated().map { i, m in
            (m.0, i < texts.count ? texts[i].map { .nested(m.1, text: $0) } ?? .json(m.1) : .json(m.1))
        }
    }

    /// Whole `--format json` document: `{"format": 1, ..., "rows": [...], ...}`; its rows are read
    /// as an array (the document is read whole: use NDJSON or an array for big files).
    private var documentRows: [RowInput] = []
    private mutating func document() throws -> RowInput? {
        let line = source.line
        let (node, texts) = try element()
        guard case .object(let members) = node, let at = members.firstIndex(where: { $0.0 == "rows" }),
              case .array(let items) = members[at].1 else {
            throw RowFileError(line: line, "a JSON document with rows has a \"rows\" array")
        }
        // The rows array's text, read as an array of rows, keeps each value's text as written.
        if at < texts.count, let text = texts[at] {
            var rows = JSONRowReader(ByteSource(bytes: Array(text.utf8)), shape: .array)
            do {
                while let r = try rows.next() { documentRows.append(RowInput(line: line, fields: r.fields)) }
            } catch var e as RowFileError {
                e.line = line  // (the document's line, as for every row of it)
                throw e
            }
        } else {
            for item in items {
                guard case .object(let m) = item else { throw RowFileError(line: line, "a row is a JSON object") }
                documentRows.append(RowInput(line: line, fields: m.map { ($0.0, .json($0.1)) }))
            }
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

    /// The bytes of one JSON value (tracking strings and nesting), parsed, with the text of each
    /// member that is an object or array when the value is an object.
    private mutating func element() throws -> (JSONNode, [String?]) {
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
        guard let (node, texts) = JSONNode.parseKeepingMemberText(text) else {
            throw RowFileError(line: line, depth > 0 || inString ? "a JSON value is not closed by the end of the file" : "the row is not valid JSON")
        }
        return (node, texts)
    }
}
