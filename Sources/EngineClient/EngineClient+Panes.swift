import EngineAPI

/// What `top(_:)` got: the table and, when the engine refused berth's `ps` options, why.
public struct TopResult: Sendable, Equatable {
    public var table: ContainerTop
    /// The `ps_args` the table was made with; nil means the engine's default.
    public var psArgs: String?
    /// The engine's message when it rejected the preferred options and the default was used instead.
    public var rejection: String?

    public init(table: ContainerTop, psArgs: String?, rejection: String?) {
        self.table = table
        self.psArgs = psArgs
        self.rejection = rejection
    }
}

extension EngineClient {
    /// `GET /containers/{id}/top` with `psArgs`; when the engine rejects them (it runs `ps` with them, and not
    /// every `ps` or engine takes them), asks again with the engine's default and says why in `rejection`.
    ///
    /// A stopped container is `EngineError.conflict` and a removed one `.notFound`, with no second request.
    public func top(_ id: String, psArgs: String? = Endpoints.topProcessArguments) async throws -> TopResult {
        guard let psArgs else {
            return TopResult(table: try await decode(ContainerTop.self, Endpoints.top(id)), psArgs: nil, rejection: nil)
        }
        do {
            let table = try await decode(ContainerTop.self, Endpoints.top(id, psArgs: psArgs))
            if table.titles.isEmpty { throw EngineError.decoding("the answer has no column titles") }
            return TopResult(table: table, psArgs: psArgs, rejection: nil)
        } catch let error as EngineError {
            switch error {
            case .badRequest, .server, .decoding:
                let table = try await decode(ContainerTop.self, Endpoints.top(id))
                return TopResult(table: table, psArgs: nil, rejection: error.description)
            default:
                throw error
            }
        }
    }

    /// Podman's own top (`/libpod/containers/{id}/top`), with PPID, %CPU, RSS and the elapsed time whatever `ps` the
    /// image has; its compatible endpoint runs the image's own `ps` for berth's options, and busybox's refuses them.
    public func podmanTop(_ id: String) async throws -> ContainerTop {
        let body = try await send(Endpoints.podmanTop(id)).body
        // Podman 4.3 answers a stopped container's top with an empty 200.
        guard body.contains(where: { $0 > 0x20 }) else { throw EngineError.conflict("the container is not running") }
        let table = try JSONCoding.decode(ContainerTop.self, from: body)
        if table.titles.count < 2 { throw EngineError.decoding("Podman's top answered without its columns") }
        return table.elapsedInPSForm().cpuToOneDecimal()
    }

    /// The raw inspect document, for showing every field in the engine's own order.
    public func inspectDocument(_ id: String) async throws -> [UInt8] {
        try await send(Endpoints.inspectContainer(id)).body
    }

    /// Streams the events of one container; like `containerEvents(since:)` otherwise.
    public func containerEvents(
        containerID: String, since: Int64? = nil
    ) -> AsyncThrowingStream<
        EngineEvent, any Error
    > {
        bodyStream(
            Endpoints.containerEvents(containerID: containerID, since: since), bufferLimit: 256,
            decoder: JSONLinesDecoder<EngineEvent>(unreadable: .unreadable))
    }
}
