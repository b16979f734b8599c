/// A streaming JSON writer (RFC 8259): appends UTF-8 bytes to a buffer that is flushed to its sink in
/// chunks, so output of any length takes flat memory. Keys come out in the order they are written.
///
/// Strings escape `"`, `\` and the control characters below U+0020 (`\n`, `\r`, `\t`, `\b`, `\f`, else
/// `\u00XX`); everything else, non-ASCII included, is copied as UTF-8. Commas are the writer's job:
/// call `key`, then a value; or values inside an array.
public struct JSONWriter {
    /// The bytes so far and where they go.
    public internal(set) var out: OutputBuffer
    /// Per open container, whether it already holds an item (so the next one needs a comma): bit
    /// `depth - 1` of `itemBits` for the first 64 levels (no array touched per value), `deeper` past them.
    private var depth = 0
    private var itemBits: UInt64 = 0
    private var deeper: [Bool] = []
    /// Set after `key`: the value that follows needs no comma.
    private var afterKey = false

    public init(sink: ByteSink = .memory, chunk: Int = 1 << 16) { out = OutputBuffer(sink: sink, chunk: chunk) }

    /// The bytes written so far, as text (for a `.memory` writer).
    public var text: String { out.text }
    /// The bytes written so far (for a `.memory` writer).
    public var buffer: [UInt8] { out.bytes }

    /// Writes the buffer to the sink (a `.memory` writer keeps it).
    public mutating func flush() { out.flush() }

    @inline(__always)
    mutating func flushIfFull() {
        out.flushIfFull()
    }

    /// The separator before a value: a comma when the container already holds one.
    @inline(__always)
    mutating func separate() {
        if afterKey { afterKey = false; return }
        if depth == 0 { return }
        if depth <= 64 {
            let bit: UInt64 = 1 << UInt64(depth - 1)
            if itemBits & bit != 0 { out.append(UInt8(ascii: ",")) } else { itemBits |= bit }
        } else if deeper[depth - 65] {
            out.append(UInt8(ascii: ","))
        } else {
            deeper[depth - 65] = true
        }
    }

    /// Whether the innermost open container holds an item.
    var currentHasItem: Bool {
        if depth == 0 { return false }
        return depth <= 64 ? itemBits & (1 << UInt64(depth - 1)) != 0 : deeper[depth - 65]
    }

    @inline(__always)
    mutating func open(_ bracket: UInt8) {
        separate()
        out.append(bracket)
        depth += 1
        if depth <= 64 { itemBits &= ~(1 << UInt64(depth - 1)) } else { deeper.append(false) }
    }

    @inline(__always)
    mutating func close(_ bracket: UInt8) {
        if depth > 64 { deeper.removeLast() }
        depth -= 1
        out.append(bracket)
        flushIfFull()
    }

    // MARK: containers

    public mutating func beginObject() { open(UInt8(ascii: "{")) }
    public mutating func endObject() { close(UInt8(ascii: "}")) }
    public mutating func beginArray() { open(UInt8(ascii: "[")) }
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    /// An object key; the next call writes its value.
    public mutating func key(_ name: String) {
        separate()
        appendString(name)
        out.append(UInt8(ascii: ":"))
        afterKey = true
    }

    /// A line break before the next item of an array (its comma goes before the break): one item per line.
    public mutating func lineBreak() {
        if currentHasItem {
            out.append(UInt8(ascii: ","))
            afterKey = true  // the comma is written
        }
        out.append(0x0A)
    }

    /// A key made once (`JSONWriter.keyBytes`) and written many times: no escaping per row.
    @inline(__always)
    public mutating func key(bytes: [UInt8]) {
        separate()
        out.append(contentsOf: bytes)
        afterKey = true
    }

    /// The members of an object whose keys were made once with their commas (`"id":`, then
    /// `,"name":`, ...; `memberKeys`): the first key goes through the separator as `key` does, the
    /// others are copied as they are. The next call writes the member's value.
    @inline(__always)
    public mutating func memberKey(_ bytes: UnsafeBufferPointer<UInt8>, first: Bool) {
        if first { separate() }
        out.append(contentsOf: bytes)
        afterKey = true
    }

