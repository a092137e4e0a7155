import TerminalUI

/// What a key does in the container list.
public enum Command: Hashable, Sendable, CaseIterable {
    case moveDown, moveUp, top, bottom, pageUp, pageDown
    case filter, clearFilter, toggleAll, help, quit, suspend
    case startStop, restart, pauseUnpause, kill, remove
    case showStats, showLogs, showTop, showInspect, switchFocus, zoom
    case exec, execCommand
    case sortByCPU, sortByMemory, sortByName

    /// Whether the command changes a container (refused in read-only mode).
    public var changesContainer: Bool {
        switch self {
        case .startStop, .restart, .pauseUnpause, .kill, .remove, .exec, .execCommand: return true
        default: return false
        }
    }
}

/// One row of the key table: the keys, how help shows them, and what they do.
///
/// The same table dispatches keys, fills the status-line hints and generates the help overlay,
/// so the three can never disagree.
public struct KeyBinding: Sendable, Equatable {
    public var keys: [Key]
    /// How the keys are written in help and hints, e.g. `j/↓`.
    public var label: String
    /// What the command does, for the help overlay.
    public var help: String
    /// The short word for the status-line hint; nil keeps the binding out of the hints.
    public var hint: String?
    public var command: Command

    public init(_ keys: [Key], label: String, help: String, hint: String? = nil, command: Command) {
        self.keys = keys
        self.label = label
        self.help = help
        self.hint = hint
        self.command = command
    }
}

/// berth's default keys.
public enum KeyBindings {
    public static let list: [KeyBinding] = [
        KeyBinding([.character("j"), .down], label: "j/↓", help: "move down", command: .moveDown),
        KeyBinding([.character("k"), .up], label: "k/↑", help: "move up", command: .moveUp),
        KeyBinding([.character("g"), .home], label: "g/Home", help: "first container", command: .top),
        KeyBinding([.character("G"), .end], label: "G/End", help: "last container", command: .bottom),
        KeyBinding([.pageUp, .control("b")], label: "PgUp", help: "page up", command: .pageUp),
        KeyBinding([.pageDown, .control("f")], label: "PgDn", help: "page down", command: .pageDown),
        KeyBinding(
            [.character("/")], label: "/", help: "filter by name, image or ID", hint: "filter", command: .filter),
        KeyBinding([.escape], label: "Esc", help: "clear the filter", command: .clearFilter),
        KeyBinding(
            [.character("a")], label: "a", help: "all, or only running ones", hint: "all", command: .toggleAll
        ),
        KeyBinding(
            [.character("s")], label: "s", help: "start, or stop (asks first)", hint: "start/stop",
            command: .startStop),
        KeyBinding([.character("r")], label: "r", help: "restart", hint: "restart", command: .restart),
        KeyBinding([.character("p")], label: "p", help: "pause or unpause", hint: "pause", command: .pauseUnpause),
        KeyBinding([.character("K")], label: "K", help: "kill with a signal you pick", hint: "kill", command: .kill),
        KeyBinding(
            [.character("D"), .delete], label: "D/Del", help: "remove (asks first)", hint: "remove", command: .remove),
        KeyBinding([.character("e")], label: "e", help: "shell in the container", hint: "exec", command: .exec),
        KeyBinding([.character("E")], label: "E", help: "run a command in it", command: .execCommand),
        KeyBinding(
            [.character("1")], label: "1", help: "live stats pane", hint: "stats",
            command: .showStats),
        KeyBinding(
            [.character("2")], label: "2", help: "logs pane", hint: "logs", command: .showLogs),
        KeyBinding(
            [.character("3")], label: "3", help: "processes pane", hint: "top", command: .showTop),
        KeyBinding(
            [.character("4")], label: "4", help: "inspect tree pane", hint: "inspect",
            command: .showInspect),
        KeyBinding([.character("c")], label: "c", help: "sort by CPU (again: reverse)", command: .sortByCPU),
        KeyBinding([.character("m")], label: "m", help: "sort by memory (again: reverse)", command: .sortByMemory),
        KeyBinding([.character("n")], label: "n", help: "sort by name (again: reverse)", command: .sortByName),
        KeyBinding([.tab], label: "Tab", help: "keys to the list or pane", command: .switchFocus),
        KeyBinding([.character("z")], label: "z", help: "zoom the pane", command: .zoom),
        KeyBinding([.character("?")], label: "?", help: "this help", hint: "help", command: .help),
        KeyBinding([.character("q"), .control("c")], label: "q", help: "quit", hint: "quit", command: .quit),
        KeyBinding([.control("z")], label: "^Z", help: "suspend to the shell (fg returns)", command: .suspend),
    ]

    /// The command bound to `key`, if any.
    public static func command(for key: Key) -> Command? {
        list.first { $0.keys.contains(key) }?.command
    }
}
