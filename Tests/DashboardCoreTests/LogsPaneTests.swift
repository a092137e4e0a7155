import DashboardCore
import DashboardFixtures
import EngineAPI
import TerminalUI
import Testing

/// The logs pane's reducer and keys: pure, driven with actions and keys as the runtime would.
@Suite struct LogsPaneTests {
    static let feedID = 7
    static let base: Int64 = 1_790_000_000_000_000_000

    /// A state with the logs pane open (and focused) on the selected container, its feed opened.
    static func opened(
        capacity: Int = 10_000, size: Size = Size(width: 80, height: 24)
    ) throws -> (AppState, ContainerRef) {
        var state = Fixtures.state(size: size)
        state.logs = LogsPaneState(capacity: capacity)
        _ = Fixtures.press(&state, .character("2"))
        let id = try #require(state.selectedContainer?.ref)
        #expect(state.subscriptions.filter { if case .logs = $0 { true } else { false } } == [.logs(container: id)])
        _ = Dashboard.reduce(&state, .logs(.opened(container: id, feedID: feedID)))
        return (state, id)
    }

    static func line(_ i: Int, stderr: Bool = false, text: String? = nil) -> LogLine {
        LogLine(stream: stderr ? .stderr : .stdout, timestamp: base + Int64(i) * 1_000_000, text: text ?? "line \(i)")
    }

    @discardableResult
    static func feed(_ state: inout AppState, _ range: Range<Int>, batch: Int = 1, feedID: Int = feedID) -> [Effect] {
        Dashboard.reduce(&state, .logs(.lines(feedID: feedID, batch: batch, range.map { line($0) })))
    }

    static func visibleTexts(_ state: AppState) throws -> [String] {
        let geometry = try #require(LogsGeometry(state))
        let display = LogDisplay(state.logs)
        return LogsView.rows(state.logs, geometry).map { display.entry($0.index).text }
    }

    @Test func linesAreAppendedAndEachBatchAcknowledged() throws {
        var (state, _) = try Self.opened()
        let effects = Self.feed(&state, 0..<5, batch: 1)
        #expect(effects == [.logs(.ack(feedID: Self.feedID, batch: 1))])
        #expect(state.logs.buffer.count == 5)
        #expect(state.logs.stream == .live)
        #expect(try Self.visibleTexts(state).last == "line 4")
    }

    @Test func newsFromAnOlderFeedIsIgnoredButStillAcknowledged() throws {
        var (state, _) = try Self.opened()
        let effects = Self.feed(&state, 0..<5, batch: 3, feedID: Self.feedID - 1)
        #expect(effects == [.logs(.ack(feedID: Self.feedID - 1, batch: 3))])
        #expect(state.logs.buffer.isEmpty)
        _ = Dashboard.reduce(&state, .logs(.unavailable(feedID: Self.feedID - 1, "gone")))
        #expect(state.logs.stream == .connecting)
    }

