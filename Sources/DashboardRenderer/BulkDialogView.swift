import DashboardCore
import TerminalUI

/// The one question before a command on every marked row: the containers it touches, one a line, and the marked
/// ones it leaves alone. The kill signal is picked first, with the usual picker.
enum BulkDialogView {
    static func draw(_ dialog: BulkDialog, into grid: inout CellGrid) {
        guard dialog.command != nil else {
            SignalPicker.draw(name: dialog.containerCount, index: dialog.signalIndex, into: &grid)
            return
        }
        let width = min(grid.size.width, 64)
        var lines: [(String, Style)] = ConfirmDialog.wrap(dialog.question, width: width - 4).map {
            ($0, Style(bold: true))
        }
        lines.append(("", .plain))
        // Room for the other lines first; the list gives way with a count of the rest.
        let skippedLines =
            dialog.skipped.isEmpty
            ? 0
            : 1 + ConfirmDialog.wrap("Left alone: " + dialog.skipped.joined(separator: ", "), width: width - 4).count
        let fixed = lines.count + skippedLines + (dialog.offersVolumeChoice ? 2 : 0) + 2 + 2
        let room = max(1, grid.size.height - fixed)
        let shown = dialog.targets.count <= room ? dialog.targets.count : max(0, room - 1)
        for target in dialog.targets.prefix(shown) {
            let forced: String
            if case .remove? = dialog.command, target.isRunning {
                forced = dialog.pod == nil ? " · running: forced" : " · running: stopped first"
            } else {
                forced = ""
            }
            lines.append(("  " + target.name + forced, .plain))
        }
        if shown < dialog.targets.count {
            lines.append(("  … and \(dialog.targets.count - shown) more", Theme.hintText))
        }
        if !dialog.skipped.isEmpty {
            lines.append(("", .plain))
            // Each reason whole: it may say what to do instead.
            lines += ConfirmDialog.wrap("Left alone: " + dialog.skipped.joined(separator: ", "), width: width - 4).map {
                ($0, Theme.hintText)
            }
        }
        if dialog.offersVolumeChoice, case .remove(_, let volumes)? = dialog.command {
            lines.append(("", .plain))
            lines.append(("v  also remove anonymous volumes: \(volumes ? "yes" : "no")", Theme.hintKey))
        }
        lines.append(("", .plain))
        lines.append(("y  confirm    any other key cancels", Theme.hintKey))
        let rect = grid.bounds.centered(width: width, height: min(grid.size.height, lines.count + 2))
        // The containers the command touches, which may be fewer than the rows marked (the rest are left alone).
        let title = dialog.pod.map { "confirm: pod \($0.name)" } ?? "confirm: \(dialog.containerCount)"
        grid.box(rect, title: title, style: Theme.dialog)
        for (offset, line) in lines.enumerated() where offset < rect.height - 2 {
            grid.put(line.0, x: rect.x + 2, y: rect.y + 1 + offset, width: rect.width - 4, style: line.1)
        }
    }
}
