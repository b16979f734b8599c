import ArgumentParser
import Foundation
import ORMCore

/// `ormscope models-from python:PACKAGE.MODULE | django:SETTINGS_MODULE [--python PATH]`: runs the
/// exporter shipped with ormscope (python/ormscope_models.py) under the application's own Python,
/// which imports the module and prints its models file; ormscope checks it reads back, then prints
/// it. The exporter never connects to a database.
struct ModelsFrom: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models-from",
        abstract: "Write an application's models file (SQLAlchemy, SQLModel or Django) to standard output.")

    @Argument(help: "python:PACKAGE.MODULE (SQLAlchemy / SQLModel) or django:SETTINGS_MODULE.") var source: String
    @Option(help: "The Python to run (your virtualenv's bin/python; default: $VIRTUAL_ENV/bin/python, else python3 on PATH).")
    var python: String?

    func run() throws {
        try reporting(.table) {
            guard let colon = source.firstIndex(of: ":"), ["python", "django"].contains(String(source[..<colon])),
                  source.index(after: colon) < source.endIndex else {
                throw CLIError("\(source) is not a source: write python:PACKAGE.MODULE or django:SETTINGS_MODULE.", usage: true)
            }
            let target = source[source.index(after: colon)...]
            if source.hasPrefix("python:"), target.contains("/") || target.hasSuffix(".py") {
                let dotted = (target.hasSuffix(".py") ? target.dropLast(3) : target[...]).split(separator: "/").joined(separator: ".")
                throw CLIError("\(source) is a file's path: write the module's dotted name, python:\(dotted).", usage: true)
            }
            let interpreter = try Self.interpreter(python)
            guard let exporter = ShippedFile.find("python/ormscope_models.py") else {
                throw CLIError("The models exporter (python/ormscope_models.py) is not installed beside ormscope; run make install again.")
            }
            let result = try Self.runExporter(interpreter, exporter, source)
            let text = String(decoding: result.stdout, as: UTF8.self)
            var last = String(decoding: result.stderr, as: UTF8.self).split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
            while last.hasSuffix(".") { last.removeLast() }  // (each sentence below ends with its own)
            switch result.status {
            case 0:
                _ = try AppModels.parse(text, file: "the exporter's output")  // what is printed reads back
                // What the application printed while it was imported (its stdout was sent to stderr).
                FileHandle.standardError.write(result.stderr)
                FileHandle.standardOutput.write(result.stdout)
            case 2 where last.hasPrefix("import-error: "):
                throw CLIError("\(source) could not be imported: \(last.dropFirst("import-error: ".count)).")
            case 3 where last.hasPrefix("no-orm: "):
                throw CLIError("\(last.dropFirst("no-orm: ".count)) (\(interpreter)); run models-from with your application's Python (--python).")
            case 5 where last.hasPrefix("mapping-error: "):
                throw CLIError("\(source) imported, but its models do not map: \(last.dropFirst("mapping-error: ".count)).")
            case 4:
                throw CLIError("\(source) maps no models: it imported, but no SQLAlchemy mapper or Django model was found.")
            default:
                throw CLIError("The models exporter failed under \(interpreter) (status \(result.status)): \(last.isEmpty ? "no message" : last).")
            }
        }
    }

    /// `--python`, else `$VIRTUAL_ENV/bin/python`, else `python3` on PATH; one sentence when there is none.
    static func interpreter(_ given: String?) throws -> String {
        let env = ProcessInfo.processInfo.environment
        if let given {
            let path = given.contains("/") ? given : searchPath(given, env["PATH"] ?? "")
            guard let path, FileManager.default.isExecutableFile(atPath: path) else {
                throw CLIError("There is no Python at \(given): pass --python PATH to your application's Python (its virtualenv's bin/python).")
            }
            return path
        }
        if let venv = env["VIRTUAL_ENV"], !venv.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: venv + "/bin/python") else {
                throw CLIError("$VIRTUAL_ENV is \(venv), which has no bin/python (the virtualenv was moved or deleted): activate your application's virtualenv again, or pass --python PATH.")
            }
            return venv + "/bin/python"
        }
        if let found = searchPath("python3", env["PATH"] ?? "") { return found }
        throw CLIError("No Python was found (no --python, no $VIRTUAL_ENV, no python3 on PATH): pass --python PATH to your application's Python.")
    }

    static func searchPath(_ name: String, _ path: String) -> String? {
        path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs the exporter: its output read through a pipe, its errors (a few lines) into a temporary file.
    static func runExporter(_ python: String, _ exporter: String, _ source: String) throws -> (status: Int32, stdout: Data, stderr: Data) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [exporter, source]
        let out = Pipe()
        let errPath = NSTemporaryDirectory() + "ormscope-models-from-\(getpid()).err"
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errPath) }
        guard let err = FileHandle(forWritingAtPath: errPath) else { throw CLIError("A temporary file could not be made in \(NSTemporaryDirectory()).") }
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch {
            throw CLIError("\(python) could not be started (\(error.localizedDescription)): pass --python PATH to your application's Python.")
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try? err.close()
        return (p.terminationStatus, outData, FileManager.default.contents(atPath: errPath) ?? Data())
    }
}

/// Files shipped beside the binary, found as its themes are: the project's folder for a build in
/// `.build/<config>/`, else `PREFIX/share/ormscope/` for an installed `PREFIX/bin/ormscope`.
enum ShippedFile {
    static func find(_ relative: String) -> String? {
        // The running binary itself (argv[0] may be a bare name found on PATH).
        let path = Bundle.main.executablePath ?? CommandLine.arguments[0]
        let exe = URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent()
        var dirs: [String] = []
        if let env = ProcessInfo.processInfo.environment["ORMSCOPE_SHARE"], !env.isEmpty { dirs.append(env) }
        dirs += [exe.appendingPathComponent("../../..").path, exe.appendingPathComponent("../share/ormscope").path]
        return dirs.map { ($0 as NSString).appendingPathComponent(relative) }.first { FileManager.default.fileExists(atPath: $0) }
    }
}
