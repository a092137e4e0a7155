import EngineAPI
import TerminalUI

/// Commands of the Swarm views' key table (`swarm`), looked up before the `resources` table in `:nodes`,
/// `:services` and `:tasks`.
public enum SwarmCommand: String, Sendable, CaseIterable {
    /// `:services`/`:nodes`: the selected object's tasks; `:tasks`: all tasks again.
    case tasks
    case scale
    case forceUpdate = "force-update"
    case rollback
    case drain
    case pause = "pause-node"
    case activate = "activate-node"
    /// The logs of the selected service or task.
    case logs = "swarm-logs"
}

/// What berth asks a swarm's manager to do to one service or node.
public enum SwarmOperation: Sendable, Equatable, Hashable {
    case scale(UInt64)
    case forceUpdate
    case rollback
    case availability(String)
}

/// One Swarm change, asked for: what, on which object of which engine, and how the messages name it.
public struct SwarmRequest: Sendable, Equatable, Hashable {
    public var operation: SwarmOperation
    public var host: HostID
    public var view: ViewID
    /// The service's or node's ID.
    public var id: String
    /// `web`, `worker1`.
    public var name: String
    /// What the question adds (`Its 4 running tasks move to other nodes.`).
    public var note: String?

    public init(
        operation: SwarmOperation, host: HostID, view: ViewID, id: String, name: String, note: String? = nil
    ) {
        self.operation = operation
        self.host = host
        self.view = view
        self.id = id
        self.name = name
        self.note = note
    }

    /// `Drain node worker1?`
    public var question: String {
        let what: String
        switch operation {
        case .scale(let count): what = "Scale service \(name) to \(count)?"
        case .forceUpdate: what = "Force a rolling update of service \(name)? Every task is replaced."
        case .rollback: what = "Roll service \(name) back to its previous spec?"
        case .availability(let availability):
            what = "\(SwarmFailure.capitalized(availability == "active" ? "activate" : availability)) node \(name)?"
        }
        return what + (note.map { " \($0)" } ?? "")
    }

    /// `Scaling web to 2…`
    public var progress: String {
        switch operation {
        case .scale(let count): return "Scaling \(name) to \(count)…"
        case .forceUpdate: return "Forcing an update of \(name)…"
        case .rollback: return "Rolling \(name) back…"
        case .availability(let availability): return "Setting \(name) to \(availability)…"
        }
    }

    /// `web scaled to 2`
    public var done: String {
        switch operation {
        case .scale(let count): return "Service \(name) scaled to \(count)"
        case .forceUpdate: return "Service \(name) is being updated"
        case .rollback: return "Service \(name) is rolling back"
        case .availability(let availability): return "Node \(name) is now \(availability)"
        }
    }
}

/// A dialog of the Swarm views.
public enum SwarmDialog: Sendable, Equatable {
    /// The question before a change: `y` sends it.
    case confirm(SwarmRequest)
    /// The number of replicas, typed; Enter scales.
    case scale(SwarmRequest, text: String)
}

/// The Swarm views' keys: scale, force update, rollback, node availability, tasks of a service or node, and the
/// jump from a task to its container.
enum SwarmActions {
    static let readOnlyMessage = "Read-only mode: changing the swarm is disabled (--read-only)"
    static let views: Set<ViewID> = [NodesView.id, ServicesView.id, TasksView.id]

    /// Whether `view` is one of the Swarm views (their keys apply there).
    static func isSwarm(_ view: ViewID) -> Bool { views.contains(view) }

    static func selectedRow(_ state: AppState) -> ResourceRow? {
        guard let viewState = state.resources[state.view] else { return nil }
        return state.visibleRows(state.view).first { $0.key == viewState.selection }
    }

    static func run(_ command: SwarmCommand, _ state: inout AppState) -> [Effect] {
        let view = state.view
        if changes(command) {
            guard !state.readOnly else {
                state.status = StatusMessage(readOnlyMessage, kind: .error)
                return []
            }
        }
        guard applies(command.rawValue, state, ignoringReadOnly: true) else { return [] }
        if command == .tasks, view == TasksView.id {
            state.resources[view]?.scope = nil
            ResourceViews.keepSelection(&state, view)
            return []
        }
        guard let row = selectedRow(state) else {
            state.status = StatusMessage("Nothing selected", kind: .error)
            return []
        }
        if row.isGroup, let stack = row.group {
            return stackCommand(command, stack: stack, &state)
        }
        let name = row.cells.first ?? row.id
        func request(_ operation: SwarmOperation, note: String? = nil) -> SwarmRequest {
            SwarmRequest(operation: operation, host: row.host, view: view, id: row.id, name: name, note: note)
        }
        switch command {
        case .tasks:
            let key = view == NodesView.id ? TasksView.scope(node: row.id) : TasksView.scope(service: row.id)
            let label = view == NodesView.id ? "node \(name)" : "service \(name)"
            let effects = ResourceViews.show(TasksView.id, &state)
            state.resources[TasksView.id]?.scope = RowScope(key: key, label: label)
            state.resources[TasksView.id]?.selection = nil
            ResourceViews.keepSelection(&state, TasksView.id)
            return effects
        case .scale:
            guard row.cells[2].hasPrefix("replicated"), !row.cells[2].hasSuffix("job") else {
                state.status = StatusMessage("Only a replicated service can be scaled", kind: .error)
                return []
            }
            let current = row.cells[2].split(separator: " ").last.map(String.init) ?? ""
            state.mode = .resourceDialog(.swarm(.scale(request(.scale(0)), text: current)))
        case .forceUpdate: state.mode = .resourceDialog(.swarm(.confirm(request(.forceUpdate))))
        case .rollback: state.mode = .resourceDialog(.swarm(.confirm(request(.rollback))))
        case .drain, .pause:
            let tasks = runningTasks(row)
            let counted = "\(tasks) running task\(tasks == 1 ? "" : "s")"
            let note =
                command == .drain
                ? (tasks == 0 ? "No task runs there now." : "Its \(counted) move to other nodes.")
                : "Its \(counted) keep running; no new task goes there."
            state.mode = .resourceDialog(
                .swarm(.confirm(request(.availability(command == .drain ? "drain" : "pause"), note: note))))
        case .activate:
            // Making a node available again disrupts nothing: no question.
            return perform(request(.availability("active")), &state)
        case .logs:
            return SwarmLogs.open(row, view: view, &state)
        }
        return []
    }

