import EngineAPI

/// One marked container a bulk command applies to.
public struct BulkTarget: Sendable, Equatable {
    public var container: ContainerRef
    public var name: String
    /// Running (or paused, restarting): remove forces it.
    public var isRunning: Bool

    public init(container: ContainerRef, name: String, isRunning: Bool) {
        self.container = container
        self.name = name
        self.isRunning = isRunning
    }
}

/// A Podman pod removed whole, by `D` on its row: one request removes it with every container in it.
public struct BulkPod: Sendable, Hashable {
    public var host: HostID
    public var id: String
    public var name: String

    public init(host: HostID, id: String, name: String) {
        self.host = host
        self.id = id
        self.name = name
    }
}

/// The one question before a command on every marked row: the command, the containers it will touch, the marked
/// ones it leaves alone and why.
public struct BulkDialog: Sendable, Equatable {
    /// nil while the kill signal is being picked.
    public var command: ContainerCommand?
    /// The highlighted signal while picking.
    public var signalIndex: Int = 0
    public var targets: [BulkTarget]
    /// Marked rows the command does not apply to, with the reason (`db-1 (not running)`).
    public var skipped: [String]
    /// Set when the removal is of a Podman pod: the targets are its containers, and they go with it.
    public var pod: BulkPod?

    public init(command: ContainerCommand?, targets: [BulkTarget], skipped: [String] = [], pod: BulkPod? = nil) {
        self.command = command
        self.targets = targets
        self.skipped = skipped
        self.pod = pod
    }

    /// `Stop 3 containers?`, `Remove 2 containers? 1 is running and will be forced.`
    public var question: String {
        let count = containerCount
        switch command {
        case .kill(let signal)?: return "Send \(signal.shortName) to \(count)?"
        case .remove(_, let volumes)?:
            let running = targets.filter(\.isRunning).count
            let areRunning = running == 0 ? "" : " \(running) \(running == 1 ? "is" : "are") running and will be"
            if let pod {
                // Podman stops a pod's containers (each within its stop timeout) before it removes them.
                let what = targets.count == 1 ? "its container" : "its \(targets.count) containers"
                return "Remove pod \(pod.name) and \(what)?" + (running == 0 ? "" : areRunning + " stopped first.")
            }
            let forced = running == 0 ? "" : areRunning + " forced."
            return "Remove \(count)?\(forced)" + (volumes ? " Their anonymous volumes will be removed too." : "")
        case let command?: return "\(command.verb.capitalized) \(count)?"
        case nil: return "Kill \(count): which signal?"
        }
    }

    /// `1 container`, `3 containers`: the targets.
    public var containerCount: String { targets.count == 1 ? "1 container" : "\(targets.count) containers" }

    /// Whether `v` toggles volume removal: a removal of containers (Podman removes a pod's without its volumes).
    public var offersVolumeChoice: Bool {
        if case .remove? = command { return pod == nil }
        return false
    }

    var removesVolumes: Bool {
        if case .remove(_, let volumes)? = command { return volumes }
        return false
    }

    /// The command as run on one target: removal forces only the running ones.
    public func command(for target: BulkTarget) -> ContainerCommand? {
        guard let command else { return nil }
        if case .remove(_, let volumes) = command { return .remove(force: target.isRunning, volumes: volumes) }
        return command
    }
}

/// A bulk command in flight: which rows are still running it and how each ended, for the summary.
public struct BulkProgress: Sendable, Equatable {
    public var command: ContainerCommand
    public var remaining: Set<ContainerRef>
    public var done: [String] = []
    public var failed: [String] = []
    /// A pod removed whole, and the names of its containers: one answer settles them all.
    public var pod: BulkPod?
    public var podMembers: [String] = []

    public init(command: ContainerCommand, remaining: Set<ContainerRef>, pod: BulkPod? = nil) {
        self.command = command
        self.remaining = remaining
        self.pod = pod
    }
}

