/// One task of a swarm (a slot of a service on a node), from `GET /tasks` on a manager.
public struct SwarmTask: Decodable, Sendable, Equatable {
    public var id: String
    public var version: SwarmVersion?
    public var createdAt: String?
    public var updatedAt: String?
    public var serviceID: String?
    /// Replicated services number their tasks; global services have none (the node tells them apart).
    public var slot: Int?
    /// Empty until the task is scheduled.
    public var nodeID: String?
    public var status: Status?
    /// `running`, `shutdown`, `accepted`, …
    public var desiredState: String?

    public struct Status: Decodable, Sendable, Equatable {
        /// RFC 3339.
        public var timestamp: String?
        /// `new`, `pending`, `assigned`, `accepted`, `preparing`, `starting`, `running`, `complete`, `shutdown`,
        /// `failed`, `rejected`, `remove`, `orphaned`.
        public var state: String?
        public var message: String?
        public var err: String?
        public var containerStatus: ContainerStatus?

        enum CodingKeys: String, CodingKey {
            case timestamp = "Timestamp"
            case state = "State"
            case message = "Message"
            case err = "Err"
            case containerStatus = "ContainerStatus"
        }
    }

    public struct ContainerStatus: Decodable, Sendable, Equatable {
        public var containerID: String?
        public var pid: Int?
        public var exitCode: Int?

        enum CodingKeys: String, CodingKey {
            case containerID = "ContainerID"
            case pid = "PID"
            case exitCode = "ExitCode"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id = "ID"
        case version = "Version"
        case createdAt = "CreatedAt"
        case updatedAt = "UpdatedAt"
        case serviceID = "ServiceID"
        case slot = "Slot"
        case nodeID = "NodeID"
        case status = "Status"
        case desiredState = "DesiredState"
    }

    public var state: String { status?.state ?? "unknown" }
    public var containerID: String? {
        guard let id = status?.containerStatus?.containerID, !id.isEmpty else { return nil }
        return id
    }

    /// Whether the task is running now.
    public var isRunning: Bool { state == "running" }
}
