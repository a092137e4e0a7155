/// One network, from `GET /networks`.
///
/// Only `Name` and `Id` are relied on. Docker's list leaves `Containers` empty (only inspect fills it); Podman's
/// list fills it, for stopped containers too.
public struct NetworkSummary: Codable, Sendable, Equatable {
    public var name: String
    public var id: String
    /// RFC 3339 with fractional seconds.
    public var created: String?
    /// `local`, `swarm` or `global`.
    public var scope: String?
    public var driver: String?
    public var enableIPv6: Bool?
    public var ipam: NetworkIPAM?
    /// No route out of the network.
    public var isInternal: Bool?
    /// Containers may be attached by hand (Swarm networks).
    public var attachable: Bool?
    public var ingress: Bool?
    /// A Docker network that only holds configuration for others (`--config-only`): nothing can attach to it.
    public var configOnly: Bool?
    /// Attached containers by ID.
    public var containers: [String: NetworkEndpoint]?
    public var labels: [String: String]?

    public init(
        name: String, id: String, created: String? = nil, scope: String? = nil, driver: String? = nil,
        enableIPv6: Bool? = nil, ipam: NetworkIPAM? = nil, isInternal: Bool? = nil, attachable: Bool? = nil,
        ingress: Bool? = nil, configOnly: Bool? = nil, containers: [String: NetworkEndpoint]? = nil,
        labels: [String: String]? = nil
    ) {
        self.name = name
        self.id = id
        self.created = created
        self.scope = scope
        self.driver = driver
        self.enableIPv6 = enableIPv6
        self.ipam = ipam
        self.isInternal = isInternal
        self.attachable = attachable
        self.ingress = ingress
        self.configOnly = configOnly
        self.containers = containers
        self.labels = labels
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case id = "Id"
        case created = "Created"
        case scope = "Scope"
        case driver = "Driver"
        case enableIPv6 = "EnableIPv6"
        case ipam = "IPAM"
        case isInternal = "Internal"
        case attachable = "Attachable"
        case ingress = "Ingress"
        case configOnly = "ConfigOnly"
        case containers = "Containers"
        case labels = "Labels"
    }

    /// The ID cut to 12 characters, as `docker network ls` shows it.
    public var shortID: String { String(id.prefix(12)) }

    /// Every subnet (a network with IPv4 and IPv6 has one of each).
    public var subnets: [String] { (ipam?.config ?? []).compactMap(\.subnet).filter(Self.isAddress) }
    /// Every gateway; Podman says `<nil>` for an internal network's, which is none.
    public var gateways: [String] { (ipam?.config ?? []).compactMap(\.gateway).filter(Self.isAddress) }

    static func isAddress(_ text: String) -> Bool { !text.isEmpty && text != "<nil>" }

    /// The networks Docker makes itself and never removes (nor prunes).
    public static let predefinedNames: Set<String> = ["bridge", "host", "none"]
}

/// A network's address management: its subnets and gateways.
public struct NetworkIPAM: Codable, Sendable, Equatable {
    public var driver: String?
    public var config: [IPAMConfig]?

    public init(driver: String? = nil, config: [IPAMConfig]? = nil) {
        self.driver = driver
        self.config = config
    }

    enum CodingKeys: String, CodingKey {
        case driver = "Driver"
        case config = "Config"
    }
}

public struct IPAMConfig: Codable, Sendable, Equatable {
    public var subnet: String?
    public var gateway: String?

    public init(subnet: String? = nil, gateway: String? = nil) {
        self.subnet = subnet
        self.gateway = gateway
    }

    enum CodingKeys: String, CodingKey {
        case subnet = "Subnet"
        case gateway = "Gateway"
    }
}

/// A container attached to a network, as the network lists it.
public struct NetworkEndpoint: Codable, Sendable, Equatable {
    public var name: String?
    public var ipv4Address: String?

    public init(name: String? = nil, ipv4Address: String? = nil) {
        self.name = name
        self.ipv4Address = ipv4Address
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case ipv4Address = "IPv4Address"
    }
}

extension Endpoints {
    /// `GET /networks`: every network.
    public static let listNetworks = EngineRequest(.get, "/networks")

    /// `GET /networks/{id}`: the whole document of a network, with its attached containers.
    @Sendable public static func inspectNetwork(_ id: String) -> EngineRequest {
        EngineRequest(.get, "/networks/\(pathSegment(id))")
    }

    /// `DELETE /networks/{id}`; the engine refuses a network with containers attached, and its own ones.
    public static func removeNetwork(_ id: String) -> EngineRequest {
        EngineRequest(.delete, "/networks/\(pathSegment(id))")
    }
}
