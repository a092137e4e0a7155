import DashboardCore
import EngineAPI
import TerminalUI

/// Draws the logs pane's content inside its border, and its state (following, paused, filter) on the bottom edge.
enum LogsPaneView {
    static let stderrStyle = Style(foreground: .red)
    static let stderrMarker = "▌"
    static let timestampStyle = Style(dim: true)
    static let noticeStyle = Style(foreground: .cyan, dim: true)
    static let matchStyle = Style(foreground: .black, background: .yellow)
    static let focusMatchStyle = Style(foreground: .black, background: .green, bold: true)
    static let infoStyle = Style(foreground: .cyan)
    static let warningStyle = Style(foreground: .yellow, bold: true)

    /// `merged`: the merged log the pane shows (`MergedLogs.target`, which the frame has worked out already).
    static func draw(_ state: AppState, merged: MergedLogTarget?, into grid: inout CellGrid, area: Rect) {
        let logs = state.logs
        // Without a selection the frame says so (`PaneFrame`).
        let source: (ref: ContainerRef, name: String)
        if let merged {
            source = (merged.ref, merged.name)
        } else if state.view != .containers, let target = state.swarmLogs {
            source = (target.ref, target.name)
        } else if let container = state.selectedContainer {
            source = (container.ref, container.displayName)
        } else {
            return
        }
        guard logs.container == source.ref, let geometry = LogsGeometry(state) else {
            grid.put(
                "Opening the log of \(source.name)…", x: area.x + 1, y: area.y, width: area.width - 1,
                style: Theme.hintText)
            return
        }
        drawInfo(state, into: &grid, area: area)
        let rows = LogsView.rows(logs, geometry)
        if rows.isEmpty {
            drawEmpty(state, into: &grid, area: area)
        } else {
            drawRows(rows, logs, geometry, into: &grid)
        }
        if let prompt = logs.prompt { drawPrompt(prompt, into: &grid, row: area.maxY - 1, area: area) }
    }

    static func drawRows(
        _ rows: [LogRowRef], _ logs: LogsPaneState, _ geometry: LogsGeometry, into grid: inout CellGrid
    ) {
        let display = LogDisplay(logs)
        let textX = geometry.area.x + geometry.gutter
        var y = geometry.area.y
        var i = 0
        while i < rows.count {
            // The rows of one line are laid out together: one walk over the line, however many rows it shows.
            let first = rows[i]
            var count = 1
            while i + count < rows.count, rows[i + count].index == first.index { count += 1 }
            let entry = display.entry(first.index)
            if entry.kind == .notice {
                drawNotice(entry, x: geometry.area.x, y: y, width: geometry.area.width, into: &grid)
                y += count
                i += count
                continue
            }
            let base = entry.kind == .stderr ? stderrStyle : Style.plain
            let origin = entry.originBytes > 0 ? originStyle(entry) : nil
            let laidOut = LogLayout.rows(entry, geometry.options, from: first.row, count: count)
            let matches = highlights(entry, logs, cells: laidOut)
            let focus = logs.focus?.seq == first.seq ? logs.focus?.range : nil
            for (offset, cells) in laidOut.enumerated() {
                let row = y + offset
                if entry.kind == .stderr {
                    grid.put(stderrMarker, x: geometry.area.x, y: row, width: 1, style: stderrStyle)
                }
                if logs.showTimestamps, first.row + offset == 0 {
                    let stamp = entry.timestamp.map { LogTimestamp.format($0) } ?? ""
                    grid.put(stamp, x: geometry.area.x + 1, y: row, width: 24, style: timestampStyle)
                }
                // Runs of one style go to the grid together.
                var x = textX
                var run: [TerminalText.Glyph] = []
                var runStyle = base
                for cell in cells {
                    var style = cell.style ?? base
                    if let origin, cell.source < entry.originBytes { style = origin }
                    if let focus, focus.contains(cell.source) {
                        style = focusMatchStyle
                    } else if !matches.isEmpty, matches.contains(where: { $0.contains(cell.source) }) {
                        style = matchStyle
                    }
                    if style != runStyle, !run.isEmpty {
                        x += grid.put(glyphs: run, x: x, y: row, limit: geometry.area.maxX - x, style: runStyle)
                        run.removeAll(keepingCapacity: true)
                    }
                    runStyle = style
                    run.append(cell.glyph)
                }
                if !run.isEmpty {
                    grid.put(glyphs: run, x: x, y: row, limit: geometry.area.maxX - x, style: runStyle)
                }
            }
            y += count
            i += count
        }
    }

