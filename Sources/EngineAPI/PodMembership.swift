/// One row of Podman's own container list (`GET /libpod/containers/json`), only as far as pods go.
///
/// Podman's Docker-compatible list (`/containers/json`) says nothing about pods: no field, no label. Its own list
/// names each container's pod and says which container is a pod's infra container.
public struct PodmanContainerEntry: Decodable, Sendable, Equatable {
    public var id: String?
    /// The pod's ID; empty for a container in no pod.
    public var pod: String?
    public var podName: String?
    /// Whether the container is its pod's infra container (the one that holds the shared namespaces).
    public var isInfra: Bool?

    public init(id: String?, pod: String? = nil, podName: String? = nil, isInfra: Bool? = nil) {
        self.id = id
        self.pod = pod
        self.podName = podName
        self.isInfra = isInfra
    }

    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case pod = "Pod"
        case podName = "PodName"
        case isInfra = "IsInfra"
    }
}

/// Which containers of one Podman engine are in which pod, as of one answer of its own container list.
///
/// A container joins its pod when it is created and never leaves it, so what one answer says about a container stays
/// true for as long as the container exists: berth asks again only when a container appears that the last answer
/// did not list.
public struct PodMembership: Sendable, Equatable {
    /// A pod as its containers name it.
    public struct Pod: Sendable, Hashable {
        public var id: String
        public var name: String

        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    /// Every container the answer listed, in a pod or not: a container missing here is newer than the answer.
    public var listed: Set<String>
    /// The pod of each listed container that is in one, by container ID.
    public var pods: [String: Pod]
    /// The infra containers among them.
    public var infra: Set<String>

    public init(listed: Set<String> = [], pods: [String: Pod] = [:], infra: Set<String> = []) {
        self.listed = listed
        self.pods = pods
        self.infra = infra
    }

    /// What `entries` say; entries without an ID are left out, and a pod without a name is named by its short ID.
    public init(_ entries: [PodmanContainerEntry]) {
        self.init()
        for entry in entries {
            guard let id = entry.id, !id.isEmpty else { continue }
            listed.insert(id)
            guard let podID = entry.pod, !podID.isEmpty else { continue }
            let name = entry.podName.flatMap { $0.isEmpty ? nil : $0 } ?? String(podID.prefix(12))
            pods[id] = Pod(id: podID, name: name)
            if entry.isInfra == true { infra.insert(id) }
        }
    }

    /// Decodes the body of `GET /libpod/containers/json` (`null` for no containers).
    public static func decode(_ bytes: [UInt8]) throws(EngineError) -> PodMembership {
        PodMembership(try JSONCoding.decode([PodmanContainerEntry]?.self, from: bytes) ?? [])
    }
}

extension Endpoints {
    /// `GET /libpod/containers/json?all=true`: Podman's own container list, which names each container's pod. Podman
    /// serves its own API under the same versioned prefix as the compatible one (`/v1.41/libpod/...`).
    public static let podmanContainers = EngineRequest(.get, "/libpod/containers/json", query: [("all", "true")])
}
