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
    /// What the container mounts: volumes (by name), binds, tmpfs.
    public var mounts: [MountPoint]?
    /// The networks it is attached to.
    public var networkSettings: ContainerNetworks?
    /// Bytes its writable layer holds; only when asked for (`size=1`, `/system/df`).
    public var sizeRw: Int64?
    /// The writable layer and its image together; only when asked for.
    public var sizeRootFs: Int64?
    /// The engine this row came from; not part of the engine's answer (the watcher of that engine sets it).
    public var host: HostID = .main
    /// What the engine said when berth inspected it after its last death (restart count, OOM kill); not part of the
    /// engine's answer either: the watcher fills it in after a `die` event.
    public var lastExit: ContainerExit?

    public init(
        host: HostID = .main, id: String, names: [String]? = nil, image: String? = nil, imageID: String? = nil,
        command: String? = nil,
        created: Int64? = nil, state: String? = nil, status: String? = nil, ports: [PortBinding]? = nil,
        labels: [String: String]? = nil, mounts: [MountPoint]? = nil, networkSettings: ContainerNetworks? = nil,
        sizeRw: Int64? = nil, sizeRootFs: Int64? = nil
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
        self.mounts = mounts
        self.networkSettings = networkSettings
        self.sizeRw = sizeRw
        self.sizeRootFs = sizeRootFs
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
        case mounts = "Mounts"
        case networkSettings = "NetworkSettings"
        case sizeRw = "SizeRw"
        case sizeRootFs = "SizeRootFs"
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
