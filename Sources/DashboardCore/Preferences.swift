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
        // Help says "(asks first)" only of the commands that still do.
        let unasked: [(KeyMode, String, Bool)] = [
            (.list, Command.startStop.rawValue, preferences.confirmations.stop),
            (.list, Command.restart.rawValue, preferences.confirmations.restart),
            (.list, Command.pauseUnpause.rawValue, preferences.confirmations.pause),
            (.list, Command.kill.rawValue, preferences.confirmations.kill),
            (.top, TopCommand.signal.rawValue, preferences.confirmations.processSignal),
        ]
        for (mode, command, asks) in unasked where !asks {
            guard var table = state.keymap.tables[mode],
                let index = table.bindings.firstIndex(where: { $0.command == command })
            else { continue }
            table.bindings[index].help = table.bindings[index].help.replacingAsksFirst
            state.keymap.tables[mode] = table
        }
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

extension String {
    /// The help text without its "(asks first)".
    fileprivate var replacingAsksFirst: String {
        let marker = " (asks first)"
        var text = ""
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(marker) {
                index = self.index(index, offsetBy: marker.count)
            } else {
                text.append(self[index])
                index = self.index(after: index)
            }
        }
        return text
    }
}
