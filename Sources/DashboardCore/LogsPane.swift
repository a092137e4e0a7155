import TerminalUI

/// What the logs pane shows.
public struct LogsPaneState: Sendable, Equatable {
    public init() {}
}

/// News from the logs feed.
public enum LogsAction: Sendable, Equatable {}

/// One-off work the logs pane asks the runtime for.
public enum LogsEffect: Sendable, Hashable {}

/// The logs pane's reducer and keys.
enum LogsPane {
    static func reduce(_ state: inout AppState, _ action: LogsAction) -> [Effect] { [] }

    /// Keys while the pane has the focus; nil lets the key fall through to the global table.
    static func handleKey(_ state: inout AppState, _ key: Key) -> [Effect]? { nil }
}
