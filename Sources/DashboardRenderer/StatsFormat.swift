import DashboardCore
import EngineAPI
import TerminalUI

/// The list's CPU % and MEM cells: the figure, right-aligned, then a small bar.
enum StatsColumns {
    static let barWidth = 5
    /// The figure and the bar are one space apart.
    static let barSpace = barWidth + 1

    /// `12.34%` for a sampled container, `-` while the first two samples are awaited, nothing when not running.
    static func cpuText(_ container: ContainerSummary, _ state: AppState) -> String {
        guard isSampled(container) else { return "" }
        guard let cpu = state.stats.rows[container.ref]?.cpuPercent else { return "-" }
        return StatsUnits.percent(cpu)
    }

    /// `1.523MiB`, as `docker stats` words memory.
    static func memoryText(_ container: ContainerSummary, _ state: AppState) -> String {
        guard isSampled(container) else { return "" }
        guard let used = state.stats.rows[container.ref]?.memoryUsed else { return "-" }
        return StatsUnits.binary(used)
    }

    /// How full the bar is: CPU against one whole CPU, memory against the limit (the host's memory if none).
    static func fraction(_ column: TableColumn, _ container: ContainerSummary, _ state: AppState) -> Double? {
        guard isSampled(container), let row = state.stats.rows[container.ref] else { return nil }
        switch column {
        case .cpu: return row.cpuPercent.map { $0 / 100 }
        case .memory: return row.memoryPercent.map { $0 / 100 }
        default: return nil
        }
    }

    static func isSampled(_ container: ContainerSummary) -> Bool {
        container.lifecycle == .running || container.lifecycle == .paused
    }

    /// Draws one cell: the text right-aligned before the bar, or alone when the column is too narrow for a bar.
    static func draw(
        text: String, fraction: Double?, x: Int, y: Int, width: Int, style: Style, into grid: inout CellGrid
    ) {
        guard !text.isEmpty else { return }
        let withBar = width >= barSpace + 4
        let textWidth = withBar ? width - barSpace : width
        let shown = TerminalText.width(text)
        grid.put(text, x: x + max(0, textWidth - shown), y: y, width: textWidth, style: style)
        guard withBar, let fraction else { return }
        let bar = Bars.horizontal(fraction, width: barWidth)
        grid.put(bar, x: x + textWidth + 1, y: y, width: barWidth, style: StatsStyle.bar(fraction))
    }
}

/// Bars drawn with the eighth blocks, so five cells show forty steps.
enum Bars {
    static let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// A bar `width` cells long, filled to `fraction` (clamped to 0...1), padded with spaces.
    static func horizontal(_ fraction: Double, width: Int) -> String {
        guard width > 0 else { return "" }
        let clamped = fraction.isFinite ? min(1, max(0, fraction)) : 0
        let eighths = Int((clamped * Double(width * 8)).rounded())
        var bar = String(repeating: "█", count: eighths / 8) + partials[eighths % 8]
        // A running container that uses anything at all gets a sliver, so idle and busy differ at a glance.
        if bar.isEmpty, clamped > 0 { bar = "▏" }
        let used = eighths / 8 + (bar.hasSuffix("█") || bar.isEmpty ? 0 : 1)
        return bar + String(repeating: " ", count: max(0, width - used))
    }
}

/// Colours by load.
enum StatsStyle {
    static func bar(_ fraction: Double) -> Style {
        if fraction >= 0.9 { return Style(foreground: .red, bold: true) }
        if fraction >= 0.6 { return Style(foreground: .yellow) }
        return Style(foreground: .cyan)
    }

    static let label = Style(bold: true)
    static let value = Style.plain
    static let note = Style(dim: true)
    static let chart = Style(foreground: .cyan)
    static let chartDown = Style(foreground: .magenta)
}

/// The header's stats parts: the sort order and what the sampler is doing.
enum StatsHeader {
    /// `sort cpu↓`.
    static func sort(_ state: AppState) -> String { "sort \(state.sort.label)" }

    /// `sampling 12 at 8.4/s via cgroup`; nil while nothing is sampled.
    static func sampling(_ state: AppState) -> String? {
        let sampledHosts = Set(state.visibleContainers.lazy.filter(StatsColumns.isSampled).map(\.host))
        guard let status = state.stats.sampler(of: sampledHosts), status.sampled > 0 else { return nil }
        let rate = formatRate(status.ratePerSecond)
        return "sampling \(status.sampled) at \(rate)/s via \(source(status))"
    }

    static func source(_ status: StatsSamplerStatus) -> String {
        switch (status.direct > 0, status.viaAPI > 0) {
        case (true, true): return "cgroup+API"
        case (true, false): return "cgroup"
        case (false, true): return "API"
        case (false, false): return "…"
        }
    }

    static func formatRate(_ rate: Double) -> String {
        let tenths = Int((rate * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
