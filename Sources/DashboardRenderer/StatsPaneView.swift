import DashboardCore
import EngineAPI
import TerminalUI

/// Draws the stats pane's content inside its border: the current figures, then history charts.
enum StatsPaneView {
    static let labelWidth = 11

    static func draw(_ state: AppState, into grid: inout CellGrid, area: Rect) {
        // Without a selection the frame says so (`PaneFrame`).
        guard let container = state.selectedContainer else { return }
        guard StatsColumns.isSampled(container) else {
            grid.put(
                "\(container.displayName) is not running: no live figures", x: area.x, y: area.y, width: area.width,
                style: StatsStyle.note)
            return
        }
        guard let figures = state.stats.detail, state.stats.detailID == container.ref else {
            grid.put("Sampling…", x: area.x, y: area.y, width: area.width, style: StatsStyle.note)
            return
        }
        let lines = figureLines(figures, state)
        var y = area.y
        for (label, value, note) in lines where y < area.maxY {
            var x = area.x
            x += grid.put(label, x: x, y: y, width: min(labelWidth, area.width), style: StatsStyle.label)
            x = area.x + labelWidth
            if x < area.maxX { x += grid.put(value, x: x, y: y, width: area.maxX - x, style: StatsStyle.value) }
            if !note.isEmpty, x + 2 < area.maxX {
                grid.put(note, x: x + 2, y: y, width: area.maxX - x - 2, style: StatsStyle.note)
            }
            y += 1
        }
        let chartArea = Rect(x: area.x, y: y + 1, width: area.width, height: area.maxY - y - 1)
        drawCharts(state.stats.history, figures: figures, into: &grid, area: chartArea)
    }

    // MARK: - Figures

    /// (label, value, note) lines, worded like `docker stats` where it has the same figure.
    static func figureLines(_ figures: StatsFigures, _ state: AppState) -> [(String, String, String)] {
        var lines: [(String, String, String)] = []
        var cpuNote: [String] = []
        if let cpus = figures.onlineCPUs { cpuNote.append("100% = 1 CPU of \(cpus)") }
        if let throttling = figures.throttling {
            var text = "throttled \(throttling.throttledPeriods) of \(throttling.periods) periods"
            text += " (\(seconds(throttling.throttledTime)))"
            if let recent = throttling.recentPercent { text += ", \(Int(recent.rounded()))% lately" }
            cpuNote.append(text)
        }
        lines.append(("CPU %", figures.cpuPercent.map(StatsUnits.percent) ?? "-", cpuNote.joined(separator: " · ")))

        var memory = figures.memoryUsed.map { StatsUnits.binary(Double($0)) } ?? "-"
        var memoryNote = ""
        if let limit = figures.memoryLimit {
            memory += " / " + StatsUnits.binary(Double(limit))
            if let percent = figures.memoryPercent { memory += "  " + StatsUnits.percent(percent) }
            if figures.memoryUnlimited { memoryNote = "no limit (host memory)" }
        }
        lines.append(("MEM", memory, memoryNote))

        if let network = figures.network {
            let text =
                "\(StatsUnits.decimal(Double(network.rxBytes))) / \(StatsUnits.decimal(Double(network.txBytes)))"
            let note = "rx \(rate(network.rxRate)) · tx \(rate(network.txRate))"
            lines.append(("NET I/O", text, note))
        } else {
            lines.append(("NET I/O", "0B / 0B", "no network interfaces"))
        }
        lines.append(
            (
                "BLOCK I/O",
                "\(StatsUnits.decimal(Double(figures.blockRead))) / \(StatsUnits.decimal(Double(figures.blockWrite)))",
                "read \(rate(figures.blockReadRate)) · write \(rate(figures.blockWriteRate))"
            ))
        var pids = figures.pids.map(String.init) ?? "-"
        if let limit = figures.pidsLimit { pids += " / \(limit)" }
        lines.append(("PIDS", pids, ""))
        lines.append(("source", sourceText(figures.source, state), ""))
        return lines
    }

    static func sourceText(_ source: StatsSource, _ state: AppState) -> String {
        switch source {
        case .cgroupV1, .cgroupV2:
            return "\(source.rawValue) files, read by berth (no engine work)"
        case .api:
            var text = "engine API, one-shot samples"
            if let reason = state.stats.sampler?.fallbackReason { text += " (cgroup files not used: \(reason))" }
            return text
        }
    }

    static func rate(_ value: Double?) -> String {
        value.map(StatsUnits.binaryRate) ?? "-"
    }

