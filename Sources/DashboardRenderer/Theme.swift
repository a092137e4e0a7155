import EngineAPI
import TerminalUI

/// Colours by meaning. The backend drops colours under `NO_COLOR`; bold, dim and reverse remain.
public enum Theme {
    public static let header = Style(bold: true)
    public static let columnTitles = Style(bold: true, underline: true)
    public static let selected = Style(reverse: true)
    public static let pending = Style(foreground: .yellow, bold: true)
    public static let error = Style(foreground: .red, bold: true)
    public static let success = Style(foreground: .green)
    public static let info = Style.plain
    public static let hintKey = Style(foreground: .cyan, bold: true)
    public static let hintText = Style(dim: true)
    public static let dialog = Style.plain
    public static let unreachable = Style(foreground: .red, bold: true)
    /// A Compose project's row in the grouped list.
    public static let projectRow = Style(foreground: .cyan, bold: true)

    /// The row style for a container: running green, paused yellow, stopped ones dimmed.
    public static func row(_ lifecycle: ContainerLifecycle) -> Style {
        switch lifecycle {
        case .running: return Style(foreground: .green)
        case .paused: return Style(foreground: .yellow)
        case .restarting: return Style(foreground: .magenta)
        case .removing: return Style(foreground: .red, dim: true)
        case .created: return Style(dim: true)
        case .exited, .dead: return Style(dim: true)
        case .unknown: return .plain
        }
    }

    /// Health words get their own colour wherever the row is not dimmed.
    public static func health(in status: String) -> Style? {
        switch ContainerStatusText.health(status) {
        case "unhealthy": return Style(foreground: .red, bold: true)
        case "starting": return Style(foreground: .yellow)
        default: return nil
        }
    }

    /// The WHY marker stands out even on a dimmed (exited) row: red while the container keeps dying or is
    /// unhealthy, yellow for a single exit with an error.
    public static func why(_ container: ContainerSummary) -> Style {
        let restarts = container.lastExit?.restartCount ?? 0
        if restarts > 0 || container.lifecycle == .restarting || container.lastExit?.oomKilled == true
            || ContainerStatusText.health(container.status) == "unhealthy"
        {
            return Style(foreground: .red, bold: true)
        }
        return Style(foreground: .yellow)
    }
}
