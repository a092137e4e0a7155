import DashboardCore
import DashboardFixtures
import EngineAPI
import Testing

/// The logs pane on a Compose project's row, or on two or more marked rows, follows their containers' logs merged.
@Suite struct MergedLogsTests {
    static func mergedTargets(_ state: AppState) -> [MergedLogTarget] {
        state.subscriptions.compactMap { if case .mergedLogs(let target) = $0 { target } else { nil } }
    }

    static func singleLogs(_ state: AppState) -> [ContainerRef] {
        state.subscriptions.compactMap { if case .logs(let ref) = $0 { ref } else { nil } }
    }

    @Test func theLogsPaneOnAProjectRowMergesItsContainersNamedByService() throws {
        var state = ProjectGroupingTests.state()
        _ = Fixtures.press(&state, .character("P"))
        let project = try #require(state.visibleContainers.first { ProjectGrouping.isProjectRow($0.ref) })
        state.selection = project.ref
        #expect(Self.mergedTargets(state).isEmpty, "no pane open")
        _ = Fixtures.press(&state, .character("2"))
        let target = try #require(Self.mergedTargets(state).first)
        #expect(target.name == "project shop")
        #expect(target.members.map(\.label) == ["db", "web", "worker"])
        let ids = Set(ProjectGroupingTests.shop.map(\.ref))
        #expect(Set(target.members.map(\.ref)) == ids, "the stopped one too: its lines are history")
        #expect(Self.singleLogs(state).isEmpty)
        #expect(target.labelWidth == 6)
        // A container of the project selected: its own log again.
        let web = try #require(state.visibleContainers.first { $0.displayName == "shop-web-1" })
        state.selection = web.ref
        #expect(Self.mergedTargets(state).isEmpty)
        #expect(Self.singleLogs(state) == [web.ref])
    }

    @Test func scaledServicesAreNamedByTheirNumber() {
        var first = ProjectGroupingTests.member("shop-web-1", project: "shop", service: "web")
        first.labels?["com.docker.compose.container-number"] = "1"
        var second = ProjectGroupingTests.member("shop-web-2", project: "shop", service: "web")
        second.labels?["com.docker.compose.container-number"] = "2"
        var state = Fixtures.state([first, second])
        state.marked = [first.ref, second.ref]
        state.pane = .logs
        #expect(MergedLogs.target(state)?.members.map(\.label) == ["web-1", "web-2"])
        // Without numbers two containers of one service would read the same: their names are used.
        second.labels?["com.docker.compose.container-number"] = nil
        first.labels?["com.docker.compose.container-number"] = nil
        state = Fixtures.state([first, second])
        state.marked = [first.ref, second.ref]
        state.pane = .logs
        #expect(MergedLogs.target(state)?.members.map(\.label) == ["shop-web-1", "shop-web-2"])
    }

    @Test func twoMarkedRowsMergeOneDoesNot() throws {
        var state = Fixtures.state()
        let rows = state.visibleContainers
        try #require(rows.count >= 3)
        state.selection = rows[0].ref
        _ = Fixtures.press(&state, .character(" "))
        _ = Fixtures.press(&state, .character("2"))
        #expect(Self.mergedTargets(state).isEmpty, "one marked row: the selected container's own log")
        #expect(Self.singleLogs(state).count == 1)
        // (Space in the focused pane pages it: the second row is marked as the list would.)
        state.marked.insert(rows[2].ref)
        let target = try #require(Self.mergedTargets(state).first)
        #expect(target.name == "2 marked containers")
        #expect(Set(target.members.map(\.ref)) == [rows[0].ref, rows[2].ref])
        #expect(Self.singleLogs(state).isEmpty)
        // Another set of members is another stream.
        let other = MergedLogTarget(name: target.name, members: Array(target.members.prefix(1)))
        #expect(other.ref != target.ref)
    }

    @Test func containersOfSeveralEnginesAreNamedWithTheirEngine() throws {
        var state = Fixtures.twoHosts(
            docker: [Fixtures.container("web", state: "running", status: "Up", id: "aaaa11112222")],
            podman: [Fixtures.container("web", state: "running", status: "Up", id: "bbbb11112222")])
        try #require(state.containers.count == 2)
        state.marked = Set(state.containers.map(\.ref))
        state.pane = .logs
        let labels = MergedLogs.target(state)?.members.map(\.label)
        #expect(labels == ["web@\(Fixtures.docker.name)", "web@\(Fixtures.podman.name)"])
    }
}
