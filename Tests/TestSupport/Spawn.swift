import Foundation

/// Runs a program and waits for it with posix_spawn and waitpid, not Foundation's Process, whose
/// `waitUntilExit` was seen here never to notice a child's exit when the child started a daemon
/// (tmux's server, a PostgreSQL server). Output goes through a file: no pipe for a daemon to hold.
public enum Spawn {
    /// Runs `args` (the first is looked up on PATH) for at most `timeout` seconds; returns its exit
    /// status and standard output (standard error is dropped).
    @discardableResult
    public static func run(_ args: [String], timeout: Double = 60, output: Bool = false) throws -> (status: Int32, output: String) {
        let file = NSTemporaryDirectory() + "ormscope-spawn-\(UUID().uuidString).out"
        defer { try? FileManager.default.removeItem(atPath: file) }
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output ? file : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        guard posix_spawnp(&pid, args[0], &actions, nil, argv, environ) == 0 else {
            throw NSError(domain: "spawn", code: 1, userInfo: [NSLocalizedDescriptionKey: "could not start \(args[0])"])
        }
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if waitpid(pid, &status, WNOHANG) == pid {
                let text = output ? ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "") : ""
                return ((status >> 8) & 0xff, text)
            }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
        throw NSError(domain: "spawn", code: 2, userInfo: [NSLocalizedDescriptionKey: "\(args.joined(separator: " ")) did not finish in \(Int(timeout)) s"])
    }
}
