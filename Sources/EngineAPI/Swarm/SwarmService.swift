/// One service of a swarm, from `GET /services?status=true` on a manager. Every field is optional but the ID.
public struct SwarmService: Decodable, Sendable, Equatable {
    public var id: String
    public var version: SwarmVersion?
    public var createdAt: String?
    public var updatedAt: String?
    public var spec: Spec?
    public var endpoint: Endpoint?
    public var updateStatus: UpdateStatus?
    /// Running and desired task counts; only with `status=true` (API 1.41 and later).
    public var serviceStatus: ServiceStatus?

    public struct Spec: Decodable, Sendable, Equatable {
        public var name: String?
        public var labels: [String: String]?
        public var taskTemplate: TaskTemplate?
        public var mode: Mode?

        enum CodingKeys: String, CodingKey {
            case name = "Name"
            case labels = "Labels"
            case taskTemplate = "TaskTemplate"
            case mode = "Mode"
        }
    }

    public struct TaskTemplate: Decodable, Sendable, Equatable {
        public var containerSpec: ContainerSpec?
        public var forceUpdate: UInt64?

        enum CodingKeys: String, CodingKey {
            case containerSpec = "ContainerSpec"
            case forceUpdate = "ForceUpdate"
        }
    }

    public struct ContainerSpec: Decodable, Sendable, Equatable {
        public var image: String?
        /// The secrets and configs its tasks mount (`:secrets` and `:configs` say which services use each).
        public var secrets: [SecretReference]?
        public var configs: [ConfigReference]?

        enum CodingKeys: String, CodingKey {
            case image = "Image"
            case secrets = "Secrets"
            case configs = "Configs"
        }
    }

    /// A secret a service's tasks mount: the secret's ID and name (the file inside the task berth does not need).
    public struct SecretReference: Decodable, Sendable, Equatable {
        public var secretID: String?
        public var secretName: String?

        enum CodingKeys: String, CodingKey {
            case secretID = "SecretID"
            case secretName = "SecretName"
        }
    }

    /// A config a service's tasks mount.
    public struct ConfigReference: Decodable, Sendable, Equatable {
        public var configID: String?
        public var configName: String?

        enum CodingKeys: String, CodingKey {
            case configID = "ConfigID"
            case configName = "ConfigName"
        }
    }

    /// `Replicated` or `Global` (or the job modes of API 1.41+).
    public struct Mode: Decodable, Sendable, Equatable {
        public var replicated: Replicated?
        public var global: Empty?
        public var replicatedJob: Empty?
        public var globalJob: Empty?

        enum CodingKeys: String, CodingKey {
            case replicated = "Replicated"
            case global = "Global"
            case replicatedJob = "ReplicatedJob"
            case globalJob = "GlobalJob"
        }
    }

    public struct Replicated: Decodable, Sendable, Equatable {
        public var replicas: UInt64?

        enum CodingKeys: String, CodingKey { case replicas = "Replicas" }
    }

    /// An object whose content berth does not need.
    public struct Empty: Decodable, Sendable, Equatable {}

    public struct Endpoint: Decodable, Sendable, Equatable {
        public var ports: [Port]?

        enum CodingKeys: String, CodingKey { case ports = "Ports" }
    }

    public struct Port: Decodable, Sendable, Equatable {
        public var `protocol`: String?
        public var targetPort: Int?
        public var publishedPort: Int?
        public var publishMode: String?

        enum CodingKeys: String, CodingKey {
            case `protocol` = "Protocol"
            case targetPort = "TargetPort"
            case publishedPort = "PublishedPort"
            case publishMode = "PublishMode"
        }
    }

    public struct UpdateStatus: Decodable, Sendable, Equatable {
        /// `updating`, `paused`, `completed`, `rollback_started`, `rollback_paused`, `rollback_completed`.
        public var state: String?
        public var startedAt: String?
        public var completedAt: String?
        public var message: String?

        enum CodingKeys: String, CodingKey {
            case state = "State"
            case startedAt = "StartedAt"
            case completedAt = "CompletedAt"
            case message = "Message"
        }
    }

    public struct ServiceStatus: Decodable, Sendable, Equatable {
        public var runningTasks: UInt64?
        public var desiredTasks: UInt64?
        public var completedTasks: UInt64?

        enum CodingKeys: String, CodingKey {
            case runningTasks = "RunningTasks"
            case desiredTasks = "DesiredTasks"
            case completedTasks = "CompletedTasks"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id = "ID"
        case version = "Version"
        case createdAt = "CreatedAt"
        case updatedAt = "UpdatedAt"
        case spec = "Spec"
        case endpoint = "Endpoint"
        case updateStatus = "UpdateStatus"
        case serviceStatus = "ServiceStatus"
    }

    /// The label Docker's stack deploy puts on every service of a stack.
    public static let stackLabel = "com.docker.stack.namespace"

    public var name: String { spec?.name ?? String(id.prefix(12)) }

    /// The stack the service belongs to, if it was deployed as one.
    public var stack: String? {
        guard let stack = spec?.labels?[Self.stackLabel], !stack.isEmpty else { return nil }
        return stack
    }

    /// Whether the service has a replica count that can be scaled.
    public var isReplicated: Bool { spec?.mode?.replicated != nil }

    /// `replicated 6`, `global`, `replicated job`, `global job`; `-` when the engine gave no mode.
    public var modeText: String {
        guard let mode = spec?.mode else { return "-" }
        if let replicated = mode.replicated { return "replicated \(replicated.replicas.map(String.init) ?? "?")" }
        if mode.global != nil { return "global" }
        if mode.replicatedJob != nil { return "replicated job" }
        if mode.globalJob != nil { return "global job" }
        return "-"
    }

    /// The image without the digest the CLI pins (`nginx:1.25@sha256:…` → `nginx:1.25`).
    public var image: String {
        guard let image = spec?.taskTemplate?.containerSpec?.image else { return "-" }
        return String(image.split(separator: "@", maxSplits: 1).first ?? Substring(image))
    }

    /// `*:8080->80/tcp` as `docker service ls` prints published ports.
    public var portsText: String {
        (endpoint?.ports ?? []).compactMap { port in
            guard let published = port.publishedPort, let target = port.targetPort else { return nil }
            return "*:\(published)->\(target)/\(port.protocol ?? "tcp")"
        }.joined(separator: ", ")
    }
}
