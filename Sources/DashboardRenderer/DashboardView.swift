import DashboardCore
import TerminalUI

/// Draws the whole screen for a state. A pure function of the state: same state, same grid.
public enum DashboardView {
    public static func render(_ state: AppState) -> CellGrid {
        var grid = CellGrid(size: state.size)
        guard state.size.width > 0, state.size.height > 0 else { return grid }
        let layout = state.layout
        HeaderBar.draw(state, into: &grid, row: 0)
        if layout.list.height > 0 {
            if let definition = state.resourceDefinition {
                ResourceTable.draw(definition, state, into: &grid, area: layout.list)
            } else {
                ContainerTable.draw(state, into: &grid, area: layout.list)
            }
        }
        if let pane = state.pane, let area = layout.pane { PaneFrame.draw(pane, state, into: &grid, area: area) }
        if state.size.height > 1 { StatusBar.draw(state, into: &grid, row: layout.status.y) }
        switch state.mode {
        case .help: HelpOverlay.draw(state, into: &grid)
        case .messages: MessagesOverlay.draw(state, into: &grid)
        case .confirming(let confirmation): ConfirmDialog.draw(confirmation, into: &grid)
        case .pickingSignal(_, let name, let index): SignalPicker.draw(name: name, index: index, into: &grid)
        case .hostList: HostListOverlay.draw(state, into: &grid)
        case .resourceDialog(let dialog): ResourceDialogView.draw(dialog, state, into: &grid)
        case .bulk(let dialog): BulkDialogView.draw(dialog, into: &grid)
        case .normal, .filtering, .execPrompt, .commandLine: break
        }
        return grid
    }
}

/// The top line: engine, host, counts and what is being shown.
enum HeaderBar {
    static func draw(_ state: AppState, into grid: inout CellGrid, row: Int) {
        let width = state.size.width
        // By index: a filter copied every running row (a dozen strings each) on every frame.
        var running = 0
        for index in state.containers.indices where state.containers[index].lifecycle == .running { running += 1 }
        // While an engine has listed only its running containers, the total is not known yet.
        let total = state.containersPartial.isEmpty ? "\(state.containers.count)" : "…"
        var right = "\(running) running / \(total) total"
        if let definition = state.resourceDefinition {
            let viewState = state.resources[definition.id]
            // Until some engine has answered there is nothing to count: "0 images" would be a claim.
            if definition.countsRows, let viewState, !viewState.loaded.isEmpty {
                let shown = state.shownObjectCount(definition.id)
                let all = viewState.rows.count
                right = shown == all ? "\(all) \(definition.title)" : "\(shown) of \(all) \(definition.title)"
            } else {
                right = definition.title
            }
            if let scope = viewState?.scope { right = "of \(scope.label) · " + right }
            if let note = ResourceViewNotes.age(definition, state) { right = note + " · " + right }
        }
        if !state.showAll { right += " · running only" }
        if !state.marked.isEmpty { right = "\(state.marked.count) marked · " + right }
        // The sort order, then the sampler, join while the engine's name keeps about 30 columns.
        let parts = state.view == .containers ? [StatsHeader.sort(state), StatsHeader.sampling(state)] : []
        for part in parts.compactMap({ $0 })
        where TerminalText.width(part + " · " + right) + 32 <= width {
            right = part + " · " + right
        }
        let rightWidth = TerminalText.width(right)
        // The counts matter more than the host path: the left side gives way first.
        let showRight = rightWidth + 10 <= width
        let limit = showRight ? width - rightWidth - 2 : width
        var x = grid.put("berth", x: 0, y: row, width: limit, style: Theme.header)
        x += 2
        if state.hosts.count == 1, let host = state.hosts.first {
            drawSingle(host, into: &grid, x: x, row: row, limit: limit)
        } else {
            HostsHeader.draw(state.hosts, into: &grid, x: x, row: row, limit: limit)
        }
        if showRight { grid.put(right, x: width - rightWidth, y: row, style: Theme.header) }
    }
}

extension HeaderBar {
    /// One engine: its product, version and API, then its address.
    static func drawSingle(_ host: HostState, into grid: inout CellGrid, x: Int, row: Int, limit: Int) {
        var x = x
        switch host.status {
        case .connecting:
            grid.put("connecting to \(host.address)…", x: x, y: row, width: limit - x, style: Theme.hintText)
        case .connected(let info):
            x += grid.put("\(info.displayName) (API \(info.apiVersion))", x: x, y: row, width: limit - x)
            x += 2
            if let warning = host.warning {
                x += grid.put(warning, x: x, y: row, width: limit - x, style: Theme.pending)
                x += 2
            }
            // A remote engine says how it is reached (ssh dial-stdio or forwarding, TLS…).
            let method = host.method.flatMap { $0.hasPrefix("unix socket") ? nil : " (\($0))" } ?? ""
            grid.put(host.address + method, x: x, y: row, width: limit - x, style: Theme.hintText)
        case .unreachable(_, let retry):
            let seconds = max(1, Int(retry.rounded(.up)))
            grid.put(
                "engine unreachable, retrying in \(seconds)s", x: x, y: row, width: limit - x, style: Theme.unreachable)
        }
    }
}

