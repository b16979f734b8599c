/// The one CSV writer (RFC 4180), for the command line (`--format csv`) and the explorer's export.
///
/// - Records end with CRLF; fields are separated by commas.
/// - A field is quoted when it holds a quote, a comma, CR, LF or NUL, starts or ends with a space or
///   a tab, or is empty; quotes inside are doubled. The scan is over UTF-8 bytes, so `"\r\n"` (one
///   Swift Character, equal to neither `"\r"` nor `"\n"`) is seen.
/// - NULL is an empty unquoted field; the empty string is `""`. (A record of one NULL field is
///   therefore an empty line, which most readers skip: give such tables a second column.)
/// - Values are written as their display text: numbers as digits (`2.0` for a whole real), booleans
///   `true`/`false`, binary as `\x` hex, timestamps as stored, JSON and arrays as their text.
public struct CSVWriter {
    /// The bytes so far and where they go.
    public internal(set) var out: OutputBuffer

    public init(sink: ByteSink = .memory, chunk: Int = 1 << 16) { out = OutputBuffer(sink: sink, chunk: chunk) }

    /// The bytes written so far, as text (for a `.memory` writer).
    public var text: String { out.text }
    /// The bytes written so far (for a `.memory` writer).
    public var buffer: [UInt8] { out.bytes }

    /// Writes the buffer to the sink (a `.memory` writer keeps it).
    public mutating func flush() { out.flush() }

    /// One record of text fields (nil is NULL).
    public mutating func record(_ fields: [String?]) {
        for (i, f) in fields.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            if let f { field(f) }
        }
        endRecord()
    }

    /// One record of values, each as its display text.
    public mutating func record(_ values: [Value]) {
        for (i, v) in values.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            value(v)
        }
        endRecord()
    }

    /// A value's field, without the separator: numbers written straight, text through `field`.
    @inline(__always)
    public mutating func value(_ v: Value) {
        switch v {
        case .null: break
        case .int(let n): out.appendInt(n)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        default: if let s = v.displayText { field(s) }
        }
    }

    /// A cell's field (`Cell`), without the separator: the same bytes as `value(cell.value)`, with
    /// integers and ASCII text written straight from the driver's row.
    @inline(__always)
    public mutating func cell(_ c: Cell) {
        switch c {
        case .null: break
        case .int(let n): out.appendInt(n)
        case .text(let bytes, _) where Cell.isASCII(bytes): field(bytes)
        case .value(let v): value(v)
        default: value(c.value)
        }
    }

    /// The separator between fields, for callers that write fields one by one.
    public mutating func separator() { out.append(UInt8(ascii: ",")) }

    public mutating func endRecord() {
        out.append(0x0D)
        out.append(0x0A)
        out.flushIfFull()
    }

    /// A text field, quoted when it must be.
    public mutating func field(_ s: String) {
        var s = s
        s.withUTF8 { field($0) }
    }

    /// A text field from its UTF-8 bytes, quoted when it must be.
    @inline(__always)
    mutating func field(_ bytes: UnsafeBufferPointer<UInt8>) {
        if !Self.needsQuotes(bytes) { out.append(contentsOf: bytes); return }
        out.append(UInt8(ascii: "\""))
        var start = 0
        for i in 0..<bytes.count where bytes[i] == UInt8(ascii: "\"") {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...i]))
            out.append(UInt8(ascii: "\""))
            start = i + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        out.append(UInt8(ascii: "\""))
    }

    @inline(__always)
    static func needsQuotes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return true }  // "" for the empty string
        if first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 { return true }
        for b in bytes where b <= UInt8(ascii: ",") {
            if b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == 0x0A || b == 0x0D || b == 0 { return true }
        }
        return false
    }

    /// One record as a string (header lines, small tables).
    public static func line(_ fields: [String?]) -> String {
        var w = CSVWriter()
        w.record(fields)
        return w.text
    }
}
