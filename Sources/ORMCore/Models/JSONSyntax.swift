/// Whether text is one JSON value (RFC 8259), checked for syntax only: numbers of any size
/// (`1e400`), duplicate keys and any escapes pass, as PostgreSQL's `json` accepts them.
/// (Foundation's parser refuses numbers a Double cannot hold, which the database keeps.)
/// Iterative, so nesting depth costs memory, never stack.
enum JSONSyntax {
    static func isValid(_ text: String) -> Bool {
        let s = Array(text.utf8)
        var i = 0
        // What each open container expects next.
        enum Expect { case valueOrEnd, value, keyOrEnd, key, colon, commaOrEnd }
        var stack: [UInt8] = []          // "[" or "{"
        var expect = Expect.value
        func skipSpace() { while i < s.count, s[i] == 0x20 || s[i] == 0x09 || s[i] == 0x0A || s[i] == 0x0D { i += 1 } }
        func digits() -> Int { let start = i; while i < s.count, s[i] >= 0x30, s[i] <= 0x39 { i += 1 }; return i - start }
        func string() -> Bool {
            guard i < s.count, s[i] == 0x22 else { return false }
            i += 1
            while i < s.count {
                let c = s[i]
                if c == 0x22 { i += 1; return true }
                if c < 0x20 { return false }
                if c == 0x5C {
                    i += 1
                    guard i < s.count else { return false }
                    switch s[i] {
                    case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: i += 1
                    case 0x75:
                        guard i + 4 < s.count, s[(i + 1)...(i + 4)].allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }) else { return false }
                        i += 5
                    default: return false
                    }
                } else {
                    i += 1
                }
            }
            return false
        }
        func number() -> Bool {
            if i < s.count, s[i] == 0x2D { i += 1 }
            guard i < s.count else { return false }
            if s[i] == 0x30 { i += 1 } else if digits() == 0 { return false }
            if i < s.count, s[i] == 0x2E { i += 1; guard digits() > 0 else { return false } }
            if i < s.count, s[i] | 0x20 == 0x65 {
                i += 1
                if i < s.count, s[i] == 0x2B || s[i] == 0x2D { i += 1 }
                guard digits() > 0 else { return false }
            }
            return true
        }
        func word(_ w: String) -> Bool {
            let u = Array(w.utf8)
            guard i + u.count <= s.count, Array(s[i..<(i + u.count)]) == u else { return false }
            i += u.count
            return true
        }
        /// After a complete value: what the enclosing container expects.
        func valueDone() { expect = .commaOrEnd }
        while true {
            skipSpace()
            switch expect {
            case .value, .valueOrEnd:
                guard i < s.count else { return false }
                let c = s[i]
                if expect == .valueOrEnd, c == 0x5D { i += 1; stack.removeLast(); valueDone(); continue }
                switch c {
                case 0x7B: i += 1; stack.append(0x7B); expect = .keyOrEnd
                case 0x5B: i += 1; stack.append(0x5B); expect = .valueOrEnd
                case 0x22: guard string() else { return false }; valueDone()
                case 0x74: guard word("true") else { return false }; valueDone()
                case 0x66: guard word("false") else { return false }; valueDone()
                case 0x6E: guard word("null") else { return false }; valueDone()
                default: guard number() else { return false }; valueDone()
                }
            case .key, .keyOrEnd:
                guard i < s.count else { return false }
                if expect == .keyOrEnd, s[i] == 0x7D { i += 1; stack.removeLast(); valueDone(); continue }
                guard string() else { return false }
                expect = .colon
            case .colon:
                guard i < s.count, s[i] == 0x3A else { return false }
                i += 1
                expect = .value
            case .commaOrEnd:
                guard let top = stack.last else { return i == s.count }
                guard i < s.count else { return false }
                if s[i] == 0x2C { i += 1; expect = top == 0x7B ? .key : .value; continue }
                guard s[i] == (top == 0x7B ? 0x7D : 0x5D) else { return false }
                i += 1
                stack.removeLast()
                valueDone()
            }
        }
    }
}
