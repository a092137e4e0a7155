/// A container's lifecycle state, as the engine reports it in `State`.
public enum ContainerLifecycle: String, Sendable, Equatable, CaseIterable {
    case created, running, paused, restarting, removing, exited, dead, unknown

    /// Parses the engine's word; anything unexpected (Podman's `configured`, `stopped`) maps to the nearest state.
    public init(engineState: String?) {
        // Both engines send lower case; only another spelling pays for `lowercased()` (every frame asks every row).
        if let exact = Self(exactly: engineState) {
            self = exact
            return
        }
        self = Self(exactly: engineState?.lowercased()) ?? .unknown
    }

    private init?(exactly engineState: String?) {
        switch engineState {
        case "created", "configured", "initialized": self = .created
        case "running": self = .running
        case "paused": self = .paused
        case "restarting": self = .restarting
        case "removing": self = .removing
        case "exited", "stopped", "stopping": self = .exited
        case "dead": self = .dead
        default: return nil
        }
    }

    /// Whether processes are alive in the container (running, paused or restarting).
    public var isAlive: Bool { self == .running || self == .paused || self == .restarting }
}
