/// A container's lifecycle state, as the engine reports it in `State`.
public enum ContainerLifecycle: String, Sendable, Equatable, CaseIterable {
    case created, running, paused, restarting, removing, exited, dead, unknown

    /// Parses the engine's word; anything unexpected (Podman's `configured`, `stopped`) maps to the nearest state.
    public init(engineState: String?) {
        switch engineState?.lowercased() {
        case "created", "configured", "initialized": self = .created
        case "running": self = .running
        case "paused": self = .paused
        case "restarting": self = .restarting
        case "removing": self = .removing
        case "exited", "stopped", "stopping": self = .exited
        case "dead": self = .dead
        default: self = .unknown
        }
    }

    /// Whether processes are alive in the container (running, paused or restarting).
    public var isAlive: Bool { self == .running || self == .paused || self == .restarting }
}
