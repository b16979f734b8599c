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
        // posix_spawn, not Process: the pager must stay in the terminal's foreground process group
        // to read its keys from it (Foundation's Process starts a child apart, and less then quits).
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return Swift.print(text, terminator: "") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t(), none = sigset_t()
        sigemptyset(&defaults)
        sigemptyset(&none)
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGWINCH] { sigaddset(&defaults, sig) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv: [String] = ["/bin/sh", "-c", command]
        let args: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for a in args { free(a) } }
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for e in envp { free(e) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/sh", &actions, &attributes, args, envp) == 0 else {
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
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
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
