/// One mount of a container, from the `Mounts` of `GET /containers/json`.
///
/// Every field is optional: Podman sends `null` for a container without mounts, and the fields an engine fills
/// differ by mount type.
public struct MountPoint: Codable, Sendable, Equatable, Hashable {
    /// `volume`, `bind`, `tmpfs`, …
    public var type: String?
    /// The volume's name, for a volume mount.
    public var name: String?
    public var source: String?
    public var destination: String?
    public var driver: String?

    public init(
        type: String? = nil, name: String? = nil, source: String? = nil, destination: String? = nil,
        driver: String? = nil
    ) {
        self.type = type
        self.name = name
        self.source = source
        self.destination = destination
        self.driver = driver
    }

    enum CodingKeys: String, CodingKey {
        case type = "Type"
        case name = "Name"
        case source = "Source"
        case destination = "Destination"
        case driver = "Driver"
    }

    /// The volume this mount uses, if it is a volume mount.
    public var volumeName: String? {
        guard type == "volume", let name, !name.isEmpty else { return nil }
        return name
    }
}

/// The networks a container is attached to (`NetworkSettings` of `GET /containers/json`).
public struct ContainerNetworks: Codable, Sendable, Equatable, Hashable {
    /// By network name. Podman sends `null` for a container on no network (`none`).
    public var networks: [String: NetworkAttachment]?

    public init(networks: [String: NetworkAttachment]? = nil) {
        self.networks = networks
    }

    enum CodingKeys: String, CodingKey {
        case networks = "Networks"
    }
}

/// One network of a container.
public struct NetworkAttachment: Codable, Sendable, Equatable, Hashable {
    /// The network's ID; empty while a Docker container is stopped, the network's name on Podman.
    public var networkID: String?
    public var ipAddress: String?

    public init(networkID: String? = nil, ipAddress: String? = nil) {
        self.networkID = networkID
        self.ipAddress = ipAddress
    }

    enum CodingKeys: String, CodingKey {
        case networkID = "NetworkID"
        case ipAddress = "IPAddress"
    }
}

extension ContainerSummary {
    /// The names of the volumes it mounts.
    public var volumeNames: [String] { (mounts ?? []).compactMap(\.volumeName) }

    /// The names of the networks it is attached to, and their IDs where the engine gave them.
    public var networkKeys: [String] {
        var keys: [String] = []
        for (name, attachment) in networkSettings?.networks ?? [:] {
            keys.append(name)
            if let id = attachment.networkID, !id.isEmpty, id != name { keys.append(id) }
        }
        return keys
    }
}
