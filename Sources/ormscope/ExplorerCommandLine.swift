import ArgumentParser
import Explorer
import Foundation

extension CommandLineGrammar {
    /// The shell's commands (`Shell.commands`) with the long options each declares, read from the
    /// argument parser's own description of `ormscope` (its `--experimental-dump-help` JSON): the
    /// one list, handed to the explorer's `:` prompt when its first line runs (describing every
    /// command costs about 12 ms in the release build, 0.4 s in debug: not paid at start).
    static var ormscope: CommandLineGrammar {
        struct Tool: Decodable { var command: Info }
        struct Info: Decodable {
            var commandName: String
            var subcommands: [Info]?
            var arguments: [Argument]?
        }
        struct Argument: Decodable {
            struct Name: Decodable { var kind: String; var name: String }
            var kind: String
            var names: [Name]?
        }
        guard let tool = try? JSONDecoder().decode(Tool.self, from: Data(Ormscope._dumpHelp().utf8)) else { return .init() }
        let shell = Set(Shell.commands)
        return .init((tool.command.subcommands ?? []).filter { shell.contains($0.commandName) }.map { info in
            var options = Set<String>(), switches = Set<String>()
            for a in info.arguments ?? [] {
                let longs = (a.names ?? []).filter { $0.kind == "long" }.map(\.name)
                if a.kind == "option" { options.formUnion(longs) } else if a.kind == "flag" { switches.formUnion(longs) }
            }
            return .init(name: info.commandName, options: options, switches: switches)
        })
    }
}
