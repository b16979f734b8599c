import CNcurses
import Explorer
import Foundation

/// The terminal through ncurses: set-up and tear-down, drawing a `Frame`, reading keys, resize.
/// It knows nothing about databases.
public final class Terminal {
    private var closed = false
    private let colors: Bool
    /// Keys are read as bytes and decoded here, so an invalid UTF-8 sequence ends as U+FFFD
    /// without taking the next key with it (wget_wch dropped an Enter after `E2 82`).
    private var utf8 = UTF8Input()
    private var queued: [Key] = []

    /// Takes over the screen: wide characters, no echo, keys as they come, Esc without delay.
    public init(theme: ThemeFile? = nil) {
        setlocale(LC_ALL, "")
        ormscope_install_crash_handler()
        initscr()
        cbreak()
        noecho()
        nonl()
        keypad(ormscope_stdscr(), true)
        // Home and End as terminals send them whatever TERM's terminfo says: tmux and screen send
        // ESC [1~ / ESC [4~, rxvt ESC [7~ / ESC [8~, xterm ESC [H / ESC [F or ESC O H / ESC O F.
        // Without these, Home under TERM=xterm-256color in tmux came as Esc (which closes a form) and `[1~`.
        for (sequence, key) in Self.homeAndEnd { _ = define_key(sequence, key) }
        set_escdelay(25)
        wtimeout(ormscope_stdscr(), 50)
        // NO_COLOR counts when it is set and not empty (no-color.org).
        colors = has_colors() && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        if colors {
            start_color()
            use_default_colors()
            Theme.install(theme)
        }
    }

    static let homeAndEnd: [(String, Int32)] = [
        ("\u{1B}[1~", KEY_HOME), ("\u{1B}[4~", KEY_END), ("\u{1B}[7~", KEY_HOME), ("\u{1B}[8~", KEY_END),
        ("\u{1B}[H", KEY_HOME), ("\u{1B}[F", KEY_END), ("\u{1B}OH", KEY_HOME), ("\u{1B}OF", KEY_END),
    ]

    deinit { restore() }

    /// Gives the screen back (safe to call more than once).
    public func restore() {
        guard !closed else { return }
        closed = true
        endwin()
    }

    /// Lends the terminal to another program (an editor): the screen and the terminal's modes go
    /// back to what they were before the explorer started, until `resume`.
    public func suspend() {
        def_prog_mode()
        endwin()
    }

    /// Takes the terminal back after `suspend` and redraws everything on the next frame.
    public func resume() {
        reset_prog_mode()
        clearok(ormscope_stdscr(), true)
        wrefresh(ormscope_stdscr())
    }

    /// Gives the screen back from a signal handler, just before the process exits.
    public static func restoreOnExit() { endwin() }

    public var size: (width: Int, height: Int) { (Int(ormscope_cols()), Int(ormscope_lines())) }

    /// Draws a frame; ncurses sends only what changed.
    public func draw(_ frame: Frame) {
        let screen = ormscope_stdscr()
        for (row, spans) in frame.lines.enumerated() {
            wmove(screen, Int32(row), 0)
            for span in spans {
                wattrset(screen, Int32(truncatingIfNeeded: attributes(span.style)))
                // A span's UTF-8 goes to ncurses as it is (with its length: no C string made),
                // unless its bytes may hold an emoji sequence.
                var text = span.text
                let plain = text.withUTF8 { bytes -> Bool in
                    guard !Self.mayHoldEmojiSequence(bytes) else { return false }
                    if !bytes.isEmpty { bytes.withMemoryRebound(to: CChar.self) { _ = waddnstr(screen, $0.baseAddress, Int32($0.count)) } }
                    return true
                }
                if !plain { Self.addClusters(span.text, screen) }
            }
            wattrset(screen, 0)
            wclrtoeol(screen)
        }
        if let c = frame.cursor {
            curs_set(1)
            wmove(screen, Int32(c.row), Int32(c.column))
        } else {
            curs_set(0)
        }
        wrefresh(screen)
    }

    /// Whether a span may hold an emoji sequence (`Character.isEmojiSequence`): its UTF-8 holds the
    /// last byte of ZWJ (E2 80 8D) or of VS16 (EF B8 8F), the third of a skin tone (F0 9F 8F BB-BF).
    /// One pass over the bytes, so a line of plain text costs no more to draw than before.
    private static func mayHoldEmojiSequence(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        utf8.contains { $0 == 0x8D || $0 == 0x8F }
    }

    /// Draws a span whose emoji sequences each go in one cell padded to the two cells the frame
    /// counted (`ormscope_add_cluster`); the text between them goes as it is.
    private static func addClusters(_ text: String, _ screen: UnsafeMutablePointer<WINDOW>?) {
        var run = ""
        for c in text {
            guard c.isEmojiSequence else { run.append(c); continue }
            if !run.isEmpty { _ = waddstr(screen, run); run = "" }
            let parts = c.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
            parts.withUnsafeBufferPointer { ormscope_add_cluster(screen, $0.baseAddress, Int32($0.count), Int32(c.displayWidth)) }
        }
        if !run.isEmpty { _ = waddstr(screen, run) }
    }

