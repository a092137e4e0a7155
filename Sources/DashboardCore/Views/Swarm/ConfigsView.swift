import EngineAPI

/// `:configs`: every config of the swarm, from a manager: name, ID, created and updated, labels, and the services
/// that use it. `Enter` shows its document with the data decoded when it is text (`SwarmConfigData`).
public enum ConfigsView {
    public static let id = ViewID("configs")

    public static let definition = SwarmObjectsView.definition(
        SwarmObjectsView.Kind(
            id: id, noun: "config", resourceKind: .config, request: Endpoints.listConfigs,
            inspect: Endpoints.inspectConfig,
            used: { service in
                (service.spec?.taskTemplate?.containerSpec?.configs ?? []).map { ($0.configID, $0.configName) }
            }))
}
