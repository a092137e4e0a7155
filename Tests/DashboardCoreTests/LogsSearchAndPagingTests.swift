import DashboardCore
import DashboardFixtures
import EngineAPI
import TerminalUI
import Testing

/// The logs search's rules (from where, which way, round the end), matches deep in huge lines, and paging back past
/// the ring and forward again.
@Suite struct LogsSearchRulesTests {
    static func display(_ texts: [String]) -> LogDisplay {
        var logs = LogsPaneState()
        logs.buffer.append(texts.map { LogEntry(kind: .stdout, timestamp: nil, text: $0) })
        return LogDisplay(logs)
    }

    static func pattern(_ text: String) throws -> LogPattern { try LogPattern(text, isRegex: false) }

    // Lines 2, 5 (twice) and 8 match.
    static let texts = [
        "a", "b", "x1", "c", "d", "x2 and x3", "e", "f", "x4", "g",
    ]

    @Test func downFromAPointThenRoundFromTheOldestLine() throws {
        let display = Self.display(Self.texts)
        let x = try Self.pattern("x")
        let fromSix = LogSearch.find(x, in: display, from: .init(index: 6, offset: 0), direction: .newer)
        #expect(fromSix == .init(index: 8, range: 0..<1, wrapped: false))
        // Nothing below line 9: round to the oldest line.
        let fromNine = LogSearch.find(x, in: display, from: .init(index: 9, offset: 0), direction: .newer)
        #expect(fromNine == .init(index: 2, range: 0..<1, wrapped: true))
        // From inside a line: the next match in the same line first.
        let inLine = LogSearch.find(x, in: display, from: .init(index: 5, offset: 1), direction: .newer)
        #expect(inLine == .init(index: 5, range: 7..<8, wrapped: false))
        // A match at the point itself counts going down (`/` finds what is at the top of the view).
        let atPoint = LogSearch.find(x, in: display, from: .init(index: 5, offset: 0), direction: .newer)
        #expect(atPoint?.range == 0..<1)
    }

    @Test func upFromAPointThenRoundFromTheNewestLine() throws {
        let display = Self.display(Self.texts)
        let x = try Self.pattern("x")
        let fromSeven = LogSearch.find(x, in: display, from: .init(index: 7, offset: 0), direction: .older)
        #expect(fromSeven == .init(index: 5, range: 7..<8, wrapped: false))
        let inLine = LogSearch.find(x, in: display, from: .init(index: 5, offset: 7), direction: .older)
        #expect(inLine == .init(index: 5, range: 0..<1, wrapped: false))
        let fromTwo = LogSearch.find(x, in: display, from: .init(index: 2, offset: 0), direction: .older)
        #expect(fromTwo == .init(index: 8, range: 0..<1, wrapped: true))
    }

