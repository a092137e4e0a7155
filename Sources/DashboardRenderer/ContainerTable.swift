import DashboardCore
import EngineAPI
import TerminalUI

/// The container list: column titles, then one row per visible container.
enum ContainerTable {
    static func draw(_ state: AppState, into grid: inout CellGrid, area: Rect) {
        let rows = state.visibleContainers
        let cells = rows.map { cellTexts($0, state: state) }
        var widest: [TableColumn: Int] = [:]
        for column in TableColumn.allCases { widest[column] = TerminalText.width(column.rawValue) }
        for row in cells {
            for (column, text) in row { widest[column] = max(widest[column] ?? 0, TerminalText.width(text)) }
        }
        let columns = ColumnLayout.layout(width: area.width, widest: widest)

        var x = area.x
        var titlesEnd = area.x
        for (column, width) in columns {
            titlesEnd = x + grid.put(column.rawValue, x: x, y: area.y, width: width, style: Theme.columnTitles)
            x += width + ColumnLayout.gap
        }

        let bodyTop = area.y + 1
        let bodyHeight = area.height - 1
        guard bodyHeight > 0 else { return }
        if rows.isEmpty {
            grid.put(emptyMessage(state), x: area.x + 1, y: bodyTop, width: area.width - 1, style: Theme.hintText)
            return
        }
        let first = min(state.scrollOffset, max(0, rows.count - 1))
        for (offset, index) in (first..<min(rows.count, first + bodyHeight)).enumerated() {
            let y = bodyTop + offset
            let container = rows[index]
            let isPending = state.pending[container.id] != nil
            let rowStyle = Theme.row(container.lifecycle)
            var x = area.x
            for (column, width) in columns {
                let text = cells[index][column] ?? ""
                var style = rowStyle
                if column == .status {
                    if isPending {
                        style = Theme.pending
                    } else if !rowStyle.dim, let health = Theme.health(in: text) {
                        style = health
                    }
                }
                if column == .name { style.bold = container.lifecycle == .running }
                grid.put(text, x: x, y: y, width: width, style: style)
                x += width + ColumnLayout.gap
            }
            if container.id == state.selectedID {
                // One even bar across the row: the state colours would turn into a patchwork when reversed.
                grid.restyle(y: y, x: area.x, width: area.width) { $0 = Style(bold: $0.bold, reverse: true) }
            }
        }
        if rows.count > bodyHeight {
            let note = " \(first + 1)-\(min(rows.count, first + bodyHeight)) of \(rows.count) "
            let width = TerminalText.width(note)
            // Only where it covers no column title.
            if area.maxX - width >= titlesEnd + 1 {
                grid.put(note, x: area.maxX - width, y: area.y, style: Theme.hintText)
            }
        }
    }

    static func cellTexts(_ container: ContainerSummary, state: AppState) -> [TableColumn: String] {
        var status = ContainerFormat.status(container)
        if let pending = state.pending[container.id] { status = pending.progressLabel }
        return [
            .name: container.displayName,
            .image: container.image ?? "",
            .status: status,
            .ports: ContainerFormat.ports(container.ports),
            .created: ContainerFormat.created(container.created, now: state.now),
            .id: container.shortID,
        ]
    }

    static func emptyMessage(_ state: AppState) -> String {
        if case .connecting = state.engine { return "Loading containers…" }
        if !state.filter.isEmpty { return "No containers match \"\(state.filter)\" (Esc clears the filter)" }
        if !state.showAll, !state.containers.isEmpty { return "No running containers (a shows all)" }
        return "No containers"
    }
}
