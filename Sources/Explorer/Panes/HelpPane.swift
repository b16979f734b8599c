import ORMCore

extension Renderer {
    /// Every key, its description wrapped onto more lines where the window is narrow.
    static func help(_ frame: Frame, width: Int, height: Int) -> Frame {
        var f = frame
        f.set(1, [.init("Keys (any key closes this)", .title)])
        var row = 2
        let room = max(20, width - 24)
        for (keys, what) in Keymap.help where row < height {
            var rest = Substring(what), first = true
            while !rest.isEmpty, row < height {
                var line = String(rest.prefix(room))
                if line.count < rest.count, let space = line.lastIndex(of: " ") { line = String(line[..<space]) }
                rest = rest.dropFirst(line.count).drop { $0 == " " }
                f.set(row, [.init("  " + (first ? keys : "").fitted(22), .header), .init(line)])
                first = false
                row += 1
            }
        }
        return f
    }
}
