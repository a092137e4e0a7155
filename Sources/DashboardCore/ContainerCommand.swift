import EngineAPI

/// A lifecycle change the user asked for.
public enum ContainerCommand: Hashable, Sendable {
    case start, stop, restart, pause, unpause
    case kill(ContainerSignal)
    case remove(force: Bool, volumes: Bool)

    /// The row label while it runs: `stopping…`.
    public var progressLabel: String {
        switch self {
        case .start: return "starting…"
        case .stop: return "stopping…"
        case .restart: return "restarting…"
        case .pause: return "pausing…"
        case .unpause: return "unpausing…"
        case .kill: return "killing…"
        case .remove: return "removing…"
        }
    }

    /// The status-line sentence on success: `Stopped web-1`.
    public func doneMessage(name: String) -> String {
        switch self {
        case .start: return "Started \(name)"
        case .stop: return "Stopped \(name)"
        case .restart: return "Restarted \(name)"
        case .pause: return "Paused \(name)"
        case .unpause: return "Unpaused \(name)"
        case .kill(let signal): return "Sent \(signal.shortName) to \(name)"
        case .remove(_, let volumes): return volumes ? "Removed \(name) and its volumes" : "Removed \(name)"
        }
    }

    /// The verb for error messages: `stop`.
    public var verb: String {
        switch self {
        case .start: return "start"
        case .stop: return "stop"
        case .restart: return "restart"
        case .pause: return "pause"
        case .unpause: return "unpause"
        case .kill: return "kill"
        case .remove: return "remove"
        }
    }
}
