/// A key press, decoded by the backend.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    case character(Character)
    case control(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case enter, escape, backspace, delete, tab, backTab
    case function(Int)

    public var description: String {
        switch self {
        case .character(" "): return "Space"
        case .character(let c): return String(c)
        case .control(let c): return "Ctrl-\(c.uppercased())"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .delete: return "Delete"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .function(let n): return "F\(n)"
        }
    }
}

/// What the terminal reports: a key, or a new size after a resize.
public enum TerminalEvent: Hashable, Sendable {
    case key(Key)
    case resize(Size)
    /// SIGTERM, SIGHUP or SIGINT arrived: quit cleanly.
    case terminate
    /// A click or a turn of the wheel, while mouse reporting is on (`TerminalBackend.setMouseReporting`).
    case mouse(MouseEvent)
}

/// What the terminal reports while a foreground program owns it.
public enum PassthroughEvent: Hashable, Sendable {
    /// Bytes the user typed, unchanged (raw mode: Ctrl-C is byte 3, not a signal).
    case input([UInt8])
    /// The terminal's new size.
    case resize(Size)
    /// SIGTERM or SIGHUP arrived.
    case terminate
}
