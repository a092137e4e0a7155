import DashboardCore
import DashboardFixtures
import DashboardRenderer
import EngineAPI
import TerminalUI
import Testing

@Suite struct EventsAndProjectsViewTests {
    /// A container dying every 20 s for the last four minutes, restarted by its policy each time.
    static func crashLoopState(size: Size) -> AppState {
        var state = Fixtures.state(size: size)
        guard let selected = state.selectedContainer else { return state }
        _ = Fixtures.press(&state, .character("5"))
        var steps: [TimelineEvent] = [
            TimelineEvent(
                container: selected.ref, name: selected.displayName, verb: "create",
                timeNanos: (Fixtures.now - 300) * 1_000_000_000)
        ]
        for index in 0..<12 {
            let died = Fixtures.now - 240 + Int64(index) * 20
            steps.append(
                TimelineEvent(
                    container: selected.ref, name: selected.displayName, verb: "start",
                    timeNanos: (died - 5) * 1_000_000_000))
            steps.append(
                TimelineEvent(
                    container: selected.ref, name: selected.displayName, verb: "die", exitCode: 3,
                    timeNanos: died * 1_000_000_000))
        }
        steps.append(
            TimelineEvent(
                container: selected.ref, name: selected.displayName, verb: "kill", signal: "9",
                timeNanos: (Fixtures.now - 2) * 1_000_000_000))
        steps.append(
            TimelineEvent(
                container: selected.ref, name: selected.displayName, verb: "oom",
                timeNanos: (Fixtures.now - 1) * 1_000_000_000))
        _ = Dashboard.reduce(&state, .events(.received(host: .main, container: selected.ref, steps)))
        return state
    }

    @Test func eventsPaneShowsTheCrashLoop() {
        let state = Self.crashLoopState(size: Size(width: 100, height: 30))
        let text = DashboardView.render(state).plainText
        #expect(text.contains("CRASH LOOP"))
        #expect(text.contains("exit 3 error"))
        #expect(text.contains("SIGKILL"))
        expectSnapshot(DashboardView.render(state), named: "events-crash-loop-100x30")
    }

    @Test func everyContainersEventsZoomed() {
        var state = Self.crashLoopState(size: Size(width: 100, height: 20))
        let steps = state.events.entries
        _ = Fixtures.press(&state, .character(":"))
        for c in "events" { _ = Fixtures.press(&state, .character(c)) }
        _ = Fixtures.press(&state, .enter)
        _ = Dashboard.reduce(&state, .events(.received(host: .main, container: nil, steps)))
        let text = DashboardView.render(state).plainText
        #expect(text.contains("every container"))
        #expect(text.contains("CONTAINER"))
        #expect(text.contains("CRASH LOOP"))
        expectSnapshot(DashboardView.render(state), named: "events-all-100x20")
    }

    @Test func bulkQuestionListsTheMarkedRows() {
        var state = Fixtures.state(size: Size(width: 80, height: 24))
        for name in ["web-1", "db-1", "batch"] {
            state.selection = state.containers.first { $0.displayName == name }?.ref
            _ = Fixtures.press(&state, .character(" "))
        }
        _ = Fixtures.press(&state, .character("D"))
        let text = DashboardView.render(state).plainText
        #expect(text.contains("Remove 3 containers? 2 are running and will be forced."))
        #expect(text.contains("web-1 · running: forced"))
        expectSnapshot(DashboardView.render(state), named: "bulk-remove-80x24")
    }

    @Test func projectRowsWithSums() {
        var members: [ContainerSummary] = []
        for (name, service, state, status) in [
            ("shop-web-1", "web", "running", "Up 1 hour"), ("shop-db-1", "db", "running", "Up 1 hour"),
            ("shop-worker-1", "worker", "exited", "Exited (1) 2 minutes ago"),
        ] {
            var row = Fixtures.container(name, state: state, status: status)
            row.labels = [
                ProjectGrouping.projectLabel: "shop", ProjectGrouping.serviceLabel: service,
                "com.docker.compose.project.working_dir": "/srv/shop",
                "com.docker.compose.project.config_files": "/srv/shop/compose.yaml",
            ]
            members.append(row)
        }
        var state = Fixtures.state(
            members + [Fixtures.container("loner", state: "running", status: "Up 2 hours")],
            size: Size(width: 120, height: 12))
        let figures = [
            members[0].id: StatsFigures(
                source: .api, cpuPercent: 1.5, memoryUsed: 1_048_576, blockRead: 0, blockWrite: 0),
            members[1].id: StatsFigures(
                source: .api, cpuPercent: 2.25, memoryUsed: 2_097_152, blockRead: 0, blockWrite: 0),
        ]
        _ = Dashboard.reduce(&state, .stats(.sampled(.main, StatsSnapshot(figures: figures))))
        _ = Fixtures.press(&state, .character("P"))
        let text = DashboardView.render(state).plainText
        #expect(text.contains("▾ shop"))
        #expect(text.contains("2/3 running"))
        #expect(text.contains("/srv/shop · compose.yaml"))
        #expect(text.contains("3.75%"))
        #expect(text.contains("3MiB"))
        expectSnapshot(DashboardView.render(state), named: "projects-120x12")
    }
}
