import DashboardCore
import EngineAPI
import TerminalUI

/// `?`: every binding from the same table that dispatches keys.
enum HelpOverlay {
    static func draw(_ state: AppState, into grid: inout CellGrid) {
        let bindings = KeyBindings.list
        // The focused pane's own keys come first.
        let paneLines: [(String, String, Bool)] =
            state.focus == .pane && state.pane == .logs
            ? LogsPaneView.help.map { ($0.0, $0.1, false) } + [("", "", false)] : []
        let lines =
            paneLines
            + bindings.map { binding -> (String, String, Bool) in
                let disabled = state.readOnly && binding.command.changesContainer
                return (binding.label, binding.help + (disabled ? " (read-only)" : ""), disabled)
            }
        let labelWidth = lines.map { TerminalText.width($0.0) }.max() ?? 0
        let contentWidth = labelWidth + 2 + (lines.map { TerminalText.width($0.1) }.max() ?? 0)
        let rect = grid.bounds.centered(width: contentWidth + 4, height: lines.count + 4)
        grid.box(rect, title: "keys")
        for (offset, line) in lines.enumerated() where offset < rect.height - 3 {
            let y = rect.y + 1 + offset
            grid.put(line.0, x: rect.x + 2, y: y, width: labelWidth, style: line.2 ? Theme.hintText : Theme.hintKey)
            grid.put(
                line.1, x: rect.x + 2 + labelWidth + 2, y: y, width: rect.width - labelWidth - 6,
                style: line.2 ? Theme.hintText : .plain)
        }
        grid.put("any key closes", x: rect.x + 2, y: rect.maxY - 2, width: rect.width - 4, style: Theme.hintText)
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
            grid.put("\(offset + 1) \(signal.rawValue)", x: rect.x + 2, y: y, width: 11, style: Theme.hintKey)
            grid.put(meanings[signal] ?? "", x: rect.x + 14, y: y, width: rect.width - 16)
            if offset == index { grid.restyle(y: y, x: rect.x + 1, width: rect.width - 2) { $0.reverse = true } }
        }
        grid.put(
            "Enter pick · Esc cancel", x: rect.x + 2, y: rect.maxY - 2, width: rect.width - 4, style: Theme.hintText)
    }
}
