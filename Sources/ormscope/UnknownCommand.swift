import ArgumentParser
import ORMCore

/// A first word that is no command: ArgumentParser would hand it to the default command
/// (`explore`) and print its usage ("Unexpected argument 'folow'"). It is said as what it is, with
/// the closest command, before any parse: `ormscope folow` and the shell's `folow` alike.
struct UnknownCommand: Error, CustomStringConvertible {
    let word: String

    var description: String {
        let hint = Suggest.closest(to: word, in: Self.names).map { " (did you mean \($0)?)" } ?? ""
        return "ormscope: '\(word)' is not a command\(hint); `ormscope --help` lists them."
    }

    /// The commands' names, from the root command's configuration (the one list of them).
    static var names: [String] {
        Ormscope.configuration.subcommands.map { $0._commandName } + ["help"]
    }

    /// Throws for a first argument that is a bare word but no command. A word that may be a
    /// database (a path, a URL, a file name with a dot) is left to the parser, which explains it.
    static func check(_ args: [String]) throws {
        guard let first = args.first, !first.hasPrefix("-"),
              first.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }),
              !names.contains(first) else { return }
        throw UnknownCommand(word: first)
    }
}
