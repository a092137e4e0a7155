import EngineAPI

/// The connection to one engine as the header shows it.
public enum EngineStatus: Sendable, Equatable {
    case connecting
    case connected(EngineInfo)
    /// The engine went away; its watcher retries by itself. `retryInSeconds` counts from `since` (Unix seconds).
    case unreachable(reason: String, retryInSeconds: Double)
}

/// One engine berth watches: its name, its address and how the connection is doing.
public struct HostState: Sendable, Equatable, Identifiable {
    public var id: HostID
    /// The engine's address as given (`unix:///var/run/docker.sock`), for the header and help.
    public var address: String
    public var status: EngineStatus
    /// A warning the header keeps showing for this host (plain tcp to another machine, …).
    public var warning: String?
    /// How berth reaches the engine (`ssh, docker system dial-stdio`), once connected.
    public var method: String?

    public init(id: HostID, address: String, status: EngineStatus = .connecting, warning: String? = nil) {
        self.id = id
        self.address = address
        self.status = status
        self.warning = warning
    }

    /// Whether the rows of this host are what the engine last said rather than what it says now.
    public var isStale: Bool {
        if case .unreachable = status { return true }
        return false
    }

    public var isConnected: Bool {
        if case .connected = status { return true }
        return false
    }
}

/// A message in the status line: a result, an error, or a notice.
public struct StatusMessage: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case info, success, error }
    public var text: String
    public var kind: Kind

    public init(_ text: String, kind: Kind = .info) {
        self.text = text
        self.kind = kind
    }
}
