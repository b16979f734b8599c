import ArgumentParser
import CEdit
import Explorer
import Foundation
import ORMCore
import PostgresDriver

/// What the shell shares with the commands it runs: one open database.
enum ShellContext {
    nonisolated(unsafe) static var database: Database?
    /// Words for tab completion: commands, models, fields, relationships.
    nonisolated(unsafe) static var words: [String] = []
    nonisolated(unsafe) static var matches: [String] = []
    /// The shell was started with `--read-only`: every command it runs is read-only.
    nonisolated(unsafe) static var readOnly = false
}

/// `ormscope shell`: a line-editing prompt (libedit) that runs the same commands on one connection,
/// with history kept in a file and tab completion of commands, model, field and relationship names.
struct Shell: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "A prompt that runs the same commands on one connection, with history and completion.")
    @OptionGroup var options: DatabaseOptions
    @Option(help: "The history file (default: $ORMSCOPE_HISTORY, else $XDG_STATE_HOME/ormscope/history, else ~/.local/state/ormscope/history).") var history: String?

    /// The commands the shell completes: the command line's own list (one place), less the explorer
    /// and the shell itself, with the shell's own words.
    static var commands: [String] {
        Ormscope.configuration.subcommands.map { $0._commandName }.filter { !["explore", "shell", "keys"].contains($0) } + ["help", "quit"]
    }

    func run() throws {
        try reporting(options.format) {
            let db = try options.open()
            let registry = try db.withAction("shell start") { try db.introspect() }
            ShellContext.database = db
            ShellContext.readOnly = options.readOnly
            ShellContext.words = Shell.commands + registry.models.flatMap { m in [m.qualifiedName] + m.fieldNames + m.relationships.map(\.name) }
                + ["--where", "--order", "--limit", "--after", "--before", "--last", "--load", "--set", "--on-conflict", "--format", "--yes",
                   "lazy", "selectin", "joined", "raise", "json", "csv", "table"]
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
            while let line = Shell.readLine(interactive: interactive) {
                let text = line.trimmingCharacters(in: .whitespaces)
                if text.isEmpty { continue }
                if interactive { add_history(Shell.historyLine(text)) }
                if text == "quit" || text == "exit" { break }
                if text == "help" {
                    print(Ormscope.helpMessage())
                    continue
                }
                Shell.execute(text)
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

    /// Runs one command line; errors print their sentence and the prompt comes back.
    static func execute(_ text: String) {
        defer { fflush(nil) }  // all output streams: the next prompt comes after this command's output
        guard reconnectIfLost() else { return }
        do {
            let args = try ShellWords.split(text)
            if args.first == "shell" { print("ormscope: already in the shell."); return }
            var command = try Ormscope.parseAsRoot(args)
            try command.run()
        } catch let e as ExitCode {
            _ = e  // the sentence is printed already
        } catch let e as ShellWords.Unbalanced {
            FileHandle.standardError.write(Data("ormscope: \(e.sentence)\n".utf8))
        } catch {
            let message = Ormscope.redactedMessage(for: error, words: (try? ShellWords.split(text)) ?? [text])
            if !message.isEmpty { print(message) }
        }
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

/// libedit's completion generator: called with state 0, 1, 2, ... until it returns nil.
private func complete(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    let prefix = text.map { String(cString: $0) } ?? ""
    if state == 0 { ShellContext.matches = ShellContext.words.filter { $0.hasPrefix(prefix) } }
    let i = Int(state)
    guard i < ShellContext.matches.count else { return nil }
    return strdup(ShellContext.matches[i])
}
