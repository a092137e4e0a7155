import EngineAPI

/// What the keyboard is talking to right now.
public enum Mode: Sendable, Equatable {
    /// Keys dispatch through the binding table.
    case normal
    /// Typing into the filter prompt.
    case filtering
    /// The help overlay is open; any key closes it.
    case help
    /// Picking a signal for `kill`; `index` is the highlighted row of `ContainerSignal.allCases`.
    case pickingSignal(container: ContainerRef, name: String, index: Int)
    /// A y/N question before a destructive command.
    case confirming(Confirmation)
    /// Typing a command to run in a container (`E`).
    case execPrompt(container: ContainerRef, name: String, text: String)
    /// Typing a command after `:` (`images`, `containers`, …).
    case commandLine(text: String)
    /// The engines watched and the contexts that could be (`:host`); any key closes it.
    case hostList
    /// Removing or pruning engine objects from a resource view.
    case resourceDialog(ResourceDialog)
    /// The last status messages, whole, with their times (`:messages`); any key closes them.
    case messages
    /// The one question before a command on every marked row (the kill signal first, for kill).
    case bulk(BulkDialog)
}

/// A pending destructive command waiting for `y`.
public struct Confirmation: Sendable, Equatable {
    public var command: ContainerCommand
    public var container: ContainerRef
    public var name: String
    /// Whether the container is running (remove then forces, and says so).
    public var isRunning: Bool

    public init(command: ContainerCommand, container: ContainerRef, name: String, isRunning: Bool) {
        self.command = command
        self.container = container
        self.name = name
        self.isRunning = isRunning
    }

    /// The question, e.g. `Remove web-1? It is running and will be forced.`
    public var question: String {
        switch command {
        case .stop: return "Stop \(name)?"
        case .kill(let signal): return "Send \(signal.shortName) to \(name)?"
        case .remove(_, let volumes):
            let running = isRunning ? " It is running and will be forced." : ""
            let volumeText = volumes ? " Its anonymous volumes will be removed too." : ""
            return "Remove \(name)?\(running)\(volumeText)"
        default: return "\(command.verb.capitalized) \(name)?"
        }
    }

    /// Whether `v` toggles volume removal in this dialog.
    public var offersVolumeChoice: Bool {
        if case .remove = command { return true }
        return false
    }
}
