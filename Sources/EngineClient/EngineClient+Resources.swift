import EngineAPI

extension EngineClient {
    // MARK: - Lists

    /// Every volume (`GET /volumes`); `dangling: true` only those no container references.
    public func listVolumes(dangling: Bool? = nil) async throws -> [VolumeSummary] {
        try await decode(VolumeList.self, Endpoints.listVolumes(dangling: dangling)).volumes ?? []
    }

    /// Every network (`GET /networks`).
    public func listNetworks() async throws -> [NetworkSummary] {
        // Podman has answered `null` for an empty list.
        try await decode([NetworkSummary]?.self, Endpoints.listNetworks) ?? []
    }

    /// `GET /images/json`: every image with `all` (intermediate layers too), else the top-level ones.
    public func listImages(all: Bool) async throws -> [ImageSummary] {
        try await decode([ImageSummary]?.self, Endpoints.listImages(all: all)) ?? []
    }

    /// `GET /system/df`. Slow on a big host: the engine measures every volume and writable layer.
    public func diskUsage() async throws -> DiskUsage {
        try await send(Endpoints.diskUsage, timeout: .seconds(120)).decoded(DiskUsage.self)
    }

    // MARK: - Removing

    /// Removes an image tag (or the image, by ID or its last tag). Without `force`, an image a container uses is
    /// refused with `EngineError.conflict` carrying the engine's reason.
    @discardableResult
    public func removeImage(_ name: String, force: Bool) async throws -> [ImageDeleteItem] {
        try await decode([ImageDeleteItem]?.self, Endpoints.removeImage(name, force: force)) ?? []
    }

    /// Removes a volume; one in use is refused (`EngineError.conflict`).
    public func removeVolume(_ name: String) async throws {
        _ = try await send(Endpoints.removeVolume(name))
    }

    /// Removes a network; one with containers, or one of the engine's own, is refused with the engine's reason.
    public func removeNetwork(_ id: String) async throws {
        _ = try await send(Endpoints.removeNetwork(id))
    }

    // MARK: - Pruning

    /// What a prune of `kind` would remove now, computed from the engine's lists and filters without removing
    /// anything. `podman` picks Podman's rules where they differ from Docker's (networks).
    public func prunePreview(_ kind: PruneKind, podman: Bool, now: Int64) async throws -> PrunePreview {
        let items: [PruneItem]
        switch kind {
        case .containers:
            let all = try await decode([ContainerSummary]?.self, Endpoints.listContainersWithSize) ?? []
            items = PrunePlan.containers(all)
        case .danglingImages:
            let candidates = try await decode([ImageSummary]?.self, Endpoints.listDanglingImages) ?? []
            items = PrunePlan.images(candidates, containers: try await listContainers(all: true))
        case .unusedImages:
            let candidates = try await listImages(all: false)
            items = PrunePlan.images(candidates, containers: try await listContainers(all: true))
        case .volumes:
            let dangling = try await listVolumes(dangling: true)
            // Sizes only when there is something to size: `/system/df` is the slow part.
            let measured = dangling.isEmpty ? [] : (try? await diskUsage().volumes) ?? []
            items = PrunePlan.volumes(dangling, measured: measured)
        case .networks:
            items = PrunePlan.networks(
                try await listNetworks(), containers: try await listContainers(all: true), podman: podman)
        case .buildCache:
            items = PrunePlan.buildCache(try await diskUsage().buildCache ?? [])
        }
        return PrunePreview(kind: kind, items: items, takenAt: now)
    }

    /// Runs the engine's prune of `kind`, sparing what was created after `until` where the engine takes that
    /// filter, and returns its report. An engine without that prune (Podman has no build cache) answers
    /// `EngineError.notFound`.
    public func prune(_ kind: PruneKind, until: Int64?) async throws -> PruneReport {
        try await send(Endpoints.prune(kind, until: until), timeout: .seconds(300)).decoded(PruneReport.self)
    }
}

extension EngineResponse {
    /// The body as `type`; an unexpected document throws `EngineError.decoding`.
    func decoded<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONCoding.decode(type, from: body)
    }
}