/// Start, stop, restart, kill and remove on every marked row, after one confirmation that lists them.
enum BulkActions {
    /// The marked containers that still exist, in the order the list shows them (those the filter hides last).
    static func markedContainers(_ state: AppState) -> [ContainerSummary] {
        let shown = state.visibleContainers.filter { state.marked.contains($0.ref) }
        let shownRefs = Set(shown.map(\.ref))
        return shown + state.containers.filter { state.marked.contains($0.ref) && !shownRefs.contains($0.ref) }
    }

    /// Opens the question for `command` on the marked rows; nil when nothing is marked (the selection's own
    /// command applies then).
    static func start(_ command: Command, _ state: inout AppState) -> [Effect]? {
        // A project or pod row's command is for its containers; else for the marked rows.
        let marked = ProjectGrouping.selectedMembers(state) ?? markedContainers(state)
        guard !marked.isEmpty else {
            if ProjectGrouping.isProjectRow(state.selection) {
                let what = ProjectGrouping.isPodRow(state.selection) ? "pod" : "project"
                state.status = StatusMessage("The \(what) has no container left", kind: .error)
                return []
            }
            return nil
        }
        let snapshot = state
        func target(_ row: ContainerSummary) -> BulkTarget {
            BulkTarget(container: row.ref, name: snapshot.label(row), isRunning: row.lifecycle.isAlive)
        }
        let alive = marked.filter { $0.lifecycle.isAlive }
        let stopped = marked.filter { !$0.lifecycle.isAlive }
        let busy = marked.filter { state.pending[$0.ref] != nil }
        func free(_ rows: [ContainerSummary]) -> [ContainerSummary] { rows.filter { snapshot.pending[$0.ref] == nil } }
        var skipped = busy.map { "\(state.label($0)) (busy)" }
        let dialog: BulkDialog
        switch command {
        case .startStop:
            // Any running one makes it a stop: starting some and stopping others at once would surprise.
            if alive.isEmpty {
                dialog = BulkDialog(command: .start, targets: free(stopped).map(target), skipped: skipped)
            } else {
                skipped += stopped.map { "\(state.label($0)) (not running)" }
                dialog = BulkDialog(command: .stop, targets: free(alive).map(target), skipped: skipped)
            }
        case .restart:
            dialog = BulkDialog(command: .restart, targets: free(marked).map(target), skipped: skipped)
        case .kill:
            skipped += stopped.map { "\(state.label($0)) (not running)" }
            dialog = BulkDialog(command: nil, targets: free(alive).map(target), skipped: skipped)
        case .remove where ProjectGrouping.isPodRow(state.selection):
            // A pod's row removes the pod (`podman pod rm`): Podman removes its infra container only with the pod, and
            // removing the others one by one would leave an empty pod behind.
            guard let group = ProjectGrouping.selectedGroup(state), case .pod(let id) = group.kind else { return nil }
            let pod = BulkPod(host: group.host, id: id, name: group.name)
            dialog = BulkDialog(
                command: .remove(force: false, volumes: false), targets: group.members.map(target), pod: pod)
        case .remove:
            // Podman removes a pod's infra container only with the pod; asked on its own, it refuses.
            func isInfra(_ row: ContainerSummary) -> Bool { PodGrouping.isInfra(row, snapshot) }
            let removable = marked.filter { !isInfra($0) }
            skipped += marked.filter(isInfra).map { "\(state.label($0)) (a pod's infra container: D on the pod's row)" }
            dialog = BulkDialog(
                command: .remove(force: false, volumes: false), targets: free(removable).map(target), skipped: skipped)
        default:
            return nil
        }
        guard !dialog.targets.isEmpty else {
            state.status = StatusMessage(
                "Nothing to \(command == .kill ? "kill" : dialog.command?.verb ?? "do") among the marked rows: "
                    + dialog.skipped.joined(separator: ", "), kind: .error)
            return []
        }
        state.mode = .bulk(dialog)
        return []
    }

