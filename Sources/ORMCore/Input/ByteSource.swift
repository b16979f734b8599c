import Foundation

/// Bytes read from a file descriptor in 64 KB chunks (a file, standard input, a pipe), one at a
/// time, with the line number (1-based) of the byte about to be read: what the row-file readers
/// (`CSVReader`, `JSONRowReader`) parse, in flat memory whatever the file's size.
public struct ByteSource {
    private let descriptor: Int32
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEnd = false
    /// The line the next byte is on.
    public private(set) var line = 1
    /// Set when reading failed (not at the end of the file): errno's text.
    public private(set) var failure: String?
    /// Bytes read from the descriptor so far (for a progress line's share of a file's size).
    public private(set) var bytesRead = 0

    public init(descriptor: Int32, chunk: Int = 1 << 16) {
        self.descriptor = descriptor
        buffer = [UInt8](repeating: 0, count: chunk)
    }

    /// Bytes already in memory (tests, small inputs).
    public init(bytes: [UInt8]) {
        descriptor = -1
        buffer = bytes
        end = bytes.count
        atEnd = true
    }

    private mutating func fill() -> Bool {
        guard !atEnd else { return false }
        while true {
            let n = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { failure = String(cString: strerror(errno)) }
            if n <= 0 { atEnd = true; return false }
            start = 0
            end = n
            bytesRead += n
            return true
        }
    }

    /// The next byte without taking it; nil at the end.
    @inline(__always)
    public mutating func peek() -> UInt8? {
        if start == end, !fill() { return nil }
        return buffer[start]
    }

    /// Appends the bytes before the first of `stops` (`stop(b)` true) to `out` and returns that byte,
    /// left unread; nil at the end. Line breaks taken are counted. A whole buffer's span at a time:
    /// the CSV reader's fields.
    @inline(__always)
    public mutating func append(into out: inout [UInt8], until stop: (UInt8) -> Bool) -> UInt8? {
        while true {
            if start == end, !fill() { return nil }
            let (i, lines) = buffer.withUnsafeBufferPointer { b -> (Int, Int) in
                var i = start, lines = 0
                while i < end {
                    let c = b[i]
                    if stop(c) { break }
                    if c == 0x0A { lines += 1 }
                    i += 1
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<i]))
                return (i, lines)
            }
            line += lines
            start = i
            if i < end { return buffer[i] }
        }
    }

    /// Takes a UTF-8 byte-order mark (EF BB BF) at the start of the file, which spreadsheets write
    /// before a "CSV UTF-8" file's header and which would otherwise be part of the first field's
    /// name. True when there was one. (Called before any byte is read.)
    @discardableResult
    public mutating func skipByteOrderMark() -> Bool {
        guard peek() == 0xEF, start == 0, bytesRead == end || descriptor < 0, end - start >= 3,
              buffer[start + 1] == 0xBB, buffer[start + 2] == 0xBF else { return false }
        start += 3
        return true
    }

    /// Takes the next byte; nil at the end.
    @inline(__always)
    public mutating func next() -> UInt8? {
        if start == end, !fill() { return nil }
        let b = buffer[start]
        start += 1
        if b == 0x0A { line += 1 }
        return b
    }
}
