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
    /// anything. `podman` picks Podman's rules where they differ from Docker's (networks). `clock` (Unix time in
    /// nanoseconds) stamps the preview once the lists have answered: everything listed is older than the stamp.
    public func prunePreview(
        _ kind: PruneKind, podman: Bool, clock: @Sendable () -> Int64
    ) async throws -> PrunePreview {
        let items: [PruneItem]
        var known: Set<String>?
        switch kind {
        case .containers:
            let all = try await decode([ContainerSummary]?.self, Endpoints.listContainersWithSize) ?? []
            items = PrunePlan.containers(all)
        case .danglingImages:
            let candidates = try await decode([ImageSummary]?.self, Endpoints.listDanglingImages) ?? []
            items = PrunePlan.images(candidates, containers: try await listContainers(all: true))
            known = Set(try await listImages(all: true).map { ImageID.bare($0.id) })
        case .unusedImages:
            // Podman's compatible prune always adds `dangling=true`, and refuses a second, different one.
            if podman {
                throw EngineError.badRequest(
                    "Podman's Docker-compatible API prunes only dangling images (:prune images)")
            }
            let candidates = try await listImages(all: false)
            items = PrunePlan.images(candidates, containers: try await listContainers(all: true))
            known = Set(try await listImages(all: true).map { ImageID.bare($0.id) })
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
        return PrunePreview(kind: kind, items: items, takenAtNanos: clock(), known: known)
    }

    /// Runs the engine's prune of `kind`, sparing what was created after `untilNanos` where the engine takes that
    /// filter, and returns its report. An engine without that prune (Podman has no build cache) answers
    /// `EngineError.notFound`.
    public func prune(_ kind: PruneKind, untilNanos: Int64?) async throws -> PruneReport {
        try await send(Endpoints.prune(kind, untilNanos: untilNanos), timeout: .seconds(300)).decoded(PruneReport.self)
    }
}

extension EngineResponse {
    /// The body as `type`; an unexpected document throws `EngineError.decoding`.
    func decoded<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONCoding.decode(type, from: body)
    }
}
