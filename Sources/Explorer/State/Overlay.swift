/// What covers the main pane, decided here and nowhere else: what the user opened (help, a
/// form, a value, the map, the message log) over what the explorer asks or shows (a
/// confirmation's details, the model pane on Tab, a plan, a loading comparison). The renderer
/// draws it and the keymap sends keys to it.
public enum Overlay: Sendable, Equatable {
    case help(top: Int)
    case form(Form, focus: Int, submitted: Bool)
    case value(ValueView)
    case map(top: Int, left: Int)
    case messages(back: Int)
    case confirmation(Confirmation)
    case model
    case plan(PlanView)
    case comparison(Comparison)
    /// The SQL editor, above what the main pane shows (`Renderer.mainPane` draws both).
    case sqlEditor

    /// The one overlay shown, or nil for the main pane itself.
    public static func of(_ s: ExplorerState, _ ui: UIState) -> Overlay? {
        switch ui.mode {
        case .help(let top): return .help(top: top)
        case .form(let f, let focus, let submitted): return .form(f, focus: focus, submitted: submitted)
        case .value(let v): return .value(v)
        case .map(let top, let left): return .map(top: top, left: left)
        case .messages(let back): return .messages(back: back)
        case .sqlEditor: return .sqlEditor
        case .normal, .filterPrompt, .commandPrompt, .searchPrompt: break
        }
        if let c = s.confirmation, !c.details.isEmpty { return .confirmation(c) }
        if ui.focus == .model, s.currentModel != nil { return .model }
        if let p = s.plan { return .plan(p) }
        if let c = s.comparison { return .comparison(c) }
        return nil
    }
}
