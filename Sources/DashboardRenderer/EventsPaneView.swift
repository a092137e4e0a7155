import DashboardCore
import EngineAPI
import TerminalUI

/// Draws the events pane: a summary line that makes a crash loop obvious (deaths per minute over the last quarter
/// of an hour), column titles, then one row per step, newest at the bottom.
enum EventsPaneView {
    /// Minutes the death strip covers.
    static let stripMinutes = 15

    static func draw(_ state: AppState, into grid: inout CellGrid, area: Rect) {
        let pane = state.events
        guard area.height > 0 else { return }
        drawSummary(state, into: &grid, area: area)
        guard area.height > 2 else { return }
        let rows = pane.visibleEntries
        let showsContainer = pane.allContainers
        let showsHost = showsContainer && state.showsHosts
        let titles = columns(showsHost: showsHost, showsContainer: showsContainer, rows: rows, width: area.width)
        var x = area.x
        for (title, width) in titles {
            grid.put(title, x: x, y: area.y + 1, width: width, style: Theme.columnTitles)
            x += width + ColumnLayout.gap
        }
        let height = area.height - 2
        if rows.isEmpty {
            let text: String
            if let problem = pane.problems.values.sorted().first {
                text = "Could not read events: \(problem)"
            } else if !pane.filter.isEmpty {
                text = "No event matches \"\(pane.filter)\" (Esc clears the filter)"
            } else {
                text = "No events in the last hour; new ones show here as they happen."
            }
            grid.put(text, x: area.x + 1, y: area.y + 2, width: area.width - 1, style: Theme.hintText)
            return
        }
        let scrollBack = min(pane.scrollBack, max(0, rows.count - height))
        let end = rows.count - scrollBack
        let start = max(0, end - height)
        for (offset, event) in rows[start..<end].enumerated() {
            let y = area.y + 2 + offset
            var x = area.x
            let verbStyle = style(event)
            for (title, width) in titles {
                let text: String
                var cellStyle = Style.plain
                switch title {
                case "TIME (UTC)":
                    text = clock(event.timeNanos, now: state.now)
                    cellStyle = Theme.hintText
                case "HOST": text = event.container.host.name
                case "CONTAINER": text = event.name
                case "EVENT":
                    text = event.verb
                    cellStyle = verbStyle
                default:
                    text = event.detail
                    cellStyle = event.isTrouble ? verbStyle : .plain
                }
                grid.put(text, x: x, y: y, width: width, style: cellStyle)
                x += width + ColumnLayout.gap
            }
        }
        if scrollBack > 0 {
            let note = " \(scrollBack) newer below (G follows) "
            let width = TerminalText.width(note)
            if width < area.width { grid.put(note, x: area.maxX - width, y: area.y + 1, style: Theme.pending) }
        }
    }

    /// The first line: the filter prompt while typing, else deaths per minute and whether it is a crash loop.
    static func drawSummary(_ state: AppState, into grid: inout CellGrid, area: Rect) {
        let pane = state.events
        var x = area.x
        let y = area.y
        if pane.isEditingFilter || !pane.filter.isEmpty {
            x += grid.put("/", x: x, y: y, style: Theme.hintKey)
            x += grid.put(pane.filter, x: x, y: y, width: max(0, area.width / 2 - 2))
            if pane.isEditingFilter { x += grid.put("█", x: x, y: y, style: Style(dim: true)) }
            x += 2
        }
        if pane.allContainers {
            let loops = crashLoops(pane.entries, now: state.now)
            if loops.isEmpty {
                let deaths = DeathRate(pane.entries, now: state.now, minutes: stripMinutes).total
                grid.put(
                    "\(deaths) death\(deaths == 1 ? "" : "s") in the last \(stripMinutes) min; no crash loop",
                    x: x, y: y, width: max(0, area.maxX - x), style: Theme.hintText)
            } else {
                x += grid.put("CRASH LOOP ", x: x, y: y, style: Theme.error)
                let names = loops.map { "\($0.name) (\($0.rate.lastMinute)/min)" }.joined(separator: ", ")
                grid.put(names, x: x, y: y, width: max(0, area.maxX - x), style: Theme.error)
            }
            return
        }
        let rate = DeathRate(pane.entries, now: state.now, minutes: stripMinutes)
        x += grid.put("deaths/min ", x: x, y: y, style: Theme.hintText)
        x += grid.put(strip(rate), x: x, y: y, style: rate.total > 0 ? Theme.pending : Theme.hintText)
        x += 1
        var text = "\(rate.total) in \(stripMinutes) min, \(rate.lastMinute) in the last minute"
        if let restarts = state.selectedContainer?.lastExit?.restartCount, restarts > 0 {
            text += ", \(restarts) restart\(restarts == 1 ? "" : "s")"
        }
        x += grid.put(text, x: x, y: y, width: max(0, area.maxX - x), style: Theme.hintText)
        if rate.isCrashLoop, x + 13 <= area.maxX {
            grid.put("  CRASH LOOP", x: x, y: y, style: Theme.error)
        }
    }

