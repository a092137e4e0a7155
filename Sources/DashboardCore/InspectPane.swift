import TerminalUI

/// What the inspect pane shows.
public struct InspectPaneState: Sendable, Equatable {
    public init() {}
}

/// News from the inspect feed.
public enum InspectAction: Sendable, Equatable {}

/// One-off work the inspect pane asks the runtime for.
public enum InspectEffect: Sendable, Hashable {}

/// The inspect pane's reducer and keys.
enum InspectPane {
    static func reduce(_ state: inout AppState, _ action: InspectAction) -> [Effect] { [] }

    /// Keys while the pane has the focus; nil lets the key fall through to the global table.
    static func handleKey(_ state: inout AppState, _ key: Key) -> [Effect]? { nil }
}