    @Test func switchingContainersStartsOverAndTheViewWaitsForTheNewStream() throws {
        var (state, id) = try Self.opened()
        Self.feed(&state, 0..<5)
        state.focus = .list
        _ = Fixtures.press(&state, .character("j"))
        let other = try #require(state.selectedContainer?.ref)
        #expect(other != id)
        // The runtime diffs this and cancels the old stream.
        #expect(
            state.subscriptions.filter { if case .logs = $0 { true } else { false } } == [.logs(container: other)])
        #expect(state.logs.container == id)
        _ = Dashboard.reduce(&state, .logs(.opened(container: other, feedID: 8)))
        #expect(state.logs.buffer.isEmpty)
        #expect(state.logs.container == other)
    }

    @Test func memoryIsBoundedByTheRing() throws {
        var (state, _) = try Self.opened(capacity: 100)
        for batch in 0..<25 { Self.feed(&state, (batch * 10)..<(batch * 10 + 10), batch: batch + 1) }
        #expect(state.logs.buffer.count == 100)
        #expect(state.logs.buffer.first?.text == "line 150")
        #expect(try Self.visibleTexts(state).last == "line 249")
    }

    @Test func aBatchLargerThanTheRingKeepsItsNewestLines() throws {
        var (state, _) = try Self.opened(capacity: 100)
        Self.feed(&state, 0..<50)
        _ = Fixtures.press(&state, .character("F"), .character("9"), .enter)
        Self.feed(&state, 50..<300, batch: 2)
        #expect(state.logs.buffer.count == 100)
        #expect(state.logs.buffer.first?.text == "line 200")
        #expect(state.logs.buffer.seqs == 200..<300)
        // 209, 219 ... 289 and 290 ... 299: the filter was rebuilt for the lines that are left.
        #expect(state.logs.shown?.count == 19)
        #expect(try Self.visibleTexts(state).allSatisfy { $0.contains("9") })
        #expect(try Self.visibleTexts(state).last == "line 299")
    }

    @Test func theStreamStateFollowsTheFeed() throws {
        var (state, _) = try Self.opened()
        _ = Dashboard.reduce(&state, .logs(.interrupted(feedID: Self.feedID, "connection lost")))
        #expect(state.logs.stream == .interrupted("connection lost"))
        _ = Dashboard.reduce(&state, .logs(.attached(feedID: Self.feedID, tty: true, running: true)))
        #expect(state.logs.stream == .live)
        #expect(state.logs.isTTY)
        _ = Dashboard.reduce(&state, .logs(.attached(feedID: Self.feedID, tty: false, running: false)))
        #expect(state.logs.stream == .stopped)
        _ = Dashboard.reduce(&state, .logs(.interrupted(feedID: Self.feedID, "connection lost")))
        Self.feed(&state, 0..<1)
        #expect(state.logs.stream == .live)
    }

    @Test func scrollingUpPausesAndCountsNewLinesUntilGResumes() throws {
        var (state, _) = try Self.opened()
        Self.feed(&state, 0..<100)
        _ = Fixtures.press(&state, .character("k"))
        #expect(!state.logs.following)
        let before = try Self.visibleTexts(state)
        #expect(before.last == "line 98")
        Self.feed(&state, 100..<130, batch: 2)
        #expect(state.logs.unseen == 30)
        #expect(try Self.visibleTexts(state) == before)
        _ = Fixtures.press(&state, .character("G"))
        #expect(state.logs.following)
        #expect(state.logs.unseen == 0)
        #expect(try Self.visibleTexts(state).last == "line 129")
    }

    @Test func scrollingBackDownToTheEndFollowsAgain() throws {
        var (state, _) = try Self.opened()
        Self.feed(&state, 0..<100)
        _ = Fixtures.press(&state, .pageUp, .pageUp)
        #expect(!state.logs.following)
        _ = Fixtures.press(&state, .pageDown, .pageDown, .pageDown)
        #expect(state.logs.following)
    }

    @Test func wrappedLinesScrollByRows() throws {
        var (state, _) = try Self.opened()
        let long = String(repeating: "x", count: 300)
        _ = Dashboard.reduce(
            &state,
            .logs(.lines(feedID: Self.feedID, batch: 1, [Self.line(0), Self.line(1, text: long), Self.line(2)])))
        let geometry = try #require(LogsGeometry(state))
        // 300 characters in the text width, plus two one-row lines.
        let rows = (300 + geometry.options.width - 1) / geometry.options.width + 2
        #expect(LogsView.rows(state.logs, geometry).count == min(rows, geometry.height))
        _ = Fixtures.press(&state, .character("w"))
        #expect(LogsView.rows(state.logs, try #require(LogsGeometry(state))).count == 3)
    }

    @Test func searchHighlightsAndJumpsBetweenMatches() throws {
        var (state, _) = try Self.opened()
        Self.feed(&state, 0..<200)
        let visible = try Self.visibleTexts(state)
        _ = Fixtures.press(&state, .character("/"))
        for c in "line 1" { _ = Fixtures.press(&state, .character(c)) }
        // Highlights follow the typing.
        #expect(state.logs.search?.text == "line 1")
        _ = Fixtures.press(&state, .enter)
        #expect(state.logs.prompt == nil)
        // The first match from the top of the view down is on screen: it becomes the focus, following continues.
        let first = try #require(visible.first { $0.hasPrefix("line 1") })
        #expect(state.logs.focus.map { state.logs.buffer[seq: $0.seq].text } == first)
        #expect(state.logs.following)
        // n goes down to newer lines.
        _ = Fixtures.press(&state, .character("n"))
        #expect(Self.focusText(state) == visible.drop { $0 != first }.dropFirst().first)
        // From the oldest line (the focus is off screen): n finds the first match under the view's top.
        _ = Fixtures.press(&state, .character("g"))
        _ = Fixtures.press(&state, .character("n"))
        #expect(Self.focusText(state) == "line 1")
        // N from the oldest match goes round to the newest one, and n back round to the oldest.
        _ = Fixtures.press(&state, .character("N"))
        #expect(Self.focusText(state) == "line 199")
        #expect(state.status?.text.contains("wrapped to the end") == true)
        #expect(try Self.visibleTexts(state).contains("line 199"))
        _ = Fixtures.press(&state, .character("n"))
        #expect(Self.focusText(state) == "line 1")
        #expect(state.status?.text.contains("wrapped to the top") == true)
        #expect(!state.logs.following)
        #expect(try Self.visibleTexts(state).contains("line 1"))
        // line 10 ... line 19, then line 100 ... line 109.
        for _ in 0..<20 { _ = Fixtures.press(&state, .character("n")) }
        #expect(Self.focusText(state) == "line 109")
        #expect(try Self.visibleTexts(state).contains("line 109"))
        _ = Fixtures.press(&state, .character("N"))
        #expect(Self.focusText(state) == "line 108")
    }

    /// The prompt opens with the last search selected: a new search typed replaces it, Enter applies it again, and
    /// Backspace edits it.
    @Test func theLastSearchIsRecalledSelectedAndTypingReplacesIt() throws {
        var (state, _) = try Self.opened()
        Self.feed(&state, 0..<200)
        _ = Fixtures.press(&state, .character("/"))
        #expect(state.logs.prompt?.isRecalled == false, "nothing to recall yet")
        for c in "line 60" { _ = Fixtures.press(&state, .character(c)) }
        _ = Fixtures.press(&state, .enter)
        _ = Fixtures.press(&state, .character("/"))
        #expect(state.logs.prompt?.text == "line 60")
        #expect(state.logs.prompt?.isRecalled == true)
        for c in "line 61" { _ = Fixtures.press(&state, .character(c)) }
        #expect(state.logs.prompt?.text == "line 61")
        _ = Fixtures.press(&state, .enter)
        #expect(state.logs.search?.text == "line 61")
        #expect(Self.focusText(state) == "line 61")
        // Enter at once looks for the same again; Backspace edits the recalled text.
        _ = Fixtures.press(&state, .character("/"), .enter)
        #expect(state.logs.search?.text == "line 61")
        _ = Fixtures.press(&state, .character("/"), .backspace, .character("2"))
        #expect(state.logs.prompt?.text == "line 62")
        #expect(state.logs.prompt?.isRecalled == false)
        // Tab switches to a regex and keeps the recalled text selected: typing still replaces it.
        _ = Fixtures.press(&state, .escape, .character("/"), .tab, .character("9"))
        #expect(state.logs.prompt?.text == "9")
        #expect(state.logs.prompt?.purpose == .search(regex: true, filter: false))
    }

    static func focusText(_ state: AppState) -> String? {
        state.logs.focus.map { state.logs.buffer[seq: $0.seq].text }
    }

    @Test func filterShowsOnlyMatchesAndKeepsApplyingToNewLines() throws {
        var (state, _) = try Self.opened()
        Self.feed(&state, 0..<50)
        _ = Fixtures.press(&state, .character("F"))
        #expect(state.logs.prompt?.purpose == .search(regex: false, filter: true))
        for c in "7" { _ = Fixtures.press(&state, .character(c)) }
        _ = Fixtures.press(&state, .enter)
        #expect(try Self.visibleTexts(state) == ["line 7", "line 17", "line 27", "line 37", "line 47"])
        Self.feed(&state, 50..<60, batch: 2)
        #expect(try Self.visibleTexts(state).last == "line 57")
        // F again keeps the search but shows everything.
        _ = Fixtures.press(&state, .character("F"))
        #expect(!state.logs.filterOn)
        #expect(try Self.visibleTexts(state).last == "line 59")
        #expect(state.logs.search != nil)
    }

    @Test func regexSearchWithTabAndAnInvalidPatternIsRefused() throws {
        var (state, _) = try Self.opened()
        Self.feed(&state, 0..<30)
        _ = Fixtures.press(&state, .character("F"), .tab)
        for c in "line (1|2)$" { _ = Fixtures.press(&state, .character(c)) }
        _ = Fixtures.press(&state, .enter)
        #expect(try Self.visibleTexts(state) == ["line 1", "line 2"])
        _ = Fixtures.press(&state, .character("/"), .control("u"))
        for c in "([" { _ = Fixtures.press(&state, .character(c)) }
        #expect(state.logs.prompt?.error != nil)
        _ = Fixtures.press(&state, .enter)
        #expect(state.logs.prompt != nil, "an invalid pattern keeps the prompt open")
        // Esc restores the search that was there before.
        _ = Fixtures.press(&state, .escape)
        #expect(state.logs.prompt == nil)
        #expect(state.logs.search?.text == "line (1|2)$")
        #expect(state.logs.filterOn)
    }

    @Test func escClearsTheSearchThenGivesTheKeysBackToTheList() throws {
        var (state, _) = try Self.opened()
        Self.feed(&state, 0..<30)
        _ = Fixtures.press(&state, .character("F"), .character("3"), .enter)
        #expect(state.logs.isFiltered)
        _ = Fixtures.press(&state, .escape)
        #expect(state.logs.search == nil)
        #expect(!state.logs.isFiltered)
        #expect(state.focus == .pane)
        _ = Fixtures.press(&state, .escape)
        #expect(state.focus == .list)
    }

    @Test func stderrOnlyAndItsMarking() throws {
        var (state, _) = try Self.opened()
        _ = Dashboard.reduce(
            &state,
            .logs(
                .lines(
                    feedID: Self.feedID, batch: 1,
                    [Self.line(0), Self.line(1, stderr: true), Self.line(2), Self.line(3, stderr: true)])))
        _ = Fixtures.press(&state, .character("x"))
        #expect(try Self.visibleTexts(state) == ["line 1", "line 3"])
        _ = Dashboard.reduce(
            &state, .logs(.lines(feedID: Self.feedID, batch: 2, [Self.line(4), Self.line(5, stderr: true)])))
        #expect(try Self.visibleTexts(state) == ["line 1", "line 3", "line 5"])
        _ = Fixtures.press(&state, .character("x"))
        #expect(try Self.visibleTexts(state).count == 6)
    }

    @Test func timestampsAndWrapToggleWithoutReconnecting() throws {
        var (state, id) = try Self.opened()
        Self.feed(&state, 0..<3)
        let effects = Fixtures.press(&state, .character("t"), .character("w"), .character("c"))
        #expect(effects.isEmpty)
        #expect(state.logs.showTimestamps)
        #expect(!state.logs.wrap)
        #expect(state.subscriptions.filter { if case .logs = $0 { true } else { false } } == [.logs(container: id)])
        #expect(state.logs.buffer.count == 3)
    }

    @Test func restartsAndStopsLeaveSeparatorLines() throws {
        var (state, _) = try Self.opened()
        Self.feed(&state, 0..<3)
        _ = Dashboard.reduce(&state, .logs(.stopped(feedID: Self.feedID, exitCode: 137, at: Self.base)))
        #expect(state.logs.stream == .stopped)
        _ = Dashboard.reduce(&state, .logs(.restarted(feedID: Self.feedID, at: Self.base + 5_000_000_000)))
        #expect(state.logs.stream == .live)
        let texts = try Self.visibleTexts(state)
        #expect(
            texts.suffix(2) == ["container exited with code 137 at 14:13:20", "container started again at 14:13:25"])
        // Separators survive filters.
        _ = Fixtures.press(&state, .character("x"))
        #expect(try Self.visibleTexts(state).count == 2)
    }

    @Test func unreadableLogsSayWhy() throws {
        var (state, _) = try Self.opened()
        _ = Dashboard.reduce(&state, .logs(.unavailable(feedID: Self.feedID, "logging driver is none")))
        #expect(state.logs.stream == .unavailable("logging driver is none"))
    }

    @Test func scrollingPastTheOldestLineFetchesThePreviousPage() throws {
        var (state, id) = try Self.opened()
        Self.feed(&state, 1000..<1100)
        let first = Fixtures.press(&state, .character("g"))
        #expect(first.isEmpty, "the first g only goes to the oldest line")
        #expect(try Self.visibleTexts(state).first == "line 1000")
        let effects = Fixtures.press(&state, .character("k"))
        guard
            case .logs(.fetchHistory(let feed, let container, let until, let skip, let count, let window)) = effects
                .first
        else {
            Issue.record("expected a history fetch, got \(effects)")
            return
        }
        #expect(feed == Self.feedID && container == id)
        #expect(until == Self.line(1000).timestamp)
        #expect(skip == 1)
        #expect(count == LogsPaneState.tail)
        #expect(window >= 1)
        #expect(state.logs.history == .loading)
        // Only one fetch at a time.
        #expect(Fixtures.press(&state, .character("k")).isEmpty)
        _ = Dashboard.reduce(
            &state, .logs(.history(feedID: Self.feedID, (990..<1000).map { Self.line($0) }, reachedStart: false)))
        #expect(state.logs.history == .idle)
        #expect(state.logs.buffer.first?.text == "line 990")
        // The view did not jump: the line that was at the top still is.
        #expect(try Self.visibleTexts(state).first == "line 1000")
        _ = Fixtures.press(&state, .pageUp)
        #expect(try Self.visibleTexts(state).first == "line 990")
        _ = Fixtures.press(&state, .character("g"))
        _ = Dashboard.reduce(&state, .logs(.history(feedID: Self.feedID, [], reachedStart: true)))
        #expect(state.logs.history == .complete)
        #expect(Fixtures.press(&state, .character("g")).isEmpty)
    }

    /// With a ring smaller than a page, paging back still reaches the first line: pages are no larger than the
    /// ring, and "that was the start" counts only when the whole page fitted.
    @Test func aSmallRingPagesBackToTheFirstLine() throws {
        var (state, _) = try Self.opened(capacity: 100)
        Self.feed(&state, 2900..<3000)
        var fetches = 0
        while state.logs.history != .complete, fetches < 100 {
            let effects = Fixtures.press(&state, .character("g"), .character("k"))
            guard case .logs(.fetchHistory(_, _, let until, _, let count, _)) = effects.last else { continue }
            #expect(count <= 100)
            fetches += 1
            // The engine's answer: the `count` lines before `until`, and whether none are older.
            let before = (0..<3000).filter { Self.line($0).timestamp! < until }
            let page = before.suffix(count).map { Self.line($0) }
            _ = Dashboard.reduce(
                &state, .logs(.history(feedID: Self.feedID, page, reachedStart: before.count <= count)))
        }
        #expect(state.logs.buffer.first?.text == "line 0")
        #expect(state.logs.history == .complete)
        // Pages are the ring less a screen, so the lines on screen stay held.
        let page = 100 - (try #require(LogsGeometry(state))).height
        #expect(fetches == (2900 + page - 1) / page)
    }

    @Test func historyThatOverflowsTheRingDetachesAndGReloads() throws {
        var (state, _) = try Self.opened(capacity: 100)
        Self.feed(&state, 1000..<1100)
        _ = Fixtures.press(&state, .character("g"), .character("g"))
        _ = Dashboard.reduce(
            &state, .logs(.history(feedID: Self.feedID, (950..<1000).map { Self.line($0) }, reachedStart: false)))
        #expect(state.logs.detached)
        #expect(state.logs.buffer.first?.text == "line 950")
        #expect(state.logs.buffer.last?.text == "line 1049")
        // While detached, new lines wait in the live tail and count as not loaded.
        #expect(state.logs.notLoaded == 50)
        Self.feed(&state, 1100..<1110, batch: 2)
        #expect(state.logs.buffer.last?.text == "line 1049")
        #expect(state.logs.notLoaded == 60)
        #expect(state.logs.liveTail.first?.text == "line 1100")
        let effects = Fixtures.press(&state, .character("G"))
        #expect(effects == [.logs(.reload(feedID: Self.feedID))])
        #expect(state.logs.following)
    }

    @Test func ctrlSPromptsForAPathAndSavesWhatIsShown() throws {
        var (state, _) = try Self.opened()
        _ = Dashboard.reduce(
            &state,
            .logs(.lines(feedID: Self.feedID, batch: 1, [Self.line(0), Self.line(1, stderr: true), Self.line(2)])))
        _ = Fixtures.press(&state, .character("x"), .character("t"), .control("s"))
        let prompt = try #require(state.logs.prompt)
        #expect(prompt.purpose == .save)
        let name = try #require(state.selectedContainer?.displayName)
        #expect(prompt.text == "/tmp/berth-\(name)-20260921T141320.log")
        _ = Fixtures.press(&state, .control("u"))
        for c in "~/out.log" { _ = Fixtures.press(&state, .character(c)) }
        let effects = Fixtures.press(&state, .enter)
        #expect(effects == [.logs(.save(path: "~/out.log", lines: ["2026-09-21T14:13:20.001000000Z line 1"]))])
        _ = Dashboard.reduce(&state, .logs(.saved(path: "/root/out.log", lines: 1)))
        #expect(state.status == StatusMessage("Saved 1 line to /root/out.log", kind: .success))
    }

    @Test func keysThePaneDoesNotUseFallThrough() throws {
        var (state, _) = try Self.opened()
        _ = Fixtures.press(&state, .character("?"))
        #expect(state.mode == .help)
        _ = Fixtures.press(&state, .escape)
        _ = Fixtures.press(&state, .character("z"))
        #expect(state.zoomed)
        // In the prompt, every printable key is text, even q and the pane digits.
        _ = Fixtures.press(&state, .character("/"), .character("q"), .character("2"))
        #expect(state.logs.prompt?.text == "q2")
        #expect(!state.isQuitting)
        #expect(state.pane == .logs)
    }
}