    /// `1.2s`, `3m4s`.
    static func seconds(_ nanoseconds: UInt64) -> String {
        let tenths = nanoseconds / 100_000_000
        if tenths < 600 { return "\(tenths / 10).\(tenths % 10)s" }
        let whole = tenths / 10
        if whole < 3600 { return "\(whole / 60)m\(whole % 60)s" }
        return "\(whole / 3600)h\(whole / 60 % 60)m"
    }

    // MARK: - Charts

    /// One chart: a title and one series growing up, optionally a second one hanging down from the top.
    struct Chart {
        var title: String
        var up: [Double?]
        var down: [Double?]?
        var ceiling: Double
        var label: (Double) -> String
    }

    static func drawCharts(
        _ history: [StatsHistoryPoint], figures: StatsFigures, into grid: inout CellGrid, area: Rect
    ) {
        guard area.height >= 2, area.width >= 12 else { return }
        let columns = area.width >= 80 ? 2 : 1
        var count = 4
        var rowsOfCharts = (count + columns - 1) / columns
        if area.height / rowsOfCharts < 3 {
            count = columns
            rowsOfCharts = 1
        }
        let gap = 2
        let chartWidth = (area.width - gap * (columns - 1)) / columns
        let chartHeight = area.height / rowsOfCharts
        let plotWidth = chartWidth
        let dots = plotWidth * 2
        let series = align(history, columns: dots)
        let charts = makeCharts(series, figures: figures)
        for index in 0..<min(count, charts.count) {
            let rect = Rect(
                x: area.x + (index % columns) * (chartWidth + gap), y: area.y + (index / columns) * chartHeight,
                width: chartWidth, height: chartHeight)
            draw(charts[index], window: dots, into: &grid, area: rect)
        }
    }

    static func makeCharts(_ series: [StatsHistoryPoint?], figures: StatsFigures) -> [Chart] {
        // Whatever arrives, only finite, non-negative values reach the arithmetic below.
        func values(_ pick: (StatsHistoryPoint) -> Float) -> [Double?] {
            series.map { point in point.map { Double(pick($0)) }.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil } }
        }
        let cpu = values(\.cpuPercent)
        let cpuCeiling = cpuChartCeiling(cpu.compactMap { $0 }.max() ?? 0)
        let memory = values(\.memoryUsed)
        let rx = values(\.rxRate)
        let tx = values(\.txRate)
        let read = values(\.readRate)
        let write = values(\.writeRate)
        // Round ceilings keep a steady value from filling the whole chart, and keep the scale from twitching.
        func peak(_ lists: [Double?]...) -> Double { niceCeiling(lists.flatMap { $0.compactMap { $0 } }.max() ?? 0) }
        return [
            Chart(title: "CPU %", up: cpu, down: nil, ceiling: cpuCeiling, label: percentLabel),
            Chart(title: "MEM", up: memory, down: nil, ceiling: peak(memory), label: { StatsUnits.binary($0) }),
            Chart(title: "NET rx↑ tx↓", up: rx, down: tx, ceiling: peak(rx, tx), label: StatsUnits.binaryRate),
            Chart(
                title: "BLOCK read↑ write↓", up: read, down: write, ceiling: peak(read, write),
                label: StatsUnits.binaryRate),
        ]
    }

    static func draw(_ chart: Chart, window: Int, into grid: inout CellGrid, area: Rect) {
        guard area.height >= 1, area.width > 0 else { return }
        let scale = "max \(chart.label(chart.ceiling)) · last \(duration(window))"
        var x = area.x + grid.put(chart.title, x: area.x, y: area.y, width: area.width, style: StatsStyle.label)
        x += 2
        if x < area.maxX { grid.put(scale, x: x, y: area.y, width: area.maxX - x, style: StatsStyle.note) }
        let plotHeight = area.height - 1
        guard plotHeight > 0 else { return }
        let ceiling = chart.ceiling > 0 ? chart.ceiling : 1
        if let down = chart.down {
            // Two series share the plot: the first grows up from the middle, the second hangs down from it.
            let upper = (plotHeight + 1) / 2
            let lower = plotHeight - upper
            let top = Braille.area(chart.up, ceiling: ceiling, height: upper, width: area.width, hanging: false)
            for (row, line) in top.enumerated() {
                grid.put(line, x: area.x, y: area.y + 1 + row, width: area.width, style: StatsStyle.chart)
            }
            if lower > 0 {
                let bottom = Braille.area(down, ceiling: ceiling, height: lower, width: area.width, hanging: true)
                for (row, line) in bottom.enumerated() {
                    grid.put(
                        line, x: area.x, y: area.y + 1 + upper + row, width: area.width, style: StatsStyle.chartDown)
                }
            }
        } else {
            let lines = Braille.area(chart.up, ceiling: ceiling, height: plotHeight, width: area.width, hanging: false)
            for (row, line) in lines.enumerated() {
                grid.put(line, x: area.x, y: area.y + 1 + row, width: area.width, style: StatsStyle.chart)
            }
        }
    }

    /// The CPU chart's top: a round share of a core above the window's peak, at least 1 %, so a nearly idle
    /// container still draws its shape; from half a core up, whole cores (a busy container is read against them).
    static func cpuChartCeiling(_ peak: Double) -> Double {
        guard peak.isFinite, peak > 0 else { return 1 }
        if peak > 50 { return max(100, (peak / 100).rounded(.up) * 100) }
        var decade = 1.0
        while decade * 10 <= peak { decade *= 10 }
        for step in [1.0, 2.0, 2.5, 5.0, 10.0] where step * decade >= peak * 1.05 {
            return max(1, step * decade)
        }
        return max(1, 10 * decade)
    }

    /// `1%`, `2.5%`, `200%`: tenths only when there are some.
    static func percentLabel(_ value: Double) -> String {
        guard value.isFinite, value > 0 else { return "0%" }
        let tenths = Int((min(value, 1e9) * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)%" : "\(tenths / 10).\(tenths % 10)%"
    }

    /// The next 1, 2, 2.5 or 5 step above `value` in the unit it is shown in (1024s), e.g. 452KiB → 500KiB.
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0, value.isFinite else { return 0 }
        var unit = 1.0
        while value / unit >= 1024 { unit *= 1024 }
        let scaled = value / unit
        var decade = 1.0
        while decade * 10 <= scaled { decade *= 10 }
        for step in [1.0, 2.0, 2.5, 5.0, 10.0] where step * decade >= scaled * 1.05 {
            return step * decade * unit
        }
        return 10 * decade * unit
    }

    /// `1m40s`, `2m`.
    static func duration(_ seconds: Int) -> String {
        if seconds < 60 { return "\(seconds)s" }
        return seconds % 60 == 0 ? "\(seconds / 60)m" : "\(seconds / 60)m\(seconds % 60)s"
    }

    /// One value per second for the last `columns` seconds, newest on the right; gaps (seconds without a sample,
    /// e.g. while the container was off screen) repeat the value before them.
    static func align(_ history: [StatsHistoryPoint], columns: Int) -> [StatsHistoryPoint?] {
        var slots = [StatsHistoryPoint?](repeating: nil, count: max(0, columns))
        guard let latest = history.last?.time, columns > 0 else { return slots }
        for point in history {
            let age = Int((latest - point.time).rounded())
            guard age >= 0, age < columns else { continue }
            slots[columns - 1 - age] = point
        }
        var last: StatsHistoryPoint?
        for index in slots.indices {
            if let point = slots[index] {
                last = point
            } else {
                slots[index] = last
            }
        }
        return slots
    }
}

