import ArgumentParser
import Explorer
import Foundation
import ORMCore

/// `ormscope sql "SELECT ..."` and `ormscope sql --file script.sql`: statements typed by the user,
/// run in order through the choke point (`Database.runTypedScript`), their rows written as they
/// arrive, page by page, with the statements and their count after them like every command.
struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Run SQL statements (separated by ;) and stream their rows, with the statements they ran.")
    @OptionGroup var options: DatabaseOptions
    @Argument(help: "The SQL to run (several statements separated by ;).") var text: String?
    @Option(help: "Read the SQL from this file (- for standard input).") var file: String?
    @Option(name: .customLong("page-size"), help: "Rows read per page (one FETCH of the cursor on PostgreSQL).") var pageSize: Int = 1000
    @Option(name: .customLong("max-rows"), help: "Stop reading a statement's rows after this many (its cursor is closed).") var maxRows: Int?
    @Flag(name: .customLong("single-transaction"), help: "Run the whole script in one transaction: committed at the end, rolled back on a failure.")
    var singleTransaction = false
    @Flag(help: "Show the plan of the statement instead of running it (EXPLAIN).") var explain = false
    @Flag(help: "With --explain: EXPLAIN ANALYZE (PostgreSQL), which runs the statement inside a transaction rolled back.") var analyze = false
    @Flag(help: "Confirm --analyze.") var yes = false

    func run() throws {
        try reporting(options.format) {
            let script = try readScript()
            let pageSize = try NumberArgument.check(self.pageSize, "--page-size", in: NumberArgument.rows)
            if let maxRows, maxRows < 0 { throw CLIError("--max-rows must be 0 or more.", usage: true) }
            if analyze && !explain { throw CLIError("--analyze goes with --explain.", usage: true) }
            if analyze && !yes {
                throw CLIError("EXPLAIN ANALYZE runs the statement (inside a transaction that is rolled back); add --yes to confirm.", usage: true)
            }
            let db = try options.open()
            if explain { return try explainPlan(script, db) }
            // A budgets file's lines are checked against the schema, read only when there is one.
            if options.budget.budgetsPath != nil { try options.budget.adopt(.init(.sql), registry: try db.introspect()) }
            try SQLOutput(format: options.format, maxRows: maxRows).run(script, db: db, pageSize: pageSize, singleTransaction: singleTransaction)
        }
    }

    /// The SQL text: the argument or the file, exactly one of them.
    private func readScript() throws -> String {
        switch (text, file) {
        case (let t?, nil): return t
        case (nil, let f?):
            if f == "-" { return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) }
            guard let data = FileManager.default.contents(atPath: f) else { throw CLIError("Cannot read the SQL file \(f).") }
            return String(decoding: data, as: UTF8.self)
        case (nil, nil): throw CLIError("Give the SQL to run, or --file FILE.", usage: true)
        default: throw CLIError("Give the SQL or --file, not both.", usage: true)
        }
    }

    private func explainPlan(_ script: String, _ db: Database) throws {
        let statements = SQLScript.split(script, dialect: db.dialect)
        guard statements.count == 1, let statement = statements.first else {
            throw CLIError(statements.isEmpty ? TypedSQLError.empty.sentence : "--explain takes one statement; this text holds \(statements.count).", usage: true)
        }
        let action = "sql --explain"
        let plan = try db.withAction(action) { try db.explainTyped(statement, analyze: analyze) }
        PlanOutput.print(plan, statements: db.log.events(for: action), format: options.format)
    }
}

/// A failure whose sentence shows where in the statement it happened.
struct SQLPositionedError: UserFacingError {
    let sentence: String
}

