import DashboardCore
import EngineAPI
import TerminalUI

/// Draws the top pane's content inside its border: column titles, one row per process, the command last.
enum TopPaneView {
    static func draw(_ state: AppState, into grid: inout CellGrid, area: Rect) {
        let pane = state.top
        guard let container = state.selectedContainer else { return }
        let stopped = pane.container == container.ref && pane.problem == .notRunning
        if !container.lifecycle.isAlive || stopped {
            message("\(container.displayName) is not running: no processes to show.", into: &grid, area: area)
            return
        }
        guard pane.container == container.ref else {
            message("Loading processes…", into: &grid, area: area, style: Theme.hintText)
            return
        }
        if case .failed(let reason) = pane.problem {
            message("Could not list processes: \(reason)", into: &grid, area: area, style: Theme.error)
            return
        }
        guard let table = pane.table else { return }
        let rows = pane.rows
        var listArea = area
        if let rejection = pane.rejection {
            grid.put(
                "Engine's default columns: it refused berth's ps options (\(rejection))", x: area.x,
                y: area.maxY - 1, width: area.width, style: Theme.hintText)
            listArea.height -= 1
        }
        guard listArea.height > 0 else { return }
        if rows.isEmpty {
            message("No processes.", into: &grid, area: listArea, style: Theme.hintText)
            return
        }
        let columns = layout(table, rows: rows, width: listArea.width)
        drawTitles(table, pane, columns, into: &grid, x: listArea.x, y: listArea.y)
        let height = listArea.height - 1
        let scroll = clampedScroll(pane, rows: rows, height: height)
        for (offset, row) in rows.dropFirst(scroll).prefix(height).enumerated() {
            let y = listArea.y + 1 + offset
            drawRow(row, table, columns, into: &grid, x: listArea.x, y: y)
            if row.pid == pane.selectedPID {
                let focused = state.focus == .pane
                grid.restyle(y: y, x: listArea.x, width: listArea.width) {
                    $0.reverse = true
                    if !focused { $0.dim = true }
                }
            }
        }
        if let dialog = pane.dialog { drawDialog(dialog, container: container.displayName, into: &grid, area: area) }
    }

    static func message(_ text: String, into grid: inout CellGrid, area: Rect, style: Style = .plain) {
        grid.put(text, x: area.x + 1, y: area.y, width: area.width - 1, style: style)
    }

    /// The row scrolled to: the stored one, moved just enough to show the selected row at this size.
    static func clampedScroll(_ pane: TopPaneState, rows: [ProcessRow], height: Int) -> Int {
        var scroll = pane.scroll
        if let position = rows.firstIndex(where: { $0.pid == pane.selectedPID }) {
            if position < scroll { scroll = position }
            if position >= scroll + height { scroll = position - height + 1 }
        }
        return max(0, min(scroll, rows.count - height))
    }

    /// A column: where it starts, how wide, and whether numbers are right-aligned in it.
    struct Column {
        var index: Int
        var x: Int
        var width: Int
        var rightAligned: Bool
    }

    static let numericTitles: Set<String> = [
        "PID", "PPID", "%CPU", "%MEM", "RSS", "VSZ", "C", "CPU", "NI", "PRI", "ELAPSED", "TIME", "UID",
    ]

    /// Every column but the command gets the width of its widest cell (titles included, capped so one long
    /// user name cannot take the row); the command gets the rest and is cut with an ellipsis.
    static func layout(_ table: ProcessTable, rows: [ProcessRow], width: Int) -> [Column] {
        var columns: [Column] = []
        // One blank column against the border, as in the container table.
        var x = 1
        for index in table.titles.indices where index != table.commandColumn {
            // One more than the title for the sort arrow.
            var widest = TerminalText.width(table.titles[index]) + 1
            for row in rows where row.cells.indices.contains(index) {
                widest = max(widest, TerminalText.width(cellText(row.cells[index], column: index, table)))
            }
            widest = min(widest, 16)
            // The command keeps at least a dozen columns; fields that do not fit are dropped from the right.
            if x + widest + 1 + 12 > width, !columns.isEmpty { break }
            let numeric = numericTitles.contains(table.titles[index].uppercased())
            columns.append(Column(index: index, x: x, width: widest, rightAligned: numeric))
            x += widest + 2
        }
        columns.append(Column(index: table.commandColumn, x: x, width: max(0, width - x), rightAligned: false))
        return columns
    }

