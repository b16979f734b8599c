extension SQLCompiler {
    /// The statement that starts a bulk copy of rows into `table` (PostgreSQL's COPY FROM STDIN,
    /// text format); the rows follow as the copy's data (`Database.copyIn`), not as bound values.
    /// ```sql
    /// COPY "hero" ("id", "name", "age") FROM STDIN
    /// ```
    public static func copyFrom(_ table: TableRef, columns: [String], dialect: Dialect) throws -> CompiledSQL {
        guard !columns.isEmpty else { throw SQLCompileError.invalid("a COPY needs at least one column") }
        var c = SQLCompiler(dialect: dialect)
        c.emit("COPY ")
        c.table(TableRef(table.name, schema: table.schema))
        c.emit(" (")
        c.list(columns) { $0.identifier($1) }
        c.emit(") FROM STDIN")
        return CompiledSQL(c.sql, [])
    }
}
