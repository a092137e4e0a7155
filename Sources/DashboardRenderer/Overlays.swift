import DashboardCore
import EngineAPI
import TerminalUI

/// `?`: every binding from the same table that dispatches keys, plus the open pane's own keys when it has
/// the focus. Flows into a second column when one does not fit the screen.
enum HelpOverlay {
    struct Line {
        var key: String
        var text: String
        var dim = false
        var isHeading = false
    }

    static func lines(_ state: AppState) -> [Line] {
        var lines: [Line] = []
        for section in KeyHints.helpSections(state) {
            lines.append(Line(key: "", text: section.title, isHeading: true))
            lines += section.bindings.map { binding in
                let changes = section.mode == .list && Command(rawValue: binding.command)?.changesContainer == true
                let disabled = state.readOnly && changes
                return Line(key: binding.label, text: binding.help + (disabled ? " (read-only)" : ""), dim: disabled)
            }
        }
        if state.showsHosts {
            // How to read the header: every engine in full, with the reason when it is down.
            lines.append(Line(key: "", text: "engines (header: ✓ connected, ✗ down, … connecting)", isHeading: true))
            lines += HostsHeader.helpLines(state.hosts).map { Line(key: $0.0, text: $0.1) }
        }
        return lines
    }

    static func draw(_ state: AppState, into grid: inout CellGrid) {
        let lines = lines(state)
        let keyWidth = lines.map { TerminalText.width($0.key) }.max() ?? 0
        var textWidth = lines.map { TerminalText.width($0.text) }.max() ?? 0
        let available = max(1, grid.size.height - 6)
        let columns = lines.count > available ? 2 : 1
        if columns == 2 {
            // Two columns side by side; descriptions give way (with an ellipsis) before keys do.
            textWidth = min(textWidth, max(4, (grid.size.width - 7) / 2 - keyWidth - 2))
        }
        let columnWidth = keyWidth + 2 + textWidth
        let perColumn = (lines.count + columns - 1) / columns
        let rect = grid.bounds.centered(width: columns * columnWidth + 3 * columns + 1, height: perColumn + 4)
        grid.box(rect, title: "keys")
        var hidden = 0
        for (index, line) in lines.enumerated() {
            let column = index / perColumn
            let row = index % perColumn
            guard row < rect.height - 3 else {
                if !line.isHeading { hidden += 1 }
                continue
            }
            let x = rect.x + 2 + column * (columnWidth + 3)
            let y = rect.y + 1 + row
            if line.isHeading {
                grid.put(line.text, x: x, y: y, width: columnWidth, style: Style(bold: true, underline: true))
                continue
            }
            grid.put(line.key, x: x, y: y, width: keyWidth, style: line.dim ? Theme.hintText : Theme.hintKey)
            grid.put(
                line.text, x: x + keyWidth + 2, y: y, width: min(textWidth, rect.maxX - 2 - x - keyWidth - 2),
                style: line.dim ? Theme.hintText : .plain)
        }
        // A screen too small for every key says so rather than dropping some without a word.
        let closing = hidden > 0 ? "\(hidden) more: enlarge the terminal · any key closes" : "any key closes"
        grid.put(closing, x: rect.x + 2, y: rect.maxY - 2, width: rect.width - 4, style: Theme.hintText)
    }
}

/// The y/N question before stop, kill and remove.
enum ConfirmDialog {
    static func draw(_ confirmation: Confirmation, into grid: inout CellGrid) {
        let width = min(grid.size.width, 64)
        var lines = wrap(confirmation.question, width: width - 4)
        if case .remove(_, let volumes) = confirmation.command {
            lines.append("")
            lines.append("v  also remove anonymous volumes: \(volumes ? "yes" : "no")")
        }
        lines.append("")
        lines.append("y  confirm    any other key cancels")
        let rect = grid.bounds.centered(width: width, height: lines.count + 2)
        grid.box(rect, title: "confirm", style: Theme.dialog)
        for (offset, line) in lines.enumerated() where offset < rect.height - 2 {
            let style = line.hasPrefix("y  ") || line.hasPrefix("v  ") ? Theme.hintKey : Style(bold: true)
            grid.put(line, x: rect.x + 2, y: rect.y + 1 + offset, width: rect.width - 4, style: style)
        }
    }

    /// Greedy word wrap; words longer than a line are cut by the grid's truncation.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if TerminalText.width(candidate) > width, !current.isEmpty {
                lines.append(current)
                current = String(word)
            } else {
                current = candidate
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}

/// `K`: pick the signal to send.
enum SignalPicker {
    static let meanings: [ContainerSignal: String] = [
        .term: "ask to terminate", .kill: "kill at once", .hup: "hang up / reload", .int: "interrupt",
        .usr1: "user signal 1", .usr2: "user signal 2",
    ]

    static func draw(name: String, index: Int, into grid: inout CellGrid) {
        let signals = ContainerSignal.allCases
        let rect = grid.bounds.centered(width: 40, height: signals.count + 4)
        grid.box(rect, title: "kill \(name)")
        for (offset, signal) in signals.enumerated() where offset < rect.height - 3 {
            let y = rect.y + 1 + offset
            grid.put("\(offset + 1) \(signal.shortName)", x: rect.x + 2, y: y, width: 11, style: Theme.hintKey)
            grid.put(meanings[signal] ?? "", x: rect.x + 14, y: y, width: rect.width - 16)
            if offset == index { grid.restyle(y: y, x: rect.x + 1, width: rect.width - 2) { $0.reverse = true } }
        }
        grid.put(
            "Enter or 1-6 pick · any other key cancels", x: rect.x + 2, y: rect.maxY - 2, width: rect.width - 4,
            style: Theme.hintText)
    }
}

/// `:host` (or `H`): the engines watched, the Docker contexts, and the commands that change them.
enum HostListOverlay {
    static func draw(_ state: AppState, into grid: inout CellGrid) {
        var lines: [(String, String, Style)] = [("", "watched", Style(bold: true, underline: true))]
        for (name, text) in HostsHeader.helpLines(state.hosts) {
            let method = state.host(HostID(name))?.method.map { " · via \($0)" } ?? ""
            lines.append((name, text + method, .plain))
        }
        let watched = Set(state.hosts.map(\.address))
        let others = state.contexts.filter { !watched.contains($0.endpoint) }
        if !others.isEmpty {
            lines.append(("", "Docker contexts", Style(bold: true, underline: true)))
            for context in others {
                let description = context.description.isEmpty ? "" : " · \(context.description)"
                lines.append((context.name, context.endpoint + description, .plain))
            }
        }
        lines.append(("", "", .plain))
        for usage in [
            ":host add [name=]URL", ":host only NAME", ":host drop NAME", ":context NAME", ":context only NAME",
        ] {
            lines.append(("", usage, Theme.hintKey))
        }
        let keyWidth = lines.map { TerminalText.width($0.0) }.max() ?? 0
        let textWidth = lines.map { TerminalText.width($0.1) }.max() ?? 0
        let rect = grid.bounds.centered(width: keyWidth + textWidth + 6, height: lines.count + 4)
        grid.box(rect, title: "engines")
        for (offset, line) in lines.enumerated() where offset < rect.height - 3 {
            let y = rect.y + 1 + offset
            grid.put(line.0, x: rect.x + 2, y: y, width: keyWidth, style: Theme.hintKey)
            grid.put(line.1, x: rect.x + 4 + keyWidth, y: y, width: rect.width - keyWidth - 6, style: line.2)
        }
        grid.put("any key closes", x: rect.x + 2, y: rect.maxY - 2, width: rect.width - 4, style: Theme.hintText)
    }
}