/// Several engines: each one's name and state, in full (`docker: Docker Engine 20.10.24 (API 1.41)`) when every
/// host fits, else short (`docker ✓  podman ✗ 3s`). The help overlay lists them in full.
enum HostsHeader {
    static func draw(_ hosts: [HostState], into grid: inout CellGrid, x: Int, row: Int, limit: Int) {
        let long = hosts.map { segment($0, short: false) }
        let longWidth = long.reduce(0) { $0 + TerminalText.width($1.text) + 3 }
        let segments = longWidth <= limit - x ? long : hosts.map { segment($0, short: true) }
        var x = x
        for (index, part) in segments.enumerated() where x < limit {
            if index > 0 { x += grid.put(" · ", x: x, y: row, width: limit - x, style: Theme.hintText) }
            x += grid.put(part.text, x: x, y: row, width: limit - x, style: part.style)
        }
    }

    static func segment(_ host: HostState, short: Bool) -> (text: String, style: Style) {
        let name = host.id.name
        switch host.status {
        case .connecting:
            return (short ? "\(name) …" : "\(name): connecting…", Theme.hintText)
        case .connected(let info):
            let warning = host.warning.map { " (\($0))" } ?? ""
            if short {
                return ("\(name) ✓" + (host.warning == nil ? "" : " !"), host.warning == nil ? .plain : Theme.pending)
            }
            return (
                "\(name): \(info.displayName) (API \(info.apiVersion))\(warning)",
                host.warning == nil ? .plain : Theme.pending
            )
        case .unreachable(_, let retry):
            let seconds = max(1, Int(retry.rounded(.up)))
            return (
                short ? "\(name) ✗ \(seconds)s" : "\(name): unreachable, retrying in \(seconds)s", Theme.unreachable
            )
        }
    }

    /// One line per host for the help overlay: name, address, and state in full, with the reason when down.
    public static func helpLines(_ hosts: [HostState]) -> [(String, String)] {
        hosts.map { host in
            let state: String
            switch host.status {
            case .connecting: state = "connecting"
            case .connected(let info): state = "\(info.displayName), API \(info.apiVersion)"
            case .unreachable(let reason, let retry):
                state = "unreachable (\(reason)), retrying in \(max(1, Int(retry.rounded(.up))))s"
            }
            let warning = host.warning.map { " · \($0)" } ?? ""
            return (host.id.name, "\(host.address) · \(state)\(warning)")
        }
    }
}

/// The detail pane's border, titled with the pane and the container, and its content.
enum PaneFrame {
    static func draw(_ pane: PaneKind, _ state: AppState, into grid: inout CellGrid, area: Rect) {
        let swarm = state.view != .containers ? state.swarmLogs : nil
        let merged = pane == .logs ? MergedLogs.target(state) : nil
        var name = merged?.name ?? swarm?.name ?? state.selectedContainer.map(state.label) ?? "no container"
        if pane == .events, state.events.allContainers { name = "every container" }
        let focused = state.focus == .pane
        let border = focused ? Style(foreground: .cyan) : Style(dim: true)
        grid.box(area, title: "\(pane.rawValue) \(pane.title): \(name)", style: border)
        let content = area.inset(by: 1)
        guard !content.isEmpty else { return }
        if ProjectGrouping.isProjectRow(state.selectedContainer?.ref), merged == nil,
            !(pane == .events && state.events.allContainers)
        {
            let group = ProjectGrouping.isPodRow(state.selectedContainer?.ref) ? "pod" : "project"
            grid.put(
                "A \(group): select one of its containers (Enter folds the \(group))", x: content.x + 1,
                y: content.y, width: content.width - 1, style: Theme.hintText)
            return
        }
        guard
            state.selectedContainer != nil || swarm != nil || merged != nil
                || (pane == .events && state.events.allContainers)
        else {
            grid.put(
                "No container selected", x: content.x + 1, y: content.y, width: content.width - 1, style: Theme.hintText
            )
            return
        }
        switch pane {
        case .stats: StatsPaneView.draw(state, into: &grid, area: content)
        case .logs: LogsPaneView.draw(state, merged: merged, into: &grid, area: content)
        case .top: TopPaneView.draw(state, into: &grid, area: content)
        case .inspect: InspectPaneView.draw(state, into: &grid, area: content)
        case .events: EventsPaneView.draw(state, into: &grid, area: content)
        }
    }
}

