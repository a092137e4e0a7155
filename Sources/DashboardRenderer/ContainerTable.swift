import DashboardCore
import EngineAPI
import TerminalUI

/// The container list: column titles, then one row per visible container.
enum ContainerTable {
    static func draw(_ state: AppState, into grid: inout CellGrid, area: Rect) {
        let rows = state.visibleContainers
        let groups = state.groupsProjects ? ProjectGrouping.groups(state) : [:]
        let cells = cells(rows, groups: groups, state: state)
        let columns = columns(state, cells: cells, width: area.width)
        let staleHosts = Set(state.hosts.filter(\.isStale).map(\.id))

        var x = area.x
        var titlesEnd = area.x
        for (column, width) in columns {
            titlesEnd = x + grid.put(title(column, state), x: x, y: area.y, width: width, style: Theme.columnTitles)
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
            let isPending = state.pending[container.ref] != nil
            // An unreachable engine's rows are what it last said: dimmed, and the HOST cell says why.
            let isStale = staleHosts.contains(container.host)
            let group = groups[container.ref]
            var rowStyle = group == nil ? Theme.row(container.lifecycle) : Theme.projectRow
            if isStale { rowStyle = Style(dim: true) }
            var x = area.x
            for (column, width) in columns {
                let text = cells[index][column]
                var style = rowStyle
                if column == .status {
                    if isPending {
                        style = Theme.pending
                    } else if !rowStyle.dim, let health = Theme.health(in: text) {
                        style = health
                    }
                }
                if column == .why, !isStale, !text.isEmpty { style = Theme.why(container) }
                if column == .name { style.bold = (container.lifecycle == .running || group != nil) && !isStale }
                if column == .host, isStale { style = Theme.unreachable }
                if column == .cpu || column == .memory {
                    StatsColumns.draw(
                        text: text, fraction: group == nil ? StatsColumns.fraction(column, container, state) : nil,
                        x: x, y: y, width: width, style: style, into: &grid)
                } else {
                    grid.put(text, x: x, y: y, width: width, style: style)
                }
                x += width + ColumnLayout.gap
            }
            if container.ref == state.selection {
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

    /// Every row's texts: a project's or pod's row from its members, a container's from itself.
    static func cells(
        _ rows: [ContainerSummary], groups: [ContainerRef: ProjectGroup], state: AppState
    ) -> [RowCells] {
        rows.map { row in
            groups[row.ref].map { projectCells($0, row: row, state: state) } ?? cellTexts(row, state: state)
        }
    }

    /// The columns shown and their widths, by the one rule every list follows (`ColumnLayout`).
    ///
    /// Every frame measures every row (a column is as wide as its widest text, wherever the list is scrolled), so
    /// this pass touches no dictionary and no hash: with a thousand containers it ran on each key and each second.
    static func columns(_ state: AppState, cells: [RowCells], width: Int) -> [(TableColumn, Int)] {
        var widest = TableColumn.allCases.map { TerminalText.width($0.title) }
        var used = [Bool](repeating: false, count: widest.count)
        for row in cells {
            for column in TableColumn.allCases {
                let text = row[column]
                guard !text.isEmpty else { continue }
                used[column.index] = true
                widest[column.index] = max(widest[column.index], TerminalText.width(text))
            }
        }
        var widths: [TableColumn: Int] = [:]
        for column in TableColumn.allCases { widths[column] = widest[column.index] }
        // The figures leave room for their bars.
        for column in [TableColumn.cpu, .memory] { widths[column, default: 0] += StatsColumns.barSpace }
        // A column no row uses (no ports published anywhere, say) gives way to the ones that say something.
        let emptyColumns = Set(TableColumn.allCases.filter { !cells.isEmpty && !used[$0.index] })
        // WHY says something only about a container in trouble; on a healthy host it takes no room at all.
        var hidden: Set<TableColumn> = state.showsHosts ? [] : [.host]
        if !used[TableColumn.why.index] { hidden.insert(.why) }
        return ColumnLayout.layout(width: width, widest: widths, emptyColumns: emptyColumns, hidden: hidden)
    }

    static func cellTexts(_ container: ContainerSummary, state: AppState) -> RowCells {
        var status = ContainerFormat.status(container)
        if let pending = state.pending[container.ref] { status = pending.progressLabel }
        var host = container.host.name
        if state.showsHosts, state.host(container.host)?.isStale == true { host += " (down)" }
        return RowCells(
            host: host,
            // A marked row (Space) says so where the eye is: before its name.
            name: state.marked.contains(container.ref) ? "✓ " + container.displayName : container.displayName,
            image: container.image ?? "",
            status: status,
            why: ContainerFormat.why(container),
            cpu: StatsColumns.cpuText(container, state),
            memory: StatsColumns.memoryText(container, state),
            ports: ContainerFormat.ports(container.ports),
            created: ContainerFormat.created(container.created, now: state.now),
            id: container.shortID)
    }

    /// A project's or pod's row: folded or not, its name (`pod web` for a pod), running/total, CPU and memory summed
    /// over its containers, and where it comes from (a project's working directory and config files, a pod's ID).
    static func projectCells(_ group: ProjectGroup, row: ContainerSummary, state: AppState) -> RowCells {
        let folded = state.foldedProjects.contains(group.ref)
        let figures = group.members.compactMap { state.stats.rows[$0.ref] }
        let cpu = figures.compactMap(\.cpuPercent)
        let memory = figures.compactMap(\.memoryUsed)
        let sampled = group.members.contains { StatsColumns.isSampled($0) }
        var host = group.host.name
        if state.showsHosts, state.host(group.host)?.isStale == true { host += " (down)" }
        let marked = group.members.allSatisfy { state.marked.contains($0.ref) } && !group.members.isEmpty
        return RowCells(
            host: host,
            name: (marked ? "✓ " : "") + (folded ? "▸ " : "▾ ") + group.title,
            image: group.origin,
            status: row.status ?? "",
            cpu: sampled ? (cpu.isEmpty ? "-" : StatsUnits.percent(cpu.reduce(0, +))) : "",
            memory: sampled ? (memory.isEmpty ? "-" : StatsUnits.binary(memory.reduce(0, +))) : "",
            created: ContainerFormat.created(row.created, now: state.now),
            id: "\(group.members.count) container\(group.members.count == 1 ? "" : "s")")
    }

    /// The column's title, with an arrow on the column the list is sorted by.
    static func title(_ column: TableColumn, _ state: AppState) -> String {
        let arrow = state.sort.descending ? "↓" : "↑"
        switch (column, state.sort.key) {
        case (.cpu, .cpu), (.memory, .memory), (.name, .name): return column.title + arrow
        default: return column.title
        }
    }

    static func emptyMessage(_ state: AppState) -> String {
        if state.hosts.contains(where: { $0.status == .connecting }) { return "Loading containers…" }
        if !state.filter.isEmpty { return "No containers match \"\(state.filter)\" (Esc clears the filter)" }
        if !state.showAll, !state.containers.isEmpty { return "No running containers (a shows all)" }
        return "No containers"
    }
}

/// One row's text in each column of the container list.
///
/// Stored fields, not a dictionary: the list measures every row on every frame.
struct RowCells {
    var host = ""
    var name = ""
    var image = ""
    var status = ""
    var why = ""
    var cpu = ""
    var memory = ""
    var ports = ""
    var created = ""
    var id = ""

    subscript(column: TableColumn) -> String {
        switch column {
        case .host: host
        case .name: name
        case .image: image
        case .status: status
        case .why: why
        case .cpu: cpu
        case .memory: memory
        case .ports: ports
        case .created: created
        case .id: id
        }
    }
}
