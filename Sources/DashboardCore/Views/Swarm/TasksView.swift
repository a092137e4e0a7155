import EngineAPI

/// `:tasks`: every task of the swarm, or those of one service or node (`t` in `:services` and `:nodes`): its slot,
/// node, desired and current state with how long ago, the error, and the container.
public enum TasksView {
    public static let id = ViewID("tasks")

    public static let definition: ResourceViewDefinition = {
        var definition = ResourceViewDefinition(
            id: id, title: "tasks",
            columns: [
                ColumnSpec("NAME", minimum: 10, maximum: 32, priority: 0),
                ColumnSpec("NODE", minimum: 8, maximum: 24, priority: 1),
                ColumnSpec("DESIRED", minimum: 8, maximum: 8, priority: 3),
                ColumnSpec("CURRENT", minimum: 12, maximum: 30, priority: 1),
                ColumnSpec("ERROR", minimum: 8, maximum: 80, priority: 2),
                ColumnSpec("CONTAINER", minimum: 12, maximum: 12, priority: 5),
                ColumnSpec("ID", minimum: 12, maximum: 12, priority: 6),
            ],
            defaultSort: 0, request: Endpoints.listTasks, eventTypes: ["service", "node"], reconcileSeconds: 10,
            rows: { body, host, now in
                try rows(
                    JSONCoding.decode([SwarmTask]?.self, from: body) ?? [], services: [], nodes: [], host: host,
                    now: now)
            },
            inspect: Endpoints.inspectTask)
        definition.related = [Endpoints.listServices, Endpoints.listNodes]
        definition.relatedRows = { body, related, host, now in
            try rows(
                SwarmLists.decode(SwarmTask.self, body), services: SwarmLists.decode(SwarmService.self, related, at: 0),
                nodes: SwarmLists.decode(SwarmNode.self, related, at: 1), host: host, now: now)
        }
        definition.explainFailure = SwarmFailure.explain
        definition.busyReconcileSeconds = 1
        // Still for a minute, every 30 s (as `:services`).
        definition.calmReconcileSeconds = 30
        return definition
    }()

    public static let nodeColumn = 1
    public static let currentColumn = 3
    public static let containerColumn = 5

    /// The scope of a service's tasks.
    public static func scope(service id: String) -> String { "service:\(id)" }
    /// The scope of a node's tasks.
    public static func scope(node id: String) -> String { "node:\(id)" }
    /// The scope of the tasks of a stack's services.
    public static func scope(stack name: String) -> String { "stack:\(name)" }

    /// `web.2`, as `docker service ps` names a task; a global service's tasks have no slot, and the node tells them
    /// apart.
    static func taskName(_ task: SwarmTask, service: String) -> String {
        task.slot.map { "\(service).\($0)" } ?? "\(service).\(task.nodeID.map { String($0.prefix(12)) } ?? "?")"
    }

    public static func rows(
        _ tasks: [SwarmTask], services: [SwarmService], nodes: [SwarmNode], host: HostID, now: Int64
    ) -> [ResourceRow] {
        let serviceNames = Dictionary(services.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let stacks = Dictionary(
            services.compactMap { service in service.stack.map { (service.id, $0) } },
            uniquingKeysWith: { first, _ in first })
        let nodeNames = Dictionary(nodes.map { ($0.id, $0.displayName) }, uniquingKeysWith: { first, _ in first })
        return tasks.map { task in
            let service = task.serviceID.map { serviceNames[$0] ?? String($0.prefix(12)) } ?? "-"
            let node = task.nodeID.flatMap { $0.isEmpty ? nil : (nodeNames[$0] ?? String($0.prefix(12))) } ?? ""
            let name = taskName(task, service: service)
            let desired = task.desiredState ?? "-"
            let state = task.state
            var current = SwarmFailure.capitalized(state)
            if let at = SwarmFailure.seconds(task.status?.timestamp) { current += " " + RelativeTime.ago(at, now: now) }
            let error = errorText(task)
            let container = task.containerID.map { String($0.prefix(12)) } ?? ""
            let stamp = SwarmFailure.seconds(task.status?.timestamp) ?? 0
            // Within a slot the task meant to run comes first, then the older ones, newest first.
            let order =
                "\(service.lowercased())\u{0}\(String(task.slot ?? 0).leftPadded(8))\u{0}"
                + "\(desired == "running" ? 0 : 1)\(String(Int64.max - stamp).leftPadded(20))"
            var scopes: [String] = []
            if let id = task.serviceID {
                scopes.append(scope(service: id))
                if let stack = stacks[id] { scopes.append(scope(stack: stack)) }
            }
            if let id = task.nodeID, !id.isEmpty { scopes.append(scope(node: id)) }
            var row = ResourceRow(
                host: host, id: task.id,
                cells: [
                    desired == "running" ? name : " \\_ " + name, node, SwarmFailure.capitalized(desired), current,
                    error, container, String(task.id.prefix(12)),
                ],
                sortValues: [
                    .text(order), .text(node.lowercased()), .text(desired), .number(Double(stamp)), .text(error),
                    .text(container), .text(task.id),
                ],
                tone: ["failed", "rejected", "orphaned"].contains(state)
                    ? .warning : desired == "running" ? .normal : .dim)
            row.scopes = scopes
            row.removal = nil
            return row
        }
    }

    /// The task's error, else a non-zero exit, else the message of a task that waits (`no suitable node …`).
    static func errorText(_ task: SwarmTask) -> String {
        if let error = task.status?.err, !error.isEmpty { return error }
        if let code = task.status?.containerStatus?.exitCode, code != 0 { return "exit code \(code)" }
        if task.state == "pending", let message = task.status?.message, !message.isEmpty { return message }
        return ""
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
