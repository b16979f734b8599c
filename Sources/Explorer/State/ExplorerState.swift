import ORMCore

/// Everything the explorer shows, as a value: the screen stack, strategies, the transaction mode,
/// the last action's report. Changed only by `Explorer.update`.
public struct ExplorerState: Sendable, Equatable {
    public var registry: Registry
    public var screen: Screen
    /// Screens to go back to (Backspace).
    public var backStack: [Screen] = []
    /// The loading strategy in force per relationship id (`hero.team`); lazy when absent. The
    /// one place it is held: `L`, `:strategy` and `:rows --load` set it here, and each page
    /// request is given it when it is sent (`Explorer.load`).
    public var strategies: [String: LoadStrategy] = [:]
    /// Every error, warning and notice of the session, oldest first (`!` or `:messages` shows them whole).
    public var messages: [LogEntry] = []
    public var manualTransaction = false
    /// Why the database refuses writes (`--read-only`, a hot standby, a read-only file); nil when
    /// it takes them. Forms do not open and writes are refused before any SQL.
    public var readOnlyReason: String?
    /// Writes made since the last commit or rollback in manual mode.
    public var staged = 0
    public var report: ActionReport?
    /// The last loading comparison, shown until the next action.
    public var comparison: Comparison?
    /// The plan asked for from the SQL pane, shown until the next action.
    public var plan: PlanView?
    /// A value read whole for the value viewer (`v` on a preview), until the next action.
    public var wholeValue: WholeValue?
    /// An edit form waiting for its row's long values (`e` on a row with previews), then ready to
    /// open with them (`Keymap.settle` opens it), until the next action.
    public var editRow: EditRow?
    /// A write (or an EXPLAIN ANALYZE) waiting for a yes.
    public var confirmation: Confirmation?
    /// The request the explorer is waiting for, if any; results for other ids are stale and dropped.
    public var pending: Int?
    public var nextRequest = 1
    /// The next page load reloads after a write: its statements join the write's report.
    public var reloadJoinsReport = false
    public var pageSize: Int
    /// The database's dialect, to preview the SQL a form will run.
    public var dialect: Dialect
    /// How the database differs from the models file (`Database.drift()`), per model's qualified
    /// name: the model list marks these models and the model pane lists the differences. Tables the
    /// models have and the database lacks are under their own names. Empty without a models file.
    public var drift: [String: [DriftDifference]] = [:]
    /// The budgets file (`--budgets FILE`, `budgets = FILE`): an action over its budget is flagged.
    public var budgets: Budgets?
    /// The budget of the request sent last, checked when its result comes (`Explorer.checkBudget`).
    public var budgetPending: Budgets.Pending?
    /// The SQL editor's last run, as its status line tells it.
    public var sqlRun: SQLRunStatus?
    /// The shell's commands and their options (the executable's own list), which the `:` prompt
    /// reads by; empty when none was handed over (then only what the explorer reads is known).
    public var commandLine = CommandLineGrammar()

    public init(registry: Registry, pageSize: Int = 40, dialect: Dialect = .sqlite, readOnlyReason: String? = nil) {
        self.registry = registry
        self.readOnlyReason = readOnlyReason
        self.dialect = dialect
        self.pageSize = pageSize
        screen = .models(cursor: 0)
        // The application's loading defaults (a models file) are where the strategies start (a
        // self-referential one loads nothing by itself, as in SQLAlchemy: see Session.planWithDefaults).
        for m in registry.models {
            for r in m.relationships { if let a = r.app, a.loading != .lazy, r.target != r.model { strategies[r.id] = a.loading } }
        }
    }
}

extension ExplorerState {
    /// The sentence a write gets in read-only mode; nil when writes are taken.
    public var readOnlyRefusal: String? { readOnlyReason.map { SessionError.readOnly(reason: $0).sentence } }

    /// A models file is applied (some relationship carries the application's behaviour): `d`
    /// follows the application's cascades.
    public var appliesModelsFile: Bool { registry.models.contains { $0.relationships.contains { $0.app != nil } } }

    /// Sets `drift` from `Database.drift()`'s list (its differences: an `index-unsure` note marks nothing).
    public mutating func setDrift(_ differences: [DriftDifference]?) {
        drift = Dictionary(grouping: (differences ?? []).filter(\.isDifference), by: \.model)
    }

    /// Models of the models file that the database lacks (a missing table's differences).
    public var missingTables: [String] {
        drift.filter { $0.value.contains { $0.kind == .missingTable } }.keys.sorted()
    }

    /// The model being shown (rows or one row); nil on the model list.
    public var currentModel: Model? {
        switch screen {
        case .rows(let r): return registry.model(named: r.request.model)
        case .row(let r): return registry.model(named: r.model)
        case .models: return nil
        }
    }
}

