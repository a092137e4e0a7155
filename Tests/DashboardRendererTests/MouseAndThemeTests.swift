import DashboardCore
import DashboardFixtures
import DashboardRenderer
import EngineAPI
import TerminalUI
import Testing

/// What a click or the wheel is on (the renderer's layout), and what it does (the reducer).
@Suite struct MouseTests {
    static func state(size: Size = Size(width: 80, height: 24)) -> AppState {
        var state = Fixtures.state(size: size)
        state.mouseReporting = true
        return state
    }

    /// Runs a terminal mouse event as the event loop does: hit test, then reduce.
    static func mouse(_ state: inout AppState, _ kind: MouseEvent.Kind, x: Int, y: Int) {
        let action = MouseGesture.action(MouseEvent(kind, x: x, y: y), in: state)
        _ = Dashboard.reduce(&state, .mouse(action))
    }

    static func row(_ text: String, in state: AppState) -> Int? {
        DashboardView.render(state).plainText.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains(text) }
    }

    @Test func aClickOnARowSelectsIt() throws {
        var state = Self.state()
        let y = try #require(Self.row("batch", in: state))
        #expect(DashboardView.hit(state, x: 3, y: y) == .row(4))
        Self.mouse(&state, .press(button: 1), x: 3, y: y)
        #expect(state.selectedContainer?.displayName == "batch")
    }

    @Test func clicksBelowTheRowsOrOnTheHeaderLineSelectNothing() {
        var state = Self.state()
        let before = state.selection
        #expect(DashboardView.hit(state, x: 3, y: 15) == .list)
        #expect(DashboardView.hit(state, x: 3, y: 0) == .nothing)
        #expect(DashboardView.hit(state, x: 3, y: 23) == .nothing)
        Self.mouse(&state, .press(button: 1), x: 3, y: 15)
        #expect(state.selection == before)
    }

    @Test func aClickOnAColumnTitleSortsByItAndAgainReverses() throws {
        var state = Self.state()
        let titles = DashboardView.render(state).plainText.split(separator: "\n")[1]
        let cpu = try #require(titles.range(of: "CPU %")).lowerBound
        let x = titles.distance(from: titles.startIndex, to: cpu)
        #expect(DashboardView.hit(state, x: x, y: 1) == .sortContainers(.cpu))
        Self.mouse(&state, .press(button: 1), x: x, y: 1)
        #expect(state.sort == ListSort(key: .cpu, descending: true))
        Self.mouse(&state, .press(button: 1), x: x, y: 1)
        #expect(state.sort == ListSort(key: .cpu, descending: false))
        #expect(DashboardView.hit(state, x: 0, y: 1) == .sortContainers(.name))
        // WHY does not sort the list.
        let image = try #require(titles.range(of: "WHY")).lowerBound
        #expect(DashboardView.hit(state, x: titles.distance(from: titles.startIndex, to: image), y: 1) == .list)
    }

    @Test func theWheelMovesTheSelectionThreeRows() {
        var state = Self.state()
        let first = state.visibleContainers.map(\.ref)
        state.selection = first[0]
        Self.mouse(&state, .wheelDown, x: 10, y: 4)
        #expect(state.selection == first[3])
        Self.mouse(&state, .wheelUp, x: 10, y: 4)
        #expect(state.selection == first[0])
    }

    @Test func aClickInAPaneGivesItTheKeysAndOnTheListTakesThemBack() throws {
        var state = Self.state()
        _ = Fixtures.press(&state, .character("1"), .tab)
        #expect(state.focus == .list)
        let pane = try #require(state.layout.pane)
        let y = pane.y + 2
        #expect(DashboardView.hit(state, x: 5, y: y) == .pane(.stats, row: nil))
        Self.mouse(&state, .press(button: 1), x: 5, y: y)
        #expect(state.focus == .pane)
        Self.mouse(&state, .press(button: 1), x: 5, y: 3)
        #expect(state.focus == .list)
    }

    @Test func aClickOnAProcessSelectsIt() throws {
        var state = Self.state(size: Size(width: 100, height: 30))
        let ref = try #require(state.selectedContainer?.ref)
        _ = Fixtures.press(&state, .character("3"))
        _ = Dashboard.reduce(&state, .top(.loaded(container: ref, table: MouseTests.processes, rejection: nil)))
        let content = try #require(state.layout.paneContent)
        // The first content row holds the titles; the third process is two rows below the first.
        #expect(DashboardView.hit(state, x: 5, y: content.y) == .pane(.top, row: nil))
        Self.mouse(&state, .press(button: 1), x: 5, y: content.y + 3)
        #expect(state.top.selectedPID == state.top.rows[2].pid)
        Self.mouse(&state, .wheelUp, x: 5, y: content.y + 3)
        #expect(state.top.selectedPID == state.top.rows[0].pid)
    }

    @Test func theMouseDoesNothingWhileOffOrInADialog() throws {
        var state = Fixtures.state()
        let y = try #require(Self.row("batch", in: state))
        let before = state.selection
        Self.mouse(&state, .press(button: 1), x: 3, y: y)
        #expect(state.selection == before)
        state.mouseReporting = true
        _ = Fixtures.press(&state, .character("D"))
        #expect(DashboardView.hit(state, x: 3, y: y) == .nothing)
        Self.mouse(&state, .press(button: 1), x: 3, y: y)
        #expect(state.selection == before)
    }

    @Test func capitalMSwitchesTheMouse() {
        var state = Fixtures.state()
        var preferences = Preferences()
        preferences.mouse = true
        _ = Dashboard.reduce(&state, .configure(preferences))
        #expect(state.mouseReporting)
        _ = Fixtures.press(&state, .character("M"))
        #expect(!state.mouseReporting)
        #expect(state.status?.text.contains("Mouse off") == true)
        _ = Fixtures.press(&state, .character("M"))
        #expect(state.mouseReporting)
    }

    @Test func aClickOnAResourceColumnSortsByIt() throws {
        var state = try ResourceScreensTests.screen(
            ViewID("volumes"), docker: "volumes-docker.json", podman: "volumes-podman.json",
            size: Size(width: 140, height: 12))
        state.mouseReporting = true
        let titles = DashboardView.render(state).plainText.split(separator: "\n")[1]
        let definition = try #require(ViewRegistry.definition(ViewID("volumes")))
        let second = definition.columns[1].title
        let at = try #require(titles.range(of: second)).lowerBound
        let x = titles.distance(from: titles.startIndex, to: at)
        #expect(DashboardView.hit(state, x: x, y: 1) == .sortColumn(1))
        Self.mouse(&state, .press(button: 1), x: x, y: 1)
        #expect(state.resources[ViewID("volumes")]?.sortColumn == 1)
        // The HOST column (several engines) is not a column of the view.
        #expect(DashboardView.hit(state, x: 0, y: 1) == .list)
    }

    @Test func theWheelScrollsTheLogsAndTheInspectTree() throws {
        var state = Self.state(size: Size(width: 100, height: 30))
        let ref = try #require(state.selectedContainer?.ref)
        _ = Fixtures.press(&state, .character("2"))
        _ = Dashboard.reduce(&state, .logs(.opened(container: ref, feedID: 1)))
        _ = Dashboard.reduce(&state, .logs(.attached(feedID: 1, tty: false, running: true)))
        let lines = (0..<80).map { LogLine(stream: .stdout, timestamp: Int64($0) * 1_000_000_000, text: "line \($0)") }
        _ = Dashboard.reduce(&state, .logs(.lines(feedID: 1, batch: 1, lines)))
        let pane = try #require(state.layout.paneContent)
        #expect(state.logs.following)
        Self.mouse(&state, .wheelUp, x: 10, y: pane.y + 2)
        #expect(!state.logs.following)
        #expect(DashboardView.render(state).plainText.contains("line 79") == false)

        var inspect = Self.state(size: Size(width: 100, height: 30))
        _ = Fixtures.press(&inspect, .character("4"))
        _ = Dashboard.reduce(
            &inspect, .inspect(.loaded(container: ref, document: try EngineFixtures.json("inspect-podman.json"))))
        let before = inspect.inspect.selectedPath
        let content = try #require(inspect.layout.paneContent)
        Self.mouse(&inspect, .wheelDown, x: 10, y: content.y + 1)
        #expect(inspect.inspect.selectedPath != before)
        // A click on a tree row moves the cursor there.
        Self.mouse(&inspect, .press(button: 1), x: 10, y: content.y)
        let tree = try #require(inspect.inspect.tree)
        let first = try #require(tree.visibleRows(expanded: inspect.inspect.expanded).first)
        #expect(inspect.inspect.selectedPath == tree.nodes[first].path)
    }

    static let processes = ContainerTop(
        titles: ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"],
        processes: (1...5).map { ["root", "\($0 * 10)", "0", "0", "10:00", "?", "00:00:00", "sleep \($0)"] })
}

