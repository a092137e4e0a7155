/// Podman's answer to `DELETE /libpod/pods/{id}`: the pod's ID and, when a container of it could not be removed,
/// why. Podman 4.3 answers 200 with `"Err": null` once the pod is gone; later versions add the removed containers.
public struct PodRemoval: Sendable, Equatable, Decodable {
    public var id: String?
    /// Why the pod, or one of its containers, was not removed (nil when it was).
    public var error: String?

    public init(id: String? = nil, error: String? = nil) {
        self.id = id
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case error = "Err"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        // Go encodes an error value as an object when it is not nil: only a string says what went wrong in words.
        if let text = try? container.decodeIfPresent(String.self, forKey: .error) {
            error = text.isEmpty ? nil : text
        } else if (try? container.decodeNil(forKey: .error)) == false {
            error = "the engine reported an error it did not describe"
        }
    }

    /// Decodes the body of `DELETE /libpod/pods/{id}` (empty for an engine that says nothing more).
    public static func decode(_ bytes: [UInt8]) throws(EngineError) -> PodRemoval {
        guard bytes.contains(where: { $0 > 0x20 }) else { return PodRemoval() }
        return try JSONCoding.decode(PodRemoval.self, from: bytes)
    }
}

extension Endpoints {
    /// `DELETE /libpod/pods/{id}`: removes a Podman pod with every container in it, its infra container too (`podman
    /// pod rm`). Without `force` a pod with a running container is refused; with it, they are stopped first.
    public static func removePod(_ id: String, force: Bool) -> EngineRequest {
        EngineRequest(.delete, "/libpod/pods/\(pathSegment(id))", query: [("force", force ? "true" : "false")])
    }
}
