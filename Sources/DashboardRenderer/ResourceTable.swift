import DashboardCore
import EngineAPI
import TerminalUI

/// Any view other than the containers (`:images`, …): column titles, then one row per visible object, laid out from
/// the view's `ColumnSpec`s. Columns join by priority, so a narrow screen drops the least useful ones first.
enum ResourceTable {
    static func draw(_ definition: ResourceViewDefinition, _ state: AppState, into grid: inout CellGrid, area: Rect) {
        let viewState = state.resources[definition.id] ?? ResourceViewState(definition)
        let rows = state.visibleRows(definition.id)
        var specs = definition.columns
        let showsHosts = state.showsHosts
        if showsHosts { specs.insert(ColumnSpec("HOST", minimum: 6, maximum: 20, priority: 1), at: 0) }
        // A row's cells as drawn: its host first while several engines are watched.
        func cells(_ row: ResourceRow) -> [String] { showsHosts ? [row.host.name] + row.cells : row.cells }
        let widths: [(Int, Int)]
        if let measured = state.shownColumnWidths(definition.id) {
            // Measured once when the rows last changed: the cursor moving costs no pass over every row.
            var widest = measured.widest
            var empty = measured.empty
            if state.showsHosts {
                let hostWidest = rows.reduce(TerminalText.width("HOST") + 1) {
                    max($0, TerminalText.width($1.host.name))
                }
                widest.insert(hostWidest, at: 0)
                empty.insert(rows.isEmpty, at: 0)
            }
            widths = layout(specs, widest: widest, empty: empty, width: area.width)
        } else {
            widths = layout(specs, cells: rows.map(cells), width: area.width)
        }
        var x = area.x
        var titlesEnd = area.x
        let sortedColumn = viewState.sortColumn + (state.showsHosts ? 1 : 0)
        for (index, width) in widths {
            var title = specs[index].title
            if index == sortedColumn { title += viewState.descending ? "↓" : "↑" }
            // A column of figures aligned on the right has its title over them.
            let shift = specs[index].alignRight ? max(0, width - TerminalText.width(title)) : 0
            titlesEnd =
                x + shift + grid.put(title, x: x + shift, y: area.y, width: width - shift, style: Theme.columnTitles)
            x += width + ColumnLayout.gap
        }
        let bodyTop = area.y + 1
        let bodyHeight = area.height - 1
        guard bodyHeight > 0 else { return }
        if rows.isEmpty {
            grid.put(
                emptyMessage(definition, viewState, state), x: area.x + 1, y: bodyTop, width: area.width - 1,
                style: Theme.hintText)
            return
        }
        let first = min(viewState.scroll, max(0, rows.count - 1))
        let stale = Set(state.hosts.filter(\.isStale).map(\.id))
        for (offset, index) in (first..<min(rows.count, first + bodyHeight)).enumerated() {
            let y = bodyTop + offset
            let row = rows[index]
            var style: Style
            switch row.tone {
            case .normal: style = .plain
            case .dim: style = Style(dim: true)
            case .warning: style = Style(foreground: .yellow)
            }
            // A group's row stands out as a Compose project's does in the container list.
            if row.isGroup { style = row.tone == .warning ? Style(foreground: .yellow, bold: true) : Theme.projectRow }
            if stale.contains(row.host) { style = Style(dim: true) }
            var x = area.x
            let rowCells = cells(row)
            for (column, width) in widths {
                let text = column < rowCells.count ? rowCells[column] : ""
                if specs[column].alignRight {
                    let used = TerminalText.width(text)
                    grid.put(text, x: x + max(0, width - used), y: y, width: width, style: style)
                } else {
                    grid.put(text, x: x, y: y, width: width, style: style)
                }
                x += width + ColumnLayout.gap
            }
            if row.key == viewState.selection {
                grid.restyle(y: y, x: area.x, width: area.width) { $0 = Style(bold: $0.bold, reverse: true) }
            }
        }
        if rows.count > bodyHeight {
            let note = " \(first + 1)-\(min(rows.count, first + bodyHeight)) of \(rows.count) "
            let width = TerminalText.width(note)
            if area.maxX - width >= titlesEnd + 1 {
                grid.put(note, x: area.maxX - width, y: area.y, style: Theme.hintText)
            }
        }
    }

    /// (column index, width) in display order, by the one rule every list follows (`ColumnLayout`).
    static func layout(_ specs: [ColumnSpec], cells: [[String]], width: Int) -> [(Int, Int)] {
        var widest = specs.map { TerminalText.width($0.title) + 1 }
        var empty = specs.map { _ in !cells.isEmpty }
        for row in cells {
            for (index, text) in row.enumerated() where index < widest.count {
                widest[index] = max(widest[index], TerminalText.width(text))
                if !text.isEmpty { empty[index] = false }
            }
        }
        return layout(specs, widest: widest, empty: empty, width: width)
    }

    /// The same, from each column's widest cell and whether it is empty in every row.
    static func layout(_ specs: [ColumnSpec], widest: [Int], empty: [Bool], width: Int) -> [(Int, Int)] {
        let needs = specs.indices.map {
            ColumnNeed(
                minimum: specs[$0].minimum, ideal: min(specs[$0].maximum, max(specs[$0].minimum, widest[$0])),
                isEmpty: empty[$0])
        }
        let usefulness = specs.indices.sorted { specs[$0].priority < specs[$1].priority }
        var widths = ColumnLayout.widths(needs, usefulness: usefulness, keep: usefulness.first, width: width)
        // The last column takes what is left, unless its numbers line up on the right: they would drift away from
        // their title, to the far edge (the selection bar spans the row whatever the columns' widths).
        if let last = widths.lastIndex(where: { $0 != nil }), specs[last].alignRight, let current = widths[last] {
            widths[last] = min(current, needs[last].ideal)
        }
        return specs.indices.compactMap { index in widths[index].map { (index, $0) } }
    }

    static func emptyMessage(
        _ definition: ResourceViewDefinition, _ viewState: ResourceViewState, _ state: AppState
    )
        -> String
    {
        if let (host, error) = viewState.errors.first {
            return state.showsHosts ? "\(host.name): \(error)" : error
        }
        if viewState.loaded.isEmpty {
            // Nothing to wait for when every engine is down: say why, as the header does.
            let down = state.hosts.compactMap { host -> (HostID, String)? in
                guard case .unreachable(let reason, _) = host.status else { return nil }
                return (host.id, reason)
            }
            if let (host, reason) = down.first, down.count == state.hosts.count {
                return state.showsHosts ? "\(host.name): \(reason)" : reason
            }
            return "Loading \(definition.title)…"
        }
        if !state.filter.isEmpty { return "No \(definition.title) match \"\(state.filter)\" (Esc clears the filter)" }
        return "No \(definition.title)"
    }
}
