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

    func run() throws {
        guard isatty(1) == 1, isatty(0) == 1 else {
            var models = Models()
            models.options = options
            try models.run()
            return
        }
        try reporting(.table) {
            let db = try options.open(cancelOnInterrupt: false)
            let session = try Session(db)
            let title = db.connection.displayName + (options.readOnly ? " · read-only" : "")
            try ExplorerApp(session: session, title: title).run()
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

    init(session: sending Session, title: String) {
        state = ExplorerState(registry: session.registry, dialect: session.database.dialect)
        runtime = BackgroundRuntime(session: session)
        self.title = title
    }

    func run() throws {
        let terminal = Terminal()
        defer { terminal.restore() }
        let interrupts = Signals.install(inbox: inbox)
        defer { interrupts.forEach { $0.cancel() } }
        state.pageSize = max(5, terminal.size.height * 3 / 5 - 4)
        while !ui.quit {
            let (w, h) = terminal.size
            let busy = running.effects > 0
                ? String(format: "running %.1f s", Double(DispatchTime.now().uptimeNanoseconds - running.since.uptimeNanoseconds) / 1e9) : nil
            terminal.draw(Renderer.render(state, ui, title: title, width: w, height: h, busy: busy))
            let key = terminal.readKey()
            for item in inbox.drain() {
                switch item {
                case .finished(let action):
                    running.effects = max(0, running.effects - 1)
                    if let action {
                        submit(Explorer.update(&state, action))
                        Keymap.settle(&ui, state)
                    }
                case .interrupt:
                    if running.effects > 0 { runtime.cancel() } else { ui.quit = true }
                }
            }
            guard let key else { continue }
            if running.effects > 0, key == .escape || key == .interrupt {
                runtime.cancel()
                continue
            }
            if key == .resize {
                state.pageSize = max(5, terminal.size.height * 3 / 5 - 4)
                continue
            }
            for action in Keymap.handle(key, ui: &ui, state: state) { submit(Explorer.update(&state, action)) }
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

    func post(_ item: Item) {
        lock.lock()
        items.append(item)
        lock.unlock()
    }

    func drain() -> [Item] {
        lock.lock()
        defer { lock.unlock() }
        let out = items
        items.removeAll()
        return out
    }
}

/// Ctrl-C cancels a running statement (or quits when idle); SIGTERM and SIGHUP restore the
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
