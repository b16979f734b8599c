import Foundation

/// A child that shares the terminal: started by `posix_spawn` in the terminal's foreground process
/// group (Foundation's `Process` starts it apart, and a pager or editor then cannot read its keys),
/// with the default handling of the signals the explorer and the CLI change and an empty signal
/// mask (the explorer blocks SIGWINCH and ignores SIGINT, which a child would inherit).
enum ForegroundProcess {
    /// posix_spawn's error number.
    struct SpawnFailure: Error { let code: Int32 }

    /// Starts `argv` (`argv[0]` a path), its standard input from `stdin` when given (that
    /// descriptor and those in `closing` are closed in the child); the pid, or the error number.
    static func start(_ argv: [String], stdin: Int32? = nil, closing: [Int32] = [], environment: [String: String]? = nil) -> Result<pid_t, SpawnFailure> {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdin {
            posix_spawn_file_actions_adddup2(&actions, stdin, 0)
            posix_spawn_file_actions_addclose(&actions, stdin)
        }
        for fd in closing { posix_spawn_file_actions_addclose(&actions, fd) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), defaults = sigset_t()
        sigemptyset(&none)
        sigemptyset(&defaults)
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH, SIGPIPE] { sigaddset(&defaults, sig) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let args: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for a in args { free(a) } }
        var pid: pid_t = 0
        let rc: Int32
        if let environment {
            let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { for e in envp { free(e) } }
            rc = posix_spawn(&pid, argv[0], &actions, &attributes, args, envp)
        } else {
            rc = posix_spawn(&pid, argv[0], &actions, &attributes, args, environ)
        }
        guard rc == 0 else { return .failure(SpawnFailure(code: rc)) }
        return .success(pid)
    }

    /// Waits for the child; its exit status, or 128 + the signal that ended it.
    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
