import EngineAPI

/// What the engine said to a Swarm update: warnings, if any (`image … could not be accessed on a registry`).
public struct SwarmUpdateAnswer: Decodable, Sendable, Equatable {
    public var warnings: [String]?

    public init(warnings: [String]? = nil) { self.warnings = warnings }

    enum CodingKeys: String, CodingKey { case warnings = "Warnings" }
}

extension EngineClient {
    /// Every node (`GET /nodes`); a worker answers `EngineError.server(503, …)`.
    public func listNodes() async throws -> [SwarmNode] {
        try await decode([SwarmNode]?.self, Endpoints.listNodes) ?? []
    }

    /// Every service with its running and desired task counts.
    public func listServices() async throws -> [SwarmService] {
        try await decode([SwarmService]?.self, Endpoints.listServices) ?? []
    }

    /// Every task the managers remember.
    public func listTasks() async throws -> [SwarmTask] {
        try await decode([SwarmTask]?.self, Endpoints.listTasks) ?? []
    }

    /// Changes a service: reads its spec and version, applies `edit` to that spec, and sends it back with the
    /// version it was read at (the engine refuses it if someone changed the service meanwhile).
    @discardableResult
    public func updateService(_ id: String, _ edit: SwarmSpecEdit) async throws -> SwarmUpdateAnswer {
        let document = try JSONValue.parse(try await send(Endpoints.inspectService(id)).body)
        let spec = try edit.apply(toInspected: document)
        let version = try SwarmSpecEdit.version(of: document)
        let answer = try await send(Endpoints.updateService(id, version: version, spec: spec))
        return (try? JSONCoding.decode(SwarmUpdateAnswer.self, from: answer.body)) ?? SwarmUpdateAnswer()
    }

    /// Asks the engine to go back to the service's previous spec.
    @discardableResult
    public func rollbackService(_ id: String) async throws -> SwarmUpdateAnswer {
        let document = try JSONValue.parse(try await send(Endpoints.inspectService(id)).body)
        guard let spec = document["Spec"] else { throw EngineError.decoding("the service has no Spec") }
        let version = try SwarmSpecEdit.version(of: document)
        let answer = try await send(
            Endpoints.updateService(id, version: version, spec: Array(spec.compactText.utf8), rollback: true))
        return (try? JSONCoding.decode(SwarmUpdateAnswer.self, from: answer.body)) ?? SwarmUpdateAnswer()
    }

    /// Creates a service from a whole spec (JSON) and returns its ID.
    public func createService(spec: [UInt8]) async throws -> String {
        struct Created: Decodable {
            var id: String?
            enum CodingKeys: String, CodingKey { case id = "ID" }
        }
        let created = try await send(Endpoints.createService(spec: spec)).decoded(Created.self)
        guard let id = created.id else { throw EngineError.decoding("the engine named no service ID") }
        return id
    }

    public func removeService(_ id: String) async throws {
        _ = try await send(Endpoints.removeService(id))
    }

    /// Sets a node's availability (`active`, `pause`, `drain`) at the version it was read at.
    public func updateNode(_ id: String, _ edit: SwarmSpecEdit) async throws {
        let document = try JSONValue.parse(try await send(Endpoints.inspectNode(id)).body)
        let spec = try edit.apply(toInspected: document)
        let version = try SwarmSpecEdit.version(of: document)
        _ = try await send(Endpoints.updateNode(id, version: version, spec: spec))
    }

    /// Removes a node from the swarm; the engine refuses one that is not down.
    public func removeNode(_ id: String) async throws {
        _ = try await send(Endpoints.removeNode(id))
    }

    /// Removes a secret; the engine refuses one a service uses, and says which.
    public func removeSecret(_ id: String) async throws {
        _ = try await send(Endpoints.removeSecret(id))
    }

    /// Removes a config; refused, as a secret, while a service uses it.
    public func removeConfig(_ id: String) async throws {
        _ = try await send(Endpoints.removeConfig(id))
    }
}