    /// A key on a stack's row: `t` shows the tasks of all its services; the others act on one service.
    static func stackCommand(_ command: SwarmCommand, stack: String, _ state: inout AppState) -> [Effect] {
        guard command == .tasks else {
            state.status = StatusMessage("\(stack) is a stack: select one of its services", kind: .error)
            return []
        }
        let effects = ResourceViews.show(TasksView.id, &state)
        state.resources[TasksView.id]?.scope = RowScope(key: TasksView.scope(stack: stack), label: "stack \(stack)")
        state.resources[TasksView.id]?.selection = nil
        ResourceViews.keepSelection(&state, TasksView.id)
        return effects
    }

    static func runningTasks(_ row: ResourceRow) -> Int {
        guard NodesView.tasksColumn < row.sortValues.count, case .number(let n) = row.sortValues[NodesView.tasksColumn]
        else { return 0 }
        return Int(n)
    }

    /// Whether the command changes the swarm (refused with `--read-only`).
    static func changes(_ command: SwarmCommand) -> Bool {
        switch command {
        case .scale, .forceUpdate, .rollback, .drain, .pause, .activate: return true
        case .tasks, .logs: return false
        }
    }

    /// Whether a key of the `swarm` table does something in the view on screen (else its hint is left out).
    static func applies(_ command: String, _ state: AppState, ignoringReadOnly: Bool = false) -> Bool {
        guard let command = SwarmCommand(rawValue: command) else { return false }
        if !ignoringReadOnly, state.readOnly, changes(command) { return false }
        switch command {
        case .tasks: return isSwarm(state.view)
        case .scale, .forceUpdate, .rollback: return state.view == ServicesView.id
        case .drain, .pause, .activate: return state.view == NodesView.id
        case .logs: return state.view == ServicesView.id || state.view == TasksView.id
        }
    }

    /// `Enter` on a task: its container in the container list when one of berth's engines lists it; nil when none
    /// does (the task's own document is shown instead).
    static func jumpToContainer(_ row: ResourceRow, _ state: inout AppState) -> [Effect]? {
        let container = TasksView.containerColumn < row.cells.count ? row.cells[TasksView.containerColumn] : ""
        guard !container.isEmpty, let match = state.containers.first(where: { $0.id.hasPrefix(container) }) else {
            return nil
        }
        let effects = ResourceViews.show(.containers, &state)
        state.showAll = true
        state.selection = match.ref
        return effects
    }

    /// Keys in a Swarm dialog: `y` in a question, typing in the scale prompt.
    static func handle(_ input: SwarmInput, _ dialog: SwarmDialog, _ state: inout AppState) -> [Effect] {
        switch dialog {
        case .confirm(let request):
            if case .yes = input { return perform(request, &state) }
            state.mode = .normal
            state.status = StatusMessage("Cancelled: nothing was changed")
        case .scale(let request, let text):
            switch input {
            case .prompt(let prompt):
                if case .text(let c) = prompt, !c.isNumber { return [] }
                if let edited = prompt.edited(text) {
                    state.mode = .resourceDialog(.swarm(.scale(request, text: String(edited.prefix(6)))))
                    return []
                }
                switch prompt {
                case .command(.submit):
                    guard let count = UInt64(text) else {
                        state.status = StatusMessage("Type the number of replicas", kind: .error)
                        return []
                    }
                    var request = request
                    request.operation = .scale(count)
                    return perform(request, &state)
                case .command(.cancel):
                    state.mode = .normal
                    state.status = StatusMessage("Cancelled: nothing was changed")
                default: break
                }
            case .yes, .other:
                break
            }
        }
        return []
    }

    static func perform(_ request: SwarmRequest, _ state: inout AppState) -> [Effect] {
        state.mode = .normal
        guard !state.readOnly else {
            state.status = StatusMessage(readOnlyMessage, kind: .error)
            return []
        }
        state.status = StatusMessage(request.progress)
        return [.resources(.swarm(request))]
    }

    /// The engine's answer, in the status line; the view's list is fetched again at once.
    static func finished(_ request: SwarmRequest, _ outcome: RemovalOutcome, _ state: inout AppState) -> [Effect] {
        switch outcome {
        case .removed(let note):
            state.status = StatusMessage(request.done + (note.isEmpty ? "" : " (\(note))"), kind: .success)
        case .refused(let reason), .failed(let reason):
            state.status = StatusMessage("The engine refused: \(reason)", kind: .error)
        }
        return [.resources(.fetch(request.view, hosts: [request.host]))]
    }
}

/// A key in a Swarm dialog.
enum SwarmInput: Equatable {
    case yes
    case prompt(PromptInput)
    case other
}
