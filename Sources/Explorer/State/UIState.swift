/// What the screen remembers beside the explorer's state: the prompt being typed, what covers
/// the main pane, each pane's viewport (which column and relationship are selected, how far a
/// pane is scrolled), whether to quit.
public struct UIState: Sendable, Equatable {
    public static func == (a: UIState, b: UIState) -> Bool {
        a.mode == b.mode && a.focus == b.focus && a.sqlCursor == b.sqlCursor && a.column == b.column && a.firstColumn == b.firstColumn
            && a.widths == b.widths && a.hidden == b.hidden && a.modelTop == b.modelTop && a.relationship == b.relationship && a.quit == b.quit
            && a.export == b.export && a.editValue == b.editValue && a.copy?.text == b.copy?.text && a.message == b.message && a.filterHistory == b.filterHistory
            && a.commandHistory == b.commandHistory && a.historyIndex == b.historyIndex && a.quitWarned == b.quitWarned
            && a.windowWidth == b.windowWidth && a.windowHeight == b.windowHeight && a.keys == b.keys
            && a.sqlEditor == b.sqlEditor
    }

    /// What the user has open over the main pane (or on the status line); `Overlay` adds what the
    /// explorer's state puts there and decides, in one place, which one shows.
    public enum Mode: Sendable, Equatable {
        case normal
        case filterPrompt(LineEditor)
        /// The `:` command line (the shell's commands).
        case commandPrompt(LineEditor)
        /// `/` on the model list: the names shown narrow to those containing the text as it is typed.
        case searchPrompt(LineEditor)
        /// The keys, scrolled to `top`.
        case help(top: Int)
        /// A form being filled; `submitted` while its write runs.
        case form(Form, focus: Int, submitted: Bool)
        /// The relationship map of the model being shown (M), from neighbour `top`, panned `left` cells.
        case map(top: Int, left: Int)
        /// One value, paged through (v).
        case value(ValueView)
        /// Every error and notice of the session (`!`, `:messages`), scrolled `back` entries from the newest.
        case messages(back: Int)
        /// The SQL editor, over the main pane (`Q`, `:sql`); its text is `UIState.sqlEditor`.
        case sqlEditor

        /// A prompt on the status line is open.
        public var isPrompt: Bool {
            switch self {
            case .filterPrompt, .commandPrompt, .searchPrompt: return true
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
    /// The rows grid's selected column: an index into the page's columns.
    public var column = 0
    /// The rows grid's first scrolled column (an index into the columns that are not frozen).
    public var firstColumn = 0
    /// Column widths set with `<` and `>`, by `model.column`.
    public var widths: [String: Int] = [:]
    /// Columns hidden with `-`, by model.
    public var hidden: [String: [String]] = [:]
    /// How far the model pane (Tab) is scrolled.
    public var modelTop = 0
    public var relationship = 0
    public var quit = false
    /// An export the terminal layer should write (x: CSV, X: JSON).
    public var export: Export.Format?
    /// A value the terminal layer should open in `$EDITOR` (E); what comes back becomes an edit form.
    public var editValue: ValueEdit?
    /// Text the terminal layer should put on the clipboard (y: the value, Y: the row), with what it is.
    public var copy: (text: String, what: String)?
    /// A one-line message for the status line until the next key (it is kept in the message log too).
    public var message: String?
    /// Filters typed before, newest last (the prompt's history: Up/Down).
    public var filterHistory: [String] = []
    /// Command lines typed after `:`, newest last.
    public var commandHistory: [String] = []
    public var historyIndex: Int?
    /// `q` was pressed once with staged changes (a second `q` quits and rolls them back).
    public var quitWarned = false
    /// The window's size in cells as last drawn (the terminal loop sets it): how far a page of
    /// a pane goes.
    public var windowWidth = 120, windowHeight = 40
    /// The user's keys by binding name (the keymap file); bindings not named keep their defaults.
    public var keys: [String: [Key]] = [:]
    /// The SQL editor's text, history and completion (kept while the editor is closed).
    public var sqlEditor = SQLEditorModel()

    public init() {}
}
