import TerminalUI

/// What is under the mouse pointer, as the renderer's layout says (`DashboardView.hit`).
public enum MouseTarget: Sendable, Equatable {
    /// The row of the list on screen with this index among its visible rows (containers or a resource view).
    case row(Int)
    /// The title of a container-list column that sorts the list.
    case sortContainers(ListSort.Key)
    /// The title of a resource view's column: its index among the view's own columns.
    case sortColumn(Int)
    /// The title of a column that does not sort, or the list below its last row.
    case list
    /// Inside the pane; `row` is the index of the process (top) or tree row (inspect) under the pointer.
    case pane(PaneKind, row: Int?)
    /// The header, the status line, an overlay: a click there does nothing.
    case nothing
}

/// A click or a turn of the wheel, with what it happened on.
public enum MouseAction: Sendable, Equatable {
    case click(MouseTarget)
    /// `lines` rows down (positive) or up (negative).
    case wheel(MouseTarget, lines: Int)
}

/// Clicks select rows, focus panes and sort by a column; the wheel scrolls what is under the pointer. The mouse acts
/// on the dashboard only: in a prompt, a dialog or an overlay, where keys decide, it does nothing.
public enum MouseInput {
    /// Rows one notch of the wheel moves.
    public static let wheelStep = 3

    static func reduce(_ state: inout AppState, _ action: MouseAction) -> [Effect] {
        guard state.mouseReporting, state.mode == .normal else { return [] }
        switch action {
        case .click(let target): return click(target, &state)
        case .wheel(let target, let lines): return wheel(target, lines: lines, &state)
        }
    }

    static func click(_ target: MouseTarget, _ state: inout AppState) -> [Effect] {
        switch target {
        case .row(let index):
            state.focus = .list
            if state.view == .containers {
                let rows = state.visibleContainers
                if rows.indices.contains(index) { state.selection = rows[index].ref }
            } else {
                let rows = state.visibleRows(state.view)
                if rows.indices.contains(index) { state.resources[state.view]?.selection = rows[index].key }
                ResourceViews.keepSelection(&state, state.view)
            }
        case .sortContainers(let key):
            state.focus = .list
            StatsPane.sort(by: key, &state)
        case .sortColumn(let column):
            state.focus = .list
            guard var viewState = state.resources[state.view] else { return [] }
            if viewState.sortColumn == column {
                viewState.descending.toggle()
            } else {
                viewState.sortColumn = column
                viewState.descending = false
            }
            state.resources[state.view] = viewState
            ResourceViews.keepSelection(&state, state.view)
        case .list:
            state.focus = .list
        case .pane(let pane, let row):
            guard state.pane == pane else { return [] }
            state.focus = .pane
            if let row { selectPaneRow(pane, row, &state) }
        case .nothing:
            break
        }
        return []
    }

    /// A click on a row of the top or inspect pane moves the cursor there.
    static func selectPaneRow(_ pane: PaneKind, _ row: Int, _ state: inout AppState) {
        switch pane {
        case .top:
            TopPane.select(&state, state.top.rows, row)
            TopPane.keepSelectedRowVisible(&state)
        case .inspect:
            guard let tree = state.inspect.tree else { return }
            InspectPane.select(&state, tree.visibleRows(expanded: state.inspect.expanded), row)
        case .stats, .logs, .events:
            break
        }
    }

    static func wheel(_ target: MouseTarget, lines: Int, _ state: inout AppState) -> [Effect] {
        let down = lines > 0
        var effects: [Effect] = []
        for _ in 0..<abs(lines) {
            switch target {
            case .pane(.logs, _):
                effects += LogsPane.run(down ? .scrollDown : .scrollUp, &state)
            case .pane(.top, _):
                effects += TopPane.run(down ? .moveDown : .moveUp, &state)
            case .pane(.inspect, _):
                effects += InspectPane.run(down ? .moveDown : .moveUp, &state)
            case .pane(.events, _):
                effects += EventsPane.run(down ? .scrollDown : .scrollUp, &state)
            case .pane(.stats, _), .row, .sortContainers, .sortColumn, .list:
                if state.view == .containers {
                    Dashboard.move(&state, by: down ? 1 : -1)
                } else {
                    effects += ResourceViews.run(down ? .moveDown : .moveUp, &state)
                }
            case .nothing:
                return effects
            }
        }
        return effects
    }
}
