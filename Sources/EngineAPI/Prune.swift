#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a prune removes.
public enum PruneKind: String, Sendable, Hashable, CaseIterable {
    /// Containers that are not running: created, exited, dead (`docker container prune`).
    case containers
    /// Images without a tag that no container uses (`docker image prune`).
    case danglingImages = "dangling-images"
    /// Every image no container uses, tagged or not (`docker image prune -a`).
    case unusedImages = "unused-images"
    /// Volumes no container references (`docker volume prune` on API 1.41).
    case volumes
    /// Networks no container uses, except the engine's own (`docker network prune`).
    case networks
    /// Build cache not in use (`docker builder prune`).
    case buildCache = "build-cache"

    /// How dialogs and the status line name it: `stopped containers`, `dangling images`.
    public var title: String {
        switch self {
        case .containers: return "stopped containers"
        case .danglingImages: return "dangling images"
        case .unusedImages: return "unused images"
        case .volumes: return "unused volumes"
        case .networks: return "unused networks"
        case .buildCache: return "build cache"
        }
    }

    /// What one item is called: `container`, `image`, …
    public var noun: String {
        switch self {
        case .containers: return "container"
        case .danglingImages, .unusedImages: return "image"
        case .volumes: return "volume"
        case .networks: return "network"
        case .buildCache: return "cache record"
        }
    }

    /// Whether the engine's prune takes an `until` timestamp: objects created after the preview are then left alone.
    /// Volume prune does not (API 1.41), nor build cache prune (it wants a duration): what is made between the
    /// preview and `y` would go too, and the result says so.
    public var acceptsUntil: Bool { self != .volumes && self != .buildCache }
}

/// One object a prune would remove, as the preview lists it.
public struct PruneItem: Sendable, Equatable, Hashable {
    /// What the engine's report names it by: an image or container ID, a volume or network name, a cache ID.
    public var id: String
    /// How people know it: a container's or volume's name, an image's tags.
    public var name: String
    /// Bytes it holds, where the engine says (an image's size counts layers it may share with others).
    public var size: Int64?

    public init(id: String, name: String, size: Int64? = nil) {
        self.id = id
        self.name = name
        self.size = size
    }
}

/// A prune's preview on one engine: the items, and when the engine's lists had answered (Unix time in nanoseconds),
/// which the prune passes as `until` so that nothing made after the preview goes.
public struct PrunePreview: Sendable, Equatable, Hashable {
    public var kind: PruneKind
    public var items: [PruneItem]
    public var takenAtNanos: Int64
    /// For images: the ID of every image the engine had, used or not. An image prune's report also names the layers
    /// it deleted, which are no image: only an ID from here that the preview did not list is a surprise.
    public var known: Set<String>?

    public init(kind: PruneKind, items: [PruneItem], takenAtNanos: Int64, known: Set<String>? = nil) {
        self.kind = kind
        self.items = items
        self.takenAtNanos = takenAtNanos
        self.known = known
    }
}

/// The body of every `POST /…/prune`: what the engine removed, and the bytes it gave back.
public struct PruneReport: Codable, Sendable, Equatable {
    public var containersDeleted: [String]?
    public var imagesDeleted: [ImageDeleteItem]?
    public var volumesDeleted: [String]?
    public var networksDeleted: [String]?
    public var cachesDeleted: [String]?
    /// Networks report none.
    public var spaceReclaimed: Int64?

    public init(
        containersDeleted: [String]? = nil, imagesDeleted: [ImageDeleteItem]? = nil, volumesDeleted: [String]? = nil,
        networksDeleted: [String]? = nil, cachesDeleted: [String]? = nil, spaceReclaimed: Int64? = nil
    ) {
        self.containersDeleted = containersDeleted
        self.imagesDeleted = imagesDeleted
        self.volumesDeleted = volumesDeleted
        self.networksDeleted = networksDeleted
        self.cachesDeleted = cachesDeleted
        self.spaceReclaimed = spaceReclaimed
    }

