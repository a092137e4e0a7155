/// The object version Swarm's updates must name (`?version=`), so that two writers never overwrite each other.
public struct SwarmVersion: Codable, Sendable, Equatable, Hashable {
    public var index: UInt64?

    public init(index: UInt64?) { self.index = index }

    enum CodingKeys: String, CodingKey { case index = "Index" }
}

/// One node of a swarm, from `GET /nodes` on a manager. Every field is optional: the spec guarantees none of them,
/// and a node that never reported leaves `Description` empty.
public struct SwarmNode: Decodable, Sendable, Equatable {
    public var id: String
    public var version: SwarmVersion?
    public var createdAt: String?
    public var updatedAt: String?
    public var spec: Spec?
    public var description: Description?
    public var status: Status?
    /// Only managers have one.
    public var managerStatus: ManagerStatus?

    public struct Spec: Decodable, Sendable, Equatable {
        public var name: String?
        public var labels: [String: String]?
        /// `worker` or `manager`.
        public var role: String?
        /// `active`, `pause` or `drain`.
        public var availability: String?

        enum CodingKeys: String, CodingKey {
            case name = "Name"
            case labels = "Labels"
            case role = "Role"
            case availability = "Availability"
        }
    }

    public struct Description: Decodable, Sendable, Equatable {
        public var hostname: String?
        public var resources: Resources?
        public var engine: Engine?

        enum CodingKeys: String, CodingKey {
            case hostname = "Hostname"
            case resources = "Resources"
            case engine = "Engine"
        }
    }

    public struct Resources: Decodable, Sendable, Equatable {
        public var nanoCPUs: Int64?
        public var memoryBytes: Int64?

        enum CodingKeys: String, CodingKey {
            case nanoCPUs = "NanoCPUs"
            case memoryBytes = "MemoryBytes"
        }
    }

    public struct Engine: Decodable, Sendable, Equatable {
        public var engineVersion: String?

        enum CodingKeys: String, CodingKey { case engineVersion = "EngineVersion" }
    }

    public struct Status: Decodable, Sendable, Equatable {
        /// `unknown`, `down`, `ready` or `disconnected`.
        public var state: String?
        public var message: String?
        public var addr: String?

        enum CodingKeys: String, CodingKey {
            case state = "State"
            case message = "Message"
            case addr = "Addr"
        }
    }

    public struct ManagerStatus: Decodable, Sendable, Equatable {
        public var leader: Bool?
        /// `unknown`, `unreachable` or `reachable`.
        public var reachability: String?
        public var addr: String?

        enum CodingKeys: String, CodingKey {
            case leader = "Leader"
            case reachability = "Reachability"
            case addr = "Addr"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id = "ID"
        case version = "Version"
        case createdAt = "CreatedAt"
        case updatedAt = "UpdatedAt"
        case spec = "Spec"
        case description = "Description"
        case status = "Status"
        case managerStatus = "ManagerStatus"
    }

    /// What people call the node: its hostname, else the name in its spec, else its short ID.
    public var displayName: String {
        if let name = description?.hostname, !name.isEmpty { return name }
        if let name = spec?.name, !name.isEmpty { return name }
        return String(id.prefix(12))
    }

    /// `Leader`, `Reachable`, `Unreachable` as `docker node ls` says it; empty for a worker.
    public var managerText: String {
        guard let manager = managerStatus else { return "" }
        if manager.leader == true { return "Leader" }
        return (manager.reachability ?? "").capitalizedWord
    }
}

extension String {
    /// `ready` → `Ready`.
    var capitalizedWord: String { prefix(1).uppercased() + dropFirst() }
}