    /// One cell per minute, oldest first: blank for none, then ▁▃▅▇█ as deaths grow.
    static func strip(_ rate: DeathRate) -> String {
        let levels: [Character] = ["·", "▁", "▃", "▅", "▇", "█"]
        return String(rate.perMinute.map { levels[min($0, levels.count - 1)] })
    }

    /// The containers of `entries` that crash-loop, worst first.
    static func crashLoops(_ entries: [TimelineEvent], now: Int64) -> [(name: String, rate: DeathRate)] {
        var deaths: [ContainerRef: [TimelineEvent]] = [:]
        for event in entries where event.verb == "die" { deaths[event.container, default: []].append(event) }
        return deaths.compactMap { _, events in
            let rate = DeathRate(events, now: now, minutes: stripMinutes)
            return rate.isCrashLoop ? (events.last?.name ?? "", rate) : nil
        }
        .sorted {
            $0.rate.lastMinute != $1.rate.lastMinute ? $0.rate.lastMinute > $1.rate.lastMinute : $0.name < $1.name
        }
    }

    /// The columns that fit, with their widths; DETAIL takes what is left.
    static func columns(showsHost: Bool, showsContainer: Bool, rows: [TimelineEvent], width: Int) -> [(String, Int)] {
        var result: [(String, Int)] = [("TIME (UTC)", 10)]
        if showsHost {
            let widest = rows.map { TerminalText.width($0.container.host.name) }.max() ?? 4
            result.append(("HOST", min(16, max(4, widest))))
        }
        if showsContainer {
            let widest = rows.map { TerminalText.width($0.name) }.max() ?? 9
            result.append(("CONTAINER", min(30, max(9, widest))))
        }
        result.append(("EVENT", 13))
        let used = result.reduce(0) { $0 + $1.1 + ColumnLayout.gap }
        result.append(("DETAIL", max(0, width - used)))
        return result
    }

    /// `14:03:27`, or `12-05 14:03` for a step on another day than `now`.
    static func clock(_ nanos: Int64, now: Int64) -> String {
        let seconds = nanos / 1_000_000_000
        let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let inDay = seconds - day * 86_400
        let time = String(format2(inDay / 3600)) + ":" + format2(inDay / 60 % 60) + ":" + format2(inDay % 60)
        guard day != now / 86_400 else { return time }
        let (_, month, dayOfMonth) = civil(fromDays: day)
        return format2(Int64(month)) + "-" + format2(Int64(dayOfMonth)) + " " + String(time.prefix(5))
    }

    static func format2(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's days-to-civil algorithm).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Trouble in red, life in green, the rest plain.
    static func style(_ event: TimelineEvent) -> Style {
        switch event.verb {
        case "die": return event.isTrouble ? Theme.error : Style(foreground: .yellow)
        case "oom": return Theme.error
        case "kill": return Style(foreground: .yellow)
        case "health_status":
            return event.health == "unhealthy"
                ? Theme.error : Style(foreground: event.health == "healthy" ? .green : .yellow)
        case "start", "restart", "unpause": return Style(foreground: .green)
        case "create": return Style(foreground: .cyan)
        default: return .plain
        }
    }
}
