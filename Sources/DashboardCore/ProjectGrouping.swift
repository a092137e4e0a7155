import EngineAPI

/// A Compose project on one engine: the containers labelled `com.docker.compose.project` with the same name.
///
/// berth needs no compose CLI for this: the labels say it all (the project, each container's service, the working
/// directory and the files it was made from).
public struct ProjectGroup: Sendable, Equatable {
    public var host: HostID
    public var name: String
    /// `com.docker.compose.project.working_dir` of its containers.
    public var workingDirectory: String?
    /// `com.docker.compose.project.config_files`, as the label says (comma-separated paths).
    public var configFiles: String?
    /// Every container of the project on that engine, shown or not, in list order.
    public var members: [ContainerSummary]

    /// The containers running (or paused, restarting).
    public var running: Int { members.filter { $0.lifecycle.isAlive }.count }

    /// The row that stands for the project in the list.
    public var ref: ContainerRef { ContainerRef(host: host, id: ProjectGrouping.idPrefix + name) }

    /// `~/shop · compose.yaml`: where the project lives and what it was made from (file names alone when they are
    /// in the working directory).
    public var origin: String {
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

/// Groups the container list by Compose project (`P`): a row per project, then its containers, unless folded.
public enum ProjectGrouping {
    public static let projectLabel = "com.docker.compose.project"
    public static let serviceLabel = "com.docker.compose.service"
    static let workingDirectoryLabel = "com.docker.compose.project.working_dir"
    static let configFilesLabel = "com.docker.compose.project.config_files"
    /// A project row's ID: engine IDs are hexadecimal (names never reach this field), so it never names a container.
    static let idPrefix = "project:"

    /// The project `container` belongs to, if any.
    public static func project(of container: ContainerSummary) -> String? {
        guard let name = container.labels?[projectLabel], !name.isEmpty else { return nil }
        return name
    }

    /// Whether `ref` is a project row rather than a container.
    public static func isProjectRow(_ ref: ContainerRef?) -> Bool { ref?.id.hasPrefix(idPrefix) == true }

    /// Every project of every engine, by its row.
    public static func groups(_ containers: [ContainerSummary]) -> [ContainerRef: ProjectGroup] {
        var groups: [ContainerRef: ProjectGroup] = [:]
        for container in containers {
            guard let name = project(of: container) else { continue }
            let ref = ContainerRef(host: container.host, id: idPrefix + name)
            if groups[ref] == nil {
                groups[ref] = ProjectGroup(host: container.host, name: name, members: [])
            }
            groups[ref]?.members.append(container)
            let labels = container.labels ?? [:]
            if groups[ref]?.workingDirectory == nil { groups[ref]?.workingDirectory = labels[workingDirectoryLabel] }
            if groups[ref]?.configFiles == nil { groups[ref]?.configFiles = labels[configFilesLabel] }
        }
        return groups
    }

    /// The row that stands for `group` in the list: not a container, but it moves, sorts and selects like one.
    static func row(_ group: ProjectGroup) -> ContainerSummary {
        ContainerSummary(
            host: group.host, id: group.ref.id, names: ["/" + group.name], image: group.origin,
            created: group.members.compactMap(\.created).max(), state: nil,
            status: "\(group.running)/\(group.members.count) running")
    }

    /// `rows` (filtered and sorted) with a project row before the first of each project's containers, and its
    /// other shown containers right after it; a folded project shows its row alone.
    static func arrange(
        _ rows: [ContainerSummary], groups: [ContainerRef: ProjectGroup], folded: Set<ContainerRef>
    ) -> [ContainerSummary] {
        var byProject: [ContainerRef: [ContainerSummary]] = [:]
        for row in rows {
            guard let name = project(of: row) else { continue }
            byProject[ContainerRef(host: row.host, id: idPrefix + name), default: []].append(row)
        }
        var result: [ContainerSummary] = []
        result.reserveCapacity(rows.count + byProject.count)
        var placed = Set<ContainerRef>()
        for row in rows {
            guard let name = project(of: row) else {
                result.append(row)
                continue
            }
            let ref = ContainerRef(host: row.host, id: idPrefix + name)
            guard placed.insert(ref).inserted, let group = groups[ref] else { continue }
            result.append(Self.row(group))
            if !folded.contains(ref) { result += byProject[ref] ?? [] }
        }
        return result
    }

    /// Containers of folded projects: hidden, yet their figures add up on the project's row.
    static func foldedMembers(_ state: AppState) -> [ContainerSummary] {
        guard state.groupsProjects, !state.foldedProjects.isEmpty else { return [] }
        return state.containers.filter { container in
            guard let name = project(of: container) else { return false }
            return state.foldedProjects.contains(ContainerRef(host: container.host, id: idPrefix + name))
        }
    }

    // MARK: - Keys

    /// `P`: grouping on or off.
    static func toggle(_ state: inout AppState) {
        let selected = state.selection
        state.groupsProjects.toggle()
        if !state.groupsProjects, let selected, isProjectRow(selected) {
            // The project row goes: its first container takes the cursor.
            state.selection = groups(state.containers)[selected]?.members.first?.ref
        }
        let count = groups(state.containers).count
        state.status = StatusMessage(
            state.groupsProjects
                ? "Grouped by Compose project (\(count) project\(count == 1 ? "" : "s")); Enter folds one"
                : "Not grouped")
    }

    /// Enter on a project row: fold or unfold it.
    static func fold(_ state: inout AppState) {
        guard let selected = state.selection, isProjectRow(selected) else {
            state.status = StatusMessage(
                state.groupsProjects
                    ? "Enter folds a project: select its row" : "Not grouped: P groups the list by Compose project",
                kind: .error)
            return
        }
        if state.foldedProjects.remove(selected) == nil { state.foldedProjects.insert(selected) }
    }

    /// The containers of the selected project row, or nil when the selection is a container.
    static func selectedMembers(_ state: AppState) -> [ContainerSummary]? {
        guard let selected = state.selection, isProjectRow(selected) else { return nil }
        return groups(state.containers)[selected]?.members ?? []
    }
}
