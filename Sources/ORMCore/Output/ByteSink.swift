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
