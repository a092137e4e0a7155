import EngineAPI
import TerminalUI

/// One container of a merged log, and the name its lines are prefixed with.
public struct MergedLogMember: Sendable, Hashable {
    public var ref: ContainerRef
    /// `web-1` (a Compose service and its number), or the container's name.
    public var label: String

    public init(ref: ContainerRef, label: String) {
        self.ref = ref
        self.label = label
    }
}

/// Several containers' logs in one pane, in timestamp order, each line prefixed with its container's label: the
/// containers of a Compose project or a Podman pod (the logs pane on its row), or the rows marked with Space.
public struct MergedLogTarget: Sendable, Hashable {
    /// `project shop`, `3 marked containers`.
    public var name: String
    /// In label order.
    public var members: [MergedLogMember]

    public init(name: String, members: [MergedLogMember]) {
        self.name = name
        self.members = members
    }

    /// What the logs pane's state names the stream by: no container's (the ID says so), and a different one for
    /// every set of members, so a project that gains a container starts a new stream.
    public var ref: ContainerRef {
        ContainerRef(
            host: members.first?.ref.host ?? .main,
            id: "merged:" + members.map { "\($0.ref.host.name)/\($0.ref.id.prefix(12))" }.joined(separator: ","))
    }

    /// The width every prefix is padded to, so the lines' own text starts in one column.
    public var labelWidth: Int { members.map { TerminalText.width($0.label) }.max() ?? 0 }
}

/// Which merged log the logs pane shows, if any.
public enum MergedLogs {
    /// `com.docker.compose.container-number`: `web-1`, `web-2` for a scaled service.
    static let containerNumberLabel = "com.docker.compose.container-number"

    /// The merged log the logs pane shows now: on a project row, its containers; with two or more rows marked,
    /// those. Nil while the pane shows one container's log (or is not the logs pane).
    public static func target(_ state: AppState) -> MergedLogTarget? {
        guard state.view == .containers, state.pane == .logs else { return nil }
        if let group = ProjectGrouping.selectedGroup(state), !group.members.isEmpty {
            // A pod's row is titled `pod web` already.
            let name = group.isPod ? group.title : "project \(group.title)"
            return MergedLogTarget(name: name, members: members(group.members, state: state))
        }
        guard state.marked.count >= 2 else { return nil }
        let marked = state.containers.filter { state.marked.contains($0.ref) }
        guard marked.count >= 2 else { return nil }
        return MergedLogTarget(name: "\(marked.count) marked containers", members: members(marked, state: state))
    }

    /// The members, named by Compose service (and number) when every one has a name of its own that way, else by
    /// container name (and engine, when there are several).
    static func members(_ containers: [ContainerSummary], state: AppState) -> [MergedLogMember] {
        let byService = containers.map { container -> String? in
            guard let service = container.labels?[ProjectGrouping.serviceLabel], !service.isEmpty else { return nil }
            guard let number = container.labels?[containerNumberLabel], !number.isEmpty else { return service }
            return "\(service)-\(number)"
        }
        let serviceNames = byService.compactMap { $0 }
        let useServices = serviceNames.count == containers.count && Set(serviceNames).count == containers.count
        let hosts = Set(containers.map(\.host))
        let members = containers.enumerated().map { index, container in
            let label: String
            if useServices, let service = byService[index] {
                label = service
            } else if hosts.count > 1 {
                label = "\(container.displayName)@\(container.host.name)"
            } else {
                label = container.displayName
            }
            return MergedLogMember(ref: container.ref, label: label)
        }
        return members.sorted { ($0.label, $0.ref.id) < ($1.label, $1.ref.id) }
    }
}
