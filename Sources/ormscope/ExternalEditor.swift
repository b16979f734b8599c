import Foundation

/// `E`: a value opened in the user's editor (`$VISUAL`, else `$EDITOR`, else `vi`), run through
/// `/bin/sh -c` so the variable may hold arguments (`code --wait`), on a private temporary file
/// (mode 0600, removed after). The editor gets the signals' default handling and an empty signal
/// mask (the explorer blocks SIGWINCH and ignores SIGINT, which a child would inherit).
enum ExternalEditor {
    struct Failure: Error, CustomStringConvertible { let description: String }

    /// The text as the editor left it.
    static func edit(_ text: String, name: String) throws -> String {
        let env = ProcessInfo.processInfo.environment
        let editor = [env["VISUAL"], env["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let safe = String(name.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" ? $0 : "_" }.prefix(60))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-\(getpid())-\(safe).txt").path
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw Failure(description: "Could not write the value to \(path) for the editor; nothing changed.")
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let status = try run(["/bin/sh", "-c", editor + " \"$1\"", "sh", path])
        guard status == 0 else { throw Failure(description: "The editor (\(editor)) exited with status \(status); nothing changed.") }
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure(description: "The edited file \(path) could not be read back; nothing changed.") }
        return String(decoding: data, as: UTF8.self)
    }

    static func run(_ argv: [String]) throws -> Int32 {
        switch ForegroundProcess.start(argv) {
        case .success(let pid): return ForegroundProcess.wait(pid)
        case .failure(let e): throw Failure(description: "Could not start the editor (\(String(cString: strerror(e.code)))); nothing changed.")
        }
    }
}
