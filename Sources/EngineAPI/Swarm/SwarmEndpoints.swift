/// The Swarm endpoints berth uses. Every one of them is answered only by a manager: a worker answers 503.
extension Endpoints {
    /// `GET /nodes`.
    public static let listNodes = EngineRequest(.get, "/nodes")

    /// `GET /services?status=true`: with each service's running and desired task counts.
    public static let listServices = EngineRequest(.get, "/services", query: [("status", "true")])

    /// `GET /tasks`: every task the managers remember, old ones (shut down, failed) included.
    public static let listTasks = EngineRequest(.get, "/tasks")

    /// `GET /tasks?filters=…`: the tasks of service `id` that are meant to run.
    public static func runningTasks(ofService id: String) -> EngineRequest {
        let filters = jsonString(["service": [id], "desired-state": ["running"]])
        return EngineRequest(.get, "/tasks", query: filters.map { [("filters", $0)] } ?? [])
    }

    public static func inspectNode(_ id: String) -> EngineRequest {
        EngineRequest(.get, "/nodes/\(pathSegment(id))")
    }

    public static func inspectService(_ id: String) -> EngineRequest {
        EngineRequest(.get, "/services/\(pathSegment(id))", query: [("insertDefaults", "false")])
    }

    public static func inspectTask(_ id: String) -> EngineRequest {
        EngineRequest(.get, "/tasks/\(pathSegment(id))")
    }

    /// `POST /services/{id}/update?version=`: `spec` is the whole new spec (the engine replaces the old one);
    /// `rollback` asks the engine to go back to the previous spec instead.
    public static func updateService(
        _ id: String, version: UInt64, spec: [UInt8], rollback: Bool = false
    ) -> EngineRequest {
        var query = [("version", String(version))]
        if rollback { query.append(("rollback", "previous")) }
        return EngineRequest(.post, "/services/\(pathSegment(id))/update", query: query, jsonBody: spec)
    }

    /// `DELETE /services/{id}`: its tasks are stopped and removed with it.
    public static func removeService(_ id: String) -> EngineRequest {
        EngineRequest(.delete, "/services/\(pathSegment(id))")
    }

    /// `POST /nodes/{id}/update?version=` with the node's whole new spec.
    public static func updateNode(_ id: String, version: UInt64, spec: [UInt8]) -> EngineRequest {
        EngineRequest(
            .post, "/nodes/\(pathSegment(id))/update", query: [("version", String(version))], jsonBody: spec)
    }

    /// `DELETE /nodes/{id}`: the engine refuses a node that is not down unless `force`.
    public static func removeNode(_ id: String, force: Bool = false) -> EngineRequest {
        EngineRequest(.delete, "/nodes/\(pathSegment(id))", query: [("force", force ? "1" : "0")])
    }

    /// `GET /services/{id}/logs` or `GET /tasks/{id}/logs`: every task's lines, each prefixed (with `details`) by
    /// the node, service and task IDs it came from.
    public static func swarmLogs(
        service: Bool, _ id: String, follow: Bool, tail: Int?, since: Int64? = nil, timestamps: Bool = true
    ) -> EngineRequest {
        var query: [(String, String)] = [
            ("stdout", "1"), ("stderr", "1"), ("details", "1"), ("follow", follow ? "1" : "0"),
            ("timestamps", timestamps ? "1" : "0"),
        ]
        query.append(("tail", tail.map(String.init) ?? "all"))
        if let since { query.append(("since", LogTimestamp.queryValue(since))) }
        return EngineRequest(.get, "/\(service ? "services" : "tasks")/\(pathSegment(id))/logs", query: query)
    }
}

extension Endpoints {
    /// `POST /services/create` with a whole service spec.
    public static func createService(spec: [UInt8]) -> EngineRequest {
        EngineRequest(.post, "/services/create", jsonBody: spec)
    }
}

extension Endpoints {
    /// `GET /secrets`: names, labels and dates; the engine never sends a secret's data.
    public static let listSecrets = EngineRequest(.get, "/secrets")

    /// `GET /configs`: each config with its data (base64).
    public static let listConfigs = EngineRequest(.get, "/configs")

    public static func inspectSecret(_ id: String) -> EngineRequest {
        EngineRequest(.get, "/secrets/\(pathSegment(id))")
    }

    public static func inspectConfig(_ id: String) -> EngineRequest {
        EngineRequest(.get, "/configs/\(pathSegment(id))")
    }

    /// `DELETE /secrets/{id}`: the engine refuses one a service uses, naming the services.
    public static func removeSecret(_ id: String) -> EngineRequest {
        EngineRequest(.delete, "/secrets/\(pathSegment(id))")
    }

    /// `DELETE /configs/{id}`: refused, as for a secret, while a service uses it.
    public static func removeConfig(_ id: String) -> EngineRequest {
        EngineRequest(.delete, "/configs/\(pathSegment(id))")
    }
}
