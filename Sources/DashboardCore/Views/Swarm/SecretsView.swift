import EngineAPI

/// `:secrets`: every secret of the swarm, from a manager: name, ID, created and updated, labels, and the services
/// that use it. The engine never sends a secret's data, and berth would not show it (`SwarmConfigData`).
public enum SecretsView {
    public static let id = ViewID("secrets")

    public static let definition = SwarmObjectsView.definition(
        SwarmObjectsView.Kind(
            id: id, noun: "secret", resourceKind: .secret, request: Endpoints.listSecrets,
            inspect: Endpoints.inspectSecret,
            used: { service in
                (service.spec?.taskTemplate?.containerSpec?.secrets ?? []).map { ($0.secretID, $0.secretName) }
            }))
}