    enum CodingKeys: String, CodingKey {
        case containersDeleted = "ContainersDeleted"
        case imagesDeleted = "ImagesDeleted"
        case volumesDeleted = "VolumesDeleted"
        case networksDeleted = "NetworksDeleted"
        case cachesDeleted = "CachesDeleted"
        case spaceReclaimed = "SpaceReclaimed"
    }

    /// What the report says was removed, in the preview's terms (IDs or names), for `kind`.
    public func removed(_ kind: PruneKind) -> [String] {
        switch kind {
        case .containers: return containersDeleted ?? []
        case .danglingImages, .unusedImages:
            return (imagesDeleted ?? []).compactMap(\.deleted).map(ImageID.bare)
        case .volumes: return volumesDeleted ?? []
        case .networks: return networksDeleted ?? []
        case .buildCache: return cachesDeleted ?? []
        }
    }

    /// References the engine untagged on the way (an image prune untags before it deletes).
    public var untagged: [String] { (imagesDeleted ?? []).compactMap(\.untagged) }
}

/// How one engine's prune went against its preview.
public struct PruneOutcome: Sendable, Equatable, Hashable {
    /// Previewed and removed.
    public var removed: [PruneItem]
    /// Previewed but still there (the engine kept it: in use by now, or refused).
    public var kept: [PruneItem]
    /// Removed though not previewed: made between the preview and the prune, or a parent layer of a removed image.
    public var unexpected: [String]
    public var untagged: [String]
    public var spaceReclaimed: Int64?

    public init(
        removed: [PruneItem], kept: [PruneItem], unexpected: [String], untagged: [String] = [],
        spaceReclaimed: Int64? = nil
    ) {
        self.removed = removed
        self.kept = kept
        self.unexpected = unexpected
        self.untagged = untagged
        self.spaceReclaimed = spaceReclaimed
    }

    /// The engine removed exactly what the preview listed.
    public var matchesPreview: Bool { kept.isEmpty && unexpected.isEmpty }

    /// Compares what the engine reported removing with the preview's items; `known` (images) leaves out the layers
    /// the report names besides images.
    public init(kind: PruneKind, preview: [PruneItem], report: PruneReport, known: Set<String>? = nil) {
        let removedIDs = report.removed(kind)
        let images = kind == .danglingImages || kind == .unusedImages
        func key(_ id: String) -> String { images ? ImageID.bare(id) : id }
        let removedSet = Set(removedIDs.map(key))
        let previewed = Set(preview.map { key($0.id) })
        self.init(
            removed: preview.filter { removedSet.contains(key($0.id)) },
            kept: preview.filter { !removedSet.contains(key($0.id)) },
            unexpected: removedIDs.filter { id in
                !previewed.contains(key(id)) && (known.map { $0.contains(key(id)) } ?? true)
            },
            untagged: report.untagged, spaceReclaimed: report.spaceReclaimed)
    }
}

/// Which objects a prune removes, computed from the engine's own lists and filters before anything is removed:
/// the preview berth shows and asks about.
///
/// Each rule follows what the engine's prune does: Docker prunes a network that only stopped containers
/// name (their endpoints are gone) but never a config-only one; Podman keeps a network any container names.
public enum PrunePlan {
    /// Containers that are not running, paused or restarting; with their writable layer's size (`size=1`).
    public static func containers(_ all: [ContainerSummary]) -> [PruneItem] {
        all.filter { container in
            switch container.lifecycle {
            case .running, .paused, .restarting, .removing: return false
            default: return true
            }
        }
        .map { PruneItem(id: $0.id, name: $0.displayName, size: $0.sizeRw.flatMap { $0 >= 0 ? $0 : nil }) }
    }

    /// The images a list (the engine's `dangling=true` list, or every top-level image) offers that no container
    /// uses: an image a container still uses is refused by the prune, stopped container or not.
    public static func images(_ candidates: [ImageSummary], containers: [ContainerSummary]) -> [PruneItem] {
        let used = Set(containers.compactMap(\.imageID).map(ImageID.bare))
        return candidates.filter { !used.contains(ImageID.bare($0.id)) }
            .map { image in
                let tags = image.tags.filter { $0 != "<none>:<none>" }
                let name = tags.isEmpty ? "<none>:<none> " + image.shortID : tags.joined(separator: ", ")
                return PruneItem(id: image.id, name: name, size: image.size.flatMap { $0 >= 0 ? $0 : nil })
            }
    }

