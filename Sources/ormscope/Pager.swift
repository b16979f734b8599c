import Foundation

/// Table output taller than the terminal goes through a pager: `$PAGER` (run by `/bin/sh -c`), or
/// `less -S` (long lines scroll sideways rather than wrap) when it is unset. Never when standard
/// output is not a terminal (a pipe, a file, a test), inside the shell (its prompt is the pager),
/// or when `$PAGER` is empty or `cat`; then the text is printed as it is.
enum Pager {
    /// Prints `text`, through the pager when it is more lines than the terminal has.
    static func show(_ text: String) {
        guard let command = command(lines: text.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }) else {
            Swift.print(text, terminator: "")
            return
        }
        fflush(nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        var env = ProcessInfo.processInfo.environment
        if env["LESS"] == nil { env["LESS"] = "FRX" }  // quit when it fits, keep colours, leave the screen as it was
        // The pager measures the terminal itself, as the choice to page did (an inherited LINES
        // would make less -F think a taller text fits and quit at once).
        env["LINES"] = nil
        env["COLUMNS"] = nil
        p.environment = env
        let pipe = Pipe()
        p.standardInput = pipe
        do { try p.run() } catch {
            Swift.print(text, terminator: "")
            return
        }
        // The pager owns the terminal now: Ctrl-C is its to handle (less ignores it), not ours.
        let previous = signal(SIGINT, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)  // a pager that quits early closes the pipe
        pipe.fileHandleForWriting.writeabilityHandler = nil
        let data = Data(text.utf8)
        data.withUnsafeBytes { raw in
            var offset = 0
            let fd = pipe.fileHandleForWriting.fileDescriptor
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; break }
                offset += n
            }
        }
        try? pipe.fileHandleForWriting.close()
        p.waitUntilExit()
        signal(SIGINT, previous)
    }

    /// The pager command for output of `lines` lines, or nil to print directly.
    static func command(lines: Int) -> String? {
        guard isatty(1) == 1, ShellContext.database == nil else { return nil }
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, lines >= Int(size.ws_row) else { return nil }
        let pager = ProcessInfo.processInfo.environment["PAGER"] ?? "less -S"
        let trimmed = pager.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty || trimmed == "cat" ? nil : trimmed
    }
}
