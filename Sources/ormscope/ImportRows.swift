import ArgumentParser
import Explorer
import ExplorerRuntime
import Foundation
import ORMCore

/// `--from FILE|-` on insert and upsert: many rows from a CSV, JSON or NDJSON file (or standard
/// input), written inside one transaction (`BulkInsert`: one COPY on PostgreSQL, multi-row
/// statements in batches for upserts and on SQLite), so the file goes in whole or not at all.
struct FromOptions: ParsableArguments {
    @Option(help: "Rows from a file: rows.csv, rows.json (an array of objects) or rows.ndjson; - reads standard input.", completion: .file(extensions: ["csv", "json", "ndjson", "jsonl"]))
    var from: String?
    @Option(name: .customLong("from-format"), help: "The file's format (csv, json, ndjson) when its name does not say (default for -: from its first byte).")
    var fromFormat: RowFileFormat?
}

enum RowFileFormat: String, ExpressibleByArgument, CaseIterable {
    case csv, json, ndjson

    /// From the file name (`.csv`, `.json`, `.ndjson` / `.jsonl`), nil when it does not say.
    init?(path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "csv": self = .csv
        case "json": self = .json
        case "ndjson", "jsonl": self = .ndjson
        default: return nil
        }
    }
}

enum RowImport {
    /// Reads `from`, writes its rows into `model` (an upsert on `conflictTarget` when given), commits,
    /// prints the summary. A malformed row, a value that does not fit, a refused batch or Ctrl-C
    /// rolls everything back.
    /// ```sql
    /// BEGIN
    /// COPY "hero" ("id", "name") FROM STDIN                          -- PostgreSQL, insert
    /// INSERT INTO "hero" ("id", "name") VALUES (?, ?), (?, ?), ...   -- else, up to 1,000 rows a statement
    /// COMMIT
    /// ```
    static func run(_ options: WriteOptions, _ from: FromOptions, verb: String, model: String, conflictTarget: [String]?) throws {
        let database = options.database
        try reporting(database.format) {
            guard let path = from.from else { return }
            if !options.set.isEmpty || !options.null.isEmpty {
                throw CLIError("--from gives every value: leave out --set and --null.", usage: true)
            }
            if database.readOnly { throw CLIError("Read-only mode (--read-only): \(verb) refused; nothing was written.") }
            let format = try from.fromFormat ?? RowFileFormat(path: path) ?? (path == "-" ? nil : {
                throw CLIError("Cannot tell the format of \(path) from its name: add --from-format csv|json|ndjson.", usage: true)
            }())
            let fd: Int32 = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw CLIError("Cannot read \(path): \(String(cString: strerror(errno))).", usage: errno == ENOENT) }
            defer { if fd != 0 { close(fd) } }
            var size: Int?
            var st = stat()
            if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG { size = Int(st.st_size) }

            let db = try database.open()
            let session = try Session(db)
            let m = try session.model(options.naming.modelName(model))
            if let budgeted = BudgetedAction.Verb(rawValue: verb) {
                let target = conflictTarget.map { $0.isEmpty ? m.primaryKey : $0.map(m.fieldName(typed:)) }?.joined(separator: ",") ?? ""
                try database.budget.adopt(.init(budgeted, model: m.qualifiedName, options: ["from": path, "on-conflict": target]), registry: session.registry)
            }
            let action = "\(verb) \(m.qualifiedName) from \(path == "-" ? "standard input" : path)"
            var reader = try Reader(ByteSource(descriptor: fd), format: format)
            let progress = Progress(total: size)
            let start = DispatchTime.now().uptimeNanoseconds
            let interrupted = CLIError("Interrupted (Ctrl-C): the transaction was rolled back; nothing was written.")
            var notes: [String] = []
            let written = try db.withAction(action) { () -> Int in
                defer { progress.done() }
                do {
                    // One transaction (a savepoint inside the shell's --transaction).
                    return try db.transaction { () -> Int in
                        guard let first = try reader.next() else { return 0 }
                        let bulk = try BulkInsert(db, model: m, columns: first.fields.map(\.name),
                                                  conflictTarget: conflictTarget.map { $0.isEmpty ? m.primaryKey : $0.map(m.fieldName(typed:)) })
                        // SQLite compares dates as stored: the form the table's dates are in, to say a file's in another.
                        for c in bulk.columns where m.field(c).map({ FieldInput.isSQLiteDate($0.type) }) == true {
                            if let v = try session.storedSample(of: c, in: m) { bulk.storedForms[c] = v }
                        }
                        var held: RowInput? = first
                        try bulk.write {
                            if Interrupts.requested.isSet { throw interrupted }
                            progress.update(rows: bulk.rowsRead, bytes: reader.bytesRead)
                            if let row = held { held = nil; return row }
                            return try reader.next()
                        }
                        if Interrupts.requested.isSet { throw interrupted }
                        if !bulk.leftOut.isEmpty {
                            notes.append("\(bulk.leftOut.joined(separator: ", ")) \(bulk.leftOut.count == 1 ? "is" : "are") generated by the database: the file's values were left out, and the database computed them.")
                        }
                        if let w = bulk.offsetlessWarning { notes.append(w + ".") }
                        if let w = bulk.otherFormWarning { notes.append(w + ".") }
                        notes += bulk.sequenceMoves.map(\.sentence)
                        return bulk.rowsWritten
                    }
                } catch {
                    // A cancelled statement's own error says less than this.
                    if Interrupts.requested.isSet { throw interrupted }
                    throw error
                }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let statements = db.log.events(for: action)
            let done = verb == "upsert" ? "upserted" : "inserted"
            switch database.format {
            case .json, .ndjson:
                print(JSONOutput.string([done: written, "model": RegistryText.identity(m), "seconds": (seconds * 1000).rounded() / 1000,
                                         "statements": JSONOutput.statementRuns(statements), "query_count": statements.count,
                                         "warnings": notes]))
            case .csv:
                print(CSV.line([done, "statements"]) + CSV.line([String(written), String(statements.count)]), terminator: "")
                for n in notes { FileHandle.standardError.write(Data("!! \(n)\n".utf8)) }
            case .table:
                print("\(done.capitalized) \(NumberText.counted(written, "\(m.qualifiedName) row")) in one transaction"
                      + String(format: " (%.2f s, %@ rows/s).", seconds, NumberText.grouped(seconds > 0 ? Int(Double(written) / seconds) : written)))
                // (What the load did beside its rows, as every write's warnings: `!!` lines after its statements.)
                var log = StatementLog.text(statements.map(JSONOutput.shortened))
                for n in notes { log += "!! \(n)\n" }
                StatementLog.write(log)
            }
        }
    }

