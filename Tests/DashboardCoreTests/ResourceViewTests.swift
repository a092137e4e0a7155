import DashboardCore
import DashboardFixtures
import EngineAPI
import TerminalUI
import Testing

/// Views other than the containers: the images view on recorded answers, and what every resource view shares
/// (rows per host, filter, sort, the `:` command line).
@Suite struct ResourceViewTests {
    static func images(_ fixture: String, host: HostID) throws -> [ResourceRow] {
        try ImagesView.definition.rows(try EngineFixtures.bytes(fixture), host, Fixtures.now)
    }

    /// Two engines with their recorded images, the images view on screen.
    static func state(size: Size = Size(width: 120, height: 24)) throws -> AppState {
        var state = Fixtures.twoHosts(size: size)
        _ = Fixtures.press(&state, .character(":"))
        for c in "images" { _ = Fixtures.press(&state, .character(c)) }
        _ = Fixtures.press(&state, .enter)
        _ = Dashboard.reduce(
            &state,
            .resources(.rows(ImagesView.id, Fixtures.docker, try images("images-docker.json", host: Fixtures.docker))))
        _ = Dashboard.reduce(
            &state,
            .resources(.rows(ImagesView.id, Fixtures.podman, try images("images-podman.json", host: Fixtures.podman))))
        return state
    }

    @Test func aRowPerTagAndDanglingImagesDimmed() throws {
        let rows = try Self.images("images-docker.json", host: Fixtures.docker)
        #expect(
            rows.map { $0.cells[0] } == ["demo/tmp:1", "demo/tmp:latest", "<none>:<none>", "berth-test/busybox:latest"])
        #expect(rows.map { $0.cells[1] } == ["6b2ba3bbe9c9", "6b2ba3bbe9c9", "842aa643e909", "136ee781df77"])
        #expect(rows[2].tone == .dim)
        #expect(rows[0].cells[2] == "1.98MB")
        // Docker does not count containers in this list (-1): no number is better than a wrong one.
        #expect(rows[0].cells[4] == "-")
        #expect(Set(rows.map(\.key)).count == rows.count)
        let podman = try Self.images("images-podman.json", host: Fixtures.podman)
        #expect(podman.map { $0.cells[0] } == ["localhost/berth-test/busybox:latest"])
        #expect(podman[0].cells[4] == "1")
        #expect(podman[0].cells[2] == "2.13MB")
    }

    /// CREATED goes on counting as the clock moves, without a new list: each second for its first minute (the
    /// clock is asked to tick each second while one does), then in the docker CLI's steps.
    @Test func createdCountsOnWithTheClock() throws {
        var state = try Self.state()
        let image = ImageSummary(
            id: "sha256:" + String(repeating: "a", count: 64), repoTags: ["young:1"], created: Fixtures.now - 20)
        let rows = ImagesView.rows([image], host: Fixtures.docker, now: Fixtures.now)
        _ = Dashboard.reduce(&state, .resources(.rows(ImagesView.id, Fixtures.docker, rows)))
        func created() -> String? { state.visibleRows(ImagesView.id).first { $0.cells[0] == "young:1" }?.cells[5] }
        #expect(created() == "20 seconds ago")
        #expect(state.viewCountsSeconds)
        _ = Dashboard.reduce(&state, .tick(now: Fixtures.now + 5))
        #expect(created() == "25 seconds ago")
        _ = Dashboard.reduce(&state, .tick(now: Fixtures.now + 45))
        #expect(created() == "About a minute ago")
        #expect(!state.viewCountsSeconds)
        // The container list never asks for it.
        _ = Fixtures.press(&state, .character(":"))
        for c in "containers" { _ = Fixtures.press(&state, .character(c)) }
        _ = Fixtures.press(&state, .enter)
        #expect(!state.viewCountsSeconds)
    }

    @Test func colonSwitchesViewsAndEachHostsRowsStayApart() throws {
        var state = try Self.state()
        #expect(state.view == ImagesView.id)
        #expect(KeyDispatch.mode(state) == .resources)
        #expect(state.visibleRows(ImagesView.id).count == 5)
        #expect(state.subscriptions.contains(.resources(ImagesView.id, host: Fixtures.docker)))
        #expect(state.subscriptions.contains(.resources(ImagesView.id, host: Fixtures.podman)))
        // A new docker list replaces docker's rows only.
        _ = Dashboard.reduce(&state, .resources(.rows(ImagesView.id, Fixtures.docker, [])))
        #expect(state.visibleRows(ImagesView.id).map(\.host) == [Fixtures.podman])
        // `:cont` (`:c` would be containers or configs).
        _ = Fixtures.press(
            &state, .character(":"), .character("c"), .character("o"), .character("n"), .character("t"), .tab, .enter)
        #expect(state.view == .containers)
        #expect(!state.subscriptions.contains { if case .resources = $0 { true } else { false } })
    }

    @Test func filterAndSortWorkOnAnyColumnAndTheHost() throws {
        var state = try Self.state()
        _ = Fixtures.press(&state, .character("/"), .character("p"), .character("o"), .character("d"), .enter)
        #expect(state.visibleRows(ImagesView.id).map(\.host) == [Fixtures.podman])
        _ = Fixtures.press(&state, .escape)
        #expect(state.visibleRows(ImagesView.id).count == 5)
        // o: next column (IMAGE ID), O: reverse.
        _ = Fixtures.press(&state, .character("o"))
        #expect(state.visibleRows(ImagesView.id).map { $0.cells[1] }.first == "136ee781df77")
        _ = Fixtures.press(&state, .character("O"))
        #expect(state.visibleRows(ImagesView.id).map { $0.cells[1] }.first == "842aa643e909")
        _ = Fixtures.press(&state, .character("G"))
        #expect(state.resources[ImagesView.id]?.selection == state.visibleRows(ImagesView.id).last?.key)
    }

    @Test func theCommandLineCompletesAndSaysWhatItDoesNotKnow() {
        #expect(CommandLinePromptProbe.complete("im", among: ViewRegistry.names) == "images")
        #expect(CommandLinePromptProbe.complete("x", among: ViewRegistry.names) == "x")
        var state = Fixtures.state()
        _ = Fixtures.press(&state, .character(":"), .character("z"), .enter)
        #expect(state.view == .containers)
        #expect(state.status?.kind == .error)
        #expect(state.status?.text.contains(":images") == true)
        _ = Fixtures.press(&state, .character(":"), .character("q"), .enter)
        #expect(state.isQuitting)
    }

    @Test func panesStayWithTheContainers() throws {
        var state = try Self.state()
        _ = Fixtures.press(&state, .character("2"))
        #expect(state.pane == nil)
        #expect(state.status?.text.contains(":containers") == true)
    }

    @Test func anEnginesErrorIsKeptUntilItAnswers() throws {
        var state = try Self.state()
        _ = Dashboard.reduce(&state, .resources(.failed(ImagesView.id, Fixtures.docker, "permission denied")))
        #expect(state.resources[ImagesView.id]?.errors[Fixtures.docker] == "permission denied")
        _ = Dashboard.reduce(&state, .resources(.rows(ImagesView.id, Fixtures.docker, [])))
        #expect(state.resources[ImagesView.id]?.errors.isEmpty == true)
    }
}
