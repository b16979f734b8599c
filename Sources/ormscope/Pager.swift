import Foundation

/// Long table output on a terminal goes through `$PAGER` (else `less -FRX`, which prints it as it
/// is when it fits), as git does: only when standard output is a terminal and the text has more
/// lines than the window; `PAGER=` (empty) or `PAGER=cat` prints it directly. The pager gets the
/// signals' default handling, and the command waits for it.
enum Pager {
    static func show(_ text: String) {
        guard isatty(1) == 1, lines(text) > windowHeight() - 1, let command = command() else { return print(text, terminator: "") }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return print(text, terminator: "") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
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
        let argv = ["/bin/sh", "-c", command]
        let args: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for a in args { free(a) } }
        var env = ProcessInfo.processInfo.environment
        if env["LESS"] == nil { env["LESS"] = "FRX" }
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for e in envp { free(e) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/sh", &actions, &attributes, args, envp) == 0 else {
            close(fds[0]); close(fds[1])
            return print(text, terminator: "")
        }
        close(fds[0])
        // A pager quit early (q) closes the pipe: the rest is not written, and that is no error.
        let previous = signal(SIGPIPE, SIG_IGN)
        let bytes = Array(text.utf8)
        var at = 0
        while at < bytes.count {
            let n = bytes[at...].withUnsafeBufferPointer { write(fds[1], $0.baseAddress, $0.count) }
            if n <= 0 { break }
            at += n
        }
        close(fds[1])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        signal(SIGPIPE, previous)
    }

    /// The pager to run, or nil to print directly.
    static func command() -> String? {
        let env = ProcessInfo.processInfo.environment
        if let p = env["ORMSCOPE_PAGER"] ?? env["PAGER"] { return p.isEmpty || p == "cat" ? nil : p }
        return FileManager.default.isExecutableFile(atPath: "/usr/bin/less") ? "less" : nil
    }

    static func lines(_ text: String) -> Int { text.utf8.reduce(0) { $1 == 10 ? $0 + 1 : $0 } }

    static func windowHeight() -> Int {
        var w = winsize()
        return ioctl(1, UInt(TIOCGWINSZ), &w) == 0 && w.ws_row > 0 ? Int(w.ws_row) : 24
    }
}
