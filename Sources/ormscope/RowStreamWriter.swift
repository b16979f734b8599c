import Foundation
import ORMCore

/// Rows in json, ndjson or csv written as they arrive: the opening (JSON's `format` and `model`, the
/// CSV header), one row at a time (flushed in 64 KB chunks), then the closing (JSON's statements,
/// counts and whatever the command adds). Nothing is kept, so `rows` and `export` of any size run
/// in flat memory. The table format needs every row for its widths and is not written here.
struct RowStreamWriter {
    /// The writer of the format (the other one stays empty): two stored writers rather than an enum
    /// with payloads, so appending never copies a buffer.
    private var jw: JSONWriter
    private var cw: CSVWriter
    private let columns: RowsOutput.ColumnCache.Columns
    let format: OutputFormat
    /// ORMSCOPE_TRACE: when the output began and ended (make bench's output figures). A streamed
    /// output begins before its statement runs, so there the phase includes reading the rows.
    private let trace = Trace.fromEnvironment()
    private var count = 0

    /// Starts the output for `model`'s rows; `format` is json, ndjson or csv.
    init(_ format: OutputFormat, model: Model, sink: ByteSink = .standardOutput) {
        precondition(format != .table, "the table format is not streamed")
        self.format = format
        trace?.log("output", "start \(format.rawValue)")
        columns = RowsOutput.ColumnCache.Columns(model)
        jw = JSONWriter(sink: format == .csv ? .memory : sink)
        cw = CSVWriter(sink: format == .csv ? sink : .memory)
        switch format {
        case .json:
            jw.beginObject()
            jw.key("format")
            jw.int(JSONOutput.formatVersion)
            jw.key("model")
            JSONOutput.any(RegistryText.identity(model), into: &jw)
            jw.key("rows")
            jw.beginArray()
        case .csv:
            cw.record(model.fieldNames)
        default: break
        }
    }

    /// One row's fields, in the model's field order: its values, or the driver's current row
    /// (`FieldCells`), written the same way.
    @inline(__always)
    mutating func row<Cells: CellSource>(_ cells: Cells) {
        count += 1
        switch format {
        case .csv:
            for i in 0..<cells.cellCount {
                if i > 0 { cw.separator() }
                cw.cell(cells.cell(i))
            }
            cw.endRecord()
        default:
            RowsOutput.json(cells, columns, into: &jw)
            if format == .ndjson { jw.raw("\n") }
        }
    }

    /// Writes the rows `read` hands to its `row` function, as `row(_:)` does. With `threaded`, on
    /// a second thread (`CellPipe`): the rows are copied into blocks as they are read and written
    /// there while the next are read, byte for byte the same output. For SQLite, whose rows cost
    /// this process about as much to read as to write, on a machine with a second core; a row
    /// source of another process (PostgreSQL's server) gains nothing from it.
    mutating func rows<T>(threaded: Bool, _ read: (_ row: (FieldCells) -> Void) throws -> T) rethrows -> T {
        guard threaded else { return try read { self.row($0) } }
        let pipe = CellPipe(width: columns.ranges.count, state: self) { w, row in w.row(row) }
        let (result, writer) = try pipe.fill(read)
        self = writer
        return result
    }

    /// Whether rows are written on a second thread (`rows(threaded:)`): where they are read in
    /// this process (SQLite: stepping the statement costs as much as writing its rows) and there is
    /// a core for each half.
    static func threads(_ db: Database) -> Bool {
        db.dialect == .sqlite && ProcessInfo.processInfo.activeProcessorCount > 1
    }

    /// Writes a whole row as an entity's nested JSON (rows with loaded relationships).
    mutating func json(_ write: (inout JSONWriter) throws -> Void) rethrows {
        precondition(format != .csv, "nested rows are JSON")
        count += 1
        try write(&jw)
        if format == .ndjson { jw.raw("\n") }
    }

    /// Ends the output: for json, the members after the rows (`extra`, `statements`, `query_count`,
    /// `warnings`, keys sorted); ndjson and csv have nothing after their rows. Returns false when
    /// the output could not be written (a full disk, a closed pipe).
    @discardableResult
    mutating func finish(extra: [String: Any], statements: [StatementEvent], warnings: [String]) -> Bool {
        defer { trace?.log("output", "end \(format.rawValue) \(count)") }
        switch format {
        case .csv:
            cw.flush()
            return !cw.out.failed
        case .json:
            jw.endArray()
            var rest = extra
            rest["statements"] = statements.map(JSONOutput.statement)
            rest["query_count"] = statements.count
            rest["warnings"] = warnings
            JSONOutput.members(rest, into: &jw)
            jw.endObject()
            jw.raw("\n")
            fallthrough
        default:
            jw.flush()
            return !jw.out.failed
        }
    }
}
