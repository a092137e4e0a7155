import TerminalUI

/// What the top pane shows.
public struct TopPaneState: Sendable, Equatable {
    public init() {}
}

/// News from the top feed.
public enum TopAction: Sendable, Equatable {}

/// One-off work the top pane asks the runtime for.
public enum TopEffect: Sendable, Hashable {}

/// The top pane's reducer and keys.
enum TopPane {
    static func reduce(_ state: inout AppState, _ action: TopAction) -> [Effect] { [] }

    /// Keys while the pane has the focus; nil lets the key fall through to the global table.
    static func handleKey(_ state: inout AppState, _ key: Key) -> [Effect]? { nil }
}
