import ArgumentParser
import Dispatch
import Explorer
import ExplorerRuntime
import Foundation
import ORMCore
import TerminalUI

/// `ormscope` with no subcommand: the terminal explorer (or, when standard output is not a
/// terminal, the model registry as `models` prints it).
struct Explore: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The terminal explorer (the default when standard output is a terminal).")
    @OptionGroup var options: DatabaseOptions
    @Option(help: "A colour theme from themes/ (default, light, high-contrast); or set theme = NAME in ~/.config/ormscope/config.")
    var theme: String?

    func run() throws {
        guard isatty(1) == 1, isatty(0) == 1, Terminal.isUsable else {
            if isatty(1) == 1 {
                let term = ProcessInfo.processInfo.environment["TERM"] ?? "(unset)"
                let why = isatty(0) != 1 ? "standard input is not a terminal, so the explorer cannot read keys"
                    : "this terminal (TERM=\(term)) cannot draw the explorer"
                FileHandle.standardError.write(Data("ormscope: \(why); the scriptable commands work here (ormscope rows MODEL, ormscope shell). The models:\n".utf8))
            }
            var models = Models()
            models.options = options
            try models.run()
            return
        }
        // Before any thread starts (the runtime's tasks come later): the input loop then waits
        // without a timer and a resize still wakes it.
        Terminal.prepareProcess()
        try reporting(.table) {
            let themeName = theme ?? Config.value("theme")
            let themeFile: ThemeFile?
            do { themeFile = try themeName.map { try ThemeFile.load($0, executable: CommandLine.arguments[0]) } }
            catch let e as ThemeError { throw CLIError(e.sentence) }
            let keys = try KeymapPath.load()  // a bad keymap file stops here, before the terminal changes
            let db = try options.open(cancelOnInterrupt: false)
            let session = try Session(db)
            let budgets = try options.budget.budgets(registry: session.registry)  // a bad budgets file stops here too
            let title = db.connection.displayName + (db.settings.readOnlyReason.map { " · read-only: \($0)" } ?? "")
            try ExplorerApp(session: session, title: title, theme: themeFile, keys: keys, budgets: budgets).run()
        }
    }
}

/// The loop: draw the state, read a key, turn it into actions, hand effects to the runtime off
/// the loop, fold results back in. The terminal is restored on every way out.
final class ExplorerApp {
    private let runtime: BackgroundRuntime
    private var state: ExplorerState
    private var ui = UIState()
    private let title: String
    private let inbox = Inbox()
    private var running: (effects: Int, since: DispatchTime) = (0, .now())

    private let theme: ThemeFile?
    private var terminal: Terminal?
    /// The screen must be drawn whole again (after an editor had the terminal).
    private var redraw = false
    /// Keys whose effect depends on the page a running load will bring.
    static let pagingKeys: [Key] = [.pageDown, .pageUp, .char(" "), .char("g"), .char("G"), .home, .end]

    /// The SQL editor's history across sessions (`Config.sqlHistoryPath`, in the XDG state directory).
    private let sqlHistory = SQLHistoryFile(path: Config.sqlHistoryPath)

    init(session: sending Session, title: String, theme: ThemeFile?, keys: [String: [Key]] = [:], budgets: Budgets? = nil) {
        self.theme = theme
        ui.keys = keys
        ui.sqlEditor = SQLEditorModel(history: sqlHistory.load())
        state = ExplorerState(registry: session.registry, dialect: session.database.dialect,
                              readOnlyReason: session.database.settings.readOnlyReason)
        state.setDrift(session.database.drift())
        state.budgets = budgets
        runtime = BackgroundRuntime(session: session)
        self.title = title
    }

