/// Runs `body` on a string's UTF-8 bytes in one buffer: scanning a buffer costs a fraction of
/// iterating `utf8` (performance only; the naming code scans every model's name several times).
@inline(__always)
func withUTF8Buffer<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
    return Array(s.utf8).withUnsafeBufferPointer(body)
}