    @Test func theOnlyMatchIsFoundAgainAndNoMatchIsNil() throws {
        let display = Self.display(Self.texts)
        let one = try Self.pattern("x4")
        let again = LogSearch.find(one, in: display, from: .init(index: 8, offset: 2), direction: .newer)
        #expect(again == .init(index: 8, range: 0..<2, wrapped: true))
        let back = LogSearch.find(one, in: display, from: .init(index: 8, offset: 0), direction: .older)
        #expect(back == .init(index: 8, range: 0..<2, wrapped: true))
        #expect(
            LogSearch.find(try Self.pattern("zzz"), in: display, from: .init(index: 3, offset: 0), direction: .newer)
                == nil)
        #expect(
            LogSearch.find(try Self.pattern("zzz"), in: display, from: .init(index: 3, offset: 0), direction: .older)
                == nil)
    }

    @Test func regexMatchesStepThroughALineAndSkipEmptyMatches() throws {
        let pattern = try LogPattern("o+", isRegex: true)
        let line = "foo boo zoo"
        #expect(pattern.firstMatch(in: line, from: 0) == 1..<3)
        #expect(pattern.firstMatch(in: line, from: 3) == 5..<7)
        #expect(pattern.lastMatch(in: line, before: 9) == 5..<7)
        #expect(pattern.lastMatch(in: line, before: Int.max) == 9..<11)
        let empty = try LogPattern("x*", isRegex: true)
        #expect(empty.firstMatch(in: "abxxc", from: 0) == 2..<4)
        // Offsets are bytes: a search from inside a character starts at the next one.
        let wide = try LogPattern("b", isRegex: true)
        #expect(wide.firstMatch(in: "한b한b", from: 1) == 3..<4)
        #expect(try LogPattern("B", isRegex: false).firstMatch(in: "한b한B", from: 4) == 7..<8)
    }

    @Test func aMatchAPageBelowTheViewIsNeverNoMatch() throws {
        var (state, _) = try LogsPaneTests.opened()
        let lines = (0..<500).map { LogsPaneTests.line($0, text: $0 == 300 ? "the needle" : "hay \($0)") }
        _ = Dashboard.reduce(&state, .logs(.lines(feedID: LogsPaneTests.feedID, batch: 1, lines)))
        _ = Fixtures.press(&state, .character("g"))
        #expect(try LogsPaneTests.visibleTexts(state).first == "hay 0")
        _ = Fixtures.press(&state, .character("/"))
        for c in "needle" { _ = Fixtures.press(&state, .character(c)) }
        _ = Fixtures.press(&state, .enter)
        #expect(LogsPaneTests.focusText(state) == "the needle")
        #expect(try LogsPaneTests.visibleTexts(state).contains("the needle"))
        #expect(state.status?.text == "Match 1 of 1 line with \"needle\"")
        // From below it, the search goes round and finds it too.
        _ = Fixtures.press(&state, .character("G"), .character("n"))
        #expect(LogsPaneTests.focusText(state) == "the needle")
        #expect(state.status?.text.contains("wrapped to the top") == true)
        _ = Fixtures.press(&state, .character("G"), .character("N"))
        #expect(LogsPaneTests.focusText(state) == "the needle")
        #expect(state.status?.text.contains("No line") == false)
    }

    @Test func noMatchSaysSo() throws {
        var (state, _) = try LogsPaneTests.opened()
        LogsPaneTests.feed(&state, 0..<50)
        _ = Fixtures.press(&state, .character("/"), .character("q"), .enter)
        #expect(state.logs.focus == nil)
        #expect(state.status?.text.hasPrefix("No line matches \"q\" in the lines loaded") == true)
    }
}

