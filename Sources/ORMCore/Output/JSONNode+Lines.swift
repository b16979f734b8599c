/// JSON read with the lines its keys stand on, for files a person writes (the models file): an
/// error can then say "line 12, key \"loading\"" instead of only "not JSON".
extension JSONNode {
    /// Where text stops being JSON.
    public struct SyntaxError: Error, Equatable {
        /// The 1-based line of the first character that does not fit.
        public var line: Int
        /// Its 1-based column (in bytes), which a file on one line (`jq -c`, a minified one) needs.
        public var column = 1
        /// The text from there, up to 20 bytes of it (nothing at the end of the text).
        public var near = ""
    }

    /// Parses JSON text like `parse(_:)`, returning with the value the line of each object key in
    /// reading order (depth first, keys before their values), or the line where the text stops
    /// being JSON.
    public static func parseWithLines(_ text: String) -> Result<(JSONNode, [Int]), SyntaxError> {
        var text = text
        return text.withUTF8 { bytes in
            var p = Parser(bytes: bytes)
            p.keyLines = []
            p.skipSpace()
            func failure() -> Result<(JSONNode, [Int]), SyntaxError> {
                let at = min(p.i, bytes.count)
                var start = at
                while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
                let near = String(decoding: bytes[at..<min(bytes.count, at + 20)], as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
                return .failure(SyntaxError(line: p.line, column: at - start + 1, near: near))
            }
            guard let v = p.value(depth: 0) else { return failure() }
            p.skipSpace()
            return p.i == bytes.count ? .success((v, p.keyLines ?? [])) : failure()
        }
    }
}

/// A parsed JSON value with the line of each member, built from `parseWithLines`: what a reader of a
/// hand-written file walks to say where a wrong value is.
public struct LocatedJSON: Sendable {
    public var node: JSONNode
    /// The line of the key this value stands under (the first line for the top value).
    public var line: Int
    /// The members of an object, each with its key's line.
    public var members: [(key: String, value: LocatedJSON)] = []
    /// The items of an array (each on its parent's line: items carry no key).
    public var items: [LocatedJSON] = []

    /// The located tree of a value and its key lines in reading order.
    public init(_ node: JSONNode, keyLines: [Int], line: Int = 1) {
        var cursor = keyLines.makeIterator()
        self = LocatedJSON.build(node, line: line, lines: &cursor)
    }

    private init(node: JSONNode, line: Int) {
        self.node = node
        self.line = line
    }

    private static func build(_ node: JSONNode, line: Int, lines: inout IndexingIterator<[Int]>) -> LocatedJSON {
        var out = LocatedJSON(node: node, line: line)
        switch node {
        case .object(let ms):
            for (k, v) in ms {
                let l = lines.next() ?? line
                out.members.append((k, build(v, line: l, lines: &lines)))
            }
        case .array(let xs):
            // An object item stands on its first key's line.
            out.items = xs.map { item in
                var x = build(item, line: line, lines: &lines)
                if let first = x.members.first { x.line = first.value.line }
                return x
            }
        default: break
        }
        return out
    }

    public subscript(key: String) -> LocatedJSON? { members.first { $0.key == key }?.value }
}