    /// The bytes of `"name":`, for `key(bytes:)`.
    public static func keyBytes(_ name: String) -> [UInt8] {
        var w = JSONWriter()
        w.appendString(name)
        w.out.append(UInt8(ascii: ":"))
        return w.buffer
    }

    /// Text outside any JSON value (a newline between NDJSON records).
    public mutating func raw(_ text: String) { out.append(contentsOf: text.utf8); flushIfFull() }

    // MARK: scalars

    public mutating func null() { separate(); appendASCII("null") }
    public mutating func bool(_ b: Bool) { separate(); appendASCII(b ? "true" : "false") }
    public mutating func string(_ s: String) { separate(); appendString(s) }

    public mutating func int(_ n: Int64) {
        separate()
        appendInt(n)
    }

    /// A double that stays a double: `2.0`, `0.1`, `1e+20`; NaN and the infinities, which JSON has no
    /// number for, are the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
    public mutating func double(_ d: Double) {
        separate()
        if d.isNaN { appendASCII("\"NaN\""); return }
        if d.isInfinite { appendASCII(d > 0 ? "\"Infinity\"" : "\"-Infinity\""); return }
        // Swift's shortest round-tripping form always has a "." or an exponent ("2.0", "1e-05").
        out.append(contentsOf: d.description.utf8)
    }

    /// A number already in JSON's number syntax (from parsed JSON text: kept exactly as written).
    mutating func numberText(_ s: String) { separate(); out.append(contentsOf: s.utf8) }

    // MARK: bytes

    @inline(__always)
    mutating func appendASCII(_ s: StaticString) {
        s.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func appendInt(_ n: Int64) { out.appendInt(n) }

    /// A quoted, escaped string.
    @inline(__always)
    mutating func appendString(_ s: String) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { appendEscaped($0) }
        out.append(UInt8(ascii: "\""))
    }

    mutating func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        let n = bytes.count
        var start = 0
        var i = 0
        // Eight bytes at a time: the word's mask flags the bytes that may need escaping (a
        // control byte, `"` or `\`); its lowest flag is always a byte that does, the ones above it
        // may be false (a borrow), so each flagged byte is checked before it is escaped. The usual
        // text has none, and this is the JSON writer's hottest loop.
        while i + 8 <= n {
            let m = Self.escapeMask(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            if m == 0 { i += 8; continue }
            let j = i + m.trailingZeroBitCount >> 3
            if Self.needsEscape(base[j]) {
                if start < j { out.append(contentsOf: UnsafeBufferPointer(start: base + start, count: j - start)) }
                appendEscape(base[j])
                start = j + 1
            }
            i = j + 1
        }
        // Fewer than eight bytes left: one by one.
        while i < n {
            if Self.needsEscape(base[i]) {
                if start < i { out.append(contentsOf: UnsafeBufferPointer(start: base + start, count: i - start)) }
                appendEscape(base[i])
                start = i + 1
            }
            i += 1
        }
        if start < n { out.append(contentsOf: UnsafeBufferPointer(start: base + start, count: n - start)) }
    }

    @inline(__always)
    static func needsEscape(_ b: UInt8) -> Bool { b < 0x20 || b == 0x22 || b == 0x5C }

    /// The escape of one byte that needs it (`needsEscape`).
    mutating func appendEscape(_ b: UInt8) {
        out.append(UInt8(ascii: "\\"))
        switch b {
        case 0x22: out.append(0x22)
        case 0x5C: out.append(0x5C)
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "t"))
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        default:
            let hex: StaticString = "0123456789abcdef"
            hex.withUTF8Buffer { h in
                out.append(UInt8(ascii: "u")); out.append(48); out.append(48)
                out.append(h[Int(b >> 4)]); out.append(h[Int(b & 15)])
            }
        }
    }

    /// The high bit of each byte of a word that is below 0x20, `"` (0x22) or `\` (0x5C), by the
    /// classic "has a zero byte" and "has a byte less than n" bit tricks: the lowest flag is exact,
    /// flags above it may be false (a borrow from the byte below).
    @inline(__always)
    static func escapeMask(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func zeros(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        return ((w &- ones &* 0x20) & ~w & highs) | zeros(w ^ (ones &* 0x22)) | zeros(w ^ (ones &* 0x5C))
    }
}
