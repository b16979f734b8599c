/// Reads CSV (RFC 4180) as `CSVWriter` writes it, record by record in flat memory: the first
/// record is the header (field names); then each record's fields, an empty unquoted field being
/// NULL and `""` the empty string. Records may end with CRLF or LF; quoted fields may hold
/// commas, quotes (doubled), CR, LF and NUL; a UTF-8 byte-order mark before the header is skipped. A record with more or fewer fields than the header,
/// a quote inside an unquoted field, text after a closing quote, a quote left open at the end of
/// the file, or bytes that are not UTF-8 are a `RowFileError` naming the line and field.
public struct CSVReader {
    private var source: ByteSource
    public private(set) var header: [String] = []
    public var bytesRead: Int { source.bytesRead }

    /// Reads the header; an empty file or a header with an empty or repeated name is an error.
    public init(_ source: ByteSource) throws {
        self.source = source
        self.source.skipByteOrderMark()
        guard let (_, names) = try record(names: nil) else { throw RowFileError(line: 1, "the file is empty (a CSV file starts with a header of field names)") }
        var seen = Set<String>()
        for (i, n) in names.enumerated() {
            guard case .text(let name) = n, !name.isEmpty else { throw RowFileError(line: 1, "header field \(i + 1) is empty") }
            guard seen.insert(name).inserted else { throw RowFileError(line: 1, field: name, "the header names it twice") }
            header.append(name)
        }
    }

    /// The next row, or nil at the end of the file.
    public mutating func next() throws -> RowInput? {
        guard let (line, values) = try record(names: header) else { return nil }
        guard values.count == header.count else {
            throw RowFileError(line: line, "the record has \(NumberText.counted(values.count, "field")), the header \(header.count)")
        }
        return RowInput(line: line, fields: values.enumerated().map { (header[$0.offset], $0.element) })
    }

    /// One record: its first line and its fields; nil at the end. Blank lines between records are
    /// skipped (a record of one NULL field cannot be told from one: give such tables a second column).
    private mutating func record(names: [String]?) throws -> (Int, [RowInputValue])? {
        while source.peek() == 0x0D || source.peek() == 0x0A { _ = source.next() }
        if let failure = source.failure { throw RowFileError(line: source.line, "the file could not be read (\(failure))") }
        guard source.peek() != nil else { return nil }
        let line = source.line
        var fields: [RowInputValue] = []
        var bytes: [UInt8] = []
        func name() -> String? {
            guard let names else { return nil }
            return fields.count < names.count ? names[fields.count] : "\(fields.count + 1) (past the header's \(names.count))"
        }
        func text() throws -> String {
            // ASCII (most of any export) needs no validation.
            if bytes.withUnsafeBufferPointer({ b in !b.contains { $0 >= 0x80 } }) { return String(decoding: bytes, as: UTF8.self) }
            guard let s = String(validating: bytes, as: UTF8.self) else {
                throw RowFileError(line: source.line, field: name(), "the text is not UTF-8")
            }
            return s
        }
        while true {
            bytes.removeAll(keepingCapacity: true)
            let current = name()
            if source.peek() == UInt8(ascii: "\"") {
                _ = source.next()
                let opened = source.line
                while true {
                    guard source.append(into: &bytes, until: { $0 == UInt8(ascii: "\"") }) != nil else {
                        throw RowFileError(line: opened, field: name(), "a quoted field is not closed by the end of the file")
                    }
                    _ = source.next()  // the quote
                    if source.peek() == UInt8(ascii: "\"") { _ = source.next(); bytes.append(UInt8(ascii: "\"")); continue }
                    break
                }
                fields.append(.text(try text()))
                let after = source.peek()
                if after != nil, after != UInt8(ascii: ","), after != 0x0D, after != 0x0A {
                    throw RowFileError(line: source.line, field: current, "text follows a closing quote (a quote inside a quoted field is doubled: \"\")")
                }
            } else {
                let stop = source.append(into: &bytes) { $0 == UInt8(ascii: ",") || $0 == 0x0D || $0 == 0x0A || $0 == UInt8(ascii: "\"") }
                if stop == UInt8(ascii: "\"") {
                    throw RowFileError(line: source.line, field: name(), "a quote inside an unquoted field (quote the field and double the quote)")
                }
                fields.append(bytes.isEmpty ? .null : .text(try text()))
            }
            switch source.next() {
            case UInt8(ascii: ","): continue
            case 0x0D:
                if source.peek() == 0x0A { _ = source.next() }
                return (line, fields)
            default:  // LF or the end of the file
                if let failure = source.failure { throw RowFileError(line: source.line, "the file could not be read (\(failure))") }
                return (line, fields)
            }
        }
    }
}
