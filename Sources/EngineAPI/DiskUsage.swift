/// The body of `GET /system/df`: what the engine's images, containers, volumes and build cache hold on disk.
///
/// The engine measures every volume's directory and every container's writable layer to answer, which is slow on a
/// big host: berth asks for it only when a view needs it and on a key, never on a timer.
public struct DiskUsage: Codable, Sendable, Equatable {
    /// Bytes of every image layer, shared ones counted once (Podman sends 0).
    public var layersSize: Int64?
    public var images: [ImageSummary]?
    public var containers: [ContainerSummary]?
    public var volumes: [VolumeSummary]?
    public var buildCache: [BuildCacheRecord]?
    /// Bytes the builder holds (Docker; deprecated in later API versions, where the records say it).
    public var builderSize: Int64?

    public init(
        layersSize: Int64? = nil, images: [ImageSummary]? = nil, containers: [ContainerSummary]? = nil,
        volumes: [VolumeSummary]? = nil, buildCache: [BuildCacheRecord]? = nil, builderSize: Int64? = nil
    ) {
        self.layersSize = layersSize
        self.images = images
        self.containers = containers
        self.volumes = volumes
        self.buildCache = buildCache
        self.builderSize = builderSize
    }

    enum CodingKeys: String, CodingKey {
        case layersSize = "LayersSize"
        case images = "Images"
        case containers = "Containers"
        case volumes = "Volumes"
        case buildCache = "BuildCache"
        case builderSize = "BuilderSize"
    }
}

/// One build cache record.
public struct BuildCacheRecord: Codable, Sendable, Equatable {
    public var id: String
    public var type: String?
    public var description: String?
    public var inUse: Bool?
    public var shared: Bool?
    public var size: Int64?

    public init(
        id: String, type: String? = nil, description: String? = nil, inUse: Bool? = nil, shared: Bool? = nil,
        size: Int64? = nil
    ) {
        self.id = id
        self.type = type
        self.description = description
        self.inUse = inUse
        self.shared = shared
        self.size = size
    }

    enum CodingKeys: String, CodingKey {
        case id = "ID"
        case type = "Type"
        case description = "Description"
        case inUse = "InUse"
        case shared = "Shared"
        case size = "Size"
    }
}

/// One line of `docker system df`: how many objects of a kind, how many are in use, what they hold and what a
/// prune could give back.
public struct DiskUsageLine: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case images = "Images"
        case containers = "Containers"
        case volumes = "Local Volumes"
        case buildCache = "Build Cache"
    }

    public var kind: Kind
    public var total: Int
    public var active: Int
    public var size: Int64
    public var reclaimable: Int64

    public init(kind: Kind, total: Int, active: Int, size: Int64, reclaimable: Int64) {
        self.kind = kind
        self.total = total
        self.active = active
        self.size = size
        self.reclaimable = reclaimable
    }

    /// The share of `size` that is reclaimable, in whole percent as the docker CLI rounds it; nil when there is no
    /// size to share.
    public var reclaimablePercent: Int64? { size > 0 ? reclaimable * 100 / size : nil }
}

extension DiskUsage {
    /// The four lines of `docker system df`, computed as the docker CLI computes them.
    ///
    /// Images: in use when a container uses them; size is every layer once; reclaimable is that less the layers
    /// only in-use images hold. Containers: active when running, paused or restarting; size is their writable
    /// layers. Volumes: active when referenced; reclaimable is what unreferenced ones hold. Build cache: size counts
    /// records that are not shared; reclaimable is what the builder holds less those in use. Figures the engine could
    /// not measure (`-1`) count as nothing, and nothing is ever reclaimable below zero. Podman's `LayersSize` is 0: its
    /// images are summed whole, and what is reclaimable is the images no container uses, as `podman system df` says.
    public var lines: [DiskUsageLine] {
        func known(_ value: Int64?) -> Int64 { max(0, value ?? 0) }
        let images = self.images ?? []
        var imagesSize = known(layersSize)
        var imagesUsed: Int64 = 0
        if imagesSize == 0 {
            // Podman's LayersSize is 0: its images summed whole, and the ones in use, as `podman system df` does.
            imagesSize = images.reduce(Int64(0)) { $0 + known($1.size) }
            imagesUsed = images.filter { ($0.containers ?? 0) > 0 }.reduce(Int64(0)) { $0 + known($1.size) }
        } else {
            for image in images where (image.containers ?? 0) > 0 {
                guard let size = image.size, let shared = image.sharedSize, size >= 0, shared >= 0 else { continue }
                imagesUsed += size - shared
            }
        }
        let containers = self.containers ?? []
        let activeContainers = containers.filter(Self.isActive)
        let containersSize = containers.reduce(Int64(0)) { $0 + known($1.sizeRw) }
        let volumes = self.volumes ?? []
        let volumesSize = volumes.reduce(Int64(0)) { $0 + known($1.usageData?.size) }
        let unreferenced = volumes.filter { ($0.usageData?.refCount ?? 0) <= 0 }
        let cache = buildCache ?? []
        let unshared = cache.filter { $0.shared != true }
        let cacheSize = unshared.reduce(Int64(0)) { $0 + known($1.size) }
        let cacheInUse = unshared.filter { $0.inUse == true }.reduce(Int64(0)) { $0 + known($1.size) }
        return [
            DiskUsageLine(
                kind: .images, total: images.count, active: images.filter { ($0.containers ?? 0) > 0 }.count,
                size: imagesSize, reclaimable: max(0, imagesSize - imagesUsed)),
            DiskUsageLine(
                kind: .containers, total: containers.count, active: activeContainers.count, size: containersSize,
                reclaimable: containers.filter { !Self.isActive($0) }.reduce(Int64(0)) { $0 + known($1.sizeRw) }),
            DiskUsageLine(
                kind: .volumes, total: volumes.count, active: volumes.count - unreferenced.count, size: volumesSize,
                reclaimable: unreferenced.reduce(Int64(0)) { $0 + known($1.usageData?.size) }),
            DiskUsageLine(
                kind: .buildCache, total: cache.count, active: cache.filter { $0.inUse == true }.count,
                size: cacheSize, reclaimable: max(0, (builderSize.map(known) ?? cacheSize) - cacheInUse)),
        ]
    }

    /// Whether `docker system df` counts the container as active.
    static func isActive(_ container: ContainerSummary) -> Bool {
        let state = container.state ?? ""
        return state.contains("running") || state.contains("paused") || state.contains("restarting")
    }
}

extension Endpoints {
    /// `GET /system/df`: expensive (the engine walks every volume and writable layer).
    public static let diskUsage = EngineRequest(.get, "/system/df")
}
