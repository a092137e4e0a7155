import DashboardCore
import DashboardFixtures
import DashboardRenderer
import EngineAPI
import TerminalUI
import Testing

@Suite struct TopPaneViewTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40)]

    static func opened(_ fixture: String, size: Size, rejection: String? = nil) throws -> AppState {
        var state = Fixtures.state(size: size)
        _ = Fixtures.press(&state, .character("3"))
        let id = try #require(state.selection)
        _ = Dashboard.reduce(
            &state, .top(.loaded(container: id, table: try EngineFixtures.top(fixture), rejection: rejection)))
        return state
    }

    @Test(arguments: sizes) func processes(size: Size) throws {
        var state = try Self.opened("top-ps-args.json", size: size)
        _ = Fixtures.press(&state, .character("j"))
        expectSnapshot(DashboardView.render(state), named: "top-\(size.width)x\(size.height)")
    }

    @Test(arguments: sizes) func treeZoomed(size: Size) throws {
        var state = try Self.opened("top-ps-args.json", size: size)
        _ = Fixtures.press(&state, .character("T"), .character("z"))
        expectSnapshot(DashboardView.render(state), named: "top-tree-zoomed-\(size.width)x\(size.height)")
    }

    @Test func engineDefaultAfterRejection() throws {
        let state = try Self.opened(
            "top-default.json", size: Size(width: 80, height: 24), rejection: "ps: error: unknown gnu long option")
        expectSnapshot(DashboardView.render(state), named: "top-fallback-80x24")
    }

    @Test func podmanAnswer() throws {
        let state = try Self.opened("top-podman.json", size: Size(width: 80, height: 24))
        expectSnapshot(DashboardView.render(state), named: "top-podman-80x24")
    }

    @Test func signalPickerAndConfirmation() throws {
        var state = try Self.opened("top-ps-args.json", size: Size(width: 80, height: 24))
        _ = Fixtures.press(&state, .character("N"), .character("j"), .character("K"))
        expectSnapshot(DashboardView.render(state), named: "top-signal-picker-80x24")
        _ = Fixtures.press(&state, .enter)
        expectSnapshot(DashboardView.render(state), named: "top-signal-confirm-80x24")
    }

    @Test func notRunning() throws {
        var state = Fixtures.state()
        _ = Fixtures.press(&state, .character("G"), .character("3"))
        expectSnapshot(DashboardView.render(state), named: "top-not-running-80x24")
    }

    @Test func hostileCommandLinesAreSanitisedAndCut() throws {
        var state = Fixtures.state()
        _ = Fixtures.press(&state, .character("3"))
        let top = ContainerTop(
            titles: ["PID", "PPID", "USER", "%CPU", "%MEM", "RSS", "ELAPSED", "COMMAND"],
            processes: [
                [
                    "1", "0", "\u{1B}[31mroot", "0.0", "0.0", "9999999", "1-02:03:04",
                    "evil \u{1B}]0;title\u{07} \u{9B}2J",
                ],
                [
                    "2", "1", "a-very-long-user-name-indeed", "0.0", "0.0", "10", "00:01",
                    String(repeating: "x", count: 100_000),
                ],
            ])
        _ = Dashboard.reduce(
            &state, .top(.loaded(container: try #require(state.selection), table: top, rejection: nil)))
        let grid = DashboardView.render(state)
        #expect(!grid.plainText.contains("\u{1B}"))
        expectSnapshot(grid, named: "top-hostile-80x24")
    }
}

@Suite struct InspectPaneViewTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40)]

    static func opened(_ fixture: String, size: Size) throws -> AppState {
        var state = Fixtures.state(size: size)
        _ = Fixtures.press(&state, .character("4"))
        let id = try #require(state.selection)
        _ = Dashboard.reduce(&state, .inspect(.loaded(container: id, document: try EngineFixtures.json(fixture))))
        return state
    }

    @Test(arguments: sizes) func firstLevel(size: Size) throws {
        let state = try Self.opened("inspect-health-labels.json", size: size)
        expectSnapshot(DashboardView.render(state), named: "inspect-\(size.width)x\(size.height)")
    }

    @Test(arguments: sizes) func searchForPid(size: Size) throws {
        var state = try Self.opened("inspect-health-labels.json", size: size)
        _ = Fixtures.press(&state, .character("/"), .character("P"), .character("i"), .character("d"))
        expectSnapshot(DashboardView.render(state), named: "inspect-search-typing-\(size.width)x\(size.height)")
        _ = Fixtures.press(&state, .enter)
        expectSnapshot(DashboardView.render(state), named: "inspect-search-pid-\(size.width)x\(size.height)")
    }

    @Test func podmanLongStringShownWholeInTheFooter() throws {
        var state = try Self.opened("inspect-podman.json", size: Size(width: 80, height: 24))
        _ = Fixtures.press(&state, .character("z"), .character("/"))
        for c in "CreateCommand" { _ = Fixtures.press(&state, .character(c)) }
        _ = Fixtures.press(&state, .enter, .right, .character("+"))
        expectSnapshot(DashboardView.render(state), named: "inspect-podman-zoomed-80x24")
        _ = Fixtures.press(&state, .character("/"))
        for c in "NOTE" { _ = Fixtures.press(&state, .character(c)) }
        _ = Fixtures.press(&state, .enter)
        expectSnapshot(DashboardView.render(state), named: "inspect-podman-note-80x24")
    }

    @Test func hostileDocument() throws {
        var state = Fixtures.state()
        _ = Fixtures.press(&state, .character("4"))
        let document = JSONValue.object([
            JSONMember(
                "\u{1B}]52;c;ZXZpbA==\u{07}key", .string("\u{1B}[2J\u{9B}" + String(repeating: "y", count: 100_000))),
            JSONMember("wide", .string("컨테이너 🐳 \u{202E}reversed")),
        ])
        _ = Dashboard.reduce(&state, .inspect(.loaded(container: try #require(state.selection), document: document)))
        let grid = DashboardView.render(state)
        #expect(!grid.plainText.contains("\u{1B}"))
        expectSnapshot(grid, named: "inspect-hostile-80x24")
    }

    @Test func loadingAndFailure() throws {
        var state = Fixtures.state()
        _ = Fixtures.press(&state, .character("4"))
        expectSnapshot(DashboardView.render(state), named: "inspect-loading-80x24")
        _ = Dashboard.reduce(
            &state, .inspect(.failed(container: try #require(state.selection), message: "No such container: x")))
        expectSnapshot(DashboardView.render(state), named: "inspect-failed-80x24")
    }
}
