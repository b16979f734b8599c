import ArgumentParser
import CEdit
import Explorer
import Foundation
import ORMCore
import PostgresDriver

/// What the shell shares with the commands it runs: one open database.
enum ShellContext {
    nonisolated(unsafe) static var database: Database?
    /// The registry tab completion offers names from (`ShellCompletion`).
    nonisolated(unsafe) static var registry: Registry?
    nonisolated(unsafe) static var matches: [String] = []
    /// The shell was started with `--read-only`: every command it runs is read-only.
    nonisolated(unsafe) static var readOnly = false
}

/// `ormscope shell`: a line-editing prompt (libedit) that runs the same commands on one connection,
/// with history kept in a file and tab completion of commands, model, field and relationship names.
struct Shell: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "A prompt that runs the same commands on one connection, with history and completion.")
    @OptionGroup var options: DatabaseOptions
    @Flag(help: "Run every command in one transaction: commit (or rollback) ends it and begins the next; at quit or the end of input it commits when no command failed, else rolls back (exit status 1).")
    var transaction = false
    @Option(help: "The history file (default: $ORMSCOPE_HISTORY, else $XDG_STATE_HOME/ormscope/history, else ~/.local/state/ormscope/history).") var history: String?

    /// The commands the shell completes: the command line's own list (one place), less the explorer
    /// and the shell itself, with the shell's own words.
    static var commands: [String] {
        Ormscope.configuration.subcommands.map { $0._commandName }.filter { !["explore", "shell", "keys"].contains($0) } + ["help", "quit", "commit", "rollback"]
    }

    /// The options Tab offers after a `-`.
    static let options = ["--where", "--order", "--limit", "--after", "--before", "--last", "--load", "--set", "--null", "--on-conflict",
                          "--format", "--yes", "--from", "--page"]

    func run() throws {
        try reporting(options.format) {
            let db = try options.open()
            let registry = try db.withAction("shell start") { try db.introspect() }
            ShellContext.database = db
            ShellContext.readOnly = options.readOnly
            var held = ShellTransaction(db: db, on: transaction)
            try held.begin()
            ShellContext.registry = registry
            let interactive = isatty(0) == 1
            let historyFile = history ?? Config.historyPath
            if interactive {
                ormscope_set_readline_name("ormscope")
                using_history()
                stifle_history(1000)
                read_history(historyFile)
                Shell.redactHistory()
                ormscope_set_completion(complete)
                print("ormscope shell on \(db.connection.displayName): \(registry.models.count) models. Tab completes; help lists commands; quit leaves.")
            }
            defer { if interactive { write_history(historyFile) } }
            var (ran, failed) = (0, 0)
            while let line = Shell.readLine(interactive: interactive) {
                let text = line.trimmingCharacters(in: .whitespaces)
                // A blank line, or a comment: `#` to the end of the line as in sh (ShellWords drops one after
                // words), or `--` as in psql and sqlite3 scripts.
                if text.isEmpty || text.hasPrefix("#") || text == "--" || text.hasPrefix("-- ") { continue }
                if interactive { add_history(Shell.historyLine(text)) }
                if text == "quit" || text == "exit" { break }
                if text == "help" {
                    print(Ormscope.helpMessage())
                    continue
                }
                if (text == "commit" || text == "rollback") && held.on {
                    try held.end(commit: text == "commit")
                    try held.begin()
                    continue
                }
                let ok = Shell.execute(text)
                held.ran(ok)
                ran += 1
                if !ok { failed += 1 }
            }
            if held.on { try held.end(commit: true) }
            if held.rolledBack { throw ExitCode(1) }
            // A script (standard input not a terminal) fails as a whole when one of its commands did,
            // so `ormscope shell < fixups.txt` in CI does not pass with every command failed.
            if !interactive && failed > 0 {
                FileHandle.standardError.write(Data("ormscope: \(failed) of \(ran) commands failed.\n".utf8))
                throw ExitCode(1)
            }
        }
    }

    /// The line as history keeps it: every password masked (a `--db URL` typed in the shell, a
    /// keyword string), so the history file never holds one.
    static func historyLine(_ text: String) -> String {
        ConnectionInfo.redactedLine(text, words: (try? ShellWords.split(text)) ?? [])
    }

    /// Masks passwords in lines read from an older history file, before it is written back: the
    /// history is rebuilt in order (libedit's replace_history_entry was seen to refuse here).
    static func redactHistory() {
        let base = ormscope_history_base()
        let lines = (0..<ormscope_history_length()).compactMap { i in history_get(base + i)?.pointee.line.map { String(cString: $0) } }
        let redacted = lines.map(historyLine)
        guard redacted != lines else { return }
        clear_history()
        for line in redacted { add_history(line) }
    }

    static func readLine(interactive: Bool) -> String? {
        guard interactive else { return Swift.readLine() }
        guard let p = readline("ormscope> ") else { print(""); return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// Runs one command line; errors print their sentence and the prompt comes back. False when
    /// the command failed.
    @discardableResult
    static func execute(_ text: String) -> Bool {
        defer { fflush(nil) }  // all output streams: the next prompt comes after this command's output
        guard reconnectIfLost() else { return false }
        do {
            let args = try ShellWords.split(text)
            if args.first == "shell" { print("ormscope: already in the shell."); return false }
            try UnknownCommand.check(args)
            var command = try Ormscope.parseNamingUnknownOptions(args)
            // A line reports its own statements: its action's name ("rows team") recurs from line to
            // line, and the log kept the earlier lines' under it (their SELECTs counted again, as duplicates).
            ShellContext.database?.log.reset()
            try command.run()
            try StatementBudget.check()
            return true
        } catch let e as ExitCode {
            return e == .success  // the sentence is printed already
        } catch let unknown as UnknownCommand {
            print(unknown.description)
        } catch let e as ShellWords.Unbalanced {
            FileHandle.standardError.write(Data("ormscope: \(e.sentence)\n".utf8))
        } catch {
            let message = Ormscope.redactedMessage(for: error, words: (try? ShellWords.split(text)) ?? [text])
            if !message.isEmpty { print(message) }
        }
        return false
    }

    /// The pre-ping before each command: a connection the server closed (a restart, a terminated
    /// backend) is opened again, once; when the server cannot be reached the command is not run
    /// and one sentence says so (the next command tries again). False: nothing to run on.
    static func reconnectIfLost() -> Bool {
        guard let db = ShellContext.database, !db.isAlive else { return true }
        do {
            try db.reconnect()
            FileHandle.standardError.write(Data("ormscope: the connection to the database was lost and has been opened again.\n".utf8))
            return true
        } catch {
            let why = (error as? any UserFacingError)?.sentence ?? "\(error)"
            FileHandle.standardError.write(Data("ormscope: the database cannot be reached: \(why) Try again when the server is back.\n".utf8))
            return false
        }
    }
}

/// libedit's completion generator: called with state 0, 1, 2, ... until it returns nil. What it
/// offers depends on the words before the one typed (`ShellCompletion`).
private func complete(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    let prefix = text.map { String(cString: $0) } ?? ""
    if state == 0 {
        let line = ormscope_line_buffer().map { String(decoding: Array(String(cString: $0).utf8.prefix(Int(ormscope_line_point()))), as: UTF8.self) } ?? ""
        var words = (try? ShellWords.split(line)) ?? line.split(separator: " ").map(String.init)
        if !line.hasSuffix(" "), !words.isEmpty { words.removeLast() }
        ShellContext.matches = ShellContext.registry.map {
            ShellCompletion.candidates(before: words, prefix: prefix, registry: $0, commands: Shell.commands, options: Shell.options)
        } ?? Shell.commands.filter { $0.hasPrefix(prefix) }
    }
    let i = Int(state)
    guard i < ShellContext.matches.count else { return nil }
    return strdup(ShellContext.matches[i])
}

/// `shell --transaction`: the commands run in one transaction held open across them (each write
/// under its own savepoint, so a failed write undoes only itself). `commit` and `rollback` end it
/// and begin the next; at quit or the end of the input it commits when no command failed since
/// it began, else it is rolled back (a script is all-or-nothing).
/// ```sql
/// BEGIN
/// -- insert team ...; update hero ...   (SAVEPOINT ... RELEASE SAVEPOINT per write)
/// COMMIT                               -- or ROLLBACK when a command failed
/// ```
struct ShellTransaction {
    let db: Database
    let on: Bool
    private var failed = 0
    private var commands = 0
    private(set) var rolledBack = false

    init(db: Database, on: Bool) {
        self.db = db
        self.on = on
    }

    func begin() throws {
        guard on else { return }
        try db.withAction("shell transaction") { try db.holdTransaction() }
    }

    /// One command ran (true: it succeeded).
    mutating func ran(_ succeeded: Bool) {
        guard on else { return }
        commands += 1
        // A failure that ended the whole transaction: hold a new one, so what follows is not
        // committed line by line (it is rolled back at the end with the rest).
        let ended = !db.held || !db.inTransaction
        if ended { try? begin() }
        if !succeeded || ended {
            failed += 1
            if failed == 1 {
                FileHandle.standardError.write(Data("ormscope: a command failed: the transaction will be rolled back at the end (rollback starts over now).\n".utf8))
            }
        }
    }

    /// Commits (when asked and nothing failed) or rolls back, and says which.
    mutating func end(commit: Bool) throws {
        guard on else { return }
        defer { failed = 0; commands = 0 }
        try db.withAction("shell transaction") {
            if commit && commands == 0 && failed == 0 {
                // Nothing ran since the last commit or rollback (a script that ends with one): the
                // transaction held since holds nothing, and ends without a word.
                try db.rollbackHeld()
            } else if commit && failed == 0 && db.inTransaction {
                try db.commitHeld()
                FileHandle.standardError.write(Data("ormscope: committed the transaction (\(NumberText.counted(commands, "command"))).\n".utf8))
            } else {
                try db.rollbackHeld()
                if commit { rolledBack = true }
                let why = failed > 0 ? "\(failed) of \(commands) commands failed" : "rollback"
                FileHandle.standardError.write(Data("ormscope: rolled the transaction back (\(why)); nothing of it was written.\n".utf8))
            }
        }
    }
}
