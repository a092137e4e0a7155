import EngineAPI

extension EngineClient {
    /// Removes a Podman pod with every container in it, its infra container too (`podman pod rm`). Without `force`
    /// a pod with a running container is refused; with it, Podman stops them first, each within its own stop
    /// timeout, so the request may take that long. Throws when Podman names a container it could not remove.
    public func removePod(_ id: String, force: Bool) async throws {
        let response = try await send(Endpoints.removePod(id, force: force), timeout: .seconds(60))
        if let error = try PodRemoval.decode(response.body).error {
            throw EngineError.server(status: response.status, message: error)
        }
    }
}
