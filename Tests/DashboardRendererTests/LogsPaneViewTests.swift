import DashboardCore
import DashboardFixtures
import DashboardRenderer
import EngineAPI
import TerminalUI
import Testing

@Suite struct LogsPaneViewTests {
    static let base: Int64 = 1_790_000_000_000_000_000

    static func opened(size: Size = Size(width: 80, height: 24)) throws -> AppState {
        var state = Fixtures.state(size: size)
        _ = Fixtures.press(&state, .character("2"))
        let id = try #require(state.selectedContainer?.ref)
        _ = Dashboard.reduce(&state, .logs(.opened(container: id, feedID: 1)))
        _ = Dashboard.reduce(&state, .logs(.attached(feedID: 1, tty: false, running: true)))
        return state
    }

    static func lines(_ texts: [(LogStream, String)]) -> LogsAction {
        .lines(
            feedID: 1, batch: 1,
            texts.enumerated().map {
                LogLine(stream: $0.element.0, timestamp: base + Int64($0.offset) * 1_500_000_000, text: $0.element.1)
            })
    }

    static let sample: [(LogStream, String)] = [
        (.stdout, "GET /healthz 200 0.4ms"),
        (.stderr, "WARN cache miss for key user:42"),
        (.stdout, "hostile: \u{1B}]0;pwned\u{07} \u{1B}[2J \u{1B}[?1049l \u{07}bell \u{1B}[31mred\u{1B}[0m"),
        (.stdout, "tab\tstop 한글 🐳"),
        (.stderr, "ERROR request failed: " + String(repeating: "very long ", count: 12) + "end"),
        (.stdout, "GET /api/items 200 12ms"),
    ]

    @Test func followingWithStderrMarked() throws {
        var state = try Self.opened()
        _ = Dashboard.reduce(&state, .logs(Self.lines(Self.sample)))
        expectSnapshot(DashboardView.render(state), named: "logs-following-80x24")
    }

    @Test func timestampsNoWrapAndSearchHighlight() throws {
        var state = try Self.opened(size: Size(width: 100, height: 24))
        _ = Dashboard.reduce(&state, .logs(Self.lines(Self.sample)))
        _ = Fixtures.press(&state, .character("t"), .character("w"), .character("/"))
        for c in "get" { _ = Fixtures.press(&state, .character(c)) }
        expectSnapshot(DashboardView.render(state), named: "logs-search-prompt-100x24")
        _ = Fixtures.press(&state, .enter, .character("n"))
        expectSnapshot(DashboardView.render(state), named: "logs-search-100x24")
    }

    @Test func colourModeAndZoomedPausedWithNewLines() throws {
        var state = try Self.opened()
        let filler = (0..<30).map { (LogStream.stdout, "filler \($0)") }
        _ = Dashboard.reduce(&state, .logs(Self.lines(filler + Self.sample)))
        _ = Fixtures.press(&state, .character("c"), .character("z"), .character("k"), .character("k"))
        _ = Dashboard.reduce(
            &state, .logs(.lines(feedID: 1, batch: 2, [LogLine(stream: .stdout, timestamp: nil, text: "newer")])))
        _ = Dashboard.reduce(&state, .logs(.stopped(feedID: 1, exitCode: 0, at: Self.base + 20_000_000_000)))
        expectSnapshot(DashboardView.render(state), named: "logs-colours-zoomed-80x24")
    }

    @Test func unreadableDriver() throws {
        var state = try Self.opened()
        _ = Dashboard.reduce(
            &state,
            .logs(
                .unavailable(
                    feedID: 1,
                    "This container's logging driver is \"none\": the engine keeps no logs for it, so there is "
                        + "nothing to show (docker logs cannot read them either).")))
        expectSnapshot(DashboardView.render(state), named: "logs-driver-none-80x24")
    }

    @Test func waitingForTheStreamOfANewSelection() throws {
        var state = Fixtures.state()
        _ = Fixtures.press(&state, .character("2"))
        expectSnapshot(DashboardView.render(state), named: "logs-opening-80x24")
    }

    @Test func helpShowsThePaneKeysFirst() throws {
        var state = try Self.opened(size: Size(width: 100, height: 44))
        _ = Fixtures.press(&state, .character("?"))
        let text = DashboardView.render(state).plainText
        #expect(text.contains("stderr only"))
        #expect(text.contains("next match, down (wraps to the top)"))
        #expect(text.contains("quit"))
    }

    /// A megabyte line renders as fast as a short one: only what fits is laid out.
    @Test func aMegabyteLineDoesNotStallRendering() throws {
        var state = try Self.opened(size: Size(width: 120, height: 40))
        let huge = String(repeating: "0123456789", count: 100_000)
        _ = Dashboard.reduce(
            &state, .logs(.lines(feedID: 1, batch: 1, [LogLine(stream: .stdout, timestamp: Self.base, text: huge)])))
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<20 { _ = DashboardView.render(state) }
        }
        let grid = DashboardView.render(state)
        #expect(grid.plainText.contains("0123456789012345678901234567890123456789"))
        // Generous for a debug build on a shared machine; a full layout of the line takes far longer.
        #expect(elapsed < .seconds(2), "20 renders took \(elapsed)")
    }
}