    /// The engine's `dangling=true` volumes, with what `/system/df` measured of them when it was asked.
    public static func volumes(_ dangling: [VolumeSummary], measured: [VolumeSummary] = []) -> [PruneItem] {
        let sizes = Dictionary(
            measured.compactMap { volume in volume.usageData?.size.map { (volume.name, $0) } },
            uniquingKeysWith: { first, _ in first })
        return dangling.map { volume in
            PruneItem(id: volume.name, name: volume.name, size: sizes[volume.name].flatMap { $0 >= 0 ? $0 : nil })
        }
    }

    /// Networks no container uses, less the engine's own. `podman` says whose rules apply: Docker counts only
    /// containers with an endpoint (running, paused, restarting), Podman every container; Docker never prunes
    /// config-only or Swarm networks, Podman never its default network.
    public static func networks(
        _ networks: [NetworkSummary], containers: [ContainerSummary], podman: Bool
    ) -> [PruneItem] {
        var used = Set<String>()
        for container in containers {
            if !podman {
                switch container.lifecycle {
                case .running, .paused, .restarting: break
                default: continue
                }
            }
            used.formUnion(container.networkKeys)
        }
        return networks.filter { network in
            if NetworkSummary.predefinedNames.contains(network.name) { return false }
            if used.contains(network.name) || used.contains(network.id) { return false }
            if podman, !(network.containers ?? [:]).isEmpty { return false }
            if !podman, network.configOnly == true || (network.scope ?? "local") != "local" { return false }
            return true
        }
        .map { PruneItem(id: $0.name, name: $0.name) }
    }

    /// Build cache records not in use (and, unless `all`, not shared), as the builder's prune picks them.
    public static func buildCache(_ records: [BuildCacheRecord], all: Bool = false) -> [PruneItem] {
        records.filter { $0.inUse != true && (all || $0.shared != true) }
            .map { PruneItem(id: $0.id, name: $0.description ?? $0.type ?? $0.id, size: $0.size) }
    }
}

extension Endpoints {
    /// `GET /images/json` with the engine's `dangling=true` filter: the images a plain image prune considers.
    public static let listDanglingImages = EngineRequest(
        .get, "/images/json", query: jsonString(["dangling": ["true"]]).map { [("filters", $0)] } ?? [])

    /// `GET /containers/json?all=1&size=1`: every container with its writable layer's size (slow on big hosts).
    public static let listContainersWithSize = EngineRequest(
        .get, "/containers/json", query: [("all", "1"), ("size", "1")])

    /// `POST /{kind}/prune`; `untilNanos` (Unix time in nanoseconds) spares what was created after the preview where
    /// the engine takes it. Engines compare creation times to the nanosecond, so the filter is as exact.
    public static func prune(_ kind: PruneKind, untilNanos: Int64? = nil) -> EngineRequest {
        var filters: [String: [String]] = [:]
        if let untilNanos, kind.acceptsUntil { filters["until"] = [timestamp(nanos: untilNanos)] }
        let path: String
        switch kind {
        case .containers: path = "/containers/prune"
        case .danglingImages:
            path = "/images/prune"
            filters["dangling"] = ["true"]
        case .unusedImages:
            path = "/images/prune"
            filters["dangling"] = ["false"]
        case .volumes: path = "/volumes/prune"
        case .networks: path = "/networks/prune"
        case .buildCache: path = "/build/prune"
        }
        let query = filters.isEmpty ? [] : jsonString(filters).map { [("filters", $0)] } ?? []
        return EngineRequest(.post, path, query: query)
    }

    /// `1796518804.123456789`: the engines' `until` form with nanoseconds.
    static func timestamp(nanos: Int64) -> String {
        let seconds = nanos / 1_000_000_000
        let fraction = String(nanos % 1_000_000_000)
        return "\(seconds)." + String(repeating: "0", count: 9 - fraction.count) + fraction
    }
}