    /// The rows of a file in one of the three formats.
    struct Reader {
        private var csv: CSVReader?
        private var json: JSONRowReader?

        /// `format` nil: from the first byte (`[` json, `{` ndjson, anything else csv).
        init(_ source: ByteSource, format: RowFileFormat?) throws {
            var source = source
            var format = format
            if format == nil {
                while let b = source.peek(), b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { _ = source.next() }
                switch source.peek() {
                case UInt8(ascii: "["): format = .json
                case UInt8(ascii: "{"): format = .ndjson
                default: format = .csv
                }
            }
            switch format! {
            case .csv: csv = try CSVReader(source)
            case .json: json = JSONRowReader(source, shape: .array)
            case .ndjson: json = JSONRowReader(source, shape: .lines)
            }
        }

        mutating func next() throws -> RowInput? { try csv?.next() ?? json?.next() }
        var bytesRead: Int { csv?.bytesRead ?? json?.bytesRead ?? 0 }
    }

    /// The progress line on standard error, only when it is a terminal: rows, rows/s and (for a
    /// file of known size) the share read and the time left, redrawn at most 5 times a second.
    final class Progress {
        private let total: Int?
        private let shown = isatty(2) == 1
        private let start = DispatchTime.now().uptimeNanoseconds
        private var last: UInt64 = 0
        private var drawn = false

        init(total: Int?) { self.total = total }

        func update(rows: Int, bytes: Int) {
            guard shown else { return }
            let now = DispatchTime.now().uptimeNanoseconds
            guard now - last > 200_000_000 else { return }
            last = now
            let seconds = Double(now - start) / 1e9
            var line = "\r\u{1B}[K\(NumberText.grouped(rows)) rows, \(NumberText.grouped(Int(Double(rows) / max(seconds, 0.001)))) rows/s"
            if let total, total > 0, bytes > 0 {
                let share = min(1, Double(bytes) / Double(total))
                let left = share > 0 ? seconds * (1 - share) / share : 0
                line += String(format: ", %.0f%%, ETA %d:%02d", share * 100, Int(left) / 60, Int(left) % 60)
            }
            FileHandle.standardError.write(Data(line.utf8))
            drawn = true
        }

        func done() {
            if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            drawn = false
        }
    }
}