/// Area charts in braille: each cell holds 2×4 dots, so a chart `width` cells wide shows `2 × width` values.
enum Braille {
    /// Bits of the dot at (column 0-1, row 0-3 from the top) of a braille cell.
    static let bits: [[UInt32]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    /// The chart's lines, top first. `values` has one entry per dot column (the last `2 × width` are used);
    /// nil draws nothing. `hanging` grows the area down from the top instead of up from the bottom.
    static func area(_ values: [Double?], ceiling: Double, height: Int, width: Int, hanging: Bool) -> [String] {
        guard height > 0, width > 0 else { return [] }
        let totalDots = height * 4
        var cells = [UInt32](repeating: 0, count: height * width)
        let shown = values.suffix(width * 2)
        let offset = width * 2 - shown.count
        for (index, value) in shown.enumerated() {
            guard let value, value.isFinite, value > 0, ceiling.isFinite, ceiling > 0 else { continue }
            var level = Int((value / ceiling * Double(totalDots)).rounded())
            // Anything above zero shows as at least one dot.
            level = min(totalDots, max(1, level))
            let column = offset + index
            for step in 0..<level {
                let dotRow = hanging ? step : totalDots - 1 - step
                cells[(dotRow / 4) * width + column / 2] |= bits[column % 2][dotRow % 4]
            }
        }
        var lines: [String] = []
        for row in 0..<height {
            var line = ""
            line.unicodeScalars.reserveCapacity(width)
            for column in 0..<width {
                let value = cells[row * width + column]
                // A blank cell is a space rather than U+2800, which some fonts draw as a visible box.
                if value == 0 {
                    line.unicodeScalars.append(" ")
                } else if let scalar = Unicode.Scalar(0x2800 + value) {
                    line.unicodeScalars.append(scalar)
                }
            }
            lines.append(line)
        }
        return lines
    }
}