    /// Each origin of a service's lines (`web.2@worker1`) in a colour of its own, the same one every time.
    static func originStyle(_ entry: LogEntry) -> Style {
        let palette: [Color] = [.cyan, .green, .magenta, .yellow, .blue, .red]
        let hash = entry.text.utf8.prefix(entry.originBytes).reduce(0) { ($0 &* 31 &+ Int($1)) & 0xFFFF }
        return Style(foreground: palette[hash % palette.count], bold: true)
    }

    /// Match ranges to highlight in a line; for a long line only in the bytes its visible cells come from (with a
    /// margin, so a match that begins off screen still shows where it reaches in), wherever in the line that is.
    static func highlights(_ entry: LogEntry, _ logs: LogsPaneState, cells: [[LogCell]]) -> [Range<Int>] {
        guard let pattern = logs.search else { return [] }
        let utf8 = entry.text.utf8
        // Up to a few kilobytes the whole line is cheap; beyond, its matches could outnumber what `ranges` returns.
        if utf8.count <= 1 << 12 { return pattern.ranges(in: entry.text) }
        var low = Int.max
        var high = 0
        for row in cells {
            if let first = row.first { low = min(low, first.source) }
            if let last = row.last { high = max(high, last.source + 4) }
        }
        guard low <= high else { return [] }
        let margin = pattern.isRegex ? 4096 : max(4, pattern.text.utf8.count)
        var start = max(0, low - margin)
        var end = min(utf8.count, high + margin)
        // The window starts and ends on scalar boundaries, so decoding it changes no offset.
        func isContinuation(_ offset: Int) -> Bool {
            offset < utf8.count && UTF8.isContinuation(utf8[utf8.index(utf8.startIndex, offsetBy: offset)])
        }
        while start > 0, isContinuation(start) { start -= 1 }
        while end < utf8.count, isContinuation(end) { end += 1 }
        guard start < end else { return [] }
        let lower = utf8.index(utf8.startIndex, offsetBy: start)
        let upper = utf8.index(utf8.startIndex, offsetBy: end)
        let window = String(decoding: utf8[lower..<upper], as: UTF8.self)
        return pattern.ranges(in: window).map { ($0.lowerBound + start)..<($0.upperBound + start) }
    }

    /// `1 line`, `2,345 lines`.
    static func count(_ n: Int, _ noun: String) -> String {
        var digits = String(n)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        return digits + grouped + " " + noun + (n == 1 ? "" : "s")
    }

    static func drawNotice(_ entry: LogEntry, x: Int, y: Int, width: Int, into grid: inout CellGrid) {
        let text = "── \(entry.text) "
        let used = grid.put(text, x: x, y: y, width: width, style: noticeStyle)
        if used < width {
            grid.put(String(repeating: "─", count: width - used), x: x + used, y: y, style: noticeStyle)
        }
    }

    static func drawEmpty(_ state: AppState, into grid: inout CellGrid, area: Rect) {
        let logs = state.logs
        let text: String
        var style = Theme.hintText
        switch logs.stream {
        case .connecting: text = "Reading the log…"
        case .unavailable(let reason):
            text = reason
            style = warningStyle
        case .interrupted(let reason): text = "No log lines yet (\(reason); retrying)"
        case .stopped, .live:
            if logs.isFiltered, !logs.buffer.isEmpty {
                text = "No line matches the filter (Esc clears the search, x toggles stderr only)"
            } else {
                text = logs.stream == .stopped ? "The container wrote no log lines" : "No log lines yet"
            }
        }
        for (offset, line) in ConfirmDialog.wrap(text, width: max(1, area.width - 2)).enumerated()
        where offset < area.height {
            grid.put(line, x: area.x + 1, y: area.y + offset, width: area.width - 1, style: style)
        }
    }

