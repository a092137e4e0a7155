import EngineAPI

/// A stack's row in `:services` (`RowGrouping`): `▾ shop`, how many services, their running/desired tasks summed,
/// and `D` removing every one of its services after one question that names them all.
public enum StackRows {
    public static let grouping = RowGrouping(noun: "stack", row: row)

    /// How many services the question before removing a stack names; a stack rarely has more, and the rest are
    /// counted.
    static let namedServices = 12

    @Sendable static func row(_ name: String, _ host: HostID, _ members: [ResourceRow]) -> ResourceRow {
        let counts = members.map(replicas)
        let running = counts.compactMap(\.running).reduce(0, +)
        let desired = counts.compactMap(\.desired).reduce(0, +)
        let known = counts.contains { $0.running != nil || $0.desired != nil }
        let services = "\(members.count) service\(members.count == 1 ? "" : "s")"
        var row = ResourceRow(
            host: host, id: name,
            cells: [name, name, services, known ? "\(running)/\(desired)" : "-", "", "", "", ""],
            sortValues: [
                .text(name.lowercased()), .text(name.lowercased()), .number(Double(members.count)),
                .number(Double(desired) * 1e6 + Double(running)), .none, .none, .none, .none,
            ],
            // A stack short of tasks, or with a service in trouble, says so before it is unfolded.
            tone: members.contains { $0.tone == .warning } ? .warning : .normal)
        row.removal = removal(name, members: members, running: running)
        return row
    }

    /// `6/6` as (running, desired); nil where the service's status gave none.
    static func replicas(_ row: ResourceRow) -> (running: Int?, desired: Int?) {
        guard ServicesView.replicasColumn < row.cells.count else { return (nil, nil) }
        let parts = row.cells[ServicesView.replicasColumn].split(separator: "/")
        guard parts.count == 2 else { return (nil, nil) }
        return (Int(parts[0]), Int(parts[1]))
    }

    /// Removing a stack is removing each of its services (what `docker stack rm` does first); its networks,
    /// secrets and configs stay, and the question says so.
    static func removal(_ name: String, members: [ResourceRow], running: Int) -> RemovalTarget? {
        let parts = members.compactMap(\.removal).sorted { $0.label < $1.label }
        guard !parts.isEmpty else { return nil }
        let names = members.map { $0.cells.first ?? $0.id }.sorted()
        let more = names.count > namedServices ? " and \(names.count - namedServices) more" : ""
        let listed = names.prefix(namedServices).joined(separator: ", ") + more
        let tasks =
            running == 0
            ? "" : " \(running) running task\(running == 1 ? "" : "s") stop\(running == 1 ? "s" : "") with them."
        var target = RemovalTarget(
            kind: .stack, reference: name, label: "stack \(name)",
            note: (parts.count == 1 ? "Its service goes: " : "Its \(parts.count) services go: ") + "\(listed).\(tasks)"
                + " Its networks, secrets and configs stay.")
        target.parts = parts
        return target
    }
}
