/// The detail panes shown under the container list for the selected container.
public enum PaneKind: Int, Sendable, CaseIterable, Equatable {
    case stats = 1
    case logs = 2
    case top = 3
    case inspect = 4
    case events = 5

    /// The title in the pane's border.
    public var title: String {
        switch self {
        case .stats: return "stats"
        case .logs: return "logs"
        case .top: return "top"
        case .inspect: return "inspect"
        case .events: return "events"
        }
    }

    /// The key that opens it: `1` to `5`.
    public var key: Character { Character(String(rawValue)) }
}

/// Which part of the screen receives keys first.
public enum Focus: Sendable, Equatable {
    case list
    case pane
}
