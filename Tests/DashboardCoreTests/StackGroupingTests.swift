import DashboardCore
import DashboardFixtures
import EngineAPI
import TerminalUI
import Testing

/// `:services` grouped by stack (`RowGrouping`, `RowGroups`): a row per stack with its services and replicas
/// summed, `Enter` folding it, the filter keeping it while any of its services shows, and `D` asking once for
/// every service of it. On answers recorded from a real three-node swarm (`demo`: `demo_api` and `web`).
@Suite struct StackGroupingTests {
    static func names(_ state: AppState) -> [String] { state.visibleRows(ServicesView.id).map { $0.cells[0] } }

    static func selectStack(_ state: inout AppState, _ name: String) {
        state.resources[ServicesView.id]?.selection = RowGroups.key(name, host: .main)
    }

    @Test func aStackRowStandsBeforeItsServicesWithTheirCountsSummed() throws {
        let state = try SwarmViewTests.state(ServicesView.id)
        #expect(Self.names(state) == ["▾ demo", "demo_api", "web", "agent", "broken"])
        let demo = try #require(state.visibleRows(ServicesView.id).first)
        #expect(demo.isGroup && demo.group == "demo" && demo.key == RowGroups.key("demo", host: .main))
        #expect(demo.cells[1] == "demo" && demo.cells[2] == "2 services")
        // demo_api 0/2 and web 6/6.
        #expect(demo.cells[ServicesView.replicasColumn] == "6/8")
        // demo_api's update is paused: the stack says so while folded.
        #expect(demo.tone == .warning)
        // The header counts services, not stack rows.
        #expect(state.shownObjectCount(ServicesView.id) == 4)
    }

    @Test func enterFoldsAStackAndUnfoldsIt() throws {
        var state = try SwarmViewTests.state(ServicesView.id)
        Self.selectStack(&state, "demo")
        #expect(Fixtures.press(&state, .enter).isEmpty)
        #expect(Self.names(state) == ["▸ demo", "agent", "broken"])
        #expect(state.status?.text == "Folded stack demo; Enter unfolds it")
        // Still four services, two of them folded away.
        #expect(state.shownObjectCount(ServicesView.id) == 4)
        // The cursor stays on the stack row; moving skips what is folded.
        #expect(state.resources[ServicesView.id]?.selection == RowGroups.key("demo", host: .main))
        _ = Fixtures.press(&state, .character("j"))
        #expect(state.resources[ServicesView.id]?.selection?.id == SwarmViewTests.serviceID(state, "agent"))
        _ = Fixtures.press(&state, .character("k"), .enter)
        #expect(Self.names(state) == ["▾ demo", "demo_api", "web", "agent", "broken"])
        // A new list keeps the stack folded.
        _ = Fixtures.press(&state, .enter)
        _ = Dashboard.reduce(&state, .resources(.rows(ServicesView.id, .main, try SwarmViewTests.services())))
        #expect(Self.names(state) == ["▸ demo", "agent", "broken"])
    }

    @Test func enterOnAServiceStillShowsItsDocument() throws {
        var state = try SwarmViewTests.state(ServicesView.id)
        SwarmViewTests.select(&state, "web")
        let effects = Fixtures.press(&state, .enter)
        guard case .resources(.inspect(ServicesView.id, _, let reference))? = effects.first else {
            Issue.record("no inspect: \(effects)")
            return
        }
        #expect(reference == SwarmViewTests.serviceID(state, "web"))
    }

    @Test func theFilterKeepsAStackWhileAnyOfItsServicesShows() throws {
        var state = try SwarmViewTests.state(ServicesView.id)
        state.filter = "web"
        #expect(Self.names(state) == ["▾ demo", "web"])

        #expect(state.shownObjectCount(ServicesView.id) == 1)
        // The stack's figures are the whole stack's, not the filter's.
        #expect(state.visibleRows(ServicesView.id)[0].cells[2] == "2 services")
        state.filter = "agent"
        #expect(Self.names(state) == ["agent"])
        // Every service of a stack matches its name.
        state.filter = "demo"
        #expect(Self.names(state) == ["▾ demo", "demo_api", "web"])
        // Folded, the stack shows alone and still counts the services that match.
        Self.selectStack(&state, "demo")
        _ = Fixtures.press(&state, .enter)
        #expect(Self.names(state) == ["▸ demo"] && state.shownObjectCount(ServicesView.id) == 2)
    }

