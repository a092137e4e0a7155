import EngineAPI

/// A group of containers on one engine that the list shows under a row of its own: a Compose project (the
/// containers labelled `com.docker.compose.project` with the same name) or a Podman pod.
///
/// berth needs no compose CLI for projects: the labels say it all (the project, each container's service, the
/// working directory and the files it was made from). Podman's compatible list says nothing about pods, so a pod's
/// containers come from Podman's own list (`PodMembership`).
public struct ProjectGroup: Sendable, Equatable {
    /// What made the group.
    public enum Kind: Sendable, Equatable {
        case composeProject
        /// A Podman pod, with its ID.
        case pod(id: String)
    }

    public var kind: Kind = .composeProject
    public var host: HostID
    /// The project's or the pod's name.
    public var name: String
    /// `com.docker.compose.project.working_dir` of its containers.
    public var workingDirectory: String?
    /// `com.docker.compose.project.config_files`, as the label says (comma-separated paths).
    public var configFiles: String?
    /// A pod's infra container (the one holding the namespaces its containers share), if it has one.
    public var infraID: String?
    /// Every container of the group on that engine, shown or not, in list order; a pod's infra container too.
    public var members: [ContainerSummary]

    public init(
        kind: Kind = .composeProject, host: HostID, name: String, workingDirectory: String? = nil,
        configFiles: String? = nil, infraID: String? = nil, members: [ContainerSummary]
    ) {
        self.kind = kind
        self.host = host
        self.name = name
        self.workingDirectory = workingDirectory
        self.configFiles = configFiles
        self.infraID = infraID
        self.members = members
    }

    /// The containers running (or paused, restarting).
    public var running: Int { members.filter { $0.lifecycle.isAlive }.count }

    /// Whether it is a Podman pod.
    public var isPod: Bool {
        if case .pod = kind { return true }
        return false
    }

    /// How the row names it: `shop` for a project, `pod web` for a pod.
    public var title: String { ProjectGrouping.title(name: name, isPod: isPod) }

    /// The row that stands for the group in the list.
    public var ref: ContainerRef { ContainerRef(host: host, id: ProjectGrouping.idPrefix + title) }

    /// A project: `~/shop · compose.yaml`, where it lives and what it was made from (file names alone when they are
    /// in the working directory). A pod: its short ID, and its infra container when it has one.
    public var origin: String {
        if case .pod(let id) = kind {
            let infra = infraID.flatMap { infraID in members.first { $0.id == infraID } }
            return ([String(id.prefix(12))] + (infra.map { ["infra " + $0.displayName] } ?? [])).joined(
                separator: " · ")
        }
        var parts: [String] = []
        if let workingDirectory, !workingDirectory.isEmpty { parts.append(workingDirectory) }
        if let configFiles, !configFiles.isEmpty {
            let files = configFiles.split(separator: ",").map { path -> String in
                let path = String(path)
                if let workingDirectory, path.hasPrefix(workingDirectory + "/") {
                    return String(path.dropFirst(workingDirectory.count + 1))
                }
                return path
            }
            parts.append(files.joined(separator: ", "))
        }
        return parts.joined(separator: " · ")
    }
}

/// Groups the container list by Compose project and Podman pod (`P`): a row per group, then its containers, unless
/// folded.
public enum ProjectGrouping {
    public static let projectLabel = "com.docker.compose.project"
    public static let serviceLabel = "com.docker.compose.service"
    static let workingDirectoryLabel = "com.docker.compose.project.working_dir"
    static let configFilesLabel = "com.docker.compose.project.config_files"
    /// A group row's ID: engine IDs are hexadecimal (names never reach this field), so it never names a container.
    /// A pod's row is `project:pod web`: Compose project names have no spaces, so the two kinds never meet.
    static let idPrefix = "project:"
    static let podTitlePrefix = "pod "

    static func title(name: String, isPod: Bool) -> String { isPod ? podTitlePrefix + name : name }

    /// The project `container` belongs to, if any.
    public static func project(of container: ContainerSummary) -> String? {
        guard let name = container.labels?[projectLabel], !name.isEmpty else { return nil }
        return name
    }

    /// The row of the group `container` belongs to: its Compose project, else its Podman pod. A project comes first
    /// because it is the name the user gave (podman-compose also puts a project's containers in a pod of its own).
    static func groupRef(of container: ContainerSummary, pods: [HostID: PodMembership]) -> ContainerRef? {
        if let name = project(of: container) {
            return ContainerRef(host: container.host, id: idPrefix + name)
        }
        guard let pod = pods[container.host]?.pods[container.id] else { return nil }
        return ContainerRef(host: container.host, id: idPrefix + podTitlePrefix + pod.name)
    }

    /// Whether `ref` is a group row (a project or a pod) rather than a container.
    public static func isProjectRow(_ ref: ContainerRef?) -> Bool { ref?.id.hasPrefix(idPrefix) == true }

    /// Whether `ref` is a pod's row.
    public static func isPodRow(_ ref: ContainerRef?) -> Bool {
        ref?.id.hasPrefix(idPrefix + podTitlePrefix) == true
    }

    /// Every Compose project of every engine, by its row.
    public static func groups(_ containers: [ContainerSummary]) -> [ContainerRef: ProjectGroup] {
        groups(containers, pods: [:])
    }

    /// Every group of the state's containers (projects, and pods as far as `AppState.pods` knows them), by its row.
    public static func groups(_ state: AppState) -> [ContainerRef: ProjectGroup] {
        groups(state.containers, pods: state.pods.membership)
    }

