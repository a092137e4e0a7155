import EngineAPI

/// Whose logs the logs pane shows in a Swarm view: a service (every task's lines, merged) or one task.
public struct SwarmLogTarget: Sendable, Equatable, Hashable {
    public var host: HostID
    public var isService: Bool
    public var id: String
    /// `service web`, `task web.2`.
    public var name: String

    public init(host: HostID, isService: Bool, id: String, name: String) {
        self.host = host
        self.isService = isService
        self.id = id
        self.name = name
    }

    /// What the logs pane's state names the stream by (it is no container: the ID says so).
    public var ref: ContainerRef { ContainerRef(host: host, id: (isService ? "service:" : "task:") + id) }
}

/// `l` in `:services` and `:tasks`: the logs pane on the selected service's or task's logs; again, it closes.
enum SwarmLogs {
    static func open(_ row: ResourceRow, view: ViewID, _ state: inout AppState) -> [Effect] {
        let isService = view == ServicesView.id
        let name = (row.cells.first ?? row.id).trimmingCharacters(in: " \\_")
        let target = SwarmLogTarget(
            host: row.host, isService: isService, id: row.id, name: (isService ? "service " : "task ") + name)
        if state.swarmLogs == target, state.pane == .logs {
            state.pane = nil
            state.focus = .list
            state.zoomed = false
            return []
        }
        state.swarmLogs = target
        state.pane = .logs
        state.focus = .pane
        return []
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        String(drop { set.contains($0) })
    }
}
