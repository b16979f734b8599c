import ORMCore

/// Everything that can happen to the explorer: what a user asks, and what the runtime answers.
public enum Action: Sendable, Equatable {
    // Moving around
    case showModels
    case openModel(String)
    case moveCursor(Int)
    case pageFirst, pageNext, pagePrevious, pageLast
    /// The first row of the first page (`g`), the last row of the last page (`G`): a page is
    /// read only when the one shown is not that page.
    case firstRow, lastRow
    case sort(field: String, descending: Bool)
    case filter(String)
    case openRow
    /// Read whole a value the page holds as a preview (column `field` of the row under the cursor), to view it.
    case readWhole(field: String)
    /// The edit form of the row under the cursor, its long values read whole first (`e` on a row
    /// the page holds some values of as previews).
    case editRow
    /// Follow a relationship of the row under the cursor (rows screen) or of the open row.
    case follow(String)
    case back
    case refresh
    /// Reads the schema again (`R` on the model list, `:reload`): new tables appear, dropped ones go.
    case reloadSchema
    case countExactly
    /// `:count MODEL --where W`, `:exists MODEL --where W`: the rows a request selects counted (or
    /// tested with EXISTS); another model's rows are opened first, as `:rows` opens them.
    case countRows(PageRequest, CountVerb)
    /// `:explain MODEL --where W`: the plan of the page statement the rows are read by (the rows
    /// opened first, or read again when they are the ones on screen).
    case explainRows(PageRequest, analyze: Bool)
    /// A notice from the keys (a key that does nothing here says why): kept in the message log.
    case note(String)
    /// Close what covers the rows (the loading comparison, a plan): Esc.
    case dismiss
    /// The window changed: pages hold `pageSize` rows from now on (the page shown reloads).
    case resize(pageSize: Int)
    // Loading
    case setStrategy(relationship: String, LoadStrategy)
    case cycleStrategy(relationship: String)
    /// Compare lazy, selectin and joined for a relationship of the open model, on the page's size.
    case compareStrategies(relationship: String)
    /// The plan of a statement from the SQL pane (`analyze` asks for a yes first: it runs the statement).
    case explain(sql: String, params: [Value], analyze: Bool)
    /// A command line typed after `:` (the shell's commands: `rows hero --where "age > 30"`).
    case command(String)
    /// Open a model's rows as a request describes them (the `rows` command).
    case openRequest(PageRequest)
    /// Open one row by primary key (the `get` command).
    case openKey(model: String, key: [Value])
    // Writing
    case write(WriteRequest)
    case confirm, cancel
    /// The confirmation's other choice (a delete's `N`: set the children's key to NULL first).
    case confirmAlternative
    case setManualTransaction(Bool)
    case commit, rollback
    // Results from the runtime
    case pageLoaded(id: Int, PageData, ActionReport)
    case rowLoaded(id: Int, values: [String: Value], ActionReport)
    case wholeValueRead(id: Int, WholeValue, ActionReport)
    /// The previewed fields of the row an edit form opens on, whole (`editRow`).
    case readForEdit(id: Int, values: [String: Value], ActionReport)
    case counted(id: Int, Int, ActionReport)
    case wrote(id: Int, ActionReport)
    case compared(id: Int, Comparison, ActionReport)
    case explained(id: Int, QueryPlan, ActionReport)
    case deletePreviewed(id: Int, DeletePreview, ActionReport)
    case appDeletePreviewed(id: Int, AppCascadePlan, ActionReport)
    case failed(id: Int, ActionReport)
    /// The schema as read again by `reloadSchema`, with its drift from the models file (nil: none applied).
    case schemaReloaded(id: Int, Registry, ActionReport, drift: [DriftDifference]?)
    // The SQL editor
    /// Run statements typed in the SQL editor, in order (the last one's rows go to the grid).
    case runSQL([TypedStatement])
    /// A typed run's outcome, or the next page of its rows.
    case sqlRan(id: Int, SQLResult, ActionReport)
}

extension Action {
    /// A runtime result with its report changed (the runtime completes a report after the action's
    /// last statement, a closing COMMIT included); other actions come back as they are.
    public func updatingReport(_ change: (inout ActionReport) -> Void) -> Action {
        switch self {
        case .pageLoaded(let id, let page, var r): change(&r); return .pageLoaded(id: id, page, r)
        case .rowLoaded(let id, let values, var r): change(&r); return .rowLoaded(id: id, values: values, r)
        case .wholeValueRead(let id, let v, var r): change(&r); return .wholeValueRead(id: id, v, r)
        case .readForEdit(let id, let v, var r): change(&r); return .readForEdit(id: id, values: v, r)
        case .counted(let id, let n, var r): change(&r); return .counted(id: id, n, r)
        case .wrote(let id, var r): change(&r); return .wrote(id: id, r)
        case .compared(let id, let c, var r): change(&r); return .compared(id: id, c, r)
        case .explained(let id, let p, var r): change(&r); return .explained(id: id, p, r)
        case .failed(let id, var r): change(&r); return .failed(id: id, r)
        case .schemaReloaded(let id, let registry, var r, let drift): change(&r); return .schemaReloaded(id: id, registry, r, drift: drift)
        case .sqlRan(let id, let result, var r): change(&r); return .sqlRan(id: id, result, r)
        default: return self
        }
    }
}

extension Action {
    /// A runtime result's request id and report; nil for what the user asks.
    public var result: (id: Int, report: ActionReport)? {
        switch self {
        case .pageLoaded(let id, _, let r), .rowLoaded(let id, _, let r), .wholeValueRead(let id, _, let r), .readForEdit(let id, _, let r), .counted(let id, _, let r),
             .wrote(let id, let r), .compared(let id, _, let r), .explained(let id, _, let r), .deletePreviewed(let id, _, let r),
             .appDeletePreviewed(let id, _, let r), .failed(let id, let r), .schemaReloaded(let id, _, let r, _), .sqlRan(let id, _, let r):
            return (id, r)
        default: return nil
        }
    }
}