    static func handle(_ state: inout AppState, _ input: DialogInput, _ dialog: BulkDialog) -> [Effect] {
        guard dialog.command != nil else {
            let signals = ContainerSignal.allCases
            guard
                let (highlight, chosen) = Dashboard.signalChoice(input, index: dialog.signalIndex, count: signals.count)
            else {
                state.mode = .normal
                state.status = StatusMessage("Kill cancelled")
                return []
            }
            var next = dialog
            next.signalIndex = highlight
            if let chosen { next.command = .kill(signals[chosen]) }
            state.mode = .bulk(next)
            return []
        }
        switch input {
        case .command(.yes, _):
            state.mode = .normal
            return perform(&state, dialog)
        case .command(.volumes, _) where dialog.offersVolumeChoice:
            var next = dialog
            next.command = .remove(force: false, volumes: !dialog.removesVolumes)
            state.mode = .bulk(next)
            return []
        default:
            state.mode = .normal
            state.status = StatusMessage("Cancelled: nothing was changed")
            return []
        }
    }

    static func perform(_ state: inout AppState, _ dialog: BulkDialog) -> [Effect] {
        guard let command = dialog.command, !state.readOnly else { return [] }
        if let pod = dialog.pod { return removePod(&state, pod, dialog) }
        var effects: [Effect] = []
        for target in dialog.targets {
            guard let each = dialog.command(for: target) else { continue }
            state.pending[target.container] = each
            effects.append(.perform(each, container: target.container, name: target.name))
        }
        state.bulk = BulkProgress(command: command, remaining: Set(dialog.targets.map(\.container)))
        state.marked.subtract(dialog.targets.map(\.container))
        state.status = StatusMessage(
            String(command.progressLabel.dropLast()).capitalizedFirst + " \(dialog.containerCount)…")
        return effects
    }

    /// Notes one row's result; once every row has answered, the status line sums them up (each row's own result
    /// stays in `:messages`).
    static func finished(_ state: inout AppState, container: ContainerRef, name: String, error: String?) {
        guard var progress = state.bulk, progress.remaining.remove(container) != nil else { return }
        if let error {
            progress.failed.append("\(name): \(error)")
        } else {
            progress.done.append(name)
        }
        guard progress.remaining.isEmpty else {
            state.bulk = progress
            return
        }
        state.bulk = nil
        let total = progress.done.count + progress.failed.count
        let verb: String
        switch progress.command {
        case .kill(let signal): verb = "Sent \(signal.shortName) to"
        case .remove: verb = "Removed"
        default: verb = progress.command.doneMessage(name: "").trimmingSpaces
        }
        var text = "\(verb) \(progress.done.count) of \(total)"
        if !progress.done.isEmpty { text += ": " + progress.done.joined(separator: ", ") }
        if !progress.failed.isEmpty {
            text += "; could not \(progress.command.verb) " + progress.failed.joined(separator: "; ")
        }
        state.status = StatusMessage(text, kind: progress.failed.isEmpty ? .success : .error)
    }

    /// One request removes the pod and its containers; each row shows it is busy until the answer.
    static func removePod(_ state: inout AppState, _ pod: BulkPod, _ dialog: BulkDialog) -> [Effect] {
        guard let command = dialog.command else { return [] }
        for target in dialog.targets {
            state.pending[target.container] = dialog.command(for: target)
        }
        var progress = BulkProgress(command: command, remaining: Set(dialog.targets.map(\.container)), pod: pod)
        progress.podMembers = dialog.targets.map(\.name)
        state.bulk = progress
        state.marked.subtract(dialog.targets.map(\.container))
        state.status = StatusMessage("Removing pod \(pod.name)…")
        return [.removePod(pod, force: dialog.targets.contains(where: \.isRunning))]
    }

    /// Podman answered the removal of `pod`: the summary names its containers, or says why it is still there.
    static func podRemoved(_ state: inout AppState, _ pod: BulkPod, error: String?) {
        guard let progress = state.bulk, progress.pod == pod else { return }
        for container in progress.remaining { state.pending[container] = nil }
        state.bulk = nil
        let who = state.showsHosts ? " on \(pod.host.name)" : ""
        if let error {
            state.status = StatusMessage("Could not remove pod \(pod.name)\(who): \(error)", kind: .error)
        } else {
            let members = progress.podMembers.isEmpty ? "" : ": " + progress.podMembers.joined(separator: ", ")
            state.status = StatusMessage("Removed pod \(pod.name)\(who) and its containers\(members)", kind: .success)
        }
    }
}
