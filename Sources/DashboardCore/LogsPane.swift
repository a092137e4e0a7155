import EngineAPI
import TerminalUI

/// What the logs pane shows.
public struct LogsPaneState: Sendable, Equatable {
    /// Lines kept in memory (`--log-lines`).
    public var capacity: Int
    public var buffer: LogBuffer
    /// The container whose log `buffer` holds; while it differs from the selection, a new stream is starting.
    public var container: ContainerRef?
    /// The feed instance filling `buffer`; news from any other instance is stale and ignored.
    public var feedID: Int?
    public var stream: LogsStreamState = .connecting
    public var isTTY = false

    /// Whether the view sticks to the newest line.
    public var following = true
    /// The first visible row while not following.
    public var top = LogPosition(seq: 0, row: 0)
    /// The first visible column when lines are not wrapped.
    public var column = 0
    /// Lines that arrived while not following.
    public var unseen = 0
    /// Older history pushed the newest lines out of the buffer; resuming reloads the stream.
    public var detached = false
    public var history: LogsHistoryState = .idle

    public var showTimestamps = false
    public var wrap = true
    public var stderrOnly = false
    /// Interpret SGR colour sequences in lines (off: they are shown as visible text like every other escape).
    public var colors = false

    /// The search pattern: its matches are highlighted, `n`/`N` jump between them.
    public var search: LogPattern?
    /// Only lines matching `search` are shown.
    public var filterOn = false
    /// The line `n`/`N` last moved to.
    public var focusSeq: Int?
    public var prompt: LogsPrompt?
    /// The sequence numbers the filters keep, ascending; nil when nothing is filtered.
    public var shown: [Int]?

    /// The lines a stream starts with, and a history page.
    public static let tail = 1000

    public init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
        buffer = LogBuffer(capacity: max(1, capacity))
    }

    /// Whether anything hides lines.
    public var isFiltered: Bool { LogsPane.Filter(self).isActive }
}

/// A row in the log: row `row` of the line numbered `seq` (rows differ from lines when wrapping).
public struct LogPosition: Sendable, Equatable {
    public var seq: Int
    public var row: Int

    public init(seq: Int, row: Int) {
        self.seq = seq
        self.row = row
    }
}

public enum LogsStreamState: Sendable, Equatable {
    case connecting
    case live
    /// The container is not running; the feed waits for its next start.
    case stopped
    /// The connection broke; the feed retries.
    case interrupted(String)
    /// The logs cannot be read; the reason.
    case unavailable(String)
}

public enum LogsHistoryState: Sendable, Equatable {
    case idle
    case loading
    /// The buffer starts at the log's first line.
    case complete
    case failed(String)
}

/// A line of input the pane is asking for.
public struct LogsPrompt: Sendable, Equatable {
    public enum Purpose: Sendable, Equatable {
        /// `/`: a search pattern; `filter` when opened with `F`.
        case search(regex: Bool, filter: Bool)
        /// Ctrl-S: where to save.
        case save
    }

    public var purpose: Purpose
    public var text: String
    /// Why the text cannot be used yet (an invalid regular expression).
    public var error: String?
    /// The search and filter before the prompt opened, restored by Esc.
    var previousSearch: LogPattern?
    var previousFilter: Bool

    init(purpose: Purpose, text: String, previousSearch: LogPattern?, previousFilter: Bool) {
        self.purpose = purpose
        self.text = text
        self.previousSearch = previousSearch
        self.previousFilter = previousFilter
    }
}

