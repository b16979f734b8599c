import Foundation
import ORMCore

/// The registry as text for the terminal, and as JSON-ready dictionaries.
enum RegistryText {
    static func summary(_ r: Registry) -> String {
        var lines: [[String]] = [["MODEL", "KIND", "ROWS~", "FIELDS", "PRIMARY KEY", "FOREIGN KEYS"]]
        for m in r.models {
            lines.append([m.qualifiedName, m.kindLabel, m.estimatedRowCount.map(String.init) ?? "-", String(m.fields.count),
                          m.primaryKey.joined(separator: ", "),
                          m.foreignKeys.map { "\($0.columns.joined(separator: ",")) → \($0.referencedModelName)" }.joined(separator: "; ")])
        }
        return TextTable.render(lines)
    }

    static func detail(_ m: Model) -> String {
        var out = "\(m.headingWord) \(m.qualifiedName)"
        if let n = m.estimatedRowCount { out += " (about \(NumberText.counted(n, "row")))" }
        out += "\n"
        if let parent = m.inheritanceParent {
            out += "Extends \(parent.target) (joined-table inheritance: \(parent.localColumns.joined(separator: ", ")) → \(parent.target) (\(parent.remoteColumns.joined(separator: ", "))))\n"
        }
        let children = m.inheritanceChildren
        if !children.isEmpty { out += "Extended by \(children.map(\.target).joined(separator: ", ")) (joined-table inheritance)\n" }
        for line in ModelNotes.lines(m) { out += line + "\n" }
        out += "\n"
        var rows: [[String]] = [["FIELD", "TYPE", "NULL", "DEFAULT", "KEY"]]
        for f in m.fields {
            var key: [String] = []
            if m.primaryKey.contains(f.name) { key.append("PK") }
            if m.foreignKeys.contains(where: { $0.columns.contains(f.name) }) { key.append("FK") }
            if m.uniqueConstraints.contains(where: { $0.columns == [f.name] }) { key.append("UNIQUE") }
            if f.isAutoIncrement { key.append("auto") }
            if f.isDatabaseAssigned { key.append("generated") }
            rows.append([f.name, ModelNotes.typeText(f), f.isNullable ? "yes" : "no", ModelNotes.defaultText(f), key.joined(separator: " ")])
        }
        out += TextTable.render(rows)
        let notes = m.fields.flatMap { ModelNotes.fieldLines($0) }
        if !notes.isEmpty { out += "\nField notes:\n" + notes.map { "  " + $0 }.joined(separator: "\n") + "\n" }
        if !m.partitions.isEmpty {
            out += "\nPartitions (\(m.partitionKey ?? "")):\n" + m.partitions.map {
                "  \($0.modelName) \($0.bound)" + ($0.estimatedRowCount.map { " (about \(NumberText.counted($0, "row")))" } ?? "")
            }.joined(separator: "\n") + "\n"
        }
        if !m.uniqueConstraints.isEmpty {
            out += "\nUnique:\n" + m.uniqueConstraints.map { "  \($0.name ?? "-") (\($0.columns.joined(separator: ", ")))" }.joined(separator: "\n") + "\n"
        }
        if !m.indexes.isEmpty {
            out += "\nIndexes:\n" + m.indexes.map {
                "  \($0.name) (\($0.columns.joined(separator: ", ")))\($0.isUnique ? " unique" : "")\($0.predicate.map { " where \($0)" } ?? "")"
            }.joined(separator: "\n") + "\n"
        }
        if !m.checks.isEmpty {
            out += "\nChecks:\n" + m.checks.map { "  \($0.name ?? "-"): \($0.expression)" }.joined(separator: "\n") + "\n"
        }
        if !m.foreignKeys.isEmpty {
            out += "\nForeign keys:\n" + m.foreignKeys.map {
                "  (\($0.columns.joined(separator: ", "))) → \($0.referencedModelName) (\($0.referencedColumns.joined(separator: ", "))) \($0.behaviour)"
            }.joined(separator: "\n") + "\n"
        }
        if !m.relationships.isEmpty {
            out += "\nRelationships:\n" + m.relationships.map { r in
                var line = "  \(r.name): \(r.kind.rawValue) \(r.target)"
                if let link = r.link {
                    line += " through \(link.model)"
                    if !link.extraColumns.isEmpty { line += " (link data: \(link.extraColumns.joined(separator: ", ")))" }
                } else {
                    line += " (\(r.localColumns.joined(separator: ", ")) → \(r.remoteColumns.joined(separator: ", "))"
                        + r.targetConditions.map { ", \($0.column) = \(Dialect.postgres.literal($0.value))" }.joined() + ")"
                }
                if let back = r.backPopulates { line += ", back: \(back)" }
                if r.isInheritance { line += ", joined-table inheritance" }
                if let app = r.app { line += ", the application's: loading \(app.loading.rawValue)" + AppText.cascade(app) }
                if let origin = r.origin { line += "\n      from " + origin.description }
                return line
            }.joined(separator: "\n") + "\n"
        }
        if !m.notes.isEmpty {
            out += "\nNotes:\n" + m.notes.map { "  " + $0 }.joined(separator: "\n") + "\n"
        }
        return out
    }

