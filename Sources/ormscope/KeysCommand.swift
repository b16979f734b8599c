import ArgumentParser
import Explorer
import Foundation

/// `ormscope keys`: the explorer's keys in force (the keymap file applied), pane by pane, with
/// each binding's name for the keymap file; the scriptable twin of `?`.
struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The explorer's keys in force, with each binding's name for the keymap file (\(KeymapPath.display)).")
    @Flag(help: "A Markdown table (the README's keys section is this output).") var markdown = false

    func run() throws {
        var ui = UIState()
        ui.keys = try KeymapPath.load()
        for group in Keymap.groups(ui) {
            if markdown {
                print("\n**\(group.title)**\n\n| keys | what | name |\n| --- | --- | --- |")
                for b in group.bindings { print("| \(b.label.isEmpty ? "(none)" : b.label.replacingOccurrences(of: "|", with: "\\|")) | \(b.help.replacingOccurrences(of: "|", with: "\\|")) | `\(b.id)` |") }
            } else {
                print(group.title)
                for b in group.bindings { print("  " + b.label.padding(toLength: 18, withPad: " ", startingAt: 0) + " " + b.id.padding(toLength: 20, withPad: " ", startingAt: 0) + " " + b.help) }
            }
        }
    }
}

/// Where the keymap file is, and reading it (a missing file is no keymap; a bad one one sentence).
enum KeymapPath {
    static var path: String { (Config.base("XDG_CONFIG_HOME", ".config") as NSString).appendingPathComponent("ormscope/keys") }
    static let display = "$XDG_CONFIG_HOME/ormscope/keys, else ~/.config/ormscope/keys"

    static func load() throws -> [String: [Key]] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        do { return try KeymapFile.parse(text, file: path) } catch let e as KeymapError { throw CLIError(e.sentence) }
    }
}
