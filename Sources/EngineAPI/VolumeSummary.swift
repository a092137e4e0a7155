/// The body of `GET /volumes`.
public struct VolumeList: Codable, Sendable, Equatable {
    /// Podman and older Dockers have sent `null` for none.
    public var volumes: [VolumeSummary]?
    public var warnings: [String]?

    public init(volumes: [VolumeSummary]? = nil, warnings: [String]? = nil) {
        self.volumes = volumes
        self.warnings = warnings
    }

    enum CodingKeys: String, CodingKey {
        case volumes = "Volumes"
        case warnings = "Warnings"
    }
}

/// One volume, from `GET /volumes` or the `Volumes` of `GET /system/df`.
///
/// Only `Name` is relied on: Podman's `/system/df` leaves `Driver` and `Mountpoint` empty, and `UsageData` is
/// filled only by `/system/df` (the list leaves it out, because measuring is expensive).
public struct VolumeSummary: Codable, Sendable, Equatable {
    public var name: String
    public var driver: String?
    public var mountpoint: String?
    /// RFC 3339, e.g. `2026-12-06T01:00:03Z`.
    public var createdAt: String?
    public var labels: [String: String]?
    public var scope: String?
    public var usageData: VolumeUsage?

    public init(
        name: String, driver: String? = nil, mountpoint: String? = nil, createdAt: String? = nil,
        labels: [String: String]? = nil, scope: String? = nil, usageData: VolumeUsage? = nil
    ) {
        self.name = name
        self.driver = driver
        self.mountpoint = mountpoint
        self.createdAt = createdAt
        self.labels = labels
        self.scope = scope
        self.usageData = usageData
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case driver = "Driver"
        case mountpoint = "Mountpoint"
        case createdAt = "CreatedAt"
        case labels = "Labels"
        case scope = "Scope"
        case usageData = "UsageData"
    }
}

/// What `/system/df` measured of a volume; `-1` where it could not.
public struct VolumeUsage: Codable, Sendable, Equatable {
    public var size: Int64?
    /// Containers referencing the volume, running or not.
    public var refCount: Int64?

    public init(size: Int64? = nil, refCount: Int64? = nil) {
        self.size = size
        self.refCount = refCount
    }

    enum CodingKeys: String, CodingKey {
        case size = "Size"
        case refCount = "RefCount"
    }
}

extension Endpoints {
    /// `GET /volumes`; `dangling: true` asks the engine for the volumes no container references (what a volume
    /// prune removes).
    public static func listVolumes(dangling: Bool? = nil) -> EngineRequest {
        var query: [(String, String)] = []
        if let dangling, let filters = jsonString(["dangling": [dangling ? "true" : "false"]]) {
            query.append(("filters", filters))
        }
        return EngineRequest(.get, "/volumes", query: query)
    }

    /// `GET /volumes/{name}`: the whole document of a volume.
    @Sendable public static func inspectVolume(_ name: String) -> EngineRequest {
        EngineRequest(.get, "/volumes/\(pathSegment(name))")
    }

    /// `DELETE /volumes/{name}`; the engine refuses a volume in use (409).
    public static func removeVolume(_ name: String) -> EngineRequest {
        EngineRequest(.delete, "/volumes/\(pathSegment(name))")
    }
}
