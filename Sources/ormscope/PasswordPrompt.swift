import Foundation

/// Asks for a password the server wants but was not given, as psql does: only when standard input
/// is a terminal, with the prompt on standard error and the typing not echoed.
enum PasswordPrompt {
    /// `Password for user NAME: `, read without echo; nil when standard input is not a terminal
    /// (then the connection fails with its one sentence) or nothing was typed.
    static func onTerminal(user: String) -> String? {
        guard isatty(0) == 1 else { return nil }
        var saved = termios()
        guard tcgetattr(0, &saved) == 0 else { return nil }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        quiet.c_lflag |= tcflag_t(ECHONL | ICANON)
        FileHandle.standardError.write(Data("Password for user \(user): ".utf8))
        guard tcsetattr(0, TCSAFLUSH, &quiet) == 0 else { return nil }
        defer { tcsetattr(0, TCSAFLUSH, &saved) }
        // Byte by byte from the descriptor, so nothing after the line is buffered away from libedit.
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(0, &byte, 1) == 1, byte != UInt8(ascii: "\n") { bytes.append(byte) }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        defer { for i in bytes.indices { bytes[i] = 0 } }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }
}
