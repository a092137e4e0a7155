import TerminalUI

/// Routes keys to the open pane while it has the focus. A pane returns nil for keys it does not use, and
/// they fall through to the global table (so `q`, `?`, `1`-`4` and Tab always work). Esc in a pane that does
/// not use it gives the focus back to the list.
public enum PaneKeys {
    /// Whether the focused pane handles `key` itself, ahead of the global bindings (tried on a copy of the state).
    public static func takes(_ key: Key, in state: AppState) -> Bool {
        var copy = state
        return handle(&copy, key) != nil
    }

    static func handle(_ state: inout AppState, _ key: Key) -> [Effect]? {
        guard let pane = state.pane else { return nil }
        let handled: [Effect]?
        switch pane {
        case .stats: handled = StatsPane.handleKey(&state, key)
        case .logs: handled = LogsPane.handleKey(&state, key)
        case .top: handled = TopPane.handleKey(&state, key)
        case .inspect: handled = InspectPane.handleKey(&state, key)
        }
        if handled == nil, key == .escape {
            state.focus = .list
            state.zoomed = false
            return []
        }
        return handled
    }
}