/// News from the logs feed. Everything but `opened` and the save results names the feed it comes from.
public enum LogsAction: Sendable, Equatable {
    /// A feed started for a container: the pane starts over with it.
    case opened(container: ContainerRef, feedID: Int)
    case attached(feedID: Int, tty: Bool, running: Bool)
    /// New lines; the reducer acknowledges `batch` so the feed sends the next one (backpressure).
    case lines(feedID: Int, batch: Int, [LogLine])
    case stopped(feedID: Int, exitCode: Int?, at: Int64?)
    case restarted(feedID: Int, at: Int64?)
    case interrupted(feedID: Int, String)
    case unavailable(feedID: Int, String)
    /// Older lines, oldest first.
    case history(feedID: Int, [LogLine], reachedStart: Bool)
    case historyFailed(feedID: Int, String)
    case saved(path: String, lines: Int)
    case saveFailed(path: String, error: String)
}

/// One-off work the logs pane asks the runtime for.
public enum LogsEffect: Sendable, Hashable {
    /// The reducer has taken batch `batch`: the feed may send the next.
    case ack(feedID: Int, batch: Int)
    /// Fetch up to `count` lines older than `until` (nanoseconds; `skip` lines stamped exactly `until` are already
    /// there); `window` is a guess of how far back that reaches, in seconds.
    case fetchHistory(feedID: Int, container: ContainerRef, until: Int64, skip: Int, count: Int, window: Int64)
    /// Start the stream over from the newest lines.
    case reload(feedID: Int)
    /// Write `lines` to `path` (a leading `~/` is the home directory); never overwrites a file.
    case save(path: String, lines: [String])
}

/// The logs pane's reducer and keys.
enum LogsPane {
    static func reduce(_ state: inout AppState, _ action: LogsAction) -> [Effect] {
        switch action {
        case .opened(let container, let feedID):
            open(&state.logs, container: container, feedID: feedID)
            return []
        case .lines(let feedID, let batch, let lines):
            if feedID == state.logs.feedID {
                // Lines the ring would evict within this batch are never converted (while detached, all count).
                let kept = state.logs.detached ? lines[...] : lines.suffix(state.logs.capacity)
                append(&state, kept.map(LogEntry.init), skipped: lines.count - kept.count)
            }
            return [.logs(.ack(feedID: feedID, batch: batch))]
        case .saved(let path, let count):
            state.status = StatusMessage("Saved \(count) \(count == 1 ? "line" : "lines") to \(path)", kind: .success)
            return []
        case .saveFailed(let path, let error):
            state.status = StatusMessage("Could not save the logs to \(path): \(error)", kind: .error)
            return []
        default:
            break
        }
        guard action.feedID == state.logs.feedID else { return [] }
        switch action {
        case .attached(_, let tty, let running):
            state.logs.isTTY = tty
            state.logs.stream = running ? .live : .stopped
        case .stopped(_, let exitCode, let at):
            state.logs.stream = .stopped
            var text = "container is not running"
            if let at {
                text = "container exited"
                if let exitCode { text += " with code \(exitCode)" }
                text += " at \(LogTimestamp.formatTime(at))"
            }
            append(&state, [LogEntry(kind: .notice, timestamp: at, text: text)])
        case .restarted(_, let at):
            state.logs.stream = .live
            let text = "container started again" + (at.map { " at \(LogTimestamp.formatTime($0))" } ?? "")
            append(&state, [LogEntry(kind: .notice, timestamp: at, text: text)])
        case .interrupted(_, let reason):
            state.logs.stream = .interrupted(reason)
        case .unavailable(_, let reason):
            state.logs.stream = .unavailable(reason)
        case .history(_, let lines, let reachedStart):
            prependHistory(&state, lines.map(LogEntry.init), reachedStart: reachedStart)
        case .historyFailed(_, let reason):
            state.logs.history = .failed(reason)
        default:
            break
        }
        return []
    }

    // MARK: - Lines

    static func open(_ logs: inout LogsPaneState, container: ContainerRef, feedID: Int) {
        logs.container = container
        logs.feedID = feedID
        logs.buffer = LogBuffer(capacity: logs.capacity)
        logs.stream = .connecting
        logs.following = true
        logs.top = LogPosition(seq: 0, row: 0)
        logs.column = 0
        logs.unseen = 0
        logs.detached = false
        logs.history = .idle
        logs.focusSeq = nil
        logs.shown = logs.isFiltered ? [] : nil
    }

