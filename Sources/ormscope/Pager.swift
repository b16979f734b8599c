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
        var env = ProcessInfo.processInfo.environment
        if env["LESS"] == nil { env["LESS"] = "FRX" }  // quit when it fits, keep colours, leave the screen as it was
        // The pager measures the terminal itself, as the choice to page did (an inherited LINES
        // would make less -F think a taller text fits and quit at once).
        env["LINES"] = nil
        env["COLUMNS"] = nil
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return Swift.print(text, terminator: "") }
        guard case .success(let pid) = ForegroundProcess.start(["/bin/sh", "-c", command], stdin: fds[0], closing: [fds[1]], environment: env) else {
            close(fds[0]); close(fds[1])
            return Swift.print(text, terminator: "")
        }
        close(fds[0])
        // The pager owns the terminal now: Ctrl-C is its to handle (less ignores it), not ours;
        // a pager that quits early closes the pipe, and the rest is not written (no error).
        let previousInt = signal(SIGINT, SIG_IGN)
        let previousPipe = signal(SIGPIPE, SIG_IGN)
        let bytes = Array(text.utf8)
        var at = 0
        while at < bytes.count {
            let n = bytes[at...].withUnsafeBufferPointer { write(fds[1], $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            at += n
        }
        close(fds[1])
        _ = ForegroundProcess.wait(pid)
        signal(SIGINT, previousInt)
        signal(SIGPIPE, previousPipe)
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