    @Test func theCursorGoesToWhatTheFilterFoundNotItsStack() throws {
        var state = try SwarmViewTests.state(ServicesView.id)
        SwarmViewTests.select(&state, "agent")
        _ = Fixtures.press(&state, .character("/"), .character("w"), .character("e"), .character("b"), .enter)
        #expect(Self.names(state) == ["▾ demo", "web"])
        #expect(state.resources[ServicesView.id]?.selection?.id == SwarmViewTests.serviceID(state, "web"))
        // So `s` scales it.
        _ = Fixtures.press(&state, .character("s"))
        #expect(KeyDispatch.mode(state) == .scalePrompt)
    }

    @Test func anotherOrderKeepsAStacksServicesTogether() throws {
        var state = try SwarmViewTests.state(ServicesView.id)
        _ = Fixtures.press(&state, .character("n"))
        // By name: agent, broken, demo_api, web; the stack stands where its first service would.
        #expect(Self.names(state) == ["agent", "broken", "▾ demo", "demo_api", "web"])
        _ = Fixtures.press(&state, .character("n"))
        #expect(Self.names(state) == ["▾ demo", "web", "demo_api", "broken", "agent"])
    }

    @Test func removingAStackAsksOnceNamingEveryService() throws {
        var state = try SwarmViewTests.state(ServicesView.id)
        Self.selectStack(&state, "demo")
        _ = Fixtures.press(&state, .character("D"))
        guard case .resourceDialog(.confirmRemove(let request)) = state.mode else {
            Issue.record("no question: \(state.mode)")
            return
        }
        #expect(
            request.question
                == "Remove stack demo? Its 2 services go: demo_api, web. 6 running tasks stop with them."
                + " Its networks, secrets and configs stay.")
        #expect(request.target.kind == .stack && request.rowID == "group:demo")
        #expect(request.target.parts.map(\.label) == ["service demo_api", "service web"])
        #expect(request.target.parts.allSatisfy { $0.kind == .service })
        let effects = Fixtures.press(&state, .character("y"))
        #expect(effects == [.resources(.remove(request))])
        // `--read-only` asks nothing.
        var readOnly = try SwarmViewTests.state(ServicesView.id, readOnly: true)
        Self.selectStack(&readOnly, "demo")
        #expect(Fixtures.press(&readOnly, .character("D")).isEmpty && readOnly.mode == .normal)
    }

    @Test func onAStackRowTShowsItsTasksAndTheOtherKeysAskForAService() throws {
        var state = try SwarmViewTests.state(ServicesView.id)
        Self.selectStack(&state, "demo")
        for key in ["s", "u", "b", "l"] {
            #expect(Fixtures.press(&state, .character(Character(key))).isEmpty)
            #expect(state.mode == .normal && state.status?.text == "demo is a stack: select one of its services")
        }
        _ = Fixtures.press(&state, .character("t"))
        #expect(state.view == TasksView.id && state.resources[TasksView.id]?.scope?.label == "stack demo")
        let tasks = state.visibleRows(TasksView.id)
        #expect(!tasks.isEmpty)
        #expect(tasks.allSatisfy { $0.cells[0].contains("web.") || $0.cells[0].contains("demo_api.") })
    }

    @Test func aGroupingOfItsOwnIsAViewsChoice() {
        // Only :services declares one; the other views are as they were.
        let grouped = ViewRegistry.resourceViews.filter { $0.grouping != nil }.map(\.id)
        #expect(grouped == [ServicesView.id])
    }
}
