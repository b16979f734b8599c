/// The terminal's bytes as Unicode scalars, one byte at a time. A byte that cannot continue the
/// sequence begun ends it as U+FFFD and is then read afresh, so an invalid sequence never eats
/// the key after it (`E2 82` then Enter is U+FFFD, then Enter). Pure: the terminal feeds it.
public struct UTF8Input: Sendable, Equatable {
    private var pending: [UInt8] = []
    private var needed = 0

    public static let replacement: Unicode.Scalar = "\u{FFFD}"

    public init() {}

    /// Whether a sequence is begun and waits for more bytes.
    public var isPending: Bool { !pending.isEmpty }

    /// The scalars `byte` completes: none (mid-sequence), one, or two (U+FFFD for the sequence it
    /// broke, then the byte itself).
    public mutating func feed(_ byte: UInt8) -> [Unicode.Scalar] {
        if pending.isEmpty { return start(byte) }
        let allowed: ClosedRange<UInt8> = pending.count == 1 ? Self.second(after: pending[0]) : 0x80...0xBF
        guard allowed.contains(byte) else {
            pending = []
            return [Self.replacement] + start(byte)
        }
        pending.append(byte)
        guard pending.count == needed else { return [] }
        defer { pending = [] }
        var value = UInt32(pending[0]) & (0xFF >> (needed + 1))
        for b in pending.dropFirst() { value = value << 6 | UInt32(b & 0x3F) }
        return [Unicode.Scalar(value) ?? Self.replacement]
    }

    /// No more bytes came: a sequence left unfinished is U+FFFD.
    public mutating func flush() -> Unicode.Scalar? {
        guard !pending.isEmpty else { return nil }
        pending = []
        return Self.replacement
    }

    private mutating func start(_ byte: UInt8) -> [Unicode.Scalar] {
        switch byte {
        case 0x00...0x7F: return [Unicode.Scalar(byte)]
        case 0xC2...0xDF: needed = 2
        case 0xE0...0xEF: needed = 3
        case 0xF0...0xF4: needed = 4
        default: return [Self.replacement]  // a stray continuation, an overlong lead, past U+10FFFF
        }
        pending = [byte]
        return []
    }

    /// The second bytes a lead allows: 80-BF, narrowed so there are no overlong forms, no
    /// surrogates and nothing past U+10FFFF.
    private static func second(after lead: UInt8) -> ClosedRange<UInt8> {
        switch lead {
        case 0xE0: return 0xA0...0xBF
        case 0xED: return 0x80...0x9F
        case 0xF0: return 0x90...0xBF
        case 0xF4: return 0x80...0x8F
        default: return 0x80...0xBF
        }
    }
}
