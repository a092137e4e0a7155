/// One row of `GET /images/json`.
///
/// Only `Id` is relied on; every other field is optional because engines omit or null them (Podman sends `null`
/// tags for dangling images, Docker `-1` for sizes it has not computed).
public struct ImageSummary: Codable, Sendable, Equatable {
    public var id: String
    public var parentID: String?
    public var repoTags: [String]?
    public var repoDigests: [String]?
    public var created: Int64?
    public var size: Int64?
    public var sharedSize: Int64?
    public var labels: [String: String]?
    /// Containers using the image; `-1` when the engine did not count them.
    public var containers: Int64?

    public init(
        id: String, parentID: String? = nil, repoTags: [String]? = nil, repoDigests: [String]? = nil,
        created: Int64? = nil, size: Int64? = nil, sharedSize: Int64? = nil, labels: [String: String]? = nil,
        containers: Int64? = nil
    ) {
        self.id = id
        self.parentID = parentID
        self.repoTags = repoTags
        self.repoDigests = repoDigests
        self.created = created
        self.size = size
        self.sharedSize = sharedSize
        self.labels = labels
        self.containers = containers
    }

    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case parentID = "ParentId"
        case repoTags = "RepoTags"
        case repoDigests = "RepoDigests"
        case created = "Created"
        case size = "Size"
        case sharedSize = "SharedSize"
        case labels = "Labels"
        case containers = "Containers"
    }

    /// The ID without `sha256:`, cut to 12 characters as `docker image ls` shows it.
    public var shortID: String {
        let bare = id.hasPrefix("sha256:") ? String(id.dropFirst(7)) : id
        return String(bare.prefix(12))
    }

    /// Every `repository:tag`; `<none>:<none>` for a dangling image (no tag, or Docker's placeholder).
    public var tags: [String] {
        let real = (repoTags ?? []).filter { $0 != "<none>:<none>" && !$0.isEmpty }
        return real.isEmpty ? ["<none>:<none>"] : real
    }
}

extension Endpoints {
    /// `GET /images/json?all=1`: every image, intermediate layers included (as `docker image ls -a`).
    public static func listImages(all: Bool = true) -> EngineRequest {
        EngineRequest(.get, "/images/json", query: [("all", all ? "1" : "0")])
    }

    /// `GET /events` for objects of `types` (`image`, `volume`, `network`, …), as a stream of JSON lines.
    public static func events(types: [String], since: Int64? = nil) -> EngineRequest {
        var query: [(String, String)] = []
        if let since { query.append(("since", String(since))) }
        if let filters = jsonString(["type": types]) { query.append(("filters", filters)) }
        return EngineRequest(.get, "/events", query: query)
    }
}
