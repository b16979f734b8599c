/// The shell's (and the command line's) commands and the options each takes, as the executable's
/// argument parser declares them: the one list. The executable reads it from its own command
/// definitions (`ormscope`'s `CommandLineGrammar.ormscope`) and hands it to the explorer, so the
/// `:` prompt knows the same command names and options without a second list of its own.
///
/// ```
/// count:  options where, schema, db, format, timeout, ...   switches read-only, help
/// delete: options schema, db, ...                           switches yes, nullify-children, ...
/// ```
public struct CommandLineGrammar: Sendable, Equatable {
    public struct Command: Sendable, Equatable {
        public var name: String
        /// Long options that take a value (`where`, `set`).
        public var options: Set<String>
        /// Long options that take none (`yes`, `last`).
        public var switches: Set<String>
        public init(name: String, options: Set<String>, switches: Set<String>) {
            self.name = name
            self.options = options
            self.switches = switches
        }
        public var all: Set<String> { options.union(switches) }
    }

    public var commands: [Command]
    public init(_ commands: [Command] = []) { self.commands = commands }

    public func command(_ name: String) -> Command? { commands.first { $0.name == name } }
    public var names: [String] { commands.map(\.name) }
}