public enum Screen: Sendable, Equatable {
    case models(cursor: Int)
    case rows(RowsScreen)
    case row(RowScreen)
}

/// A model's rows: the request that produced them, the page, where the cursor is.
public struct RowsScreen: Sendable, Equatable {
    public var request: PageRequest
    public var page: PageData?
    /// The request the page on screen came from (the request may be ahead while a load runs).
    public var shownRequest: PageRequest?
    public var cursor = 0
    /// The absolute number (from 1) of the page's first row, when known (from the first page on, or
    /// from the last page with an exact count).
    public var firstRowNumber: Int?
    public var estimate: Int?
    public var exactCount: Int?
    /// How the rows were reached: "heroes of team 3".
    public var origin: String?
    /// The page loading is the one shown read again (a strategy, a refresh, a write): its
    /// position line stays where it is.
    public var reloading = false
    /// Set when the rows are a typed statement's (the SQL editor's), read forward from its cursor.
    public var typed: TypedRows?
    /// What runs when the page being read has come: `:count MODEL` / `:exists MODEL` (the count or
    /// EXISTS), `:explain MODEL` (the page statement's plan).
    public var afterLoad: AfterLoad?
    /// The count (or EXISTS) sent last for these rows, which its answer sets.
    public var counting: CountVerb?
    /// What `:exists` answered for these rows (the status line says it).
    public var exists: Bool?
    /// `G` asked for the last page: the cursor goes to its last row when it comes.
    public var cursorToLast = false
    /// Why the page may no longer be what the database holds, when a write happened while it was
    /// under another screen (a typed statement's rows over it): it is read again when it is back.
    public var staleAfter: String?

    public init(request: PageRequest, estimate: Int?, origin: String? = nil) {
        self.request = request
        self.estimate = estimate
        self.origin = origin
    }

    /// "rows 41-80 of ~6,000" as data: first and last row numbers and the total (exact or estimated).
    public var position: (first: Int?, last: Int?, total: Int?, exact: Bool) {
        let n = page?.rows.count ?? 0
        return (firstRowNumber, firstRowNumber.map { $0 + max(0, n - 1) }, exactCount ?? estimate, exactCount != nil)
    }
}

/// `count` (SELECT count(*)) or `exists` (SELECT EXISTS), as the commands of those names.
public enum CountVerb: String, Sendable, Equatable { case count, exists }

/// A `:` command's second step, once the rows it opened have come (`RowsScreen.afterLoad`).
public enum AfterLoad: Sendable, Equatable {
    case count(CountVerb)
    /// The plan of the page's statement (with `analyze`, asked first).
    case explain(analyze: Bool)
}

/// One row with its relationships, to follow.
public struct RowScreen: Sendable, Equatable {
    public var model: String
    public var key: [Value]
    public var values: [String: Value]
    /// The line selected: the fields first (0..<fields), then the relationships.
    public var cursor = 0

    /// A row's screen; the cursor starts on its first field, or on `cursor` (`RowPane.opening`).
    public init(model: String, key: [Value], values: [String: Value], cursor: Int = 0) {
        self.model = model
        self.key = key
        self.values = values
        self.cursor = cursor
    }
}

/// A statement's plan and the EXPLAIN statements that produced it (the SQL pane keeps showing
/// the statements being inspected).
public struct PlanView: Sendable, Equatable {
    public var plan: QueryPlan
    public var report: ActionReport
}

/// Something that changes data (or runs a statement) and waits for the user's yes.
public struct Confirmation: Sendable, Equatable {
    public enum Then: Sendable, Equatable {
        case write(WriteRequest)
        case explainAnalyze(sql: String, params: [Value])
    }
    public var message: String
    public var then: Then
    /// Lines shown over the main pane while it asks (a delete's preview, one per foreign key).
    public var details: [String] = []
    /// A second yes, on its own key (a delete's `N`).
    public var alternative: Alternative?

    public struct Alternative: Sendable, Equatable {
        public var key: Character
        public var label: String
        public var then: Then
    }
}

/// A value read whole for the value viewer, with the viewer's title.
/// The row an edit form opens on, with the values the page held as previews read whole.
public struct EditRow: Sendable, Equatable {
    public var model: String
    public var key: [Value]
    public var row: [String: Value]
    /// The previews still standing in for values (binary ones: the form leaves them as they are).
    public var previews: [String: ValuePreview]
    /// Whether the long values have arrived.
    public var ready = false
}

public struct WholeValue: Sendable, Equatable {
    public var title: String
    public var value: Value
    public init(title: String, value: Value) {
        self.title = title
        self.value = value
    }
}
