/// The parts of `GET /containers/{id}/json` berth reads as typed values: one model for the monitor, the stats
/// sampler and the log follower. The whole document, for the inspect pane, is a `JSONValue`.
public struct ContainerInspect: Codable, Sendable, Equatable {
    public var id: String?
    public var name: String?
    /// RFC 3339; no log line is older than this.
    public var created: String?
    public var state: State?
    public var config: Config?
    public var hostConfig: HostConfig?
    /// How many times the engine restarted it under its restart policy (Docker and Podman both send it).
    public var restartCount: Int?

    public init(
        id: String? = nil, name: String? = nil, created: String? = nil, state: State? = nil, config: Config? = nil,
        hostConfig: HostConfig? = nil, restartCount: Int? = nil
    ) {
        self.restartCount = restartCount
        self.id = id
        self.name = name
        self.created = created
        self.state = state
        self.config = config
        self.hostConfig = hostConfig
    }

    public struct State: Codable, Sendable, Equatable {
        public var status: String?
        public var running: Bool?
        public var paused: Bool?
        public var restarting: Bool?
        public var pid: Int?
        public var exitCode: Int?
        public var startedAt: String?
        public var finishedAt: String?
        public var health: Health?
        /// Whether the kernel's OOM killer ended its last run.
        public var oomKilled: Bool?

        public init(
            status: String? = nil, running: Bool? = nil, paused: Bool? = nil, restarting: Bool? = nil,
            pid: Int? = nil, exitCode: Int? = nil, startedAt: String? = nil, finishedAt: String? = nil,
            health: Health? = nil, oomKilled: Bool? = nil
        ) {
            self.oomKilled = oomKilled
            self.status = status
            self.running = running
            self.paused = paused
            self.restarting = restarting
            self.pid = pid
            self.exitCode = exitCode
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.health = health
        }

        public struct Health: Codable, Sendable, Equatable {
            public var status: String?
            enum CodingKeys: String, CodingKey { case status = "Status" }
        }

        enum CodingKeys: String, CodingKey {
            case status = "Status"
            case running = "Running"
            case paused = "Paused"
            case restarting = "Restarting"
            case pid = "Pid"
            case exitCode = "ExitCode"
            case startedAt = "StartedAt"
            case finishedAt = "FinishedAt"
            case health = "Health"
            case oomKilled = "OOMKilled"
        }
    }

    public struct Config: Codable, Sendable, Equatable {
        public var tty: Bool?
        public var image: String?
        public var user: String?

        public init(tty: Bool? = nil, image: String? = nil, user: String? = nil) {
            self.tty = tty
            self.image = image
            self.user = user
        }

        enum CodingKeys: String, CodingKey {
            case tty = "Tty"
            case image = "Image"
            case user = "User"
        }
    }

    public struct HostConfig: Codable, Sendable, Equatable {
        public var networkMode: String?
        public var logConfig: LogConfig?

        public init(networkMode: String? = nil, logConfig: LogConfig? = nil) {
            self.networkMode = networkMode
            self.logConfig = logConfig
        }

        enum CodingKeys: String, CodingKey {
            case networkMode = "NetworkMode"
            case logConfig = "LogConfig"
        }
    }

    public struct LogConfig: Codable, Sendable, Equatable {
        public var type: String?

        public init(type: String? = nil) {
            self.type = type
        }

        enum CodingKeys: String, CodingKey { case type = "Type" }
    }

    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case name = "Name"
        case created = "Created"
        case state = "State"
        case config = "Config"
        case hostConfig = "HostConfig"
        case restartCount = "RestartCount"
    }
}