    /// Appends new entries; `skipped` older lines of the same batch were dropped unseen (past the ring's size).
    static func append(_ state: inout AppState, _ entries: [LogEntry], skipped: Int = 0) {
        guard !entries.isEmpty else { return }
        if skipped > 0 {
            // Keep sequence numbers counting every line, so positions stay comparable.
            state.logs.buffer.skip(skipped)
            if !state.logs.following { state.logs.unseen += skipped }
        }
        let filter = Filter(state.logs)
        if state.logs.detached {
            state.logs.unseen += entries.reduce(0) { $0 + (filter.keeps($1) && $1.kind != .notice ? 1 : 0) }
            return
        }
        switch state.logs.stream {
        case .connecting, .interrupted: state.logs.stream = .live
        case .live, .stopped, .unavailable: break
        }
        let oldEnd = state.logs.buffer.endSeq
        state.logs.buffer.append(entries)
        let buffer = state.logs.buffer
        let firstNew = max(oldEnd, buffer.firstSeq)
        var added = 0
        if var shown = state.logs.shown {
            dropEvicted(&shown, below: buffer.firstSeq)
            for seq in firstNew..<buffer.endSeq where filter.keeps(buffer[seq: seq]) {
                shown.append(seq)
                if buffer[seq: seq].kind != .notice { added += 1 }
            }
            state.logs.shown = shown
        } else {
            added = (firstNew..<buffer.endSeq).count { buffer[seq: $0].kind != .notice }
        }
        if let focus = state.logs.focusSeq, focus < buffer.firstSeq { state.logs.focusSeq = nil }
        if !state.logs.following {
            state.logs.unseen += added
            if state.logs.top.seq < buffer.firstSeq { state.logs.top = LogPosition(seq: buffer.firstSeq, row: 0) }
        }
    }

    static func dropEvicted(_ shown: inout [Int], below first: Int) {
        guard let oldest = shown.first, oldest < first else { return }
        var low = 0
        var high = shown.count
        while low < high {
            let mid = (low + high) / 2
            if shown[mid] < first { low = mid + 1 } else { high = mid }
        }
        shown.removeFirst(low)
    }

    static func prependHistory(_ state: inout AppState, _ entries: [LogEntry], reachedStart: Bool) {
        // The start is reached only if the whole page fitted: lines the ring could not keep are still older.
        let fitted = entries.count <= state.logs.capacity
        state.logs.history = (reachedStart && fitted) || entries.isEmpty ? .complete : .idle
        guard !entries.isEmpty else { return }
        let wasFollowing = state.logs.following
        let dropped = state.logs.buffer.prepend(entries)
        if dropped > 0 {
            // The newest lines made room: the buffer is now a window into the past, and no longer live.
            state.logs.detached = true
            state.logs.following = false
        }
        if !wasFollowing || dropped > 0 {
            if !state.logs.buffer.contains(seq: state.logs.top.seq) {
                state.logs.top = LogPosition(seq: state.logs.buffer.firstSeq, row: 0)
            }
        }
        rebuildShown(&state.logs)
    }

    static func rebuildShown(_ logs: inout LogsPaneState) {
        guard logs.isFiltered else {
            logs.shown = nil
            return
        }
        let filter = Filter(logs)
        let buffer = logs.buffer
        logs.shown = buffer.seqs.filter { filter.keeps(buffer[seq: $0]) }
    }

    /// The filters as one test.
    struct Filter {
        let stderrOnly: Bool
        let pattern: LogPattern?

        init(_ logs: LogsPaneState) {
            stderrOnly = logs.stderrOnly
            if let prompt = logs.prompt, case .search = prompt.purpose {
                // While a search is typed, `search` is the half-typed pattern (for highlighting): lines go on being
                // filtered by the search that was applied before the prompt opened.
                pattern = prompt.previousFilter ? prompt.previousSearch : nil
            } else {
                pattern = logs.filterOn ? logs.search : nil
            }
        }