/// Writes the results of a typed script in one of the output formats, each page as it is read.
///
/// - table: each statement's rows under its column names (widths from the names and the first
///   page, so rows print at once), then `(N rows)` or `(N rows affected)`; the statements after.
/// - json: one document, `"format": 1`, `"results"` (one object per statement: `sql`, `verb`,
///   `kind`, `columns` with name and type, `rows` as arrays in column order, `row_count`,
///   `affected`, `has_more`), then `statements`, `query_count`, `registry_stale`, `warnings`;
///   a failure ends the document with `"error"` (and `"error_position"` when the database said where).
/// - ndjson: one object per row (a repeated column name gets `_2`, `_3`...), nothing around them.
/// - csv: each statement's rows with a header record; a blank line between two statements' rows.
struct SQLOutput {
    let format: OutputFormat
    let maxRows: Int?
    static let action = "sql"

    func run(_ script: String, db: Database, pageSize: Int, singleTransaction: Bool) throws {
        // The rows go straight to the descriptor: what print() still buffers (an earlier command
        // in the shell) goes first.
        fflush(nil)
        var json = JSONWriter(sink: .standardOutput)
        var csv = CSVWriter(sink: .standardOutput)
        var table = ""
        var index = 0
        let start = db.log.totalCount
        if format == .json {
            json.beginObject()
            json.key("format")
            json.int(JSONOutput.formatVersion)
            json.key("results")
            json.beginArray()
        }
        var failure: (any Error)?
        var failedStatement: TypedStatement?
        var warnings: [String] = []
        let wasInTransaction = db.inTransaction
        var ranBefore = 0
        do {
            try db.withAction(Self.action) {
                try db.runTypedScript(script, pageSize: pageSize, singleTransaction: singleTransaction) { result in
                    failedStatement = result.statement
                    if let w = result.statement.sessionWarning, !warnings.contains(w) { warnings.append(w) }
                    index += 1
                    switch format {
                    case .json: try writeJSON(result, .untyped(db.dialect), &json)
                    case .ndjson: try writeNDJSON(result, .untyped(db.dialect), &json)
                    case .csv: try writeCSV(result, first: index == 1, &csv)
                    case .table: try writeTable(result, first: index == 1, &table)
                    }
                    failedStatement = nil
                }
            }
        } catch {
            failure = error
            // The statements that ran before the one that failed (it failed on opening, or while its rows were read).
            ranBefore = failedStatement == nil ? index : index - 1
            // The statement that failed is the one after the last that ran, when it failed on opening.
            if failedStatement == nil {
                failedStatement = SQLScript.split(script, dialect: db.dialect).dropFirst(index).first
            }
        }
        // The failure's sentence, where it is (line and column of the script), and what became of the
        // statements before it.
        let at = failure.flatMap { position($0, failedStatement, script) }
        let said = failure.map { f -> String in
            var base = Substring(sentence(f))
            if let at {
                while base.last == "." { base = base.dropLast() }
                base += " (line \(at["line"]!), column \(at["column"]!))."
            }
            // A single-transaction script refused in read-only mode was refused whole, before its BEGIN.
            if singleTransaction, !wasInTransaction, f is TypedSQLError { return String(base) }
            return sentence(String(base), script: script, db: db, ran: ranBefore, singleTransaction: singleTransaction,
                            wasInTransaction: wasInTransaction)
        }
        let events = Array(db.log.events(for: Self.action).suffix(db.log.totalCount - start))
        let count = db.log.totalCount - start
        switch format {
        case .json:
            json.endArray()
            var rest: [String: Any] = ["statements": events.map(JSONOutput.statement), "query_count": count,
                                       "registry_stale": db.registryStale, "warnings": warnings]
            if let failure {
                rest["error"] = said
                if let p = position(failure, failedStatement, script) { rest["error_position"] = p }
            }
            JSONOutput.members(rest, into: &json)
            json.endObject()
            json.raw("\n")
            json.flush()
            if failure != nil { throw ExitCode(1) }
        case .ndjson:
            json.flush()
        case .csv:
            csv.flush()
        case .table:
            flushTable(&table, force: true)
            var log = StatementLog.text(events)
            if count > events.count { log += "   (the first \(count - events.count) are no longer in the log)\n" }
            if db.registryStale { log += "!! The schema changed: the model registry read before is stale (`ormscope models` reads it again).\n" }
            for w in warnings { log += "!! " + w + "\n" }
            StatementLog.write(log)
        }
        guard let failure else { return }
        if let s = failedStatement, let offset = at?["offset"] as? Int {
            // The line is shown marked under the sentence.
            var said = Substring(said ?? "")
            while said.last == "." { said = said.dropLast() }
            throw SQLPositionedError(sentence: "\(said):\n" + SQLOutput.marked(s.sql, at: offset).dropLast())
        }
        // A script's failure says what became of the statements before it; one statement's is its own.
        if let said, said != sentence(failure) { throw ScriptFailure.Stopped(sentence: said, underlying: failure) }
        throw failure
    }