/// The built-in themes on a rendered screen.
@Suite struct ThemeTests {
    @Test func lightAndMonoThemes() {
        let grid = DashboardView.render(Fixtures.state())
        expectSnapshot(ThemePalette.light.apply(to: grid), named: "list-light-80x24")
        expectSnapshot(ThemePalette.mono.apply(to: grid), named: "list-mono-80x24")
        #expect(ThemePalette.dark.apply(to: grid) == grid)
    }

    @Test func theLightThemeDrawsNoYellowOrCyanText() {
        for role in ThemePalette.Role.allCases {
            #expect(
                ![Color.yellow, .cyan, .white, .brightYellow, .brightCyan, .brightWhite].contains(
                    ThemePalette.light.color(role)))
        }
    }

    @Test func monoTurnsHighlightedBackgroundsIntoReverseVideo() {
        let match = Style(foreground: .black, background: .yellow)
        #expect(ThemePalette.mono.style(match) == Style(reverse: true))
        #expect(ThemePalette.mono.style(Style(foreground: .green, bold: true)) == Style(bold: true))
    }

    @Test func aRoleCanBeGivenAnyColourOrTheTerminalsOwn() {
        var palette = ThemePalette.dark
        palette.colors[.ok] = .some(.brightBlue)
        palette.colors[.error] = .some(nil)
        #expect(palette.style(Style(foreground: .green)) == Style(foreground: .brightBlue))
        #expect(palette.style(Style(foreground: .red, bold: true)) == Style(bold: true))
        #expect(palette.style(Style(foreground: .brightRed)) == Style(foreground: .brightRed))
    }
}
