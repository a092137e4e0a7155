/// One line of the answer to `DELETE /images/{name}` (and of a prune's `ImagesDeleted`): a reference the engine
/// removed from an image, or an image (layer) it deleted.
public struct ImageDeleteItem: Codable, Sendable, Equatable, Hashable {
    public var untagged: String?
    public var deleted: String?

    public init(untagged: String? = nil, deleted: String? = nil) {
        self.untagged = untagged
        self.deleted = deleted
    }

    enum CodingKeys: String, CodingKey {
        case untagged = "Untagged"
        case deleted = "Deleted"
    }
}

/// Image IDs with and without their algorithm: Docker says `sha256:…`, Podman's prune answers the bare hex.
public enum ImageID {
    /// `id` without a leading `sha256:`.
    public static func bare(_ id: String) -> String {
        id.hasPrefix("sha256:") ? String(id.dropFirst(7)) : id
    }
}

extension Endpoints {
    /// `GET /images/{name}/json`: the whole document of an image, by tag or ID.
    @Sendable public static func inspectImage(_ name: String) -> EngineRequest {
        EngineRequest(.get, "/images/\(pathSegment(name))/json")
    }

    /// `DELETE /images/{name}`: `name` is a `repository:tag` (only that tag goes, unless it is the image's last) or
    /// an ID. Without `force` the engine refuses an image a container uses (409, with its reason).
    public static func removeImage(_ name: String, force: Bool) -> EngineRequest {
        EngineRequest(.delete, "/images/\(pathSegment(name))", query: [("force", force ? "1" : "0")])
    }
}
