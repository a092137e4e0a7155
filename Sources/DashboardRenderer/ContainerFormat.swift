import DashboardCore
import EngineAPI

/// Text for the container table's cells, worded as `docker ps` words them.
public enum ContainerFormat {
    /// `2 hours ago`, using the same steps as the docker CLI.
    public static func created(_ created: Int64?, now: Int64) -> String {
        guard let created, created > 0 else { return "" }
        return humanDuration(seconds: max(0, now - created)) + " ago"
    }

    /// The docker CLI's human duration: `Less than a second`, `About a minute`, `3 hours`, `2 weeks`.
    public static func humanDuration(seconds: Int64) -> String { RelativeTime.duration(seconds: seconds) }

    /// `0.0.0.0:8080->80/tcp, 443/tcp`, one entry per distinct mapping, IPv6 duplicates folded into IPv4.
    public static func ports(_ ports: [PortBinding]?) -> String {
        guard let ports, !ports.isEmpty else { return "" }
        var seen = Set<String>()
        var entries: [(Int, String)] = []
        for port in ports {
            guard let privatePort = port.privatePort else { continue }
            let type = port.type ?? "tcp"
            let text: String
            if let publicPort = port.publicPort {
                let ip = port.ip ?? ""
                let shown = ip == "::" ? "0.0.0.0" : ip
                text = "\(shown.isEmpty ? "" : "\(shown):")\(publicPort)->\(privatePort)/\(type)"
            } else {
                text = "\(privatePort)/\(type)"
            }
            if seen.insert(text).inserted { entries.append((privatePort, text)) }
        }
        return entries.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.map(\.1).joined(separator: ", ")
    }

    /// The engine's own status words (`Up 3 minutes (Paused)`), or the state when the engine sent none.
    public static func status(_ container: ContainerSummary) -> String {
        if let status = container.status, !status.isEmpty { return status }
        return (container.state ?? "unknown").capitalized
    }

    /// The WHY column's marker for a container that restarts, has died or fails its health check:
    /// `↻4 exit 137 OOM-killed unhealthy`; empty for a container with nothing wrong.
    ///
    /// The exit code comes from the engine's own status words (`Exited (3) …`) or, for a container running again
    /// after restarts, from the inspect berth made when it died; the restart count and the OOM kill only from that
    /// inspect.
    public static func why(_ container: ContainerSummary) -> String {
        let restarts = container.lastExit?.restartCount ?? 0
        var parts: [String] = []
        if restarts > 0 { parts.append("↻\(restarts)") }
        let code: Int?
        switch container.lifecycle {
        case .exited, .dead, .restarting:
            code = ContainerStatusText.exitCode(container.status) ?? container.lastExit?.exitCode
        default:
            code = restarts > 0 ? container.lastExit?.exitCode : nil
        }
        if let code {
            // The OOM flag belongs to the exit berth inspected; a different code is a later, unexplained exit.
            let oom = container.lastExit.map { $0.oomKilled && $0.exitCode == code } ?? false
            let meaning = ExitCodeMeaning.describe(code, oomKilled: oom)
            if let meaning {
                parts.append("exit \(code) \(meaning)")
            } else if restarts > 0 {
                parts.append("exit \(code)")
            }
        }
        switch ContainerStatusText.health(container.status) {
        case "unhealthy": parts.append("unhealthy")
        case "starting" where restarts > 0: parts.append("health starting")
        default: break
        }
        return parts.joined(separator: " ")
    }
}
