import EngineAPI
import TerminalUI

/// What the top pane shows: the selected container's processes, refreshed every 2 s while the pane is open.
public struct TopPaneState: Sendable, Equatable {
    /// The container whose processes `table` holds.
    public var container: ContainerRef?
    public var table: ProcessTable?
    /// The engine's words when it rejected berth's `ps` options and its default columns are shown instead.
    public var rejection: String?
    /// Why there is no table: the container is not running, or the request failed.
    public var problem: TopProblem?
    public var sort: ProcessSort = .cpu
    public var descending: Bool = true
    /// Whether processes are arranged under their parents (`T`).
    public var tree: Bool = false
    /// The selected process, kept across refreshes while it exists.
    public var selectedPID: String?
    /// The first visible row.
    public var scroll: Int = 0
    /// The signal picker or the y/N question, while open.
    public var dialog: TopDialog?

    public init() {}

    /// The rows in the current order.
    public var rows: [ProcessRow] { table?.ordered(by: sort, descending: descending, tree: tree) ?? [] }
}

/// Why the top pane has no processes to show.
public enum TopProblem: Sendable, Equatable {
    case notRunning
    case failed(String)
}

/// The steps of sending a signal to a process.
public enum TopDialog: Sendable, Equatable {
    /// Picking from `ContainerSignal.allCases`; `index` is the highlighted row (TERM first).
    case pickingSignal(ProcessTarget, index: Int)
    /// Waiting for `y`.
    case confirming(ProcessTarget, ContainerSignal)
}

/// News from the top feed.
public enum TopAction: Sendable, Equatable {
    case loaded(container: ContainerRef, table: ContainerTop, rejection: String?)
    case failed(container: ContainerRef, problem: TopProblem)
    case signalFinished(container: ContainerRef, target: ProcessTarget, signal: ContainerSignal, error: String?)
}

/// One-off work the top pane asks the runtime for.
public enum TopEffect: Sendable, Hashable {
    /// Send `signal` to the process inside the container (via exec).
    case signal(container: ContainerRef, target: ProcessTarget, signal: ContainerSignal)
}

/// The top pane's reducer and keys.
enum TopPane {
    static func reduce(_ state: inout AppState, _ action: TopAction) -> [Effect] {
        switch action {
        case .loaded(let id, _, _), .failed(let id, _):
            // A late answer from the feed of a container no longer selected would only cause a flicker.
            guard id == state.selection else { return [] }
        case .signalFinished:
            break
        }
        switch action {
        case .loaded(let id, let top, let rejection):
            let previousRows = state.top.container == id ? state.top.rows : []
            if state.top.container != id { resetSelection(&state.top) }
            state.top.container = id
            state.top.table = ProcessTable(top)
            state.top.rejection = rejection
            state.top.problem = nil
            keepSelection(&state.top, previousRows: previousRows)
            keepSelectedRowVisible(&state)
        case .failed(let id, let problem):
            if state.top.container != id { resetSelection(&state.top) }
            state.top.container = id
            state.top.table = nil
            state.top.problem = problem
        case .signalFinished(_, let target, let signal, let error):
            if let error {
                state.status = StatusMessage(
                    "Could not send \(signal.shortName) to PID \(target.pid): \(error)", kind: .error)
            } else {
                state.status = StatusMessage(
                    "Sent \(signal.shortName) to PID \(target.pid) (\(target.command))", kind: .success)
            }
        }
        return []
    }

    static func resetSelection(_ pane: inout TopPaneState) {
        pane.selectedPID = nil
        pane.scroll = 0
        pane.dialog = nil
    }

    /// Keeps the selected PID; when it is gone, the row that took its place is selected.
    static func keepSelection(_ pane: inout TopPaneState, previousRows: [ProcessRow]) {
        let rows = pane.rows
        guard !rows.isEmpty else {
            pane.selectedPID = nil
            return
        }
        if let pid = pane.selectedPID, rows.contains(where: { $0.pid == pid }) { return }
        let oldPosition = previousRows.firstIndex { $0.pid == pane.selectedPID } ?? 0
        pane.selectedPID = rows[min(oldPosition, rows.count - 1)].pid
    }

    /// Rows of processes that fit under the column titles (and the note about rejected options).
    public static func listHeight(_ state: AppState) -> Int {
        let content = state.layout.paneContent?.height ?? 0
        return max(1, content - 1 - (state.top.rejection == nil ? 0 : 1))
    }

