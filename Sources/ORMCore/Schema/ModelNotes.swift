/// What the catalog says about a model beyond its columns and keys, as short lines shared by the
/// explorer's model pane and `ormscope show`: comments, virtual and shadow tables, partitioning,
/// generated expressions, domains, enum labels and hex-UUID storage.
public enum ModelNotes {
    /// Lines about the model itself (none for a plain table without a comment).
    public static func lines(_ m: Model) -> [String] {
        var out: [String] = []
        if let c = m.comment { out.append("Comment: \(c)") }
        if let module = m.virtualModule {
            out.append("Virtual table (\(module)): its hidden columns are not fields; its data lives in shadow tables.")
        }
        if let owner = m.shadowOf { out.append("Shadow table of the virtual table \(owner): read-only here (writing it would corrupt \(owner)).") }
        if let key = m.partitionKey {
            out.append("Partitioned by \(key) into \(NumberText.counted(m.partitions.count, "partition"))"
                       + (m.partitions.isEmpty ? "." : ": " + m.partitions.map(\.modelName.description).joined(separator: ", ") + "."))
        }
        return out
    }

    /// The type column: the declared type, with a domain's base type (`email → text`).
    public static func typeText(_ f: Field) -> String {
        var t = f.type.declared
        if let base = f.domainBaseType { t += " → \(base)" }
        if f.storage == .uuidHex { t += " (uuid)" }
        return t
    }

    /// The default column: the default, or a generated column's expression.
    public static func defaultText(_ f: Field) -> String {
        if let g = f.generationExpression { return "AS (\(g))" }
        return f.defaultExpression ?? ""
    }

    /// Lines about one field (its comment, enum labels, UUID storage), each starting with its name.
    public static func fieldLines(_ f: Field) -> [String] {
        var out: [String] = []
        if let c = f.comment { out.append("\(f.name): \(c)") }
        if !f.type.enumLabels.isEmpty { out.append("\(f.name): one of " + f.type.enumLabels.map { "'\($0)'" }.joined(separator: ", ")) }
        if f.storage == .uuidHex { out.append("\(f.name): UUIDs stored as 32 hex digits (SQLAlchemy's Uuid); shown and typed as UUIDs") }
        if f.storage == .jsonText { out.append("\(f.name): JSON as text (its CHECK says JSON_VALID); nested in JSON output, read back as the text it was") }
        return out
    }
}
