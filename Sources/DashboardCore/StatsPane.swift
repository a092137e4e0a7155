import TerminalUI

/// What the stats pane shows.
public struct StatsPaneState: Sendable, Equatable {
    public init() {}
}

/// News from the stats feed.
public enum StatsAction: Sendable, Equatable {}

/// One-off work the stats pane asks the runtime for.
public enum StatsEffect: Sendable, Hashable {}

/// The stats pane's reducer and keys.
enum StatsPane {
    static func reduce(_ state: inout AppState, _ action: StatsAction) -> [Effect] { [] }

    /// Keys while the pane has the focus; nil lets the key fall through to the global table.
    static func handleKey(_ state: inout AppState, _ key: Key) -> [Effect]? { nil }
}