    private func sentence(_ e: any Error) -> String { (e as? any UserFacingError)?.sentence ?? "\(e)" }

    /// `said` (the failure's sentence) with what became of the statements before it (`ScriptFailure`).
    private func sentence(_ said: String, script: String, db: Database, ran: Int, singleTransaction: Bool, wasInTransaction: Bool) -> String {
        let statements = SQLScript.split(script, dialect: db.dialect)
        guard ran < statements.count else { return said }
        let earlier: ScriptFailure.Earlier = wasInTransaction || db.inTransaction ? .inOpenTransaction : singleTransaction ? .rolledBack : .committed
        return ScriptFailure.sentence(said, failed: ran + 1, of: statements.count, verb: statements[ran].verb,
                                      writesBefore: statements[..<ran].filter { $0.kind != .read }.map(\.verb), earlier: earlier)
    }

    /// Where a syntax error is: `offset` in the statement, `script_offset` in the whole script
    /// (Unicode scalars from 0), and the script's `line` and `column` (from 1).
    private func position(_ e: any Error, _ s: TypedStatement?, _ script: String) -> [String: Any]? {
        guard let p = (e as? DatabaseError)?.position, let s else { return nil }
        let before = script.unicodeScalars.prefix(s.offset + p)
        let line = before.filter { $0 == "\n" }.count + 1
        let column = before.count - (before.lastIndex(of: "\n").map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0) + 1
        return ["offset": p, "script_offset": s.offset + p, "line": line, "column": column]
    }

    /// The statement's line that holds `offset`, with a caret under it.
    static func marked(_ sql: String, at offset: Int) -> String {
        let scalars = Array(sql.unicodeScalars)
        let at = min(max(0, offset), scalars.count)
        let lineStart = scalars[..<at].lastIndex(of: "\n").map { $0 + 1 } ?? 0
        let lineEnd = scalars[at...].firstIndex(of: "\n") ?? scalars.count
        let line = String(String.UnicodeScalarView(scalars[lineStart..<lineEnd]))
        let lead = String(String.UnicodeScalarView(scalars[lineStart..<at])).displayWidth
        return "  " + line + "\n  " + String(repeating: " ", count: lead) + "^\n"
    }

    /// The pages of a result, up to `--max-rows`; the result is closed after.
    private func pages(_ r: TypedResult, _ body: ([Row]) throws -> Void) throws {
        var left = maxRows ?? Int.max
        while left > 0 {
            let page = try r.nextPage()
            if page.isEmpty { break }
            let kept = page.count <= left ? page : Array(page.prefix(left))
            left -= kept.count
            try body(kept)
        }
    }

    private func count(_ r: TypedResult, _ read: Int) -> String {
        if let affected = r.affected {
            return r.statement.kind == .schemaChange || r.statement.kind == .transactionControl || affected == 0 && r.statement.kind == .unknown
                ? "(\(r.statement.verb.isEmpty ? "done" : r.statement.verb))"
                : "(\(NumberText.counted(affected, "row")) affected)"
        }
        return "(\(NumberText.counted(read, "row"))\(r.hasMore ? ", more not read (--max-rows)" : ""))"
    }

    // MARK: table