    func run() throws {
        let terminal = Terminal(theme: theme)
        self.terminal = terminal
        defer { terminal.restore() }
        let interrupts = Signals.install(inbox: inbox)
        defer { interrupts.forEach { $0.cancel() } }
        state.pageSize = Renderer.pageSize(forHeight: terminal.size.height)
        let trace = Trace.fromEnvironment()
        var shown: Frame?
        var deferred: [Key] = []
        while !ui.quit {
            let (w, h) = terminal.size
            ui.windowWidth = w
            ui.windowHeight = h
            let busy = running.effects > 0
                ? String(format: "running %.1f s", Double(DispatchTime.now().uptimeNanoseconds - running.since.uptimeNanoseconds) / 1e9) : nil
            let frame = Renderer.render(state, ui, title: title, width: w, height: h, busy: busy)
            // Unchanged frames are not sent again.
            if redraw { shown = nil; redraw = false }
            if frame != shown {
                terminal.draw(frame)
                shown = frame
                trace?.log("frame", frame.lines.last.map { $0.map(\.text).joined().trimmingCharacters(in: .whitespaces) } ?? "")
            }
            // Idle, nothing wakes the process until a key, a result or a resize; while a statement
            // runs, a tenth of a second moves the elapsed time on.
            var key = terminal.readKey(wake: inbox.wakeFD, timeout: running.effects > 0 ? 100 : nil)
            if let key, let trace { trace.log("key", "\(key)") }
            // Typed text already waiting (a paste) is taken in one go and drawn once, so a 20 KB
            // paste into a prompt is not 20,000 frames; other keys still get a frame each.
            // Printable keys already waiting are gathered into one run and typed at once.
            var run = ""
            while case .char(let c) = key, ui.mode.isPrompt || ui.mode == .sqlEditor, deferred.isEmpty, let k = key {
                guard let next = terminal.pendingKey() else { break }
                if c.isPrintableText { run.append(c) } else {
                    typeRun(&run)
                    handle(k)
                }
                key = next
            }
            typeRun(&run)
            for item in inbox.drain() {
                switch item {
                case .finished(let action):
                    running.effects = max(0, running.effects - 1)
                    if let action {
                        submit(Explorer.update(&state, action))
                        Keymap.settle(&ui, state)
                    }
                case .interrupt:
                    if running.effects > 0 { runtime.cancel() } else { Keymap.interrupt(&ui, state: state) }
                }
            }
            // Paging keys typed while a page loads wait for it (each moves on from the page the one
            // before brought), and whatever is typed after them waits its turn; other keys act at
            // once, so the screen stays responsive while a long statement runs.
            if let key {
                if running.effects > 0, key == .escape || key == .interrupt {
                    deferred.removeAll()
                    runtime.cancel()
                } else if key == .resize {
                    // Pages hold what the window shows: the page on screen reloads at the new size.
                    submit(Explorer.update(&state, .resize(pageSize: Renderer.pageSize(forHeight: terminal.size.height))))
                    shown = nil
                } else if !deferred.isEmpty || (running.effects > 0 && ui.mode == .normal && ExplorerApp.pagingKeys.contains(key)) {
                    deferred.append(key)
                } else {
                    handle(key)
                }
            }
            if running.effects == 0, !deferred.isEmpty { handle(deferred.removeFirst()) }
        }
    }

    /// A run of printable keys typed at once into the prompt, or key by key where the prompt acts on each.
    private func typeRun(_ run: inout String) {
        guard !run.isEmpty else { return }
        if !Keymap.type(run, ui: &ui) { for c in run { handle(.char(c)) } }
        run = ""
    }

    private func handle(_ key: Key) {
        // The shell's grammar is read when a command line is first run, not at start (the argument
        // parser describes every command to give it: `CommandLineGrammar.ormscope`).
        if key == .enter || key == .char("\n"), case .commandPrompt = ui.mode, state.commandLine.commands.isEmpty { state.commandLine = .ormscope }
        submit(Explorer.press(key, ui: &ui, state: &state))
        if let format = ui.export {
            ui.export = nil
            ui.message = export(format)
        }
        if ui.sqlEditor.historyChanged {
            ui.sqlEditor.historyChanged = false
            do { try sqlHistory.save(ui.sqlEditor.history) } catch { ui.message = "The SQL history could not be written to \(sqlHistory.path): \(error)" }
        }
        if let edit = ui.editValue {
            ui.editValue = nil
            openInEditor(edit)
        }
        if let (text, what) = ui.copy {
            ui.copy = nil
            let bytes = Data(text.utf8)
            if bytes.count > Clipboard.limit {
                ui.message = "Not copied: \(what) is \(bytes.count) bytes, more than a terminal's clipboard takes (\(Clipboard.limit)); v shows it, x exports the page."
            } else {
                terminal?.copyToClipboard(base64: bytes.base64EncodedString())
                ui.message = "Copied \(what) (\(NumberText.counted(text.count, "character"))) to the clipboard (OSC 52; inside tmux: set -g set-clipboard on)."
            }
        }
    }

