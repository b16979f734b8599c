import Foundation

/// Where a writer's bytes go when its buffer fills: a file descriptor (standard output), or nowhere
/// (the caller takes the buffer itself, to build a string).
public struct ByteSink: Sendable {
    let descriptor: Int32?

    /// Bytes stay in the writer's buffer; read them with `text` or `bytes`.
    public static let memory = ByteSink(descriptor: nil)
    /// Bytes are written to standard output in chunks.
    public static let standardOutput = ByteSink(descriptor: 1)
    public static func descriptor(_ fd: Int32) -> ByteSink { ByteSink(descriptor: fd) }

    /// Writes all of `bytes` (retrying short writes and EINTR); false when the descriptor refuses.
    @discardableResult
    func write(_ bytes: [UInt8]) -> Bool {
        guard let fd = descriptor, !bytes.isEmpty else { return true }
        if fd == 1 { fflush(nil) }  // what print() left in stdio's buffers goes first
        return bytes.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
    }
}

/// Bytes on their way to a sink: the buffer both writers (`JSONWriter`, `CSVWriter`) append to,
/// kept whole for a `.memory` sink or written out once it holds `chunk` bytes.
public struct OutputBuffer {
    public internal(set) var bytes: [UInt8] = []
    /// Set when the sink refused a write (a full disk, a closed pipe): the output is incomplete.
    public private(set) var failed = false
    let sink: ByteSink
    let chunk: Int

    public init(sink: ByteSink = .memory, chunk: Int = 1 << 16) {
        self.sink = sink
        self.chunk = chunk
        bytes.reserveCapacity(sink.descriptor == nil ? 256 : chunk + 4096)
    }

    /// The bytes written so far, as text (for a `.memory` sink).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Writes the bytes to the sink (a `.memory` sink keeps them).
    public mutating func flush() {
        guard sink.descriptor != nil else { return }
        if !sink.write(bytes) { failed = true }
        bytes.removeAll(keepingCapacity: true)
    }

    /// An integer's decimal digits (both writers' numbers), without a String per number.
    @inline(__always)
    mutating func appendInt(_ n: Int64) {
        if n >= 0 && n < 10 { bytes.append(UInt8(48 + n)); return }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch: enough for 20 digits
        var v = n.magnitude
        withUnsafeMutableBytes(of: &digits) { scratch in
            var i = scratch.count
            repeat {
                i -= 1
                scratch[i] = UInt8(48 + v % 10)
                v /= 10
            } while v > 0
            if n < 0 { i -= 1; scratch[i] = UInt8(ascii: "-") }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[i...]))
        }
    }

    /// Flushes once a chunk is full (a `.memory` sink never is).
    @inline(__always)
    mutating func flushIfFull() {
        if bytes.count >= chunk, sink.descriptor != nil { flush() }
    }
}
