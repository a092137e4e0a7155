import DashboardCore
import DashboardFixtures
import EngineAPI
import TerminalUI
import Testing

@Suite struct ProjectGroupingTests {
    static func member(
        _ name: String, project: String, service: String, state: String = "running", status: String = "Up 1 hour"
    ) -> ContainerSummary {
        var row = Fixtures.container(name, state: state, status: status)
        row.labels = [
            ProjectGrouping.projectLabel: project, ProjectGrouping.serviceLabel: service,
            "com.docker.compose.project.working_dir": "/srv/\(project)",
            "com.docker.compose.project.config_files": "/srv/\(project)/compose.yaml",
        ]
        return row
    }

    static let shop = [
        member("shop-web-1", project: "shop", service: "web"),
        member("shop-db-1", project: "shop", service: "db"),
        member("shop-worker-1", project: "shop", service: "worker", state: "exited", status: "Exited (1) 1 minute ago"),
    ]

    static func state() -> AppState {
        Fixtures.state(shop + [Fixtures.container("loner", state: "running", status: "Up 2 hours")])
    }

    @Test func pGroupsTheProjectUnderOneRowAndEnterFoldsIt() throws {
        var state = Self.state()
        #expect(!state.visibleContainers.contains { ProjectGrouping.isProjectRow($0.ref) })
        _ = Fixtures.press(&state, .character("P"))
        let rows = state.visibleContainers
        let projectIndex = try #require(rows.firstIndex { ProjectGrouping.isProjectRow($0.ref) })
        #expect(rows[projectIndex].displayName == "shop")
        #expect(rows[projectIndex].status == "2/3 running")
        #expect(rows[projectIndex].image == "/srv/shop · compose.yaml")
        // Its containers right after it.
        let after = rows[(projectIndex + 1)...].prefix(3).map(\.displayName)
        #expect(Set(after) == ["shop-web-1", "shop-db-1", "shop-worker-1"])
        #expect(rows.contains { $0.displayName == "loner" })
        // Enter on the project row folds it: the containers go, the row stays.
        state.selection = rows[projectIndex].ref
        _ = Fixtures.press(&state, .enter)
        #expect(state.visibleContainers.count == 2)
        #expect(state.statsTargets[.main]?.offScreen.count == 2, "folded, yet sampled for the project's sums")
        _ = Fixtures.press(&state, .enter)
        #expect(state.visibleContainers.count == 5)
        // No pane subscribes to the project row as if it were a container.
        _ = Fixtures.press(&state, .character("2"))
        #expect(!state.subscriptions.contains { if case .logs = $0 { true } else { false } })
        _ = Fixtures.press(&state, .character("2"))
        // P again: no more project rows; the cursor moves to one of its containers.
        _ = Fixtures.press(&state, .character("P"))
        #expect(!state.visibleContainers.contains { ProjectGrouping.isProjectRow($0.ref) })
        #expect(state.selectedContainer?.labels?[ProjectGrouping.projectLabel] == "shop")
    }

    @Test func projectRowStopsTheWholeProjectAfterOneQuestion() {
        var state = Self.state()
        _ = Fixtures.press(&state, .character("P"))
        state.selection = state.visibleContainers.first { ProjectGrouping.isProjectRow($0.ref) }?.ref
        _ = Fixtures.press(&state, .character("s"))
        guard case .bulk(let dialog) = state.mode else {
            Issue.record("no question: \(state.mode)")
            return
        }
        #expect(dialog.command == .stop)
        #expect(Set(dialog.targets.map(\.name)) == ["shop-web-1", "shop-db-1"])
        #expect(dialog.skipped == ["shop-worker-1 (not running)"])
        let effects = Fixtures.press(&state, .character("y"))
        #expect(effects.count == 2)
        // Remove lists every container of the project, the running ones forced.
        _ = Fixtures.press(&state, .character("D"))
        guard case .bulk(let removal) = state.mode else {
            Issue.record("no question")
            return
        }
        #expect(removal.targets.isEmpty == false)
    }

    @Test func spaceOnAProjectRowMarksItsContainers() {
        var state = Self.state()
        _ = Fixtures.press(&state, .character("P"))
        state.selection = state.visibleContainers.first { ProjectGrouping.isProjectRow($0.ref) }?.ref
        _ = Fixtures.press(&state, .character(" "))
        #expect(state.marked == Set(Self.shop.map(\.ref)))
    }

    /// `/` finds a project by its name, even where its containers' names do not say it.
    @Test func theFilterMatchesTheProjectsName() {
        var renamed = Self.shop
        renamed[0].names = ["/frontend"]
        var state = Fixtures.state(renamed + [Fixtures.container("loner", state: "running", status: "Up 2 hours")])
        _ = Fixtures.press(&state, .character("P"), .character("/"))
        for c in "shop" { _ = Fixtures.press(&state, .character(c)) }
        let shown = state.visibleContainers.map(\.displayName)
        #expect(shown.contains("frontend"), "\(shown)")
        #expect(!shown.contains("loner"))
        #expect(state.visibleContainers.contains { ProjectGrouping.isProjectRow($0.ref) })
    }

    @Test func projectsOnTwoEnginesAreTwoRows() {
        let docker = Self.shop.map { row -> ContainerSummary in
            var row = row
            row.host = Fixtures.docker
            return row
        }
        let podman = [Self.member("shop-web-1", project: "shop", service: "web", state: "exited", status: "Exited (0)")]
        var state = Fixtures.twoHosts(docker: docker, podman: podman)
        _ = Fixtures.press(&state, .character("P"))
        let projects = state.visibleContainers.filter { ProjectGrouping.isProjectRow($0.ref) }
        #expect(projects.map(\.host) == [Fixtures.docker, Fixtures.podman])
        #expect(projects.map(\.status) == ["2/3 running", "0/1 running"])
    }
}