@Suite struct LogsHugeLineSearchTests {
    /// A megabyte of ASCII with `needle` at 150,000 and 400,000.
    static func hugeLine() -> String {
        var bytes = [UInt8](repeating: UInt8(ascii: "."), count: 1 << 20)
        for offset in [150_000, 400_000] {
            for (i, byte) in "needle".utf8.enumerated() { bytes[offset + i] = byte }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func opened(wrap: Bool) throws -> AppState {
        var (state, _) = try LogsPaneTests.opened(size: Size(width: 100, height: 30))
        let lines =
            [LogsPaneTests.line(0), LogsPaneTests.line(1, text: hugeLine())]
            + (2..<40).map {
                LogsPaneTests.line($0)
            }
        _ = Dashboard.reduce(&state, .logs(.lines(feedID: LogsPaneTests.feedID, batch: 1, lines)))
        if !wrap { _ = Fixtures.press(&state, .character("w")) }
        _ = Fixtures.press(&state, .character("g"), .character("/"))
        for c in "needle" { _ = Fixtures.press(&state, .character(c)) }
        _ = Fixtures.press(&state, .enter)
        return state
    }

    @Test func withWrapTheRowThatHoldsTheMatchIsOnScreen() throws {
        var state = try Self.opened(wrap: true)
        let geometry = try #require(LogsGeometry(state))
        let width = geometry.options.width
        #expect(state.logs.focus == LogMatch(seq: 1, range: 150_000..<150_006))
        let rows = LogsView.rows(state.logs, geometry)
        #expect(rows.contains { $0.seq == 1 && $0.row == 150_000 / width })
        #expect(state.status?.text.contains("at column 150001") == true)
        // n moves on inside the same line, to the row of the second match.
        _ = Fixtures.press(&state, .character("n"))
        #expect(state.logs.focus == LogMatch(seq: 1, range: 400_000..<400_006))
        #expect(LogsView.rows(state.logs, geometry).contains { $0.seq == 1 && $0.row == 400_000 / width })
        _ = Fixtures.press(&state, .character("N"))
        #expect(state.logs.focus == LogMatch(seq: 1, range: 150_000..<150_006))
        #expect(LogsView.rows(state.logs, geometry).contains { $0.seq == 1 && $0.row == 150_000 / width })
    }

    @Test func withoutWrapTheViewScrollsSidewaysToTheMatch() throws {
        var state = try Self.opened(wrap: false)
        let geometry = try #require(LogsGeometry(state))
        let width = geometry.options.width
        #expect(state.logs.focus == LogMatch(seq: 1, range: 150_000..<150_006))
        #expect(state.logs.column <= 150_000)
        #expect(state.logs.column + width >= 150_006)
        #expect(LogsView.rows(state.logs, geometry).contains { $0.seq == 1 })
        _ = Fixtures.press(&state, .character("n"))
        #expect(state.logs.column <= 400_000 && state.logs.column + width >= 400_006)
    }

    /// Rows and columns of a line that is not plain ASCII agree with the cells the layout draws.
    @Test func rowsAndColumnsOfOffsetsInAWideLine() {
        let text = String(repeating: "한b\tc\u{1B}x", count: 50)
        let entry = LogEntry(kind: .stdout, timestamp: nil, text: text)
        let wrapped = LogLayoutOptions(width: 17, wrap: true)
        let rows = LogLayout.rows(entry, wrapped, from: 0, count: 1000)
        var previous = -1
        for (rowIndex, cells) in rows.enumerated() {
            // A character drawn as caret text (`^[`) may be split by the wrap: it is on the row where it begins.
            for cell in cells where cell.source != previous {
                #expect(LogLayout.row(containing: cell.source, entry, wrapped) == rowIndex, "offset \(cell.source)")
                previous = cell.source
            }
        }
        for row in 1..<rows.count {
            let start = LogLayout.rowStart(row, entry, wrapped)
            #expect(rows[row].first.map { $0.source >= start } == true)
        }
        let flat = LogLayoutOptions(width: 17, wrap: false)
        var column = 0
        var lastSource = -1
        for cell in LogLayout.rows(entry, LogLayoutOptions(width: 100_000, wrap: false), from: 0, count: 1)[0] {
            if cell.source != lastSource {
                #expect(LogLayout.column(of: cell.source, entry, flat) == column, "offset \(cell.source)")
                lastSource = cell.source
            }
            column += cell.glyph.width
        }
    }
}

/// A simulated engine for paging: every line the container wrote, answering pages as the Engine API does.
struct PagingEngine {
    var lines: [LogLine]

    /// `until` is inclusive: the `count` lines before it, less the `skip` newest stamped exactly `until`.
    func older(until: Int64, skip: Int, count: Int) -> LogsAction {
        var before = lines.filter { ($0.timestamp ?? 0) <= until }
        var skip = skip
        while skip > 0, before.last?.timestamp == until {
            before.removeLast()
            skip -= 1
        }
        return .history(feedID: LogsPaneTests.feedID, Array(before.suffix(count)), reachedStart: before.count <= count)
    }

    /// What `LogFollower.newer` makes of the engine's `since`/`until` answer.
    func newer(
        since: Int64, skip: Int, until: Int64, skipAtUntil: Int, keepAtUntil: Int?, count: Int, tailStart: Int
    ) -> LogsAction {
        var skip = skip
        var keep = keepAtUntil
        var kept: [LogLine] = []
        for line in lines {
            let stamp = line.timestamp ?? 0
            guard stamp >= since, stamp <= until else { continue }
            if stamp == since, skip > 0 {
                skip -= 1
                continue
            }
            if stamp == until, let left = keep {
                guard left > 0 else { continue }
                keep = left - 1
            }
            kept.append(line)
        }
        if kept.count >= count + skipAtUntil + 1 {
            return .newer(
                feedID: LogsPaneTests.feedID, Array(kept.prefix(count)), reachedEnd: false, tailStart: tailStart)
        }
        var skipEnd = skipAtUntil
        while skipEnd > 0, kept.last?.timestamp == until {
            kept.removeLast()
            skipEnd -= 1
        }
        return .newer(feedID: LogsPaneTests.feedID, kept, reachedEnd: true, tailStart: tailStart)
    }

    /// Answers the fetches among `effects`; returns whether there was one.
    @discardableResult
    func answer(_ effects: [Effect], _ state: inout AppState) -> Bool {
        var answered = false
        for effect in effects {
            switch effect {
            case .logs(.fetchHistory(_, _, let until, let skip, let count, _)):
                _ = Dashboard.reduce(&state, .logs(older(until: until, skip: skip, count: count)))
                answered = true
            case .logs(
                .fetchNewer(_, _, let since, let skip, let until, let skipAtUntil, let keepAtUntil, let count, let tail)
            ):
                let page = newer(
                    since: since, skip: skip, until: until, skipAtUntil: skipAtUntil, keepAtUntil: keepAtUntil,
                    count: count, tailStart: tail)
                _ = Dashboard.reduce(&state, .logs(page))
                answered = true
            default:
                break
            }
        }
        return answered
    }
}

@Suite struct LogsPagingBothWaysTests {
    static func numbers(_ texts: [String]) -> [Int] {
        texts.compactMap { $0.hasPrefix("line ") ? Int($0.dropFirst(5)) : nil }
    }

    /// Presses PgDn (the engine answering each page) until the pane follows, at most `presses` times; returns the
    /// line numbers on screen along the way, after `seen`.
    static func pageDownToTheLiveEnd(
        _ state: inout AppState, _ engine: PagingEngine, from seen: [Int], presses: Int
    ) throws -> [Int] {
        var seen = seen
        var pressed = 0
        while !state.logs.following, pressed < presses {
            engine.answer(Fixtures.press(&state, .pageDown), &state)
            pressed += 1
            seen += numbers(try LogsPaneTests.visibleTexts(state))
        }
        return seen
    }

    /// Back past a ring of 100 lines to the first line, then forward to the live end while the container goes on
    /// writing: every line is seen on the way, in order, and the pane follows again at the end.
    @Test func backPastTheRingAndForwardToTheLiveEndWithoutAGap() throws {
        var (state, _) = try LogsPaneTests.opened(capacity: 100)
        var engine = PagingEngine(lines: (0..<1000).map { LogsPaneTests.line($0) })
        LogsPaneTests.feed(&state, 900..<1000)
        var fetches = 0
        while state.logs.history != .complete, fetches < 100 {
            if engine.answer(Fixtures.press(&state, .character("g"), .character("k")), &state) { fetches += 1 }
        }
        #expect(state.logs.buffer.first?.text == "line 0")
        #expect(state.logs.detached)
        #expect(state.logs.notLoaded == 1000 - state.logs.buffer.count)
        // Meanwhile the container writes a ring's worth more: it waits in the live tail, counted as not loaded.
        engine.lines += (1000..<1100).map { LogsPaneTests.line($0) }
        LogsPaneTests.feed(&state, 1000..<1100, batch: 2)
        #expect(state.logs.notLoaded == 1100 - state.logs.buffer.count)
        _ = Fixtures.press(&state, .character("g"))
        let seen = try Self.pageDownToTheLiveEnd(
            &state, engine, from: Self.numbers(try LogsPaneTests.visibleTexts(state)), presses: 500)
        #expect(state.logs.following)
        #expect(!state.logs.detached)
        #expect(state.logs.notLoaded == 0)
        #expect(state.logs.buffer.last?.text == "line 1099")
        // Every line was on screen on the way: joining the tail never pushed the lines on screen out.
        let distinct = Array(Set(seen)).sorted()
        #expect(distinct == Array(0..<1100), "missing: \(Set(0..<1100).subtracting(seen).sorted().prefix(20))")
        // Pages keep the view in place: the lines on screen never jumped back.
        #expect(zip(seen, seen.dropFirst()).allSatisfy { $0 <= $1 + 100 })
        // Live again: new lines go straight into the buffer.
        LogsPaneTests.feed(&state, 1100..<1101, batch: 3)
        #expect(state.logs.buffer.last?.text == "line 1100")
    }

    /// Scrolled up a little while the container floods: once the ring would push out the lines on screen, the pane
    /// holds them and detaches, and paging down goes through every line written since, then follows again.
    @Test func aPausedViewHoldsItsLinesWhileAFloodFillsTheRing() throws {
        var (state, _) = try LogsPaneTests.opened(capacity: 100)
        var engine = PagingEngine(lines: (0..<100).map { LogsPaneTests.line($0) })
        LogsPaneTests.feed(&state, 0..<100)
        for _ in 0..<5 { _ = Fixtures.press(&state, .character("k")) }
        #expect(!state.logs.following)
        let held = try LogsPaneTests.visibleTexts(state)
        engine.lines += (100..<400).map { LogsPaneTests.line($0) }
        for (batch, start) in stride(from: 100, to: 400, by: 30).enumerated() {
            LogsPaneTests.feed(&state, start..<min(400, start + 30), batch: batch + 2)
            #expect(try LogsPaneTests.visibleTexts(state) == held, "the view moved after line \(start + 29)")
        }
        #expect(state.logs.detached)
        #expect(state.logs.notLoaded == 400 - state.logs.buffer.endSeq)

        let seen = try Self.pageDownToTheLiveEnd(&state, engine, from: Self.numbers(held), presses: 200)
        #expect(state.logs.following)
        let first = try #require(seen.first)
        #expect(
            Array(Set(seen)).sorted() == Array(first..<400), "missing: \(Set(first..<400).subtracting(seen).sorted())")
        #expect(zip(seen, seen.dropFirst()).allSatisfy { $0 <= $1 + 100 }, "the view jumped back")
    }

    /// Paging down while the container goes on writing: the pane meets the live stream and follows again, whether
    /// it detached for older history or for a pause.
    @Test(arguments: [true, false])
    func pagingDownMeetsAStreamThatGoesOn(olderHistory: Bool) throws {
        var (state, _) = try LogsPaneTests.opened(capacity: 100)
        var engine = PagingEngine(lines: (0..<400).map { LogsPaneTests.line($0) })
        LogsPaneTests.feed(&state, 300..<400)
        var next = 400
        var batch = 2
        func write(_ count: Int) {
            engine.lines += (next..<next + count).map { LogsPaneTests.line($0) }
            LogsPaneTests.feed(&state, next..<next + count, batch: batch)
            next += count
            batch += 1
        }
        if olderHistory {
            for _ in 0..<3 { engine.answer(Fixtures.press(&state, .character("g"), .character("k")), &state) }
        } else {
            for _ in 0..<5 { _ = Fixtures.press(&state, .character("k")) }
        }
        write(150)
        #expect(state.logs.detached)
        var presses = 0
        while !state.logs.following, presses < 300 {
            engine.answer(Fixtures.press(&state, .pageDown), &state)
            write(7)
            presses += 1
        }
        #expect(state.logs.following, "after \(presses) presses: \(state.logs.notLoaded) not loaded")
        #expect(state.logs.buffer.last?.text == "line \(next - 1)")
    }

    /// `g` to the oldest line held, then a flood: the oldest line stays on top, where `g` put it.
    @Test func theOldestLineStaysOnTopWhileTheStreamGoesOn() throws {
        var (state, _) = try LogsPaneTests.opened(capacity: 100)
        LogsPaneTests.feed(&state, 0..<100)
        _ = Fixtures.press(&state, .character("g"))
        #expect(try LogsPaneTests.visibleTexts(state).first == "line 0")
        LogsPaneTests.feed(&state, 100..<110, batch: 2)
        #expect(try LogsPaneTests.visibleTexts(state).first == "line 0")
        #expect(state.logs.buffer.first?.text == "line 0")
        // A batch with lines dropped unseen (past the ring's size) does not move it either.
        _ = Dashboard.reduce(
            &state, .logs(.lines(feedID: LogsPaneTests.feedID, batch: 3, (110..<400).map { LogsPaneTests.line($0) })))
        #expect(try LogsPaneTests.visibleTexts(state).first == "line 0")
        #expect(state.logs.notLoaded == 300)
    }

    /// Paused, with room left in the ring: new lines join the buffer as before, and the pane stays live.
    @Test func aPausedViewWithRoomLeftStaysLive() throws {
        var (state, _) = try LogsPaneTests.opened(capacity: 100)
        LogsPaneTests.feed(&state, 0..<50)
        _ = Fixtures.press(&state, .character("k"))
        LogsPaneTests.feed(&state, 50..<60, batch: 2)
        #expect(!state.logs.detached)
        #expect(state.logs.unseen == 10)
        #expect(state.logs.buffer.last?.text == "line 59")
    }

    /// Pages back once from 300..<400 (a page of `page` lines), so the pane is detached with as many of the newest
    /// lines dropped.
    static func detached(_ engine: PagingEngine, page: Int? = nil) throws -> AppState {
        var (state, _) = try LogsPaneTests.opened(capacity: 100)
        LogsPaneTests.feed(&state, 300..<400)
        _ = Fixtures.press(&state, .character("g"))
        let effects = Fixtures.press(&state, .character("g"))
        if let page {
            let lines = (300 - page..<300).map { LogsPaneTests.line($0) }
            _ = Dashboard.reduce(&state, .logs(.history(feedID: LogsPaneTests.feedID, lines, reachedStart: false)))
        } else {
            engine.answer(effects, &state)
        }
        #expect(state.logs.detached)
        return state
    }

    /// Scrolls down until the pane asks for a newer page; returns that request.
    static func nextNewerRequest(_ state: inout AppState) -> [Effect] {
        for _ in 0..<100 {
            let effects = Fixtures.press(&state, .pageDown)
            if effects.contains(where: { if case .logs(.fetchNewer) = $0 { true } else { false } }) { return effects }
        }
        Issue.record("no newer page was asked for")
        return []
    }

    /// Lines that arrive on the stream while the page that fills the gap is on its way are not in the page: it ends
    /// at the line the pane detached at, and they join right after it, once.
    @Test func theStreamGoesOnWhileThePageIsOnItsWay() throws {
        var engine = PagingEngine(lines: (0..<400).map { LogsPaneTests.line($0) })
        // Ten lines back: the ten newest (390..<400) are dropped, a gap shorter than a page.
        var state = try Self.detached(engine, page: 10)
        #expect(state.logs.notLoaded == 10)
        let request = Self.nextNewerRequest(&state)
        // Five lines arrive on the stream, and are in the log by the time the engine answers.
        engine.lines += (400..<405).map { LogsPaneTests.line($0) }
        LogsPaneTests.feed(&state, 400..<405, batch: 2)
        engine.answer(request, &state)
        // The page ends at the line the pane detached at; the tail goes on right after it.
        #expect(state.logs.buffer.last?.text == "line 399")
        #expect(state.logs.tailNext == state.logs.liveTail.firstSeq)
        #expect(state.logs.notLoaded == 5)
        let effects = Fixtures.press(&state, .pageDown)
        #expect(effects.isEmpty, "the tail's lines are at hand: no request")
        #expect(!state.logs.detached)
        #expect(state.logs.notLoaded == 0)
        let texts = state.logs.buffer.seqs.map { state.logs.buffer[seq: $0].text }
        #expect(LogsPagingBothWaysTests.numbers(texts) == Array(305..<405))
    }

    /// An engine that stamps to the second (Podman) gives fifty lines one stamp: pages still meet without a gap or
    /// a line twice, counting lines within a stamp.
    @Test func secondStampsStillPageWithoutAGap() throws {
        func line(_ i: Int) -> LogLine {
            LogLine(stream: .stdout, timestamp: LogsPaneTests.base + Int64(i / 50) * 1_000_000_000, text: "line \(i)")
        }
        var (state, _) = try LogsPaneTests.opened(capacity: 100)
        var engine = PagingEngine(lines: (0..<1000).map(line))
        _ = Dashboard.reduce(
            &state, .logs(.lines(feedID: LogsPaneTests.feedID, batch: 1, (900..<1000).map(line))))
        for _ in 0..<100 where state.logs.history != .complete {
            engine.answer(Fixtures.press(&state, .character("g"), .character("k")), &state)
        }
        #expect(state.logs.buffer.first?.text == "line 0")
        engine.lines += (1000..<1030).map(line)
        _ = Dashboard.reduce(
            &state, .logs(.lines(feedID: LogsPaneTests.feedID, batch: 2, (1000..<1030).map(line))))
        _ = Fixtures.press(&state, .character("g"))
        var seen = LogsPagingBothWaysTests.numbers(try LogsPaneTests.visibleTexts(state))
        for _ in 0..<500 where !state.logs.following {
            engine.answer(Fixtures.press(&state, .pageDown), &state)
            let texts = state.logs.buffer.seqs.map { state.logs.buffer[seq: $0].text }
            let numbers = LogsPagingBothWaysTests.numbers(texts)
            #expect(numbers == Array((numbers.first ?? 0)..<(numbers.first ?? 0) + numbers.count))
            seen += LogsPagingBothWaysTests.numbers(try LogsPaneTests.visibleTexts(state))
        }
        #expect(state.logs.following)
        #expect(Array(Set(seen)).sorted() == Array(0..<1030))
    }

    /// When the tail loses lines (the container writes faster than pages are read) while a page is on its way, the
    /// page does not join it across the gap: the pane pages on, every line it holds following the one before.
    @Test func aTailThatMovesOnIsNeverJoinedAcrossAGap() throws {
        var engine = PagingEngine(lines: (0..<400).map { LogsPaneTests.line($0) })
        var state = try Self.detached(engine)
        engine.lines += (400..<410).map { LogsPaneTests.line($0) }
        LogsPaneTests.feed(&state, 400..<410, batch: 2)
        var batch = 3
        var next = 410
        for _ in 0..<200 where state.logs.detached {
            let request = Self.nextNewerRequest(&state)
            // More lines than the tail keeps arrive before each answer.
            let burst = LogsPaneState.tail + 500
            engine.lines += (next..<next + burst).map { LogsPaneTests.line($0) }
            LogsPaneTests.feed(&state, next..<next + burst, batch: batch)
            next += burst
            batch += 1
            engine.answer(request, &state)
            if next > 30_000 { break }
        }
        // The engine's pages never catch a tail that keeps moving this fast: the pane stays detached, paging on,
        // and every line it shows follows the one before.
        let texts = state.logs.buffer.seqs.map { state.logs.buffer[seq: $0].text }
        let numbers = LogsPagingBothWaysTests.numbers(texts)
        #expect(numbers == Array((numbers.first ?? 0)..<(numbers.first ?? 0) + numbers.count))
        #expect(state.logs.detached)
        #expect(state.logs.notLoaded == next - 1 - (numbers.last ?? 0))
    }
}
