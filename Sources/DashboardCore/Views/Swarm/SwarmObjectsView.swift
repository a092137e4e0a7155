import EngineAPI

/// What `:secrets` and `:configs` share: the two lists have the same shape, and each row says which services use
/// the object (from the services list, fetched with it).
enum SwarmObjectsView {
    /// A secret or a config: how the views differ.
    struct Kind: Sendable {
        var id: ViewID
        /// `secret`, `config`: the event type, the removal's kind and how the question names one.
        var noun: String
        var resourceKind: ResourceKind
        var request: EngineRequest
        var inspect: @Sendable (String) -> EngineRequest
        /// The IDs and names of the objects of this kind that `service` mounts.
        var used: @Sendable (_ service: SwarmService) -> [(id: String?, name: String?)]
    }

    static let nameColumn = 0
    static let usedByColumn = 5

    static func definition(_ kind: Kind) -> ResourceViewDefinition {
        var definition = ResourceViewDefinition(
            id: kind.id, title: kind.id.name,
            columns: [
                ColumnSpec("NAME", minimum: 10, maximum: 40, priority: 0),
                ColumnSpec("ID", minimum: 12, maximum: 12, priority: 4),
                ColumnSpec("CREATED", minimum: 8, maximum: 22, priority: 2),
                ColumnSpec("UPDATED", minimum: 8, maximum: 22, priority: 5),
                ColumnSpec("LABELS", minimum: 6, maximum: 40, priority: 6),
                ColumnSpec("USED BY", minimum: 8, maximum: 60, priority: 1),
            ],
            request: kind.request,
            // A service's update can start or stop using one: the users follow the service events too.
            eventTypes: [kind.noun, "service"],
            // They change only by events; the reconcile catches what a reconnect missed.
            reconcileSeconds: 60,
            rows: { body, host, now in
                rows(try SwarmLists.decode(SwarmSecret.self, body), services: [], kind: kind, host: host, now: now)
            },
            removes: true, inspect: kind.inspect)
        definition.related = [Endpoints.listServices]
        definition.relatedRows = { body, related, host, now in
            rows(
                try SwarmLists.decode(SwarmSecret.self, body),
                services: try SwarmLists.decode(SwarmService.self, related, at: 0), kind: kind, host: host, now: now)
        }
        definition.explainFailure = SwarmFailure.explain
        let secret = kind.resourceKind == .secret
        definition.inspectLines = { document in SwarmConfigData.inspectLines(document, secret: secret) }
        return definition
    }

    static func rows(
        _ objects: [SwarmSecret], services: [SwarmService], kind: Kind, host: HostID, now: Int64
    ) -> [ResourceRow] {
        // Each object's users, by ID (and by name, for an engine that leaves the ID out), names sorted.
        var users: [String: Set<String>] = [:]
        for service in services {
            for reference in kind.used(service) {
                if let id = reference.id, !id.isEmpty { users["id:" + id, default: []].insert(service.name) }
                if let name = reference.name, !name.isEmpty { users["name:" + name, default: []].insert(service.name) }
            }
        }
        return objects.map { object in
            let usedBy = (users["id:" + object.id] ?? users["name:" + object.name] ?? []).sorted()
            let created = SwarmFailure.seconds(object.createdAt)
            let updated = SwarmFailure.seconds(object.updatedAt)
            let labels = object.labelsText
            let usedText = usedBy.joined(separator: ", ")
            let note =
                usedBy.isEmpty
                ? nil
                : "\(usedBy.count == 1 ? "Service" : "Services") \(usedText) \(usedBy.count == 1 ? "uses" : "use") it:"
                    + " the engine refuses while \(usedBy.count == 1 ? "it does" : "they do")."
            let row = ResourceRow(
                host: host, id: object.id,
                cells: [
                    object.name, String(object.id.prefix(12)), created.map { RelativeTime.ago($0, now: now) } ?? "",
                    updated.map { RelativeTime.ago($0, now: now) } ?? "", labels, usedText,
                ],
                sortValues: [
                    .text(object.name.lowercased()), .text(object.id), created.map { .number(Double($0)) } ?? .none,
                    updated.map { .number(Double($0)) } ?? .none, labels.isEmpty ? .none : .text(labels.lowercased()),
                    usedBy.isEmpty ? .none : .text(usedText.lowercased()),
                ],
                // Only the services list says who uses one: before it arrives nothing is dimmed as unused.
                tone: usedBy.isEmpty && !services.isEmpty ? .dim : .normal,
                removal: RemovalTarget(
                    kind: kind.resourceKind, reference: object.id, label: "\(kind.noun) \(object.name)", note: note)
            )
            var aging = row
            if let created { aging = aging.aging(2, created, now: now) }
            if let updated { aging = aging.aging(3, updated, now: now) }
            return aging
        }
    }
}