/// The bottom line: the prompt, the last result, or the keys that apply now.
enum StatusBar {
    static func draw(_ state: AppState, into grid: inout CellGrid, row: Int) {
        let width = state.size.width
        var x = 0
        if state.mode == .filtering {
            x += grid.put("/", x: x, y: row, style: Theme.hintKey)
            x += grid.put(
                state.filter, x: x, y: row, width: max(0, width - x - 1),
                style: state.filterSelected ? Style(reverse: true) : Style())
            x += grid.put("█", x: x, y: row, style: Style(dim: true))
            x += 2
            drawHints(hintPairs(state), into: &grid, x: x, row: row)
            return
        }
        // A dialog takes the next key: its own keys are the only ones that apply.
        switch state.mode {
        case .confirming, .pickingSignal, .resourceDialog, .bulk:
            drawHints(hintPairs(state), into: &grid, x: x, row: row)
            return
        default:
            break
        }
        if case .commandLine(let text) = state.mode {
            x += grid.put(":", x: x, y: row, style: Theme.hintKey)
            x += grid.put(text, x: x, y: row, width: max(0, width - x - 1))
            x += grid.put("█", x: x, y: row, style: Style(dim: true))
            x += 2
            drawHints(hintPairs(state), into: &grid, x: x, row: row)
            return
        }
        if case .execPrompt(_, let name, let text) = state.mode {
            x += grid.put("run in \(name): ", x: x, y: row, style: Theme.hintKey)
            x += grid.put(text, x: x, y: row, width: max(0, width - x - 1))
            x += grid.put("█", x: x, y: row, style: Style(dim: true))
            x += 2
            drawHints(hintPairs(state), into: &grid, x: x, row: row)
            return
        }
        if state.readOnly {
            x += grid.put("[read-only]", x: x, y: row, style: Style(foreground: .yellow, bold: true))
            x += 1
        }
        if !state.filter.isEmpty {
            x += grid.put("filter: \(state.filter)", x: x, y: row, style: Theme.hintKey)
            x += 2
        }
        var message = state.status
        if message == nil, let down = state.hosts.first(where: \.isStale),
            case .unreachable(let reason, _) = down.status
        {
            message = StatusMessage(state.showsHosts ? "\(down.id.name): \(reason)" : reason, kind: .error)
        }
        if let status = message {
            let style: Style
            switch status.kind {
            case .error: style = Theme.error
            case .success: style = Theme.success
            case .info: style = Theme.info
            }
            let room = max(0, width - x)
            if TerminalText.width(status.text) > room, room > more.count + 8 {
                // Cut to the screen: say where it can be read whole.
                x += grid.put(status.text, x: x, y: row, width: room - more.count, style: style)
                x += grid.put(more, x: x, y: row, style: Theme.hintKey)
            } else {
                x += grid.put(status.text, x: x, y: row, width: room, style: style)
            }
            x += 2
        }
        let hints = hintPairs(state)
        // Help and quit always show, at the right end; the other hints fill what is left.
        let pinned = hints.filter { $0.1 == "help" || $0.1 == "quit" }
        let pinnedWidth = pinned.reduce(0) { $0 + TerminalText.width($1.0) + TerminalText.width($1.1) + 3 } - 2
        if pinnedWidth > 0, x + pinnedWidth <= width {
            drawHints(pinned, into: &grid, x: width - pinnedWidth, row: row)
            drawHints(
                hints.filter { $0.1 != "help" && $0.1 != "quit" }, into: &grid, x: x, row: row,
                limit: width - pinnedWidth - 2)
        } else {
            drawHints(hints, into: &grid, x: x, row: row)
        }
    }

    /// After a message cut to the screen's width.
    /// After a message cut to the room left (`put` ends it with `…`): where to read it whole.
    static let more = " :messages"

    /// The keys that work now, from the key tables.
    static func hintPairs(_ state: AppState) -> [(String, String)] {
        KeyHints.current(state).map { ($0.label, $0.text) }
    }

    /// Draws `key hint` pairs until the line is full; never cuts a pair in half.
    static func drawHints(
        _ hints: [(String, String)], into grid: inout CellGrid, x start: Int, row: Int, limit: Int? = nil
    ) {
        var x = start
        let end = limit ?? grid.size.width
        for (key, text) in hints {
            let need = TerminalText.width(key) + 1 + TerminalText.width(text) + 2
            if x + need - 2 > end { break }
            x += grid.put(key, x: x, y: row, style: Theme.hintKey)
            x += 1
            x += grid.put(text, x: x, y: row, style: Theme.hintText)
            x += 2
        }
    }
}
