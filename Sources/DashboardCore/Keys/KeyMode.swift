/// Where keys go right now: the list, a pane, a prompt, a dialog. Each has one key table.
public enum KeyMode: String, CaseIterable, Sendable, Hashable {
    /// The container list has the keys.
    case list
    /// Keys that work in the list and in every pane (not in prompts and dialogs).
    case global
    case stats
    case logs
    case top
    case inspect
    case events
    /// Typing the events pane's filter.
    case eventsFilter = "events-filter"
    /// Typing the list filter after `/`.
    case filterPrompt = "filter-prompt"
    /// Typing a command to run in a container (`E`).
    case execPrompt = "exec-prompt"
    /// Typing a search or a file name in the logs pane.
    case logsPrompt = "logs-prompt"
    /// Typing a search in the inspect pane.
    case inspectSearch = "inspect-search"
    /// A y/N question before a command that disrupts a container.
    case confirm
    /// Picking the signal for `K` on a container.
    case killPicker = "kill-picker"
    /// Picking the signal for a process in the top pane.
    case processSignalPicker = "process-signal-picker"
    /// The y/N question before signalling a process.
    case processConfirm = "process-confirm"
    /// The help overlay.
    case help
    /// A list other than the containers (`:images`) has the keys.
    case resources
    /// Typing a command after `:`.
    case commandPrompt = "command-prompt"
    /// The question before removing an image, volume or network.
    case removeConfirm = "remove-confirm"
    /// The engine refused a removal: its reason, and force where it has one.
    case removeRefused = "remove-refused"
    /// `:prune`: picking what to prune.
    case prunePicker = "prune-picker"
    /// A prune's preview: the items, then `y`.
    case prunePreview = "prune-preview"
    /// A prune's result against its preview.
    case pruneResult = "prune-result"
    /// The last status messages (`:messages`).
    case messages
    /// An image's, volume's or network's document (`Enter` in its view).
    case resourceInspect = "resource-inspect"
    /// The Swarm views (`:nodes`, `:services`, `:tasks`): their own keys, before the `resources` table.
    case swarm
    /// The question before a Swarm change (force update, rollback, drain, pause).
    case swarmConfirm = "swarm-confirm"
    /// Typing a service's number of replicas.
    case scalePrompt = "scale-prompt"

    /// How help and the README name the mode.
    public var title: String {
        switch self {
        case .list: return "container list"
        case .global: return "everywhere (list and panes)"
        case .stats: return "stats pane"
        case .logs: return "logs pane"
        case .top: return "top pane"
        case .inspect: return "inspect pane"
        case .events: return "events pane"
        case .eventsFilter: return "events filter prompt"
        case .filterPrompt: return "filter prompt"
        case .execPrompt: return "run prompt"
        case .logsPrompt: return "logs search and save prompt"
        case .inspectSearch: return "inspect search prompt"
        case .confirm: return "confirmation"
        case .killPicker: return "kill: signal picker"
        case .processSignalPicker: return "process signal picker"
        case .processConfirm: return "process signal confirmation"
        case .help: return "help"
        case .resources: return "images and other lists"
        case .commandPrompt: return "command line (:)"
        case .removeConfirm: return "remove: confirmation"
        case .removeRefused: return "remove: refused by the engine"
        case .prunePicker: return "prune: what to prune"
        case .prunePreview: return "prune: preview"
        case .pruneResult: return "prune: result"
        case .messages: return "messages"
        case .resourceInspect: return "inspect (Enter in a view)"
        case .swarm: return "swarm: nodes, services, tasks"
        case .swarmConfirm: return "swarm: confirmation"
        case .scalePrompt: return "swarm: scale prompt"
        }
    }

    /// Whether the `global` table applies behind this mode's own.
    public var includesGlobal: Bool {
        switch self {
        case .list, .stats, .logs, .top, .inspect, .events, .resources, .swarm: return true
        default: return false
        }
    }

    /// The mode of a pane with the keys.
    public static func pane(_ pane: PaneKind) -> KeyMode {
        switch pane {
        case .stats: return .stats
        case .logs: return .logs
        case .top: return .top
        case .inspect: return .inspect
        case .events: return .events
        }
    }
}

