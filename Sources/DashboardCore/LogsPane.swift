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
    /// Older history pushed the newest lines out of the buffer: the buffer is a window into the past, newer pages
    /// come from the engine again (`newer`), and `G` reloads the stream.
    public var detached = false
    /// Older pages (`g` at the oldest line, scrolling up past it).
    public var history: LogsHistoryState = .idle
    /// Newer pages while detached (scrolling down to the newest line held).
    public var newer: LogsHistoryState = .idle
    /// While detached: how many lines are newer than the newest one held (dropped for older history, or written
    /// since), none of them in `buffer`.
    public var notLoaded = 0
    /// While detached: the newest lines of the live stream, the point newer pages reach back to. Once a page meets
    /// them they join the buffer and the pane is live again, without a gap.
    public var liveTail: LogBuffer
    /// While detached: the newest line the stream had delivered when the pane detached. Newer pages reach up to it
    /// (while the tail still begins right after it); everything later comes from the stream, into the tail.
    public var edge: LogEdge?
    /// While detached: the live tail's sequence number that comes right after the newest line held, once a page
    /// has reached the tail; the tail then pages into the buffer by itself.
    public var tailNext: Int?

    public var showTimestamps = false
    public var wrap = true
    public var stderrOnly = false
    /// Interpret SGR colour sequences in lines (off: they are shown as visible text like every other escape).
    public var colors = false

    /// The search pattern: its matches are highlighted, `n`/`N` jump between them.
    public var search: LogPattern?
    /// Only lines matching `search` are shown.
    public var filterOn = false
    /// The match `/`, `n` or `N` last moved to.
    public var focus: LogMatch?
    public var prompt: LogsPrompt?
    /// The sequence numbers the filters keep, ascending; nil when nothing is filtered.
    public var shown: [Int]?

    /// The lines a stream starts with, and a history page.
    public static let tail = 1000

    public init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
        buffer = LogBuffer(capacity: max(1, capacity))
        // A page's worth of the stream whatever the ring's size: with a smaller tail, a slow stream would keep it
        // full, every new line would open a gap before its oldest, and paging down would never meet it.
        liveTail = LogBuffer(capacity: Self.tail)
    }

    /// Whether anything hides lines.
    public var isFiltered: Bool { LogsPane.Filter(self).isActive }
}

/// A line in the engine's log, named the only way the Engine API can: its timestamp, and that it is the `count`th
/// line stamped so (engines that stamp to the second give many lines one stamp).
public struct LogEdge: Sendable, Equatable {
    public var timestamp: Int64
    public var count: Int

