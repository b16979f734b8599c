import ArgumentParser
import Foundation
import Explorer
import ExplorerRuntime
import ORMCore

/// `ormscope follow MODEL KEY REL`: the rows of one row's relationship, as the explorer's `f` shows
/// them (its many-to-one target, its one-to-many children, its many-to-many rows through the link
/// table), a page at a time. The row itself is read only when the relationship's columns are not
/// its key (a many-to-one's foreign key):
///
/// ```sql
/// SELECT * FROM "hero" WHERE "team_id" = ? ORDER BY "id" ASC LIMIT 51                       -- follow team 1 heroes
/// SELECT * FROM "power" WHERE "id" IN (SELECT "power_id" FROM "hero_power_link" WHERE "hero_id" = ?) ...  -- follow hero 1 powers
/// ```
struct Follow: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print one row's related rows: its many-to-one target, one-to-many children or many-to-many rows.")
    @OptionGroup var options: DatabaseOptions
    @Argument(help: "The model.", completion: Completion.models) var model: String
    @Argument(help: "The row's primary key value(s), comma-separated.") var key: String
    @Argument(help: "The relationship (as `show MODEL` lists them).") var relationship: String
    @OptionGroup var naming: SchemaOption
    @OptionGroup var pageOptions: PageOptions
    @Option(help: "The page after this key (as the last page's `next_after` or `more: --after` says).") var after: String?
    @Option(name: .customLong("load"), help: "REL[:STRATEGY] on the related rows (REL alone: selectin), repeatable.") var load: [String] = []

    func run() throws {
        try reporting(options.format) {
            let db = try options.open()
            let session = try Session(db)
            let (m, keyValues, match) = try naming.keyedRow(model, key, in: session)
            let rel = try m.requireRelationship(relationship)
            let target = try session.model(rel.target)
            let specs = try load.map { try LoadSpec.parse($0, model: target, registry: session.registry) }
            var request = try pageOptions.request(target, registry: session.registry, load: specs)
            request.scope = Scope(parentModel: m.qualifiedName, relationship: rel.name, parentKey: keyValues)
            let loads = specs + BudgetedAction.eagerDefaults(target, given: specs, strategy: session.defaultStrategy)
            try options.budget.adopt(.page(request, loads: loads), registry: session.registry)
            if let after {
                request.position = .after(try KeyText.parse(after, fields: try request.keyFields(for: target, registry: session.registry),
                                                            model: target, registry: session.registry))
            }
            let action = "follow \(rel.qualifiedName)"
            let page = try db.withAction(action) { () -> Page in
                // The row's values for the relationship's columns: its key, or read from its row.
                if rel.localColumns != m.primaryKey {
                    let rows = try session.query(m.qualifiedName, Select(from: m.table, where: match, limit: 1))
                    guard let row = rows.first else {
                        throw CLIError("No \(m.qualifiedName) row has \(m.rowAddress.joined(separator: ", ")) = \(key).")
                    }
                    request.scope?.parentKey = rel.localColumns.map { row[$0] ?? .null }
                }
                let page = try PageLoader.load(request, session: session)
                try RowsOutput.touch(page.rows, paths: request.load.map(\.path))
                return page
            }
            try RowsOutput.print(page.rows, model: target, paths: request.load.map(\.path), format: options.format,
                                 statements: db.log.events(for: action), warnings: { session.warnings(for: action).map(\.message) },
                                 extra: ["has_next": page.hasNext,
                                         "next_after": page.hasNext ? (page.lastKey.map(KeyText.token) as Any) : NSNull()])
        }
    }
}