    /// Asks the terminal to put `text` on the system clipboard with OSC 52 (`ESC ] 52 ; c ;
    /// BASE64 BEL`), which terminals take over ssh too; inside tmux it needs `set -g set-clipboard on`.
    /// `base64` is the text already encoded (the caller bounds its size).
    public func copyToClipboard(base64: String) {
        let sequence = Array("\u{1B}]52;c;\(base64)\u{07}".utf8)
        fflush(nil)
        var at = 0
        while at < sequence.count {
            let n = sequence[at...].withUnsafeBufferPointer { write(1, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            at += n
        }
    }

    /// The next key, or nil when none came within 50 ms or `wake` became readable first (its
    /// bytes are drained): a result from elsewhere gets drawn at once, not on the next tick.
    /// Waits up to `timeout` milliseconds (nil: until something happens) for a key, a post to
    /// `wake`, or a resize; nil when the wait ended without a key. With nil nothing wakes the
    /// process while the user does nothing (see `Terminal.prepareProcess`).
    public func readKey(wake: Int32? = nil, timeout: Int? = 50) -> Key? {
        // Keys ncurses already holds come first (poll cannot see its buffer).
        wtimeout(ormscope_stdscr(), 0)
        if let key = nextKey() { return key }
        var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)]
        if let wake { fds.append(pollfd(fd: wake, events: Int16(POLLIN), revents: 0)) }
        _ = ormscope_wait_input(&fds, Int32(fds.count), Int32(timeout ?? -1))
        if fds.count > 1, fds[1].revents & Int16(POLLIN) != 0 {
            var sink = [UInt8](repeating: 0, count: 64)
            _ = read(fds[1].fd, &sink, sink.count)
        }
        // A short wait lets the rest of an escape sequence arrive.
        wtimeout(ormscope_stdscr(), fds[0].revents & Int16(POLLIN) != 0 ? 25 : 0)
        return nextKey()
    }

    /// Blocks SIGWINCH in this thread and every thread started after it; `readKey` lets it through
    /// only while it waits, so a resize always ends the wait. Call before any thread starts.
    public static func prepareProcess() { ormscope_block_winch() }

    /// Whether the terminal named by TERM can draw the explorer (not `dumb`, not unknown).
    public static var isUsable: Bool { ormscope_terminal_usable() == 1 }

    /// A key ncurses or the terminal already has, without waiting; nil when none is there.
    public func pendingKey() -> Key? {
        wtimeout(ormscope_stdscr(), 0)
        return nextKey()
    }

    private func nextKey() -> Key? {
        if !queued.isEmpty { return queued.removeFirst() }
        while true {
            let ch = wgetch(ormscope_stdscr())
            var keys: [Key] = []
            if ch == ERR {
                // Nothing more came: a sequence left unfinished is U+FFFD.
                return utf8.flush().map(Self.key)
            } else if ch > 0xFF {
                if let scalar = utf8.flush() { keys.append(Self.key(scalar)) }
                if let k = Self.functionKey(ch) { keys.append(k) }
            } else if ch < 0x80, !utf8.isPending {
                // ASCII, the bulk of what is typed or pasted: no decoding.
                return Self.key(Unicode.Scalar(UInt8(ch)))
            } else {
                keys = utf8.feed(UInt8(ch)).map(Self.key)
            }
            if keys.isEmpty { continue }  // inside a sequence (or a key we do not use): read on
            queued += keys.dropFirst()
            return keys[0]
        }
    }

    private static func functionKey(_ ch: Int32) -> Key? {
        switch ch {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_NPAGE: return .pageDown
        case KEY_PPAGE: return .pageUp
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_F0 + 1...KEY_F0 + 12: return .function(Int(ch - KEY_F0))
        case ormscope_key_resize(): return .resize
        default: return nil
        }
    }

    private static func key(_ scalar: Unicode.Scalar) -> Key {
        switch scalar.value {
        case 13: return .enter
        // Ctrl-J (a line feed; Enter sends a carriage return, nonl() keeping them apart): the SQL
        // editor's run key, Enter everywhere else (`Keymap.handle`).
        case 10: return .char("\n")
        case 9: return .tab
        case 27: return .escape
        case 127, 8: return .backspace
        case 3: return .interrupt
        default: return .char(Character(scalar))
        }
    }

    private func attributes(_ style: Frame.Style) -> attr_t {
        let a = Theme.attributes(style)
        return colors ? a.attr | attr_t(Theme.pair(style) << 8) : a.monochrome
    }
}
