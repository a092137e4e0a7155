import DashboardCore
import EngineAPI
import TerminalUI

/// `:messages`: the last status messages, each whole (wrapped, never cut) under its time, newest at the bottom.
enum MessagesOverlay {
    static func draw(_ state: AppState, into grid: inout CellGrid) {
        let width = max(8, grid.size.width - 4)
        let height = max(4, grid.size.height - 2)
        let rect = grid.bounds.centered(width: width, height: height)
        grid.box(rect, title: "messages (times in UTC)")
        let textWidth = max(1, rect.width - 4 - timeWidth)
        // Newest first until the box is full; then drawn oldest at the top.
        var blocks: [(time: String, lines: [String], style: Style)] = []
        var rows = 0
        let room = rect.height - 3
        for entry in state.messages.entries.reversed() {
            let lines = wrap(entry.message.text, width: textWidth)
            guard rows + lines.count <= room || blocks.isEmpty else { break }
            blocks.append((LogTimestamp.formatTime(entry.time * 1_000_000_000), lines, style(entry.message.kind)))
            rows += lines.count
        }
        var y = rect.y + 1
        if blocks.isEmpty {
            grid.put("No messages yet", x: rect.x + 2, y: y, width: rect.width - 4, style: Theme.hintText)
        }
        for block in blocks.reversed() {
            for (offset, line) in block.lines.enumerated() where y < rect.maxY - 2 {
                if offset == 0 { grid.put(block.time, x: rect.x + 2, y: y, width: timeWidth, style: Theme.hintText) }
                grid.put(line, x: rect.x + 2 + timeWidth, y: y, width: textWidth, style: block.style)
                y += 1
            }
        }
        let older = state.messages.entries.count - blocks.count
        let closing = older > 0 ? "\(older) older not shown · any key closes" : "any key closes"
        grid.put(closing, x: rect.x + 2, y: rect.maxY - 2, width: rect.width - 4, style: Theme.hintText)
    }

    /// `14:13:20` and two spaces.
    static let timeWidth = 10

    static func style(_ kind: StatusMessage.Kind) -> Style {
        switch kind {
        case .error: return Theme.error
        case .success: return Theme.success
        case .info: return .plain
        }
    }

    /// Word wrap that never loses a character: a word longer than a line is broken across lines.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current: [TerminalText.Glyph] = []
        var currentWidth = 0
        func flush() {
            lines.append(current.map(\.text).joined())
            current = []
            currentWidth = 0
        }
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let glyphs = TerminalText.glyphs(String(word))
            let wordWidth = glyphs.reduce(0) { $0 + $1.width }
            if !current.isEmpty, currentWidth + 1 + wordWidth > width { flush() }
            if !current.isEmpty {
                current += TerminalText.glyphs(" ")
                currentWidth += 1
            }
            for glyph in glyphs {
                if currentWidth + glyph.width > width, !current.isEmpty { flush() }
                current.append(glyph)
                currentWidth += glyph.width
            }
        }
        if !current.isEmpty || lines.isEmpty { flush() }
        return lines
    }
}