    /// E: the value in the user's editor, the terminal lent to it meanwhile; an edited value comes
    /// back as an edit form with that field changed (Enter writes it, guarded as any edit).
    private func openInEditor(_ edit: ValueEdit) {
        terminal?.suspend()
        let result = Result { try ExternalEditor.edit(edit.text, name: "\(edit.model).\(edit.field)") }
        terminal?.resume()
        redraw = true
        switch result {
        case .failure(let e):
            ui.message = "\(e)"
        case .success(let text):
            // Editors end the file with a line break; a value that had none does not gain one.
            let edited = !edit.text.hasSuffix("\n") && text.hasSuffix("\n") ? String(text.dropLast()) : text
            if let (form, focus) = edit.form(edited, registry: state.registry) {
                ui.mode = .form(form, focus: focus, submitted: false)
                ui.message = "\(edit.field) edited outside: Enter writes it (only this field), Esc drops it."
            } else {
                ui.message = "\(edit.field) came back unchanged: nothing to write."
            }
        }
    }

    /// Writes the current page to `<model>-<time>.csv|json` in the current directory (the name made
    /// safe by `Export.fileName`, never over a file that exists); returns the message, with the path.
    private func export(_ format: Export.Format) -> String {
        guard case .rows(let r) = state.screen, let page = r.page else { return "Nothing to export." }
        if let row = page.previews.firstIndex(where: { !$0.isEmpty }) {
            let fields = page.previewedColumns(row: row).joined(separator: ", ")
            return "This page holds long values only by their beginning (\(fields)), so it is not exported from here: `ormscope export \(r.request.model) --format \(format == .csv ? "csv" : "json")` writes them whole."
        }
        let name = Export.fileName(model: r.request.model, stamp: Int(Date().timeIntervalSince1970), format: format)
        let text = format == .csv ? Export.csv(page) : Export.json(page, model: state.registry.model(named: r.request.model))
        do {
            let path = try ExportFile.write(text, name: name)
            return "Exported \(page.rows.count) rows to \(path)."
        } catch {
            return "\(error)"
        }
    }

    private func submit(_ effects: [Effect]) {
        for effect in effects {
            if running.effects == 0 { running.since = .now() }
            running.effects += 1
            let runtime = self.runtime, inbox = self.inbox
            Task.detached {
                let result = await runtime.perform(effect)
                inbox.post(.finished(result))
            }
        }
    }
}

/// Results from the runtime and signals, handed to the loop.
final class Inbox: @unchecked Sendable {
    enum Item: Sendable {
        /// An effect finished, with the action that carries its result (if any).
        case finished(Action?)
        case interrupt
    }
    private let lock = NSLock()
    private var items: [Item] = []
    /// A pipe whose read end wakes the loop's wait for a key when something is posted.
    private let pipeFDs: [Int32]
    var wakeFD: Int32 { pipeFDs[0] }

    init() {
        var fds: [Int32] = [-1, -1]
        _ = pipe(&fds)
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        pipeFDs = fds
    }

    deinit { for fd in pipeFDs { close(fd) } }

    func post(_ item: Item) {
        lock.lock()
        items.append(item)
        lock.unlock()
        var byte: UInt8 = 1
        _ = write(pipeFDs[1], &byte, 1)
    }

    func drain() -> [Item] {
        lock.lock()
        defer { lock.unlock() }
        let out = items
        items.removeAll()
        return out
    }
}

/// Ctrl-C cancels a running statement (or, when idle, quits as `q` does); SIGTERM and SIGHUP restore the
/// terminal and leave. Handlers run on a global queue: the loop owns the main thread.
enum Signals {
    static func install(inbox: Inbox) -> [any DispatchSourceSignal] {
        var sources: [any DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.setEventHandler {
                if sig == SIGINT {
                    inbox.post(.interrupt)
                } else {
                    Terminal.restoreOnExit()
                    exit(128 + sig)
                }
            }
            s.resume()
            sources.append(s)
        }
        return sources
    }
}