/// Commands of the list and the `global` table (their raw values are the stable names a keymap uses).
public enum Command: String, Hashable, Sendable, CaseIterable {
    case moveDown = "move-down"
    case moveUp = "move-up"
    case top = "first"
    case bottom = "last"
    case pageUp = "page-up"
    case pageDown = "page-down"
    case filter
    case clearFilter = "clear-filter"
    case toggleAll = "toggle-all"
    case mark
    case groupProjects = "group-projects"
    case fold
    case commandLine = "command-line"
    case hosts
    case help, quit, suspend
    case startStop = "start-stop"
    case restart
    case pauseUnpause = "pause-unpause"
    case kill, remove
    case showStats = "stats-pane"
    case showLogs = "logs-pane"
    case showTop = "top-pane"
    case showInspect = "inspect-pane"
    case showEvents = "events-pane"
    case switchFocus = "switch-focus"
    case zoom
    case exec
    case execCommand = "run"
    case sortByCPU = "sort-cpu"
    case sortByMemory = "sort-memory"
    case sortByName = "sort-name"
    /// In a pane: give the keys back to the list.
    case back
    /// Clicks and the wheel to berth, or back to the terminal (for selecting text).
    case toggleMouse = "mouse"

    /// Whether the command changes a container (refused in read-only mode).
    public var changesContainer: Bool {
        switch self {
        case .startStop, .restart, .pauseUnpause, .kill, .remove, .exec, .execCommand: return true
        default: return false
        }
    }
}

/// Commands of the logs pane.
public enum LogsCommand: String, Sendable, CaseIterable {
    case scrollDown = "scroll-down"
    case scrollUp = "scroll-up"
    case pageDown = "page-down"
    case pageUp = "page-up"
    case halfPageDown = "half-page-down"
    case halfPageUp = "half-page-up"
    case oldest, newest
    case left, right, search
    case nextMatch = "next-match"
    case previousMatch = "previous-match"
    case filter
    case back, timestamps, wrap
    case stderrOnly = "stderr-only"
    case colours, save
}

/// Commands of the top pane.
public enum TopCommand: String, Sendable, CaseIterable {
    case moveDown = "move-down"
    case moveUp = "move-up"
    case first, last
    case pageDown = "page-down"
    case pageUp = "page-up"
    case sortCPU = "sort-cpu"
    case sortMemory = "sort-memory"
    case sortPID = "sort-pid"
    case tree, signal, back
}

/// Commands of the inspect pane.
public enum InspectCommand: String, Sendable, CaseIterable {
    case moveDown = "move-down"
    case moveUp = "move-up"
    case first, last
    case pageDown = "page-down"
    case pageUp = "page-up"
    case toggle, open, close
    case expandAll = "expand-all"
    case collapseAll = "collapse-all"
    case search
    case nextMatch = "next-match"
    case previousMatch = "previous-match"
    case copyValue = "copy-value"
    case copyPath = "copy-path"
    case reveal
    case back
}

/// Commands of the events pane.
public enum EventsCommand: String, Sendable, CaseIterable {
    case scrollDown = "scroll-down"
    case scrollUp = "scroll-up"
    case pageDown = "page-down"
    case pageUp = "page-up"
    case oldest, newest, filter
    case allContainers = "all-containers"
    case back
}

/// Commands of the stats pane.
public enum StatsCommand: String, Sendable, CaseIterable {
    case moveDown = "move-down"
    case moveUp = "move-up"
    case sortCPU = "sort-cpu"
    case sortMemory = "sort-memory"
    case sortName = "sort-name"
    case back
}

/// Commands of every text prompt (filter, run, logs search and save, inspect search).
public enum PromptCommand: String, Sendable, CaseIterable {
    case submit, cancel, erase
    case eraseAll = "erase-all"
    case regex
    case moveDown = "move-down"
    case moveUp = "move-up"
    case complete
}

/// Commands of dialogs: questions and signal pickers.
public enum DialogCommand: String, Sendable, CaseIterable {
    case yes, volumes, down, up, choose, pick
}