    /// A cell as shown: memory sizes in KiB become `1.3M`.
    static func cellText(_ text: String, column: Int, _ table: ProcessTable) -> String {
        guard table.isKibibytes(column), let kib = Double(text) else { return text }
        return ProcessMemoryFormat.kibibytes(kib)
    }

    static func drawTitles(
        _ table: ProcessTable, _ pane: TopPaneState, _ columns: [Column], into grid: inout CellGrid, x: Int, y: Int
    ) {
        let sortColumn: Int?
        switch pane.sort {
        case .cpu: sortColumn = table.cpuColumn
        case .memory: sortColumn = table.memoryColumn
        case .pid: sortColumn = table.pidColumn
        }
        for column in columns {
            var title = table.titles[column.index]
            if column.index == sortColumn { title += pane.descending ? "▼" : "▲" }
            if column.index == table.commandColumn, pane.tree { title += " (tree)" }
            put(title, column, into: &grid, x: x, y: y, style: Theme.columnTitles)
        }
    }

    static func drawRow(
        _ row: ProcessRow, _ table: ProcessTable, _ columns: [Column], into grid: inout CellGrid, x: Int, y: Int
    ) {
        for column in columns {
            let cell = row.cells.indices.contains(column.index) ? row.cells[column.index] : ""
            if column.index == table.commandColumn {
                let prefixWidth = grid.put(
                    row.treePrefix, x: x + column.x, y: y, width: column.width, style: Theme.hintText)
                // A 100k-character command line only needs its first screenful laid out.
                grid.put(
                    String(cell.prefix(column.width + 1)), x: x + column.x + prefixWidth, y: y,
                    width: column.width - prefixWidth)
            } else {
                put(cellText(cell, column: column.index, table), column, into: &grid, x: x, y: y)
            }
        }
    }

    static func put(_ text: String, _ column: Column, into grid: inout CellGrid, x: Int, y: Int, style: Style = .plain)
    {
        let clipped = String(text.prefix(column.width + 1))
        let width = TerminalText.width(clipped)
        let start = column.rightAligned && width < column.width ? column.width - width : 0
        grid.put(clipped, x: x + column.x + start, y: y, width: column.width - start, style: style)
    }

    static func drawDialog(_ dialog: TopDialog, container: String, into grid: inout CellGrid, area: Rect) {
        switch dialog {
        case .pickingSignal(let target, let index):
            let signals = ContainerSignal.allCases
            let rect = area.centered(width: min(area.width, 52), height: signals.count + 4)
            grid.box(rect, title: "signal PID \(target.pid)")
            grid.put(target.command, x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, style: Theme.hintText)
            for (offset, signal) in signals.enumerated() where offset < rect.height - 4 {
                let y = rect.y + 2 + offset
                grid.put("\(offset + 1) \(signal.shortName)", x: rect.x + 2, y: y, width: 8, style: Theme.hintKey)
                grid.put(SignalPicker.meanings[signal] ?? "", x: rect.x + 11, y: y, width: rect.width - 13)
                if offset == index { grid.restyle(y: y, x: rect.x + 1, width: rect.width - 2) { $0.reverse = true } }
            }
            grid.put(
                "Enter pick · Esc cancel", x: rect.x + 2, y: rect.maxY - 2, width: rect.width - 4, style: Theme.hintText
            )
        case .confirming(let target, let signal):
            let width = min(area.width, 64)
            var lines = ConfirmDialog.wrap(
                "Send \(signal.shortName) to PID \(target.pid) (\(target.command)) in \(container)?", width: width - 4)
            lines = Array(lines.prefix(max(1, area.height - 4)))
            lines.append("")
            lines.append("y  confirm    any other key cancels")
            let rect = area.centered(width: width, height: lines.count + 2)
            grid.box(rect, title: "confirm", style: Theme.dialog)
            for (offset, line) in lines.enumerated() where offset < rect.height - 2 {
                let style = line.hasPrefix("y  ") ? Theme.hintKey : Style(bold: true)
                grid.put(line, x: rect.x + 2, y: rect.y + 1 + offset, width: rect.width - 4, style: style)
            }
        }
    }

}

/// Sizes for people: binary units, one decimal below 10.
private enum ProcessMemoryFormat {
    static func kibibytes(_ kib: Double) -> String {
        let units = ["K", "M", "G", "T"]
        var value = kib
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(Int(value.rounded()))K" }
        let rounded = (value * 10).rounded() / 10
        return rounded < 10 ? "\(rounded)\(units[unit])" : "\(Int(value.rounded()))\(units[unit])"
    }
}