        var isActive: Bool { stderrOnly || pattern != nil }

        func keeps(_ entry: LogEntry) -> Bool {
            if entry.kind == .notice { return true }
            if stderrOnly, entry.kind != .stderr { return false }
            if let pattern, !pattern.matches(entry.text) { return false }
            return true
        }
    }

    // MARK: - Keys

    /// Keys while the pane has the focus; nil lets the key fall through to the global table.
    static func run(_ command: LogsCommand, _ state: inout AppState) -> [Effect] {
        switch command {
        case .scrollDown: return scroll(&state, by: 1)
        case .scrollUp: return scroll(&state, by: -1)
        case .pageDown: return scroll(&state, by: max(1, viewHeight(state) - 1))
        case .pageUp: return scroll(&state, by: -max(1, viewHeight(state) - 1))
        case .halfPageDown: return scroll(&state, by: max(1, viewHeight(state) / 2))
        case .halfPageUp: return scroll(&state, by: -max(1, viewHeight(state) / 2))
        case .oldest: return scrollToOldest(&state)
        case .newest: return resume(&state)
        case .left: scrollSideways(&state, by: -1)
        case .right: scrollSideways(&state, by: 1)
        case .search: openPrompt(&state, filter: false)
        case .nextMatch: jump(&state, older: true)
        case .previousMatch: jump(&state, older: false)
        case .filter:
            if state.logs.search == nil {
                openPrompt(&state, filter: true)
            } else {
                state.logs.filterOn.toggle()
                rebuildShown(&state.logs)
                normalize(&state)
            }
        case .back:
            guard state.logs.search != nil || state.logs.filterOn else {
                state.focus = .list
                state.zoomed = false
                return []
            }
            state.logs.search = nil
            state.logs.filterOn = false
            state.logs.focusSeq = nil
            rebuildShown(&state.logs)
            normalize(&state)
        case .timestamps:
            state.logs.showTimestamps.toggle()
            normalize(&state)
        case .wrap:
            state.logs.wrap.toggle()
            state.logs.column = 0
            state.logs.top.row = 0
            normalize(&state)
        case .stderrOnly:
            state.logs.stderrOnly.toggle()
            rebuildShown(&state.logs)
            normalize(&state)
            state.status = StatusMessage(state.logs.stderrOnly ? "Showing stderr only" : "Showing stdout and stderr")
        case .colours:
            state.logs.colors.toggle()
            normalize(&state)
            state.status = StatusMessage(
                state.logs.colors ? "Showing the log's own colours (SGR only)" : "Showing escape sequences as text")
        case .save: openSavePrompt(&state)
        }
        return []
    }

    static func prompt(_ state: inout AppState, _ input: PromptInput) -> [Effect] {
        guard var prompt = state.logs.prompt else { return [] }
        switch input {
        case .command(.cancel):
            state.logs.prompt = nil
            if case .search = prompt.purpose {
                state.logs.search = prompt.previousSearch
                state.logs.filterOn = prompt.previousFilter
                // The shown lines were built for the search as typed so far: build them again for the restored one.
                rebuildShown(&state.logs)
                normalize(&state)
            }
            return []
        case .command(.submit):
            return commitPrompt(&state, prompt)
        case .command(.erase):
            if !prompt.text.isEmpty { prompt.text.removeLast() }
        case .command(.eraseAll):
            prompt.text = ""
        case .command(.regex):
            if case .search(let regex, let filter) = prompt.purpose {
                prompt.purpose = .search(regex: !regex, filter: filter)
            }
        case .text(let c):
            prompt.text.append(c)
        case .command(.moveDown), .command(.moveUp), .command(.complete):
            return []
        }
        state.logs.prompt = prompt
        if case .search = prompt.purpose { previewSearch(&state) }
        return []
    }