    static func footer(_ statements: [StatementEvent]) -> String {
        var out = "\n-- \(NumberText.counted(statements.count, "statement"))"
        let ms = statements.reduce(0) { $0 + $1.milliseconds }
        out += String(format: ", %.1f ms", ms)
        return out
    }

    /// Which model a JSON answer is about, unambiguously: `name` is the canonical form (what every
    /// command reads back), `schema` (null for the default one) and `table` the exact parts.
    static func identity(_ m: Model) -> [String: Any] {
        ["name": m.qualifiedName, "schema": m.schema as Any, "table": m.name]
    }

    static func json(_ m: Model) -> [String: Any] {
        [
            "name": m.qualifiedName, "schema": m.schema as Any, "table": m.name, "kind": m.kind.rawValue,
            "estimated_rows": m.estimatedRowCount as Any, "primary_key": m.primaryKey,
            "comment": m.comment as Any, "virtual_module": m.virtualModule as Any, "shadow_of": m.shadowOf as Any,
            "partition_key": m.partitionKey as Any,
            "partitions": m.partitions.map { ["name": $0.modelName.description, "schema": $0.schema as Any, "table": $0.name,
                                              "bound": $0.bound, "estimated_rows": $0.estimatedRowCount as Any] as [String: Any] },
            "fields": m.fields.map { f -> [String: Any] in
                ["name": f.name, "type": f.type.declared, "kind": f.type.kind.rawValue, "nullable": f.isNullable,
                 "default": f.defaultExpression as Any, "generated": f.isDatabaseAssigned, "auto_increment": f.isAutoIncrement,
                 "identity": f.identity?.rawValue as Any,
                 "max_length": f.type.maxLength as Any, "enum_labels": f.type.enumLabels,
                 "generation_expression": f.generationExpression as Any, "comment": f.comment as Any,
                 "domain_base_type": f.domainBaseType as Any, "storage": f.storage == .native ? nil as String? as Any : f.storage.rawValue]
            },
            "unique": m.uniqueConstraints.map { ["name": $0.name as Any, "columns": $0.columns] },
            "indexes": m.indexes.map { ["name": $0.name, "columns": $0.columns, "unique": $0.isUnique, "where": $0.predicate as Any] },
            "checks": m.checks.map { ["name": $0.name as Any, "expression": $0.expression] },
            "notes": m.notes,
            "extends": m.inheritanceParent?.target as Any,
            "relationships": m.relationships.map { r -> [String: Any] in
                ["name": r.name, "kind": r.kind.rawValue, "target": r.target, "local_columns": r.localColumns,
                 "remote_columns": r.remoteColumns,
                 "target_conditions": r.targetConditions.map { ["column": $0.column, "value": $0.value.displayText as Any] },
                 "back_populates": r.backPopulates as Any, "declared": r.isDeclared,
                 "inheritance": r.isInheritance, "application": r.app.map(AppText.json) as Any,
                 "foreign_keys": r.origin.map { o in o.foreignKeys.map { ["model": o.model, "columns": $0.columns, "name": $0.name as Any,
                                                                         "referenced_model": $0.referencedModelName.description,
                                                                         "referenced_columns": $0.referencedColumns] as [String: Any] } } ?? [],
                 "through": r.link.map { ["model": $0.model, "owner_columns": $0.ownerColumns, "target_columns": $0.targetColumns,
                                          "link_data": $0.extraColumns] as [String: Any] } as Any]
            },
            "foreign_keys": m.foreignKeys.map {
                ["name": $0.name as Any, "columns": $0.columns, "references": $0.referencedTable, "referenced_schema": $0.referencedSchema as Any,
                 "referenced_model": $0.referencedModelName.description,
                 "referenced_columns": $0.referencedColumns, "on_delete": $0.onDelete, "on_update": $0.onUpdate,
                 "deferrable": $0.isDeferrable, "initially_deferred": $0.isInitiallyDeferred, "inferred_from_name": $0.isInferredFromName]
            },
        ]
    }
}

/// Columns padded to their widest cell.
/// Aligned columns for the table format, padded by terminal cells (CJK and emoji take two), so
/// columns line up whatever the script. `dim` cells (a NULL) are drawn dim on a terminal.
enum TextTable {
    static func render(_ rows: [[String]]) -> String {
        render(rows.map { $0.map { Cell($0) } }, styled: false)
    }

    struct Cell {
        var text: String
        var dim = false
        init(_ text: String, dim: Bool = false) {
            self.text = text
            self.dim = dim
        }
    }

    /// Whether standard output is a terminal that takes colour attributes (not NO_COLOR, not dumb).
    static var stylesOutput: Bool {
        let env = ProcessInfo.processInfo.environment
        return isatty(1) == 1 && (env["NO_COLOR"] ?? "").isEmpty && env["TERM"] != "dumb"
    }

    static func render(_ rows: [[Cell]], styled: Bool) -> String {
        guard let first = rows.first else { return "" }
        var widths = Array(repeating: 0, count: first.count)
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.text.displayWidth) } }
        return rows.map { r in
            r.enumerated().map { i, c in
                let padded = i == r.count - 1 ? c.text : c.text + String(repeating: " ", count: max(0, widths[i] - c.text.displayWidth))
                return styled && c.dim ? "\u{1B}[2m" + padded + "\u{1B}[0m" : padded
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
