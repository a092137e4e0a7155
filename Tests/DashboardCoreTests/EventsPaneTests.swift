import DashboardCore
import DashboardFixtures
import EngineAPI
import TerminalUI
import Testing

@Suite struct EventsPaneTests {
    static func step(
        _ container: ContainerSummary, _ verb: String, at seconds: Int64, exitCode: Int? = nil
    ) -> TimelineEvent {
        TimelineEvent(
            container: container.ref, name: container.displayName, verb: verb, exitCode: exitCode,
            timeNanos: seconds * 1_000_000_000)
    }

    @Test func fiveOpensTheSelectedContainersTimeline() {
        var state = Fixtures.state(size: Size(width: 100, height: 30))
        let selected = state.selectedContainer!
        _ = Fixtures.press(&state, .character("5"))
        #expect(state.pane == .events)
        #expect(state.focus == .pane)
        #expect(state.subscriptions.contains(.events(host: selected.host, container: selected.ref)))
        let history = [
            Self.step(selected, "create", at: Fixtures.now - 100), Self.step(selected, "start", at: Fixtures.now - 99),
        ]
        _ = Dashboard.reduce(&state, .events(.received(host: .main, container: selected.ref, history)))
        #expect(state.events.entries == history)
        // Live steps append; one replayed after a reconnect is not held twice.
        let death = Self.step(selected, "die", at: Fixtures.now - 5, exitCode: 3)
        _ = Dashboard.reduce(&state, .events(.received(host: .main, container: selected.ref, [history[1], death])))
        #expect(state.events.entries.map(\.verb) == ["create", "start", "die"])
        // A late batch from another container's feed is not mixed in.
        let other = state.containers.first { $0.ref != selected.ref }!
        _ = Dashboard.reduce(
            &state, .events(.received(host: .main, container: other.ref, [Self.step(other, "start", at: 1)])))
        #expect(state.events.entries.count == 3)
        // Another container selected: its own timeline, from scratch.
        _ = Fixtures.press(&state, .tab, .character("j"))
        #expect(state.subscriptions.contains(.events(host: .main, container: state.selection!)))
        _ = Dashboard.reduce(
            &state, .events(.received(host: .main, container: state.selection, [])))
        #expect(state.events.entries.isEmpty)
        _ = Fixtures.press(&state, .character("5"))
        #expect(state.pane == nil)
        #expect(!state.subscriptions.contains { if case .events = $0 { return true } else { return false } })
    }

    @Test func colonEventsShowsEveryEngineZoomed() {
        var state = Fixtures.twoHosts()
        _ = Fixtures.press(&state, .character(":"))
        for c in "events" { _ = Fixtures.press(&state, .character(c)) }
        _ = Fixtures.press(&state, .enter)
        #expect(state.pane == .events)
        #expect(state.zoomed)
        #expect(state.events.allContainers)
        #expect(state.subscriptions.contains(.events(host: Fixtures.docker, container: nil)))
        #expect(state.subscriptions.contains(.events(host: Fixtures.podman, container: nil)))
        let web = state.containers.first { $0.host == Fixtures.docker }!
        let pod = state.containers.first { $0.host == Fixtures.podman }!
        _ = Dashboard.reduce(
            &state, .events(.received(host: Fixtures.podman, container: nil, [Self.step(pod, "die", at: 20)])))
        _ = Dashboard.reduce(
            &state, .events(.received(host: Fixtures.docker, container: nil, [Self.step(web, "start", at: 10)])))
        // Both engines' steps, in time order.
        #expect(state.events.entries.map(\.timeNanos) == [10_000_000_000, 20_000_000_000])
        // `a` goes back to the selected container's timeline.
        _ = Fixtures.press(&state, .character("a"))
        #expect(!state.events.allContainers)
        #expect(state.events.entries.isEmpty)
        #expect(!state.subscriptions.contains(.events(host: Fixtures.podman, container: nil)))
    }

    /// `:containers` over `:events` brings the list back: the pane stays beside it, no longer zoomed.
    @Test func colonContainersLeavesTheZoomedEvents() {
        var state = Fixtures.twoHosts()
        for key in [":", "e", "v", "e", "n", "t", "s"] { _ = Fixtures.press(&state, .character(Character(key))) }
        _ = Fixtures.press(&state, .enter)
        #expect(state.zoomed && state.focus == .pane)
        _ = Fixtures.press(&state, .character(":"))
        for c in "containers" { _ = Fixtures.press(&state, .character(c)) }
        _ = Fixtures.press(&state, .enter)
        #expect(!state.zoomed)
        #expect(state.focus == .list)
        #expect(state.view == .containers)
    }

    @Test func theFilterNarrowsTheStepsAndEscClearsIt() {
        var state = Fixtures.state(size: Size(width: 100, height: 30))
        let selected = state.selectedContainer!
        _ = Fixtures.press(&state, .character("5"))
        let steps = [
            Self.step(selected, "start", at: 1), Self.step(selected, "die", at: 2, exitCode: 137),
            Self.step(selected, "start", at: 3),
        ]
        _ = Dashboard.reduce(&state, .events(.received(host: .main, container: selected.ref, steps)))
        _ = Fixtures.press(&state, .character("/"))
        #expect(KeyDispatch.mode(state) == .eventsFilter)
        for c in "kill" { _ = Fixtures.press(&state, .character(c)) }
        _ = Fixtures.press(&state, .enter)
        #expect(state.events.visibleEntries.map(\.verb) == ["die"])
        _ = Fixtures.press(&state, .escape)
        #expect(state.events.filter.isEmpty)
        #expect(state.focus == .pane)
        _ = Fixtures.press(&state, .escape)
        #expect(state.focus == .list)
    }

    @Test func scrollingBackHoldsTheViewWhileStepsArrive() {
        var state = Fixtures.state(size: Size(width: 100, height: 20))
        let selected = state.selectedContainer!
        _ = Fixtures.press(&state, .character("5"))
        let many = (0..<100).map { Self.step(selected, "start", at: Int64($0)) }
        _ = Dashboard.reduce(&state, .events(.received(host: .main, container: selected.ref, many)))
        _ = Fixtures.press(&state, .character("k"), .character("k"))
        #expect(state.events.scrollBack == 2)
        _ = Dashboard.reduce(
            &state, .events(.received(host: .main, container: selected.ref, [Self.step(selected, "die", at: 200)])))
        #expect(state.events.scrollBack == 3)
        _ = Fixtures.press(&state, .character("G"))
        #expect(state.events.scrollBack == 0)
        _ = Fixtures.press(&state, .character("g"))
        #expect(state.events.scrollBack > 80)
    }
}
