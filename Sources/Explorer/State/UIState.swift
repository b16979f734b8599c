/// What the screen remembers beside the explorer's state: the prompt being typed, help, which
/// column and which relationship are selected, whether to quit.
public struct UIState: Sendable, Equatable {
    public enum Mode: Sendable, Equatable {
        case normal
        case filterPrompt(LineEditor)
        /// The `:` command line (the shell's commands).
        case commandPrompt(LineEditor)
        case help
        /// A form being filled; `submitted` while its write runs.
        case form(Form, focus: Int, submitted: Bool)
        /// The relationship map of the model being shown (M).
        case map
        /// One value, paged through (v).
        case value(ValueView)

        /// The `/` or `:` prompt is open.
        public var isPrompt: Bool {
            switch self {
            case .filterPrompt, .commandPrompt: return true
            default: return false
            }
        }
    }
    /// The panes Tab moves between: the rows (or models, or row), the model, the SQL.
    public enum Focus: Sendable, Equatable { case main, model, sql }
    public var mode: Mode = .normal
    public var focus: Focus = .main
    /// The statement (group) selected in the SQL pane, for EXPLAIN.
    public var sqlCursor = 0
    public var column = 0
    public var relationship = 0
    public var quit = false
    /// An export the terminal layer should write (x: CSV, X: JSON).
    public var export: Export.Format?
    /// A one-line message for the status line until the next key.
    public var message: String?
    /// Filters typed before, newest last (the prompt's history: Up/Down).
    public var filterHistory: [String] = []
    /// Command lines typed after `:`, newest last.
    public var commandHistory: [String] = []
    public var historyIndex: Int?
    /// `q` was pressed once with staged changes (a second `q` quits and rolls them back).
    public var quitWarned = false
    /// The window's size in cells as last drawn (the terminal loop sets it): how far a page of
    /// the value viewer goes.
    public var windowWidth = 120, windowHeight = 40

    public init() {}
}
