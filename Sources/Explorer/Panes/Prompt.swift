import ORMCore

extension Renderer {
    /// The prompt on the status line, if one is open (`filter: ...` or `:...`).
    /// Only the end of a long line is drawn (the cursor is at its end), read from the end of the
    /// text as far as the status line is wide.
    static func promptText(_ ui: UIState, width: Int) -> String? {
        let label: String, editor: LineEditor
        switch ui.mode {
        case .filterPrompt(let e): (label, editor) = ("filter: ", e)
        case .commandPrompt(let e): (label, editor) = (":", e)
        default: return nil
        }
        let room = max(1, width - 1 - label.displayWidth)
        if editor.displayWidth <= room { return label + editor.text }
        return label + "…" + editor.tail(fitting: room - 1).text
    }
}
