/// One layer of `GET /images/{name}/history`, newest first as the engine lists them.
public struct ImageHistoryItem: Codable, Sendable, Equatable {
    /// The layer's image ID, or `<missing>` for layers built elsewhere.
    public var id: String?
    /// Unix seconds.
    public var created: Int64?
    /// The build step that made the layer (`/bin/sh -c #(nop)  CMD ["sh"]`).
    public var createdBy: String?
    public var tags: [String]?
    /// Bytes the layer adds.
    public var size: Int64?
    public var comment: String?

    public init(
        id: String? = nil, created: Int64? = nil, createdBy: String? = nil, tags: [String]? = nil, size: Int64? = nil,
        comment: String? = nil
    ) {
        self.id = id
        self.created = created
        self.createdBy = createdBy
        self.tags = tags
        self.size = size
        self.comment = comment
    }

    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case created = "Created"
        case createdBy = "CreatedBy"
        case tags = "Tags"
        case size = "Size"
        case comment = "Comment"
    }

    /// The build step without the shell wrapper docker's CLI also drops (`/bin/sh -c #(nop) `).
    public var step: String {
        var text = createdBy ?? ""
        for prefix in ["/bin/sh -c #(nop) ", "|"] where text.hasPrefix(prefix) {
            text = String(text.dropFirst(prefix.count))
        }
        return String(text.drop(while: { $0 == " " }))
    }
}

extension Endpoints {
    /// `GET /images/{name}/history`: the image's layers with the command that made each and its size.
    public static func imageHistory(_ name: String) -> EngineRequest {
        EngineRequest(.get, "/images/\(pathSegment(name))/history")
    }
}