    private func writeTable(_ r: TypedResult, first: Bool, _ out: inout String) throws {
        if !first { out += "\n" }
        var read = 0
        if r.returnsRows {
            var widths: [Int] = []
            try pages(r) { page in
                let cells = page.map { $0.values.map { RowsOutput.cell($0).text } }
                if widths.isEmpty {
                    let names = r.columns.names
                    widths = names.map(\.displayWidth)
                    for row in cells { for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], c.displayWidth) } }
                    out += line(names, widths)
                }
                for row in cells { out += line(row, widths) }
                read += page.count
                flushTable(&out, force: false)
            }
            if widths.isEmpty { out += line(r.columns.names, r.columns.names.map(\.displayWidth)) }
        }
        out += count(r, read) + "\n"
        flushTable(&out, force: true)
    }

    private func line(_ cells: [String], _ widths: [Int]) -> String {
        cells.enumerated().map { i, c in
            i == cells.count - 1 || i >= widths.count ? c : c + String(repeating: " ", count: max(0, widths[i] - c.displayWidth))
        }.joined(separator: "  ") + "\n"
    }

    private func flushTable(_ out: inout String, force: Bool) {
        guard force || out.utf8.count >= 1 << 16, !out.isEmpty else { return }
        fflush(nil)
        FileHandle.standardOutput.write(Data(out.utf8))
        out = ""
    }

    // MARK: json, ndjson, csv

    private func writeJSON(_ r: TypedResult, _ column: JSONColumn, _ w: inout JSONWriter) throws {
        w.beginObject()
        w.key("sql"); w.string(r.statement.sql)
        w.key("verb"); w.string(r.statement.verb)
        w.key("kind"); w.string(r.statement.kind.rawValue)
        var read = 0
        // The columns first: they are known once the result is open (its first page is read then).
        w.key("columns")
        w.beginArray()
        for (i, n) in r.columns.names.enumerated() {
            w.beginObject()
            w.key("name"); w.string(n)
            w.key("type"); w.string(i < r.columns.types.count ? r.columns.types[i] : "")
            w.endObject()
        }
        w.endArray()
        var failure: (any Error)?
        if r.returnsRows {
            w.key("rows")
            w.beginArray()
            do {
                try pages(r) { page in
                    for row in page {
                        w.beginArray()
                        for v in row.values { w.value(v, column) }
                        w.endArray()
                    }
                    read += page.count
                }
            } catch {
                // A page that failed (cancelled, timed out): the rows before it stand, the document closes.
                failure = error
            }
            w.endArray()
        }
        w.key("row_count"); w.int(Int64(read))
        w.key("affected")
        if let a = r.affected { w.int(Int64(a)) } else { w.null() }
        w.key("has_more"); w.bool(r.hasMore)
        if let failure { w.key("error"); w.string(sentence(failure)) }
        w.endObject()
        if let failure { throw failure }
    }

    private func writeNDJSON(_ r: TypedResult, _ column: JSONColumn, _ w: inout JSONWriter) throws {
        guard r.returnsRows else { return }
        var keys: [String] = []
        try pages(r) { page in
            if keys.isEmpty { keys = Self.uniqueKeys(r.columns.names) }
            for row in page {
                w.beginObject()
                for (i, v) in row.values.enumerated() {
                    w.key(keys[i])
                    w.value(v, column)
                }
                w.endObject()
                w.raw("\n")
            }
        }
    }

    /// Column names as object keys: a repeated name gets `_2`, `_3`... (`SELECT 1 AS a, 2 AS a`).
    static func uniqueKeys(_ names: [String]) -> [String] {
        var seen: [String: Int] = [:]
        return names.map { n in
            seen[n, default: 0] += 1
            return seen[n]! == 1 ? n : "\(n)_\(seen[n]!)"
        }
    }

    private func writeCSV(_ r: TypedResult, first: Bool, _ w: inout CSVWriter) throws {
        guard r.returnsRows else { return }
        var header = false
        try pages(r) { page in
            if !header {
                if !first { w.endRecord() }
                w.record(r.columns.names)
                header = true
            }
            for row in page { w.record(row.values) }
        }
        if !header {
            if !first { w.endRecord() }
            w.record(r.columns.names)
        }
    }
}