    /// Every Compose project and Podman pod of every engine, by its row.
    public static func groups(
        _ containers: [ContainerSummary], pods: [HostID: PodMembership]
    ) -> [ContainerRef: ProjectGroup] {
        var groups: [ContainerRef: ProjectGroup] = [:]
        for container in containers {
            guard let ref = groupRef(of: container, pods: pods) else { continue }
            if let name = project(of: container) {
                if groups[ref] == nil { groups[ref] = ProjectGroup(host: container.host, name: name, members: []) }
                let labels = container.labels ?? [:]
                if groups[ref]?.workingDirectory == nil {
                    groups[ref]?.workingDirectory = labels[workingDirectoryLabel]
                }
                if groups[ref]?.configFiles == nil { groups[ref]?.configFiles = labels[configFilesLabel] }
            } else if let membership = pods[container.host], let pod = membership.pods[container.id] {
                if groups[ref] == nil {
                    groups[ref] = ProjectGroup(
                        kind: .pod(id: pod.id), host: container.host, name: pod.name, members: [])
                }
                if membership.infra.contains(container.id) { groups[ref]?.infraID = container.id }
            }
            groups[ref]?.members.append(container)
        }
        return groups
    }

    /// The row that stands for `group` in the list: not a container, but it moves, sorts and selects like one.
    static func row(_ group: ProjectGroup) -> ContainerSummary {
        ContainerSummary(
            host: group.host, id: group.ref.id, names: ["/" + group.title], image: group.origin,
            created: group.members.compactMap(\.created).max(), state: nil,
            status: "\(group.running)/\(group.members.count) running")
    }

    /// `rows` (filtered and sorted) with a group row before the first of each group's containers, and its other
    /// shown containers right after it; a folded group shows its row alone.
    static func arrange(
        _ rows: [ContainerSummary], groups: [ContainerRef: ProjectGroup], pods: [HostID: PodMembership] = [:],
        folded: Set<ContainerRef>
    ) -> [ContainerSummary] {
        GroupedRows.arrange(
            rows, group: { groupRef(of: $0, pods: pods) }, folded: folded,
            groupRow: { ref, _ in groups[ref].map(Self.row) })
    }

    /// Containers of folded groups: hidden, yet their figures add up on the group's row.
    static func foldedMembers(_ state: AppState) -> [ContainerSummary] {
        guard state.groupsProjects, !state.foldedProjects.isEmpty else { return [] }
        return state.containers.filter { container in
            guard let ref = groupRef(of: container, pods: state.pods.membership) else { return false }
            return state.foldedProjects.contains(ref)
        }
    }

    // MARK: - Keys

    /// `P`: grouping on or off. On, it asks each Podman engine for its pods if berth does not know them yet.
    static func toggle(_ state: inout AppState) -> [Effect] {
        let selected = state.selection
        state.groupsProjects.toggle()
        if !state.groupsProjects, let selected, isProjectRow(selected) {
            // The group row goes: its first container takes the cursor.
            state.selection = groups(state)[selected]?.members.first?.ref
        }
        guard state.groupsProjects else {
            state.status = StatusMessage("Not grouped")
            return []
        }
        // Turning grouping on is the user's way to try again after a failure.
        state.pods.failed = [:]
        let effects = PodGrouping.ask(&state)
        state.status = groupedMessage(state, asking: !effects.isEmpty)
        return effects
    }

    static let askingForPods = "; asking Podman for its pods"

    /// `Grouped by Compose project and pod (2 projects, 1 pod); Enter folds one`, with the questions to Podman still
    /// out when `asking`.
    static func groupedMessage(_ state: AppState, asking: Bool) -> StatusMessage {
        let all = groups(state).values
        let projects = all.filter { !$0.isPod }.count
        let pods = all.filter(\.isPod).count
        var counts = "\(projects) project\(projects == 1 ? "" : "s")"
        let podman = state.hosts.contains { PodGrouping.isPodman($0) }
        if podman { counts += ", \(pods) pod\(pods == 1 ? "" : "s")" }
        if asking { counts += askingForPods }
        return StatusMessage("Grouped by Compose project\(podman ? " and pod" : "") (\(counts)); Enter folds one")
    }

    /// Once Podman has answered, a status line that still says berth is asking gives the counts instead.
    static func answered(_ state: inout AppState) {
        guard state.groupsProjects, state.pods.asking.isEmpty, let text = state.status?.text,
            text.hasPrefix("Grouped by "), text.contains(askingForPods)
        else { return }
        state.status = groupedMessage(state, asking: false)
    }

    /// Enter on a group row: fold or unfold it.
    static func fold(_ state: inout AppState) {
        guard let selected = state.selection, isProjectRow(selected) else {
            state.status = StatusMessage(
                state.groupsProjects
                    ? "Enter folds a project or pod: select its row"
                    : "Not grouped: P groups the list by Compose project and pod",
                kind: .error)
            return
        }
        if state.foldedProjects.remove(selected) == nil { state.foldedProjects.insert(selected) }
    }

    /// The group of the selected row, or nil when the selection is a container.
    static func selectedGroup(_ state: AppState) -> ProjectGroup? {
        guard let selected = state.selection, isProjectRow(selected) else { return nil }
        return groups(state)[selected]
    }

    /// The containers of the selected group row, or nil when the selection is a container.
    static func selectedMembers(_ state: AppState) -> [ContainerSummary]? {
        guard let selected = state.selection, isProjectRow(selected) else { return nil }
        return groups(state)[selected]?.members ?? []
    }
}
