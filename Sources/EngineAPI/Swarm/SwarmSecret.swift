/// One secret or config of a swarm, from `GET /secrets` or `GET /configs` on a manager: the two lists have the same
/// shape. Every field is optional but the ID.
///
/// The engine never returns a secret's data; a config's data (`Spec.Data`, base64) is decoded here but shown only in
/// its inspect document, and only when it is text (`SwarmConfigData`).
public struct SwarmSecret: Decodable, Sendable, Equatable {
    public var id: String
    public var version: SwarmVersion?
    public var createdAt: String?
    public var updatedAt: String?
    public var spec: Spec?

    public struct Spec: Decodable, Sendable, Equatable {
        public var name: String?
        public var labels: [String: String]?

        enum CodingKeys: String, CodingKey {
            case name = "Name"
            case labels = "Labels"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id = "ID"
        case version = "Version"
        case createdAt = "CreatedAt"
        case updatedAt = "UpdatedAt"
        case spec = "Spec"
    }

    public var name: String { spec?.name ?? String(id.prefix(12)) }

    /// `com.example.tier=db, owner=ops`, sorted by key; empty without labels.
    public var labelsText: String {
        (spec?.labels ?? [:]).sorted { $0.key < $1.key }.map { $0.value.isEmpty ? $0.key : "\($0.key)=\($0.value)" }
            .joined(separator: ", ")
    }
}