    /// Highlights as the pattern is typed (filtering waits for Enter: it rescans the whole buffer).
    static func previewSearch(_ state: inout AppState) {
        guard var prompt = state.logs.prompt, case .search(let regex, _) = prompt.purpose else { return }
        prompt.error = nil
        if prompt.text.isEmpty {
            state.logs.search = nil
        } else {
            do {
                state.logs.search = try LogPattern(prompt.text, isRegex: regex)
            } catch {
                prompt.error = error.message
                state.logs.search = nil
            }
        }
        state.logs.prompt = prompt
    }

    static func openPrompt(_ state: inout AppState, filter: Bool) {
        let current = state.logs.search
        state.logs.prompt = LogsPrompt(
            purpose: .search(regex: current?.isRegex ?? false, filter: filter), text: current?.text ?? "",
            previousSearch: current, previousFilter: state.logs.filterOn)
    }

    static func openSavePrompt(_ state: inout AppState) {
        let name = state.selectedContainer?.displayName ?? state.logs.container.map { String($0.id.prefix(12)) }
        state.logs.prompt = LogsPrompt(
            purpose: .save, text: defaultSavePath(name: name ?? "container", now: state.now), previousSearch: nil,
            previousFilter: false)
    }

    /// `/tmp/berth-web-1-20261123T045011.log`.
    static func defaultSavePath(name: String, now: Int64) -> String {
        let safe = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "_" })
        let stamp = LogTimestamp.format(now * 1_000_000_000, fractionDigits: 0).filter { $0 != "-" && $0 != ":" }
        return "/tmp/berth-\(safe)-\(stamp.dropLast()).log"
    }

    static func commitPrompt(_ state: inout AppState, _ prompt: LogsPrompt) -> [Effect] {
        switch prompt.purpose {
        case .save:
            let path = prompt.text.trimmingSpaces
            guard !path.isEmpty else {
                state.logs.prompt?.error = "type a file path"
                return []
            }
            state.logs.prompt = nil
            let lines = savedLines(state.logs)
            state.status = StatusMessage("Saving \(lines.count) lines…")
            return [.logs(.save(path: path, lines: lines))]
        case .search(let regex, let filter):
            if prompt.error != nil { return [] }
            state.logs.prompt = nil
            guard !prompt.text.isEmpty else {
                state.logs.search = nil
                state.logs.filterOn = false
                state.logs.focusSeq = nil
                rebuildShown(&state.logs)
                normalize(&state)
                return []
            }
            state.logs.search = try? LogPattern(prompt.text, isRegex: regex)
            if filter { state.logs.filterOn = true }
            state.logs.focusSeq = nil
            rebuildShown(&state.logs)
            normalize(&state)
            if !state.logs.filterOn {
                // Show the newest match, unless one is on screen already.
                let visible = visibleRows(state).map(\.seq)
                if let pattern = state.logs.search,
                    let onScreen = visible.last(where: { isMatch(state.logs.buffer[seq: $0], pattern) })
                {
                    state.logs.focusSeq = onScreen
                } else {
                    jump(&state, older: true, from: nil)
                }
            } else if state.logs.shown?.contains(where: { state.logs.buffer[seq: $0].kind != .notice }) == false {
                state.status = StatusMessage("No line matches \(describe(prompt.text, regex: regex)) yet")
            }
            return []
        }
    }

    static func describe(_ text: String, regex: Bool) -> String {
        regex ? "/\(text)/" : "\"\(text)\""
    }

    /// The lines Ctrl-S writes: what the pane shows (filtered or not), as the engine sent them.
    static func savedLines(_ logs: LogsPaneState) -> [String] {
        let display = LogDisplay(logs)
        var out: [String] = []
        out.reserveCapacity(display.count)
        for index in 0..<display.count {
            let entry = display.entry(index)
            guard entry.kind != .notice else { continue }
            if logs.showTimestamps, let stamp = entry.timestamp {
                out.append(LogTimestamp.format(stamp, fractionDigits: 9) + " " + entry.text)
            } else {
                out.append(entry.text)
            }
        }
        return out
    }

    static func isMatch(_ entry: LogEntry, _ pattern: LogPattern) -> Bool {
        entry.kind != .notice && pattern.matches(entry.text)
    }

    /// `n` (older) and `N` (newer): moves to the next line with a match and brings it into view.
    static func jump(_ state: inout AppState, older: Bool) {
        jump(&state, older: older, from: state.logs.focusSeq)
    }

    static func jump(_ state: inout AppState, older: Bool, from focus: Int?) {
        guard let pattern = state.logs.search else {
            state.status = StatusMessage("No search: press / to search")
            return
        }
        let display = LogDisplay(state.logs)
        guard display.count > 0 else { return }
        var start: Int
        if let focus, display.contains(seq: focus) {
            start = display.index(atOrAfter: focus)
        } else {
            let rows = visibleRows(state)
            let edge = older ? rows.last?.seq : rows.first?.seq
            start = edge.map { display.index(atOrAfter: $0) + (older ? 1 : -1) } ?? (older ? display.count : -1)
        }
        var index = older ? start - 1 : start + 1
        while index >= 0, index < display.count {
            if isMatch(display.entry(index), pattern) {
                state.logs.focusSeq = display.seq(index)
                reveal(&state, index: index)
                // Where this match stands among all the loaded ones, oldest first: one pass over the ring.
                var ordinal = 0
                var total = 0
                for other in 0..<display.count where isMatch(display.entry(other), pattern) {
                    total += 1
                    if other <= index { ordinal += 1 }
                }
                let lines = total == 1 ? "line" : "lines"
                state.status = StatusMessage(
                    "Match \(ordinal) of \(total) \(lines) with \(describe(pattern.text, regex: pattern.isRegex))")
                return
            }
            index += older ? -1 : 1
        }
        let what = describe(pattern.text, regex: pattern.isRegex)
        state.status = StatusMessage(
            older
                ? "No older match for \(what) in the lines loaded (scroll up to load more)"
                : "No newer match for \(what)")
    }

    // MARK: - Scrolling

    /// Scrolls by `delta` rows; up pauses following, reaching the end resumes it, and scrolling up past the oldest
    /// line asks the engine for the previous page.
    static func scroll(_ state: inout AppState, by delta: Int) -> [Effect] {
        guard let geometry = LogsGeometry(state) else { return [] }
        let display = LogDisplay(state.logs)
        let viewport = Viewport(display: display, geometry: geometry)
        let current = currentTop(state, viewport)
        let target = viewport.moved(current, by: delta)
        setTop(&state, target, viewport)
        if delta < 0, current == Viewport.Position(index: 0, row: 0) || target == Viewport.Position(index: 0, row: 0) {
            return fetchHistory(&state, atTop: current == target)
        }
        return []
    }

    static func scrollToOldest(_ state: inout AppState) -> [Effect] {
        guard let geometry = LogsGeometry(state) else { return [] }
        let viewport = Viewport(display: LogDisplay(state.logs), geometry: geometry)
        let current = currentTop(state, viewport)
        setTop(&state, Viewport.Position(index: 0, row: 0), viewport)
        return fetchHistory(&state, atTop: current == Viewport.Position(index: 0, row: 0))
    }

    /// `G`: back to the newest line and following (a reload when history pushed the newest lines out).
    static func resume(_ state: inout AppState) -> [Effect] {
        state.logs.unseen = 0
        if state.logs.detached, let feedID = state.logs.feedID {
            state.logs.detached = false
            state.logs.following = true
            state.logs.stream = .connecting
            return [.logs(.reload(feedID: feedID))]
        }
        state.logs.following = true
        return []
    }

    static func scrollSideways(_ state: inout AppState, by direction: Int) {
        guard !state.logs.wrap, let geometry = LogsGeometry(state) else { return }
        let step = max(8, geometry.options.width / 2)
        state.logs.column = max(0, state.logs.column + direction * step)
    }

    /// Asks for older lines when the view is at the oldest one (and only once at a time).
    static func fetchHistory(_ state: inout AppState, atTop: Bool) -> [Effect] {
        guard atTop, state.logs.history != .loading, state.logs.history != .complete,
            let feedID = state.logs.feedID, let container = state.logs.container
        else { return [] }
        let buffer = state.logs.buffer
        guard
            let oldest = buffer.seqs.first(where: {
                buffer[seq: $0].kind != .notice && buffer[seq: $0].timestamp != nil
            }),
            let until = buffer[seq: oldest].timestamp
        else {
            state.logs.history = .complete
            return []
        }
        var skip = 0
        for seq in oldest..<buffer.endSeq {
            guard buffer[seq: seq].timestamp == until else { break }
            skip += 1
        }
        // Guess how far back a page reaches from the rate of the lines at hand.
        var window: Int64 = 60
        if let newest = buffer.last?.timestamp, newest > until, buffer.count > 1 {
            let span = Double(newest - until) / 1e9
            let perLine = span / Double(buffer.count)
            window = Int64(min(86_400 * 365, max(1, perLine * Double(LogsPaneState.tail) * 2)))
        }
        state.logs.history = .loading
        return [
            .logs(
                .fetchHistory(
                    feedID: feedID, container: container, until: until, skip: skip,
                    count: min(LogsPaneState.tail, state.logs.capacity), window: window))
        ]
    }

    /// Brings display line `index` into view, about a third from the top, unless it is already on screen.
    static func reveal(_ state: inout AppState, index: Int) {
        guard let geometry = LogsGeometry(state) else { return }
        let display = LogDisplay(state.logs)
        let viewport = Viewport(display: display, geometry: geometry)
        let seq = display.seq(index)
        if visibleRows(state).contains(where: { $0.seq == seq && $0.row == 0 }) { return }
        let target = viewport.moved(Viewport.Position(index: index, row: 0), by: -(geometry.height / 3))
        setTop(&state, target, viewport)
    }

    static func currentTop(_ state: AppState, _ viewport: Viewport) -> Viewport.Position {
        state.logs.following ? viewport.bottomTop : viewport.position(of: state.logs.top)
    }

    static func setTop(_ state: inout AppState, _ position: Viewport.Position, _ viewport: Viewport) {
        let bottom = viewport.bottomTop
        if position >= bottom, !state.logs.detached {
            state.logs.following = true
            state.logs.unseen = 0
            return
        }
        let clamped = min(position, bottom)
        if state.logs.following { state.logs.unseen = 0 }
        state.logs.following = false
        state.logs.top = viewport.logPosition(clamped)
    }

    /// After the layout changed (wrap, timestamps, filters): keeps the view inside the lines.
    static func normalize(_ state: inout AppState) {
        guard !state.logs.following, let geometry = LogsGeometry(state) else { return }
        let viewport = Viewport(display: LogDisplay(state.logs), geometry: geometry)
        setTop(&state, viewport.position(of: state.logs.top), viewport)
    }

    static func viewHeight(_ state: AppState) -> Int { LogsGeometry(state)?.height ?? 1 }

    /// The rows on screen, top to bottom.
    static func visibleRows(_ state: AppState) -> [LogRowRef] {
        guard let geometry = LogsGeometry(state) else { return [] }
        return LogsView.rows(state.logs, geometry)
    }
}

extension LogsAction {
    /// The feed a piece of news comes from.
    var feedID: Int? {
        switch self {
        case .opened(_, let id), .attached(let id, _, _), .lines(let id, _, _), .stopped(let id, _, _),
            .restarted(let id, _), .interrupted(let id, _), .unavailable(let id, _), .history(let id, _, _),
            .historyFailed(let id, _):
            return id
        case .saved, .saveFailed:
            return nil
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
