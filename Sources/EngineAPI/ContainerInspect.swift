/// The parts of `GET /containers/{id}/json` berth needs as typed values. The full document is kept as `JSONValue`.
public struct ContainerInspect: Codable, Sendable, Equatable {
    public var id: String?
    public var name: String?
    public var state: State?
    public var config: Config?

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
        }
    }

    public struct Config: Codable, Sendable, Equatable {
        public var tty: Bool?
        public var image: String?
        public var user: String?
        enum CodingKeys: String, CodingKey {
            case tty = "Tty"
            case image = "Image"
            case user = "User"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case name = "Name"
        case state = "State"
        case config = "Config"
    }
}
