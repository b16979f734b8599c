import ArgumentParser
import Foundation
import ORMCore

/// `delete MODEL KEY` with a models file: the application's cascades (`AppCascadePlan`), shown level
/// by level with counts, then (with --yes) run in one transaction.
enum AppCascadeDelete {
    static func run(_ session: Session, _ m: Model, _ key: [Value], yes: Bool, format: OutputFormat) throws {
        let db = session.database
        let action = (yes ? "delete " : "delete preview of ") + m.qualifiedName
        let plan = try db.withAction(action) { () -> AppCascadePlan in
            guard yes else { return try session.appCascadePlan(m.qualifiedName, key) }
            // A key the database checks at COMMIT (Django's are deferred) is said as what blocks it.
            return try session.explainingAppRefusal(ofDeleting: m.qualifiedName, key) {
                let plan = try session.deleteFollowingApp(m.qualifiedName, key)
                try session.commit()
                return plan
            }
        }
        let statements = db.log.events(for: action)
        let sentence: String? = plan.refusalSentence
            ?? (yes ? nil : "Deleting \(m.qualifiedName) as the application does needs --yes to confirm\(plan.failure.map { ", and " + $0 } ?? ""); nothing was deleted.")
        if format.isJSON {
            var out: [String: Any] = ["cascade": plan.steps.map { s -> [String: Any] in
                ["level": s.level, "model": s.model, "operation": s.operation.rawValue, "rows": s.keys.count,
                 "relationship": s.relationship as Any]
            }, "not_followed": plan.notes, "left_to_database": plan.database, "will_fail": plan.blocked + plan.notNull, "statements": statements.map(JSONOutput.statement), "query_count": statements.count]
            if let sentence { out["error"] = sentence }
            print(JSONOutput.string(out))
            if let sentence { if !yes { try StatementBudget.endPreview(sentence, format: format) }; throw ExitCode(1) }
            return
        }
        print((["\(yes && plan.refusal == nil ? "Deleted" : "Deleting") \(m.qualifiedName) as the application's models say:"] + plan.lines.map { "  " + $0 }).joined(separator: "\n"))
        StatementLog.write(StatementLog.text(statements))
        if let sentence {
            if !yes { try StatementBudget.endPreview(sentence, format: format) }  // the preview's budget is checked too
            throw CLIError(sentence)
        }
    }
}
