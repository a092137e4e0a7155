import DashboardCore
import TerminalUI

extension DashboardView {
    /// What is drawn at (`x`, `y`) in the screen `render(state)` draws: a row of the list, a column title, a pane and
    /// its row. It follows the same layout as drawing, so a click lands on what the user sees there.
    public static func hit(_ state: AppState, x: Int, y: Int) -> MouseTarget {
        guard state.mode == .normal, x >= 0, y >= 0, x < state.size.width, y < state.size.height else {
            return .nothing
        }
        let layout = state.layout
        if let pane = state.pane, let area = layout.pane, area.contains(x: x, y: y) {
            return .pane(pane, row: paneRow(pane, state, y: y))
        }
        let list = layout.list
        guard list.height > 0, list.contains(x: x, y: y) else { return .nothing }
        if y == list.y { return header(state, x: x, area: list) }
        let first: Int
        let count: Int
        if state.view == .containers {
            count = state.visibleContainers.count
            first = min(state.scrollOffset, max(0, count - 1))
        } else {
            count = state.visibleRows(state.view).count
            first = min(state.resources[state.view]?.scroll ?? 0, max(0, count - 1))
        }
        let index = first + y - (list.y + 1)
        return index < count ? .row(index) : .list
    }

    /// The column title at `x`: the containers sort by name, state, CPU and memory; a resource view by any column.
    static func header(_ state: AppState, x: Int, area: Rect) -> MouseTarget {
        var left = area.x
        if let definition = state.resourceDefinition {
            let rows = state.visibleRows(definition.id)
            var specs = definition.columns
            var cells = rows.map(\.cells)
            let hostColumn = state.showsHosts
            if hostColumn {
                specs.insert(ColumnSpec("HOST", minimum: 6, maximum: 20, priority: 1), at: 0)
                cells = zip(rows, cells).map { [$0.host.name] + $1 }
            }
            for (index, width) in ResourceTable.layout(specs, cells: cells, width: area.width) {
                if x >= left, x < left + width {
                    let column = hostColumn ? index - 1 : index
                    return column >= 0 ? .sortColumn(column) : .list
                }
                left += width + ColumnLayout.gap
            }
            return .list
        }
        let groups = state.groupsProjects ? ProjectGrouping.groups(state) : [:]
        let cells = ContainerTable.cells(state.visibleContainers, groups: groups, state: state)
        for (column, width) in ContainerTable.columns(state, cells: cells, width: area.width) {
            if x >= left, x < left + width {
                switch column {
                case .name: return .sortContainers(.name)
                case .status: return .sortContainers(.state)
                case .cpu: return .sortContainers(.cpu)
                case .memory: return .sortContainers(.memory)
                default: return .list
                }
            }
            left += width + ColumnLayout.gap
        }
        return .list
    }

    /// The process (top) or tree row (inspect) drawn on screen row `y`, if any.
    static func paneRow(_ pane: PaneKind, _ state: AppState, y: Int) -> Int? {
        guard let content = state.layout.paneContent, y >= content.y, y < content.maxY else { return nil }
        switch pane {
        case .top:
            let rows = state.top.rows
            let rejection = state.top.rejection == nil ? 0 : 1
            let height = content.height - rejection - 1
            guard height > 0, y > content.y else { return nil }
            let index = TopPaneView.clampedScroll(state.top, rows: rows, height: height) + y - content.y - 1
            return index < rows.count && y - content.y - 1 < height ? index : nil
        case .inspect:
            guard let tree = state.inspect.tree else { return nil }
            let rows = tree.visibleRows(expanded: state.inspect.expanded)
            let height = content.height - InspectPaneLayout.footerHeight(state)
            guard y - content.y < height else { return nil }
            let selected = state.inspect.selectedPath.flatMap { tree.index(ofPath: $0) }
            let scroll = InspectPaneLayout.scroll(
                state.inspect.scroll, selected: selected, rows: rows, height: max(1, height))
            let index = scroll + y - content.y
            return index < rows.count ? index : nil
        case .stats, .logs, .events:
            return nil
        }
    }
}

/// A mouse event as an action: a press of the left button clicks, the wheel scrolls, other buttons do nothing.
public enum MouseGesture {
    public static func action(_ event: MouseEvent, in state: AppState) -> MouseAction {
        let target = DashboardView.hit(state, x: event.x, y: event.y)
        switch event.kind {
        case .press(button: 1): return .click(target)
        case .press: return .click(.nothing)
        case .wheelUp: return .wheel(target, lines: -MouseInput.wheelStep)
        case .wheelDown: return .wheel(target, lines: MouseInput.wheelStep)
        }
    }
}