    static func keepSelectedRowVisible(_ state: inout AppState) {
        let rows = state.top.rows
        let height = listHeight(state)
        var scroll = state.top.scroll
        if let position = rows.firstIndex(where: { $0.pid == state.top.selectedPID }) {
            if position < scroll { scroll = position }
            if position >= scroll + height { scroll = position - height + 1 }
        }
        state.top.scroll = max(0, min(scroll, rows.count - height))
    }

    /// Whether the pane's container can have processes: running or paused.
    static func containerIsAlive(_ state: AppState) -> Bool {
        state.selectedContainer?.lifecycle.isAlive ?? false
    }

    // MARK: - Keys

    /// Keys while the pane has the focus; nil lets the key fall through to the global table.
    static func run(_ command: TopCommand, _ state: inout AppState) -> [Effect] {
        let rows = state.top.rows
        let position = rows.firstIndex { $0.pid == state.top.selectedPID } ?? 0
        switch command {
        case .moveDown: select(&state, rows, position + 1)
        case .moveUp: select(&state, rows, position - 1)
        case .first: select(&state, rows, 0)
        case .last: select(&state, rows, rows.count - 1)
        case .pageDown: select(&state, rows, position + listHeight(state))
        case .pageUp: select(&state, rows, position - listHeight(state))
        case .sortCPU: sort(&state, .cpu)
        case .sortMemory: sort(&state, .memory)
        case .sortPID: sort(&state, .pid)
        case .tree:
            if state.top.tree == false, let table = state.top.table, table.ppidColumn == nil {
                state.status = StatusMessage("No tree: the engine's answer has no PPID column", kind: .error)
            } else {
                state.top.tree.toggle()
                state.status = StatusMessage(state.top.tree ? "Process tree by parent PID" : "Flat process list")
            }
        case .signal:
            return openSignalPicker(&state, rows, position)
        case .back:
            state.focus = .list
            state.zoomed = false
            return []
        }
        keepSelectedRowVisible(&state)
        return []
    }

    static func select(_ state: inout AppState, _ rows: [ProcessRow], _ position: Int) {
        guard !rows.isEmpty else { return }
        state.top.selectedPID = rows[min(max(position, 0), rows.count - 1)].pid
    }

    static func sort(_ state: inout AppState, _ sort: ProcessSort) {
        if let table = state.top.table {
            let column: Int?
            switch sort {
            case .cpu: column = table.cpuColumn
            case .memory: column = table.memoryColumn
            case .pid: column = table.pidColumn
            }
            if column == nil {
                state.status = StatusMessage("The engine's answer has no column to sort by that", kind: .error)
                return
            }
        }
        if state.top.sort == sort {
            state.top.descending.toggle()
        } else {
            state.top.sort = sort
            state.top.descending = sort.descendingByDefault
        }
    }

    static func openSignalPicker(_ state: inout AppState, _ rows: [ProcessRow], _ position: Int) -> [Effect] {
        if state.readOnly {
            state.status = StatusMessage(
                "Read-only mode: sending signals is disabled (--read-only)", kind: .error)
            return []
        }
        guard containerIsAlive(state), state.top.problem == nil, state.top.container == state.selection else {
            state.status = StatusMessage("Not running: no process to signal", kind: .error)
            return []
        }
        guard !rows.isEmpty, let table = state.top.table, let target = table.target(rows[position].cells) else {
            state.status = StatusMessage("No process selected", kind: .error)
            return []
        }
        state.top.dialog = .pickingSignal(target, index: 0)
        return []
    }

    static func handleDialog(_ state: inout AppState, _ input: DialogInput, _ dialog: TopDialog) -> [Effect] {
        let signals = ContainerSignal.allCases
        switch dialog {
        case .pickingSignal(let target, let index):
            guard let (highlight, chosen) = Dashboard.signalChoice(input, index: index, count: signals.count) else {
                state.top.dialog = nil
                state.status = StatusMessage("Cancelled: no signal sent")
                return []
            }
            state.top.dialog = .pickingSignal(target, index: highlight)
            if let chosen { state.top.dialog = .confirming(target, signals[chosen]) }
            if let chosen, !state.confirmations.processSignal {
                return handleDialog(&state, .command(.yes, .character("y")), .confirming(target, signals[chosen]))
            }
            return []
        case .confirming(let target, let signal):
            state.top.dialog = nil
            guard case .command(.yes, _) = input else {
                state.status = StatusMessage("Cancelled: no signal sent")
                return []
            }
            guard let id = state.top.container, !state.readOnly else { return [] }
            state.status = StatusMessage("Sending \(signal.shortName) to PID \(target.pid)…")
            return [.top(.signal(container: id, target: target, signal: signal))]
        }
    }
}
