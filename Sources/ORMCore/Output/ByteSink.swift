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
    func write(_ raw: UnsafeRawBufferPointer) -> Bool {
        guard let fd = descriptor, raw.count > 0 else { return true }
        if fd == 1 { fflush(nil) }  // what print() left in stdio's buffers goes first
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

/// Bytes on their way to a sink: the buffer both writers (`JSONWriter`, `CSVWriter`) append to,
/// kept whole for a `.memory` sink or written out once it holds `chunk` bytes.
public struct OutputBuffer {
    /// The first `count` bytes are the output so far; the rest is room, so an append is a copy
    /// into place. Memory of its own (`ByteStorage`) rather than an Array: an Array's mutable
    /// access checks uniqueness through a runtime call on every append (tens of millions per
    /// export); here the check is inline, and a shared buffer is copied first (value semantics).
    private var storage: ByteStorage
    public private(set) var count = 0
    /// Set when the sink refused a write (a full disk, a closed pipe): the output is incomplete.
    public private(set) var failed = false
    let sink: ByteSink
    let chunk: Int

    public init(sink: ByteSink = .memory, chunk: Int = 1 << 16) {
        self.sink = sink
        self.chunk = chunk
        storage = ByteStorage(capacity: sink.descriptor == nil ? 256 : chunk + 4096)
    }

    /// The bytes written so far (for a `.memory` sink; a stream's are the ones not flushed yet).
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: storage.base, count: count)) }

    /// The bytes written so far, as text (for a `.memory` sink).
    public var text: String { String(decoding: UnsafeBufferPointer(start: storage.base, count: count), as: UTF8.self) }

    /// Writes the bytes to the sink (a `.memory` sink keeps them).
    public mutating func flush() {
        guard sink.descriptor != nil else { return }
        if !sink.write(UnsafeRawBufferPointer(start: storage.base, count: count)) { failed = true }
        count = 0
    }

    /// Room for `n` more bytes, in memory of this buffer's own.
    @inline(__always)
    mutating func reserve(_ n: Int) {
        if _slowPath(count + n > storage.capacity || !isKnownUniquelyReferenced(&storage)) { grow(n) }
    }

    @inline(never)
    mutating func grow(_ n: Int) {
        let capacity = count + n > storage.capacity ? max(storage.capacity * 2, count + n) : storage.capacity
        let bigger = ByteStorage(capacity: capacity)
        bigger.base.update(from: storage.base, count: count)
        storage = bigger
    }

    @inline(__always)
    mutating func append(_ b: UInt8) {
        reserve(1)
        storage.base[count] = b
        count += 1
    }

    @inline(__always)
    mutating func append(contentsOf p: UnsafeBufferPointer<UInt8>) {
        let n = p.count
        guard n > 0, let from = p.baseAddress else { return }
        reserve(n)
        let to = storage.base + count
        // Short runs (keys, numbers, most fields) byte by byte: cheaper than a call to memcpy.
        if n <= 16 { for i in 0..<n { to[i] = from[i] } } else { to.update(from: from, count: n) }
        count += n
    }

    @inline(__always)
    mutating func append(contentsOf p: UnsafeRawBufferPointer) {
        append(contentsOf: p.bindMemory(to: UInt8.self))
    }

    @inline(__always)
    mutating func append(contentsOf a: [UInt8]) {
        a.withUnsafeBufferPointer { append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func append(contentsOf utf8: String.UTF8View) {
        var s = String(utf8)
        s.withUTF8 { append(contentsOf: $0) }
    }

    /// An integer's decimal digits (both writers' numbers), without a String per number.
    @inline(__always)
    mutating func appendInt(_ n: Int64) {
        if n >= 0 && n < 10 { append(UInt8(48 + n)); return }
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
            append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[i...]))
        }
    }

    /// Flushes once a chunk is full (a `.memory` sink never is).
    @inline(__always)
    mutating func flushIfFull() {
        if count >= chunk, sink.descriptor != nil { flush() }
    }
}

/// An output buffer's memory (`OutputBuffer`).
final class ByteStorage {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }
}