    static func drawPrompt(_ prompt: LogsPrompt, into grid: inout CellGrid, row: Int, area: Rect) {
        grid.fill(Rect(x: area.x, y: row, width: area.width, height: 1))
        var x = area.x
        let label: String
        switch prompt.purpose {
        case .search(let regex, let filter): label = (filter ? "filter" : "search") + (regex ? " (regex)" : "") + " /"
        case .save: label = "save to: "
        }
        x += grid.put(label, x: x, y: row, style: Theme.hintKey)
        let errorWidth = prompt.error.map { TerminalText.width($0) + 3 } ?? 0
        let room = max(1, area.maxX - x - 1 - errorWidth)
        // The end of a long input is what is being typed: show that part.
        let glyphs = TerminalText.glyphs(prompt.text)
        var shown = glyphs[...]
        var width = glyphs.reduce(0) { $0 + $1.width }
        while width > room - 1, let first = shown.first {
            width -= first.width
            shown = shown.dropFirst()
        }
        // A recalled search is shown selected: typing replaces it.
        x += grid.put(
            glyphs: Array(shown), x: x, y: row, limit: room, style: prompt.isRecalled ? Style(reverse: true) : .plain)
        x += grid.put("█", x: x, y: row, style: Style(dim: true))
        if let error = prompt.error { grid.put("  \(error)", x: x, y: row, width: area.maxX - x, style: Theme.error) }
    }

    /// The state on the bottom edge of the border, right-aligned: `● following · 10000 lines`.
    static func drawInfo(_ state: AppState, into grid: inout CellGrid, area: Rect) {
        let logs = state.logs
        let row = area.maxY
        guard row < grid.size.height, area.width > 10 else { return }
        var parts: [(String, Style)] = []
        switch logs.stream {
        case .interrupted(let reason): parts.append(("reconnecting: \(reason)", Theme.error))
        case .unavailable: parts.append(("logs unavailable", Theme.error))
        case .stopped: parts.append(("not running", Theme.hintText))
        case .connecting, .live: break
        }
        if logs.history == .loading { parts.append(("loading older lines…", warningStyle)) }
        if case .failed(let reason) = logs.history { parts.append(("older lines: \(reason)", Theme.error)) }
        if logs.newer == .loading { parts.append(("loading newer lines…", warningStyle)) }
        if case .failed(let reason) = logs.newer { parts.append(("newer lines: \(reason)", Theme.error)) }
        if let search = logs.search {
            let text = search.isRegex ? "/\(search.text)/" : "\"\(search.text)\""
            parts.append((logs.filterOn ? "filter \(text)" : "search \(text)", infoStyle))
        }
        if logs.stderrOnly { parts.append(("stderr only", stderrStyle)) }
        if logs.colors { parts.append(("colours", infoStyle)) }
        if !logs.wrap { parts.append((logs.column > 0 ? "no wrap · col \(logs.column + 1)" : "no wrap", infoStyle)) }
        if logs.detached {
            // The newer lines are not in memory: they come back page by page (scrolling down), or G goes live.
            parts.append(("history · \(count(logs.notLoaded, "newer line")) not loaded · G live", warningStyle))
        } else if logs.following {
            parts.append(("following", Style(foreground: .green)))
        } else {
            let unseen = logs.unseen == 1 ? "1 new line" : "\(logs.unseen) new lines"
            parts.append((logs.unseen > 0 ? "paused · \(unseen) · G" : "paused · G follows", warningStyle))
        }
        parts.append((count(logs.buffer.count, "line") + " held", Theme.hintText))
        var texts = parts.map { " \($0.0) " }
        // Drop the least important parts (from the left) until the rest fits beside the corner.
        while texts.count > 1, texts.reduce(0, { $0 + TerminalText.width($1) }) > area.width - 4 {
            texts.removeFirst()
            parts.removeFirst()
        }
        var x = area.maxX - texts.reduce(0) { $0 + TerminalText.width($1) }
        for (text, part) in zip(texts, parts) {
            x += grid.put(text, x: x, y: row, width: area.maxX - x, style: part.1)
        }
    }

}
