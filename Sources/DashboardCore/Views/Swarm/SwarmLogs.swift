import EngineAPI

/// `l` in `:services` and `:tasks`.
enum SwarmLogs {
    static func open(_ row: ResourceRow, view: ViewID, _ state: inout AppState) -> [Effect] {
        state.status = StatusMessage("Logs of \(row.cells.first ?? row.id) are not available yet", kind: .error)
        return []
    }
}
