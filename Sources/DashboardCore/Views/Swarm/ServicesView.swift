import EngineAPI

/// `:services`: every service of the swarm, from a manager, sorted by stack: mode, running/desired tasks, image,
/// published ports and the state of its last update. A stack's services stand under a row of their own
/// (`StackRows`), which `Enter` folds.
public enum ServicesView {
    public static let id = ViewID("services")

    public static let definition: ResourceViewDefinition = {
        var definition = ResourceViewDefinition(
            id: id, title: "services",
            columns: [
                ColumnSpec("NAME", minimum: 10, maximum: 32, priority: 0),
                ColumnSpec("STACK", minimum: 6, maximum: 20, priority: 2),
                ColumnSpec("MODE", minimum: 10, maximum: 14, priority: 3),
                ColumnSpec("REPLICAS", minimum: 8, maximum: 9, alignRight: true, priority: 1),
                ColumnSpec("IMAGE", minimum: 10, maximum: 40, priority: 4),
                ColumnSpec("PORTS", minimum: 6, maximum: 30, priority: 6),
                ColumnSpec("UPDATE", minimum: 8, maximum: 60, priority: 5),
                ColumnSpec("ID", minimum: 12, maximum: 12, priority: 7),
            ],
            defaultSort: stackColumn, request: Endpoints.listServices, eventTypes: ["service"],
            // Running counts change with tasks, which send no events of their own: while the list moves it is
            // fetched every second (`busyReconcileSeconds`), once still every ten, and still for a minute every 30 s.
            reconcileSeconds: 10,
            rows: { body, host, now in
                try rows(JSONCoding.decode([SwarmService]?.self, from: body) ?? [], host: host, now: now)
            },
            removes: true, inspect: Endpoints.inspectService)
        // The question before a removal names the service's running tasks and their nodes. Those lists are asked
        // for when the question opens, not with every fetch of the services: a manager's task list is its largest
        // answer, and no column shows it.
        definition.removalDetail = RemovalDetail(
            applies: { $0.kind == .service },
            requests: { [Endpoints.runningTasks(ofService: $0.reference), Endpoints.listNodes] },
            note: { target, answers in
                let tasks = try SwarmLists.decode(SwarmTask.self, answers, at: 0)
                let nodes = try SwarmLists.decode(SwarmNode.self, answers, at: 1)
                let names = Dictionary(nodes.map { ($0.id, $0.displayName) }, uniquingKeysWith: { first, _ in first })
                let running = tasks.filter {
                    $0.serviceID == target.reference && $0.isRunning && ($0.desiredState ?? "running") == "running"
                }
                return removalNote(
                    name: target.objectName ?? target.reference, running: running, count: nil, nodeNames: names)
            })
        definition.explainFailure = SwarmFailure.explain
        definition.busyReconcileSeconds = 1
        // A cluster that has not moved for a minute is asked every 30 s: on a manager with 50 services, the ten-second
        // fetch was most of what berth cost it. An event, or an answer that changed, brings the quick pace back.
        definition.calmReconcileSeconds = 30
        definition.grouping = StackRows.grouping
        return definition
    }()

    public static let stackColumn = 1
    public static let replicasColumn = 3
    public static let updateColumn = 6

    /// How many running tasks the question before a removal names; the rest are counted.
    static let namedTasks = 4

    public static func rows(_ services: [SwarmService], host: HostID, now: Int64) -> [ResourceRow] {
        services.map { service in
            let running = service.serviceStatus?.runningTasks
            let desired = service.serviceStatus?.desiredTasks
            let replicas =
                running == nil && desired == nil
                ? "-" : "\(running.map(String.init) ?? "?")/\(desired.map(String.init) ?? "?")"
            let update = updateText(service.updateStatus, now: now)
            let state = service.updateStatus?.state ?? ""
            let troubled = state.hasSuffix("paused") || (desired ?? 0) > (running ?? 0)
            let stack = service.stack
            var row = ResourceRow(
                host: host, id: service.id,
                cells: [
                    service.name, stack ?? "-", service.modeText, replicas, service.image, service.portsText, update,
                    String(service.id.prefix(12)),
                ],
                sortValues: [
                    .text(service.name.lowercased()), stack.map { .text($0.lowercased()) } ?? .none,
                    // By desired count, then running: a converging service moves in the order too.
                    .text(service.modeText), desired.map { .number(Double($0) * 1e6 + Double(running ?? 0)) } ?? .none,
                    .text(service.image.lowercased()), .text(service.portsText), .text(state), .text(service.id),
                ],
                tone: troubled ? .warning : .normal,
                removal: RemovalTarget(
                    kind: .service, reference: service.id, label: "service \(service.name)",
                    note: removalNote(name: service.name, running: nil, count: running, nodeNames: [:]),
                    objectName: service.name))
            row.group = stack
            return row
        }
    }

    /// `Its 2 running tasks stop and go with it: web.1 on node-a, web.2 on node-b.` Without the task list (not
    /// fetched yet), the count from the service's status; nothing when none runs.
    static func removalNote(
        name: String, running tasks: [SwarmTask]?, count: UInt64?, nodeNames: [String: String]
    ) -> String? {
        let total = tasks?.count ?? count.map { Int(clamping: $0) } ?? 0
        guard total > 0 else { return nil }
        let counted =
            "Its \(total) running " + (total == 1 ? "task stops and goes with it" : "tasks stop and go with it")
        guard let tasks, !tasks.isEmpty else { return counted + "." }
        let named = tasks.sorted { ($0.slot ?? 0, $0.nodeID ?? "") < ($1.slot ?? 0, $1.nodeID ?? "") }
            .prefix(namedTasks).map { task in
                let taskName = TasksView.taskName(task, service: name)
                guard let node = task.nodeID, !node.isEmpty else { return taskName }
                return "\(taskName) on \(nodeNames[node] ?? String(node.prefix(12)))"
            }
        let more = tasks.count > namedTasks ? " and \(tasks.count - namedTasks) more" : ""
        return counted + ": " + named.joined(separator: ", ") + more + "."
    }

    /// `paused 2 minutes ago: update paused due to failure …`; empty when the service was never updated.
    static func updateText(_ status: SwarmService.UpdateStatus?, now: Int64) -> String {
        guard let status, let state = status.state, !state.isEmpty else { return "" }
        var text = String(state.map { $0 == "_" ? " " : $0 })
        if let at = SwarmFailure.seconds(status.completedAt ?? status.startedAt) {
            text += " " + RelativeTime.ago(at, now: now)
        }
        if let message = status.message, !message.isEmpty { text += ": " + message }
        return text
    }
}
