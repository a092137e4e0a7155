import EngineAPI

/// `:nodes`: every node of the swarm, from a manager: role, availability, status, manager status, engine, size, and
/// how many tasks run on it.
public enum NodesView {
    public static let id = ViewID("nodes")

    public static let definition: ResourceViewDefinition = {
        var definition = ResourceViewDefinition(
            id: id, title: "nodes",
            columns: [
                ColumnSpec("HOSTNAME", minimum: 10, maximum: 30, priority: 0),
                ColumnSpec("ROLE", minimum: 7, maximum: 7, priority: 2),
                ColumnSpec("AVAILABILITY", minimum: 12, maximum: 12, priority: 1),
                ColumnSpec("STATUS", minimum: 8, maximum: 40, priority: 1),
                ColumnSpec("MANAGER", minimum: 11, maximum: 11, priority: 3),
                ColumnSpec("ENGINE", minimum: 8, maximum: 16, priority: 6),
                ColumnSpec("CPUS", minimum: 4, maximum: 5, alignRight: true, priority: 5),
                ColumnSpec("MEMORY", minimum: 7, maximum: 8, alignRight: true, priority: 5),
                ColumnSpec("TASKS", minimum: 5, maximum: 5, alignRight: true, priority: 2),
                ColumnSpec("ID", minimum: 12, maximum: 12, priority: 7),
            ],
            defaultSort: 0, request: Endpoints.listNodes, eventTypes: ["node"], reconcileSeconds: 10,
            rows: { body, host, now in
                try rows(JSONCoding.decode([SwarmNode]?.self, from: body) ?? [], tasks: [], host: host)
            },
            removes: true, inspect: Endpoints.inspectNode)
        // Task counts move without node events: the list follows task changes through the reconcile, and through
        // the service events that cause most of them.
        definition.eventTypes = ["node", "service"]
        definition.related = [Endpoints.listTasks]
        definition.relatedRows = { body, related, host, _ in
            let nodes = try JSONCoding.decode([SwarmNode]?.self, from: body) ?? []
            let tasks = try SwarmLists.decode(SwarmTask.self, related, at: 0)
            return rows(nodes, tasks: tasks, host: host)
        }
        definition.explainFailure = SwarmFailure.explain
        definition.busyReconcileSeconds = 1
        // Still for a minute, every 30 s (as `:services`).
        definition.calmReconcileSeconds = 30
        return definition
    }()

    /// The AVAILABILITY column.
    public static let availabilityColumn = 2
    /// The TASKS column.
    public static let tasksColumn = 8

    public static func rows(_ nodes: [SwarmNode], tasks: [SwarmTask], host: HostID) -> [ResourceRow] {
        var running: [String: Int] = [:]
        for task in tasks where task.isRunning {
            if let node = task.nodeID { running[node, default: 0] += 1 }
        }
        return nodes.map { node in
            let availability = node.spec?.availability ?? "-"
            let state = node.status?.state ?? "unknown"
            var status = SwarmFailure.capitalized(state)
            if let message = node.status?.message, !message.isEmpty { status += " (\(message))" }
            let cpus = node.description?.resources?.nanoCPUs.map { Double($0) / 1e9 }
            let memory = node.description?.resources?.memoryBytes
            let count = running[node.id] ?? 0
            let isDown = state == "down" || state == "disconnected"
            let name = node.displayName
            return ResourceRow(
                host: host, id: node.id,
                cells: [
                    name, node.spec?.role ?? "-", SwarmFailure.capitalized(availability), status, node.managerText,
                    node.description?.engine?.engineVersion ?? "-", cpus.map(cpuText) ?? "-",
                    memory.map(ByteFormat.binary) ?? "-", String(count), String(node.id.prefix(12)),
                ],
                sortValues: [
                    .text(name.lowercased()), .text(node.spec?.role ?? ""), .text(availability), .text(state),
                    .text(node.managerText), .text(node.description?.engine?.engineVersion ?? ""),
                    cpus.map { .number($0) } ?? .none, memory.map { .number(Double($0)) } ?? .none,
                    .number(Double(count)), .text(node.id),
                ],
                tone: isDown ? .warning : availability == "active" ? .normal : .dim,
                removal: RemovalTarget(
                    kind: .node, reference: node.id, label: "node \(name)",
                    note: isDown
                        ? nil : "It is \(state), not down: the engine removes only a node that is down."))
        }
    }

    static func cpuText(_ cpus: Double) -> String {
        cpus == cpus.rounded() ? String(Int(cpus)) : String(Double(Int(cpus * 10)) / 10)
    }
}

extension ByteFormat {
    /// Memory as `docker node inspect --pretty` prints it: binary units (`23.5GiB`).
    public static func binary(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes)B" }
        return fixed(value >= 100 ? 0 : 1, value) + units[unit]
    }
}
