import ArgumentParser
import Explorer
import ExplorerRuntime
import Foundation
import ORMCore

/// `ormscope export MODEL [--where ...] [--order ...] --format csv|json|ndjson [--output FILE]`:
/// every row that matches, streamed by one statement (SQLite steps it, PostgreSQL reads it in
/// libpq's single-row mode), written as it arrives, so memory stays flat whatever the table's size.
///
/// ```sql
/// SELECT * FROM "hero" WHERE "age" > ? ORDER BY "id" ASC
/// ```
/// With `--output FILE` the rows go to `FILE.partial-PID` beside it, renamed to FILE once the last
/// row is written; a failure (or Ctrl-C) removes it, so FILE is whole or absent. A summary with
/// the statements goes to standard error (a json export also carries them in its document).
struct ExportRows: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every row of a model (or of a --where filter) as csv, json or ndjson (--format, or the extension of --output: not table), streamed in flat memory.")
    @OptionGroup var options: DatabaseOptions
    @Argument(help: "The model.", completion: Completion.models) var model: String
    @OptionGroup var naming: SchemaOption
    @OptionGroup var selection: SelectionOptions
    @Option(help: "Write to this file (whole or not at all) instead of standard output; without --format, a name ending .csv, .json or .ndjson (.jsonl) gives the format.")
    var output: String?

    /// `--format`, else the one `--output`'s name gives (`rows.csv`), as `insert --from` reads a file's.
    var format: OutputFormat {
        guard options.format == .table, let output, let named = RowFileFormat(path: output) else { return options.format }
        return OutputFormat(rawValue: named.rawValue) ?? options.format
    }

    func run() throws {
        let format = self.format
        try reporting(format) {
            guard format != .table else {
                throw CLIError("export writes csv, json or ndjson: add --format csv|json|ndjson (or an --output name ending .csv, .json or .ndjson).", usage: true)
            }
            let db = try options.open()
            let session = try Session(db)
            let m = try session.model(naming.modelName(model))
            let request = PageRequest(model: m.qualifiedName, filter: selection.filter, sort: try selection.sortKeys(for: m, registry: session.registry), limit: 1)
            try options.budget.adopt(.init(.export, model: m.qualifiedName, options: ["where": selection.filter]), registry: session.registry)
            let file = try output.map(OutputFile.init)
            let action = "export \(m.qualifiedName)"
            let start = DispatchTime.now().uptimeNanoseconds
            var w = RowStreamWriter(format, model: m, sink: file.map { .descriptor($0.descriptor) } ?? .standardOutput)
            let page: StreamedPage
            do {
                page = try db.withAction(action) {
                    try w.rows(threaded: RowStreamWriter.threads(db)) { row in try PageStream.run(request, session: session, unlimited: true, row) }
                }
            } catch {
                file?.discard()
                throw error
            }
            let statements = db.log.events(for: action)
            guard w.finish(extra: ["row_count": page.rowCount], statements: statements, warnings: session.warnings(for: action).map(\.message)) else {
                file?.discard()
                throw CLIError("The export could not be written to \(output ?? "standard output") (\(String(cString: strerror(errno)))); nothing was kept.")
            }
            try file?.keep()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let summary = "ormscope: exported \(NumberText.counted(page.rowCount, "\(m.qualifiedName) row"))"
                + " to \(output ?? "standard output") in \(String(format: "%.2f", seconds)) s"
                + RegistryText.footer(statements).replacingOccurrences(of: "\n--", with: ";") + ":\n"
                + LoadingText.statements(statements)
            FileHandle.standardError.write(Data(summary.utf8))
        }
    }
}

/// `--where` and `--order`: which rows and in what order (rows, explain and export).
struct SelectionOptions: ParsableArguments {
    @Option(name: .customLong("where"), help: "A filter, e.g. 'age > 30 and team.name = \"Avengers\"'.") var filter: String = ""
    @Option(name: .customLong("order"), help: "FIELD or FIELD:desc (FIELD may be a many-to-one path, team.name); repeat for more keys.", completion: Completion.fields) var order: [String] = []

    /// The sort keys, each field (or many-to-one path) named as a model name is: `"createdAt"`
    /// exactly, `createdat` when `createdAt` is its one case-insensitive match (`Registry.exactPath`).
    func sortKeys(for model: Model, registry: Registry) throws -> [SortKey] {
        try order.map { try SortKey(parsing: $0, model: model, registry: registry) }
    }
}

/// A file written whole or not at all: the bytes go to `PATH.partial-PID` beside it, renamed to
/// PATH by `keep()`, removed by `discard()`.
struct OutputFile {
    let path: String
    let partial: String
    let descriptor: Int32

    init(_ path: String) throws {
        self.path = path
        partial = path + ".partial-\(getpid())"
        descriptor = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CLIError("Cannot write \(path): \(String(cString: strerror(errno))).")
        }
    }

    func keep() throws {
        let failed = fsync(descriptor) != 0 || close(descriptor) != 0
        guard !failed, rename(partial, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(partial)
            throw CLIError("Cannot write \(path): \(reason); nothing was kept.")
        }
    }

    func discard() {
        close(descriptor)
        unlink(partial)
    }
}
