import Foundation
import ORMCore

/// Where the table format's statement log goes: the `-- N statements, T ms:` footer, the
/// statements under it and the `!!` warnings after them. With the answer on standard output when
/// that is a terminal (paged with it); on standard error when it is not (a pipe, a file,
/// `n=$(ormscope count hero)`), as psql keeps its notices out of a pipe, so standard output holds
/// the answer alone. The one rule for every command; JSON carries its statements inside its
/// document, unchanged, and `export` always writes its summary to standard error.
enum StatementLog {
    /// Whether the log goes with the answer (standard output is a terminal).
    static var withAnswer: Bool { isatty(1) == 1 }

    /// The footer and the statements, as the table format prints them.
    static func text(_ statements: [StatementEvent]) -> String {
        RegistryText.footer(statements) + (statements.isEmpty ? "" : ":") + "\n" + LoadingText.statements(statements)
    }

    /// Writes `log` where the rule says, after what was printed before it.
    static func write(_ log: String) {
        guard !log.isEmpty else { return }
        if withAnswer { return print(log, terminator: "") }
        fflush(nil)  // (every stream: the answer printed before comes first)
        FileHandle.standardError.write(Data(log.utf8))
    }

    /// `answer` through the pager (`Pager.show`) with `log` under it on a terminal; else the
    /// answer on standard output and the log on standard error.
    static func show(_ answer: String, log: String) {
        if withAnswer { return Pager.show(answer + log) }
        Pager.show(answer)
        write(log)
    }
}