    public init(timestamp: Int64, count: Int) {
        self.timestamp = timestamp
        self.count = count
    }
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
    /// The text is the last search, recalled when the prompt opened: shown selected, `Enter` applies it again, the
    /// first character typed replaces it, and editing keys keep it.
    public var isRecalled = false
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
    /// Newer lines for a detached pane, oldest first; `reachedEnd`: every line up to the live tail (as it was when
    /// asked, its oldest line then `tailStart`) is in this page or already held.
    case newer(feedID: Int, [LogLine], reachedEnd: Bool, tailStart: Int)
    case newerFailed(feedID: Int, String)
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
    /// Fetch up to `count` lines from `since` on (`skip` lines stamped exactly `since` are already there) up to
    /// `until`: where the live tail begins (its first `skipAtUntil` lines are stamped exactly `until`), or, while
    /// the tail still begins right after it, the line the pane detached at (then `keepAtUntil` says how many lines
    /// stamped exactly `until` the page may hold). `tailStart` comes back with the answer.
    case fetchNewer(
        feedID: Int, container: ContainerRef, since: Int64, skip: Int, until: Int64, skipAtUntil: Int,
        keepAtUntil: Int?, count: Int, tailStart: Int)
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
                // Lines the ring would evict within this batch are never converted.
                let room = state.logs.detached ? state.logs.liveTail.capacity : state.logs.capacity
                let kept = lines.suffix(room)
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
        case .newer(_, let lines, let reachedEnd, let tailStart):
            appendNewer(&state, lines.map(LogEntry.init), reachedEnd: reachedEnd, tailStart: tailStart)
        case .newerFailed(_, let reason):
            state.logs.newer = .failed(reason)
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
        logs.newer = .idle
        logs.notLoaded = 0
        logs.liveTail = LogBuffer(capacity: logs.liveTail.capacity)
        logs.edge = nil
        logs.tailNext = nil
        logs.focus = nil
        logs.shown = logs.isFiltered ? [] : nil
    }

    /// Appends new entries; `skipped` older lines of the same batch were dropped unseen (past the ring's size).
    static func append(_ state: inout AppState, _ entries: [LogEntry], skipped: Int = 0) {
        guard !entries.isEmpty else { return }
        if state.logs.detached {
            // The live stream goes on into the tail, which newer pages reach back to.
            if skipped > 0 { state.logs.liveTail.skip(skipped) }
            state.logs.liveTail.append(entries)
            state.logs.notLoaded += skipped + entries.count { $0.kind != .notice }
            return
        }
        if !state.logs.following, !state.logs.buffer.isEmpty {
            let buffer = state.logs.buffer
            let firstKept = skipped > 0 ? buffer.endSeq : buffer.firstSeq + buffer.evictions(byAppending: entries)
            if firstKept > state.logs.top.seq {
                // The ring would push out the lines on screen: the pane keeps them and detaches, and the stream
                // goes on into the live tail, which follows right after the newest line held.
                detach(&state.logs)
                state.logs.tailNext = state.logs.liveTail.firstSeq
                append(&state, entries, skipped: skipped)
                return
            }
        }
        if skipped > 0 {
            // Keep sequence numbers counting every line, so positions stay comparable.
            state.logs.buffer.skip(skipped)
            if !state.logs.following { state.logs.unseen += skipped }
        }
        let filter = Filter(state.logs)
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
        if let focus = state.logs.focus, focus.seq < buffer.firstSeq { state.logs.focus = nil }
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
        let before = state.logs.buffer
        let dropped = state.logs.buffer.prepend(entries)
        if dropped > 0 {
            // The newest lines made room: the buffer is now a window into the past, and no longer live. What the
            // stream sends from now on waits in the live tail; the dropped lines come back as newer pages.
            if !state.logs.detached { detach(&state.logs, newest: before) }
            // The newest lines held went: the tail no longer goes on right after them.
            state.logs.tailNext = nil
            state.logs.following = false
            state.logs.notLoaded += (before.endSeq - dropped..<before.endSeq).count { before[seq: $0].kind != .notice }
        }
        if !wasFollowing || dropped > 0 {
            if !state.logs.buffer.contains(seq: state.logs.top.seq) {
                state.logs.top = LogPosition(seq: state.logs.buffer.firstSeq, row: 0)
            }
        }
        rebuildShown(&state.logs)
    }

    /// The buffer becomes a window that no longer takes the stream's lines: they go to a fresh live tail, and newer
    /// pages reach back to `newest`'s newest line (the buffer's own, unless it is about to lose it).
    static func detach(_ logs: inout LogsPaneState, newest: LogBuffer? = nil) {
        logs.detached = true
        logs.liveTail = LogBuffer(capacity: logs.liveTail.capacity)
        logs.newer = .idle
        logs.notLoaded = 0
        logs.unseen = 0
        logs.edge = newestEdge(newest ?? logs.buffer)
    }

    /// A newer page for a detached pane: appended after the newest line held (the oldest go, as the ring needs).
    /// When it ends right before the live tail's first line (and the tail has lost no line since it was asked for),
    /// the tail is next: scrolling on takes its lines page by page, and once it is empty the pane is live again.
    static func appendNewer(_ state: inout AppState, _ entries: [LogEntry], reachedEnd: Bool, tailStart: Int) {
        state.logs.newer = .idle
        guard state.logs.detached else { return }
        appendPage(&state, entries)
        if reachedEnd, state.logs.liveTail.firstSeq == tailStart { state.logs.tailNext = tailStart }
        if state.logs.tailNext == state.logs.liveTail.firstSeq, state.logs.liveTail.isEmpty { attach(&state) }
    }

    /// Moves up to a page of the live tail into the buffer when the tail goes on right after the newest line held;
    /// false when it does not (the engine must fill the gap first).
    static func takeFromTail(_ state: inout AppState) -> Bool {
        guard let next = state.logs.tailNext, next == state.logs.liveTail.firstSeq else { return false }
        let tail = state.logs.liveTail
        let count = min(pageSize(state), tail.count)
        let page = (tail.firstSeq..<tail.firstSeq + count).map { tail[seq: $0] }
        state.logs.liveTail.removeOldest(count)
        state.logs.tailNext = state.logs.liveTail.firstSeq
        appendPage(&state, page)
        if state.logs.liveTail.isEmpty { attach(&state) }
        return true
    }

    /// Appends newer lines to a detached pane's buffer; the view stays where it is.
    static func appendPage(_ state: inout AppState, _ entries: [LogEntry]) {
        guard !entries.isEmpty else { return }
        let evicted = state.logs.buffer.append(entries)
        if evicted > 0, state.logs.history == .complete { state.logs.history = .idle }
        state.logs.notLoaded = max(0, state.logs.notLoaded - entries.count { $0.kind != .notice })
        let buffer = state.logs.buffer
        if let focus = state.logs.focus, focus.seq < buffer.firstSeq { state.logs.focus = nil }
        if state.logs.top.seq < buffer.firstSeq { state.logs.top = LogPosition(seq: buffer.firstSeq, row: 0) }
        rebuildShown(&state.logs)
        normalize(&state)
    }

    /// The buffer reaches the live stream again: new lines go straight into it.
    static func attach(_ state: inout AppState) {
        state.logs.detached = false
        state.logs.notLoaded = 0
        state.logs.liveTail = LogBuffer(capacity: state.logs.liveTail.capacity)
        state.logs.tailNext = nil
        state.logs.edge = nil
        state.logs.unseen = 0
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
        case .nextMatch: jump(&state, .newer)
        case .previousMatch: jump(&state, .older)
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
            state.logs.focus = nil
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
            // Plain text or a regex, the recalled search is still the one to replace by typing.
            state.logs.prompt = prompt
            previewSearch(&state)
            return []
        case .text(let c):
            if prompt.isRecalled { prompt.text = "" }
            prompt.text.append(c)
        case .command(.moveDown), .command(.moveUp), .command(.complete):
            return []
        }
        prompt.isRecalled = false
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
        state.logs.prompt?.isRecalled = current != nil
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
                state.logs.focus = nil
                rebuildShown(&state.logs)
                normalize(&state)
                return []
            }
            state.logs.search = try? LogPattern(prompt.text, isRegex: regex)
            if filter { state.logs.filterOn = true }
            state.logs.focus = nil
            rebuildShown(&state.logs)
            normalize(&state)
            if !state.logs.filterOn {
                // As less does: the first match from the top of the view down, round to the oldest line if need be.
                jump(&state, .newer)
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

    /// `/` and `n` (`.newer`), `N` (`.older`): moves to the next match and brings it into view.
    ///
    /// From the match last moved to while it is on screen, else from the view: its top going down, its bottom going
    /// up. Past the newest (or oldest) line the search goes on from the other end, once.
    static func jump(_ state: inout AppState, _ direction: LogSearch.Direction) {
        guard let pattern = state.logs.search else {
            state.status = StatusMessage("No search: press / to search")
            return
        }
        let display = LogDisplay(state.logs)
        guard display.count > 0, let point = searchStart(state, display, direction) else { return }
        let what = describe(pattern.text, regex: pattern.isRegex)
        guard let found = LogSearch.find(pattern, in: display, from: point, direction: direction) else {
            let loaded = state.logs.history == .complete ? "" : " (g at the oldest line loads older ones)"
            state.status = StatusMessage("No line matches \(what) in the lines loaded\(loaded)")
            return
        }
        state.logs.focus = LogMatch(seq: display.seq(found.index), range: found.range)
        reveal(&state, index: found.index, range: found.range)
        // Where this match stands among all the loaded ones, oldest first: one pass over the ring.
        var ordinal = 0
        var total = 0
        for other in 0..<display.count where isMatch(display.entry(other), pattern) {
            total += 1
            if other <= found.index { ordinal += 1 }
        }
        let lines = total == 1 ? "line" : "lines"
        var text = "Match \(ordinal) of \(total) \(lines) with \(what)"
        let entry = display.entry(found.index)
        if let geometry = LogsGeometry(state), entry.text.utf8.count > geometry.options.width {
            // In a long line the column says where, and n/N show the match moving along it.
            text += " at column \(LogLayout.column(of: found.range.lowerBound, entry, geometry.options) + 1)"
        }
        if found.wrapped {
            text += direction == .newer ? " (wrapped to the top)" : " (wrapped to the end)"
        }
        state.status = StatusMessage(text)
    }

    /// Where `jump` starts: after (or before) the focused match while it is on screen, else at the view's top (or
    /// its bottom, going up).
    static func searchStart(
        _ state: AppState, _ display: LogDisplay, _ direction: LogSearch.Direction
    ) -> LogSearch.Point? {
        let rows = visibleRows(state)
        if let focus = state.logs.focus, display.contains(seq: focus.seq), rows.contains(where: { $0.seq == focus.seq })
        {
            let index = display.index(atOrAfter: focus.seq)
            return LogSearch.Point(
                index: index, offset: direction == .newer ? focus.range.upperBound : focus.range.lowerBound)
        }
        guard let geometry = LogsGeometry(state) else { return nil }
        switch direction {
        case .newer:
            guard let top = rows.first else { return LogSearch.Point(index: 0, offset: 0) }
            return LogSearch.Point(
                index: top.index, offset: LogLayout.rowStart(top.row, display.entry(top.index), geometry.options))
        case .older:
            guard let bottom = rows.last else { return LogSearch.Point(index: display.count - 1, offset: Int.max) }
            let entry = display.entry(bottom.index)
            let end = LogLayout.rowStart(bottom.row + 1, entry, geometry.options)
            return LogSearch.Point(index: bottom.index, offset: geometry.options.wrap ? end : Int.max)
        }
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
        if delta > 0, state.logs.detached, target == viewport.bottomTop {
            // The newest line held is on screen: the next page is on its way before it is asked for.
            return fetchNewer(&state)
        }
        return []
    }

    /// The lines a page asks for: no more than the ring holds less a screen, so the lines on screen stay held
    /// when the page arrives and the view does not jump.
    static func pageSize(_ state: AppState) -> Int {
        min(LogsPaneState.tail, max(1, state.logs.capacity - viewHeight(state)))
    }

    /// While detached: asks for the lines after the newest one held (one request at a time), up to the live tail.
    static func fetchNewer(_ state: inout AppState) -> [Effect] {
        guard state.logs.detached, state.logs.newer != .loading, let feedID = state.logs.feedID,
            let container = state.logs.container
        else { return [] }
        if takeFromTail(&state) { return [] }
        let tail = state.logs.liveTail
        var until: Int64?
        var skipAtUntil = 0
        var keepAtUntil: Int?
        if let first = oldestEdge(tail) {
            until = first.timestamp
            skipAtUntil = first.count
        } else if let edge = state.logs.edge {
            // Nothing has come on the stream since the pane detached: the pages end at the line it detached at.
            until = edge.timestamp
            keepAtUntil = edge.count
        }
        guard let since = newestEdge(state.logs.buffer), let until else {
            // Nothing to count from: only the live end can be shown again.
            return resume(&state)
        }
        if let keep = keepAtUntil, since.timestamp == until {
            // The page's lines at that stamp come after the ones held.
            keepAtUntil = max(0, keep - since.count)
        }
        state.logs.newer = .loading
        return [
            .logs(
                .fetchNewer(
                    feedID: feedID, container: container, since: since.timestamp, skip: since.count, until: until,
                    skipAtUntil: skipAtUntil, keepAtUntil: keepAtUntil, count: pageSize(state),
                    tailStart: tail.firstSeq))
        ]
    }

    /// The newest line of `buffer` with a timestamp, and how many lines carry that stamp (counted back from it).
    static func newestEdge(_ buffer: LogBuffer) -> LogEdge? {
        var edge: LogEdge?
        var seq = buffer.endSeq - 1
        while seq >= buffer.firstSeq {
            let entry = buffer[seq: seq]
            seq -= 1
            guard entry.kind != .notice, let stamp = entry.timestamp else { continue }
            guard let found = edge else {
                edge = LogEdge(timestamp: stamp, count: 1)
                continue
            }
            guard stamp == found.timestamp else { break }
            edge?.count += 1
        }
        return edge
    }

    /// The oldest line of `buffer` with a timestamp, and how many lines from it on carry that stamp.
    static func oldestEdge(_ buffer: LogBuffer) -> LogEdge? {
        var edge: LogEdge?
        for seq in buffer.seqs {
            let entry = buffer[seq: seq]
            guard entry.kind != .notice, let stamp = entry.timestamp else { continue }
            guard let found = edge else {
                edge = LogEdge(timestamp: stamp, count: 1)
                continue
            }
            guard stamp == found.timestamp else { break }
            edge?.count += 1
        }
        return edge
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
            state.logs.notLoaded = 0
            state.logs.tailNext = nil
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
                    feedID: feedID, container: container, until: until, skip: skip, count: pageSize(state),
                    window: window))
        ]
    }

    /// Brings the match at `range` of display line `index` into view: with wrap on, the row that holds it (a third
    /// from the top, unless it is on screen); with wrap off, the line, and the columns of the match sideways.
    static func reveal(_ state: inout AppState, index: Int, range: Range<Int>) {
        guard let geometry = LogsGeometry(state) else { return }
        let display = LogDisplay(state.logs)
        let entry = display.entry(index)
        let options = geometry.options
        var row = 0
        if options.wrap {
            row = LogLayout.row(containing: range.lowerBound, entry, options)
        } else if !range.isEmpty {
            let start = LogLayout.column(of: range.lowerBound, entry, options)
            let end = LogLayout.column(of: range.upperBound, entry, options)
            if start < state.logs.column || end > state.logs.column + options.width {
                // A third in from the left, so what leads up to the match shows too; a match wider than the screen
                // shows its start.
                let lead = end - start >= options.width ? 0 : min(options.width / 3, options.width - (end - start))
                state.logs.column = max(0, start - lead)
            }
        }
        let seq = display.seq(index)
        if visibleRows(state).contains(where: { $0.seq == seq && $0.row == row }) { return }
        let viewport = Viewport(display: display, geometry: LogsGeometry(state) ?? geometry)
        let target = viewport.moved(Viewport.Position(index: index, row: row), by: -(geometry.height / 3))
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
            .historyFailed(let id, _), .newer(let id, _, _, _), .newerFailed(let id, _):
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
