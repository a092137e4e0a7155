import DashboardCore
import DashboardFixtures
import DashboardRenderer
import EngineAPI
import TerminalUI
import Testing

/// A Podman pod's row as drawn: named as a pod, its containers' figures summed, its ID where a project's origin goes.
@Suite struct PodRowsViewTests {
    @Test func podRowWithSumsFoldsAndTellsAPaneItIsAPod() throws {
        let host = HostID("podman")
        func row(_ name: String, running: Bool) -> ContainerSummary {
            var row = Fixtures.container(
                name, state: running ? "running" : "created", status: running ? "Up 1 hour" : "Created")
            row.host = host
            return row
        }
        let members = [row("web-a", running: true), row("web-b", running: true), row("web-c", running: false)]
        let podID = "fe0adb6230a1" + String(repeating: "0", count: 52)
        var state = AppState(
            size: Size(width: 120, height: 14), hosts: [HostState(id: host, address: "unix:///p.sock")],
            now: Fixtures.now)
        _ = Dashboard.reduce(&state, .engineConnected(host, Fixtures.podmanInfo))
        _ = Dashboard.reduce(&state, .containersChanged(host, members + [row("loner", running: true)]))
        let figures = [
            members[0].id: StatsFigures(
                source: .api, cpuPercent: 1.5, memoryUsed: 1_048_576, blockRead: 0, blockWrite: 0),
            members[1].id: StatsFigures(
                source: .api, cpuPercent: 2.25, memoryUsed: 2_097_152, blockRead: 0, blockWrite: 0),
        ]
        _ = Dashboard.reduce(&state, .stats(.sampled(host, StatsSnapshot(figures: figures))))
        _ = Fixtures.press(&state, .character("P"))
        let membership = PodMembership(
            listed: Set(state.containers.map(\.id)),
            pods: Dictionary(uniqueKeysWithValues: members.map { ($0.id, PodMembership.Pod(id: podID, name: "web")) }))
        _ = Dashboard.reduce(&state, .pods(.answered(host, question: 1, membership)))
        var text = DashboardView.render(state).plainText
        #expect(text.contains("▾ pod web"))
        #expect(text.contains("fe0adb6230a1"))
        #expect(text.contains("2/3 running"))
        #expect(text.contains("3.75%"))
        #expect(text.contains("3MiB"))
        // A pane on the pod's row says what it is.
        state.selection = try #require(state.visibleContainers.first { ProjectGrouping.isPodRow($0.ref) }).ref
        _ = Fixtures.press(&state, .character("1"))
        #expect(DashboardView.render(state).plainText.contains("A pod: select one of its containers"))
        _ = Fixtures.press(&state, .character("1"))
        // Folded: the row alone, the sums still there.
        _ = Fixtures.press(&state, .enter)
        text = DashboardView.render(state).plainText
        #expect(text.contains("▸ pod web"))
        #expect(!text.contains("web-b"))
        #expect(text.contains("3.75%"))
    }
}
