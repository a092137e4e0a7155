import EngineAPI

/// `:networks`: every network of every engine, as `docker network ls` lists them, with its subnet and gateway, what
/// kind it is, and the containers attached (from the container list, live, and from the engine's own list where it
/// names them).
public enum NetworksView {
    public static let id = ViewID("networks")

    static let countColumn = 7
    static let namesColumn = 8

    public static let definition = ResourceViewDefinition(
        id: id, title: "networks",
        columns: [
            ColumnSpec("NAME", minimum: 12, maximum: 40, priority: 0),
            ColumnSpec("NETWORK ID", minimum: 12, maximum: 12, priority: 6),
            ColumnSpec("DRIVER", minimum: 6, maximum: 10, priority: 1),
            ColumnSpec("SCOPE", minimum: 5, maximum: 6, priority: 7),
            ColumnSpec("SUBNET", minimum: 6, maximum: 36, priority: 2),
            ColumnSpec("GATEWAY", minimum: 7, maximum: 26, priority: 4),
            ColumnSpec("FLAGS", minimum: 5, maximum: 30, priority: 5),
            ColumnSpec("CONTAINERS", minimum: 10, maximum: 10, alignRight: true, priority: 3),
            ColumnSpec("ATTACHED", minimum: 8, maximum: 40, priority: 8),
        ],
        defaultSort: 0, request: Endpoints.listNetworks, eventTypes: ["network"],
        rows: { body, host, _ in
            // Podman has answered `null` for an empty list.
            rows(try JSONCoding.decode([NetworkSummary]?.self, from: body) ?? [], host: host)
        },
        complete: { row, context in complete(&row, context) }, pruneKind: { _ in .networks }, removes: true,
        inspect: Endpoints.inspectNetwork)

    public static func rows(_ networks: [NetworkSummary], host: HostID) -> [ResourceRow] {
        networks.map { network in
            let listed = (network.containers ?? [:]).values.compactMap(\.name).filter { !$0.isEmpty }.sorted()
            var row = ResourceRow(
                host: host, id: network.id,
                cells: [
                    network.name, network.shortID, network.driver ?? "-", network.scope ?? "-",
                    network.subnets.isEmpty ? "-" : network.subnets.joined(separator: ", "),
                    network.gateways.isEmpty ? "-" : network.gateways.joined(separator: ", "), flags(network),
                    String(listed.count), ContainerUsage.names(listed),
                ],
                sortValues: [
                    .text(network.name.lowercased()), .text(network.id), .text(network.driver ?? ""),
                    .text(network.scope ?? ""), .text(network.subnets.first ?? ""), .text(network.gateways.first ?? ""),
                    .text(flags(network)), .number(Double(listed.count)), .text(listed.first ?? ""),
                ],
                removal: RemovalTarget(
                    kind: .network, reference: network.id, label: "network \(network.name) (\(network.shortID))",
                    note: NetworkSummary.predefinedNames.contains(network.name)
                        ? "It is one of the engine's own networks, which it may refuse to remove." : nil))
            row.listedUsers = listed
            return row
        }
    }

    /// `internal, attachable, ipv6, config-only, ingress`: what sets the network apart; `-` when nothing does.
    static func flags(_ network: NetworkSummary) -> String {
        var flags: [String] = []
        if network.isInternal == true { flags.append("internal") }
        if network.attachable == true { flags.append("attachable") }
        if network.enableIPv6 == true { flags.append("ipv6") }
        if network.configOnly == true { flags.append("config-only") }
        if network.ingress == true { flags.append("ingress") }
        return flags.isEmpty ? "-" : flags.joined(separator: ", ")
    }

    /// Attached containers: those the engine's list names, and those whose own settings name the network (Docker's
    /// list names none). A network nobody is on is dimmed.
    public static func complete(_ row: inout ResourceRow, _ context: RowContext) {
        var users = Set(row.listedUsers)
        if let usage = context.usage {
            users.formUnion(usage.network(name: row.cells.first ?? "", id: row.id))
        }
        let names = users.sorted()
        row.set(countColumn, String(names.count), sort: .number(Double(names.count)))
        row.set(namesColumn, ContainerUsage.names(names), sort: .text(names.first ?? ""))
        row.tone = names.isEmpty ? .dim : .normal
    }
}
