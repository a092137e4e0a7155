/// One row of `GET /containers/json`.
///
/// Only `Id` is guaranteed by the spec and by both Docker and Podman; every other field is optional
/// because real engines omit or null them (empty `Names`, null `Ports`, absent `ImageID`).
public struct ContainerSummary: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var names: [String]?
    public var image: String?
    public var imageID: String?
    public var command: String?
    public var created: Int64?
    public var state: String?
    public var status: String?
    public var ports: [PortBinding]?
    public var labels: [String: String]?
    /// The engine this row came from; not part of the engine's answer (the watcher of that engine sets it).
    public var host: HostID = .main

    public init(
        host: HostID = .main, id: String, names: [String]? = nil, image: String? = nil, imageID: String? = nil,
        command: String? = nil,
        created: Int64? = nil, state: String? = nil, status: String? = nil, ports: [PortBinding]? = nil,
        labels: [String: String]? = nil
    ) {
        self.host = host
        self.id = id
        self.names = names
        self.image = image
        self.imageID = imageID
        self.command = command
        self.created = created
        self.state = state
        self.status = status
        self.ports = ports
        self.labels = labels
    }

    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case names = "Names"
        case image = "Image"
        case imageID = "ImageID"
        case command = "Command"
        case created = "Created"
        case state = "State"
        case status = "Status"
        case ports = "Ports"
        case labels = "Labels"
    }

    /// The first name without the leading slash, or the short ID when the engine sent no name.
    public var displayName: String {
        if let first = names?.first(where: { !$0.isEmpty }) {
            return first.hasPrefix("/") ? String(first.dropFirst()) : first
        }
        return shortID
    }

    /// The first 12 characters of the ID, as `docker ps` shows it.
    public var shortID: String { String(id.prefix(12)) }

    /// This container on its engine.
    public var ref: ContainerRef { ContainerRef(host: host, id: id) }

    /// The lifecycle state parsed from `State`.
    public var lifecycle: ContainerLifecycle { ContainerLifecycle(engineState: state) }
}

/// A published or exposed port from the container list.
public struct PortBinding: Codable, Sendable, Equatable, Hashable {
    public var ip: String?
    public var privatePort: Int?
    public var publicPort: Int?
    public var type: String?

    public init(ip: String? = nil, privatePort: Int? = nil, publicPort: Int? = nil, type: String? = nil) {
        self.ip = ip
        self.privatePort = privatePort
        self.publicPort = publicPort
        self.type = type
    }

    enum CodingKeys: String, CodingKey {
        case ip = "IP"
        case privatePort = "PrivatePort"
        case publicPort = "PublicPort"
        case type = "Type"
    }
}
