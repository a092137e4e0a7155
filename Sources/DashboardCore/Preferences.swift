/// Which commands ask y/N before they act. Removing and pruning always ask: nothing the user did not confirm is
/// ever deleted, so they have no switch here.
public struct Confirmations: Sendable, Equatable {
    /// `s` on a running container.
    public var stop = true
    /// `r`.
    public var restart = true
    /// `p` on a running container.
    public var pause = true
    /// `K`, after the signal is picked.
    public var kill = true
    /// `K` in the top pane, after the signal is picked.
    public var processSignal = true

    public init() {}
}

/// The user's settings that the core applies (from the config file): keys, questions, mouse, and where berth
/// opens. `Action.configure` applies them.
public struct Preferences: Sendable, Equatable {
    public var keymap: Keymap = .standard
    public var confirmations = Confirmations()
    /// Whether clicks and the wheel act (the terminal reports them); `M` switches at run time.
    public var mouse = true
    /// The view shown first (`containers`, `images`, …).
    public var view: ViewID = .containers
    /// The pane open under the container list at start, if any.
    public var pane: PaneKind?

    public init() {}
}

extension Dashboard {
    /// Applies the user's settings; the first view and pane open as if chosen by key.
    static func configure(_ state: inout AppState, _ preferences: Preferences) -> [Effect] {
        state.keymap = preferences.keymap
        state.confirmations = preferences.confirmations
        state.mouseReporting = preferences.mouse
        var effects: [Effect] = []
        if preferences.view != state.view,
            preferences.view == .containers || ViewRegistry.definition(preferences.view) != nil
        {
            effects = ResourceViews.show(preferences.view, &state)
        }
        if let pane = preferences.pane, state.view == .containers {
            state.pane = pane
            state.focus = .list
        }
        return effects
    }
}
