import DashboardCore
import DashboardFixtures
import EngineAPI
import TerminalUI
import Testing

/// `:nodes`, `:services` and `:tasks` on answers recorded from a real three-node swarm, and their keys: tasks of a
/// service or node, scale, force update, rollback, drain, pause, activate, and `--read-only`.
@Suite struct SwarmViewTests {
    /// A little after the recordings were made.
    static let now: Int64 = 1_796_528_200

    static func related(
        _ definition: ResourceViewDefinition, _ main: String, _ others: [String]
    ) throws
        -> [ResourceRow]
    {
        let rows = try #require(definition.relatedRows)
        return try rows(
            try EngineFixtures.bytes(main), try others.map { try EngineFixtures.bytes($0) }, .main, now)
    }

    static func nodes() throws -> [ResourceRow] {
        try related(NodesView.definition, "swarm-nodes.json", ["swarm-tasks.json"])
    }
    static func services() throws -> [ResourceRow] {
        try ServicesView.definition.rows(try EngineFixtures.bytes("swarm-services.json"), .main, now)
    }
    static func tasks() throws -> [ResourceRow] {
        try related(TasksView.definition, "swarm-tasks.json", ["swarm-services.json", "swarm-nodes.json"])
    }

    /// One engine, `view` on screen with its recorded rows.
    static func state(_ view: ViewID, readOnly: Bool = false) throws -> AppState {
        var state = Fixtures.state(size: Size(width: 160, height: 30), readOnly: readOnly)
        _ = Fixtures.press(&state, .character(":"))
        for c in view.name { _ = Fixtures.press(&state, .character(c)) }
        _ = Fixtures.press(&state, .enter)
        _ = Dashboard.reduce(&state, .resources(.rows(NodesView.id, .main, try nodes())))
        _ = Dashboard.reduce(&state, .resources(.rows(ServicesView.id, .main, try services())))
        _ = Dashboard.reduce(&state, .resources(.rows(TasksView.id, .main, try tasks())))
        return state
    }

    /// The ID of the service called `name` in `:services`.
    static func serviceID(_ state: AppState, _ name: String) -> String? {
        state.resources[ServicesView.id]?.rows.first { $0.cells[0] == name }?.id
    }

    static func select(_ state: inout AppState, _ name: String) {
        let view = state.view
        let key = state.visibleRows(view).first { $0.cells[0] == name }?.key
        state.resources[view]?.selection = key
    }

    @Test func nodesCountTheirRunningTasks() throws {
        let rows = try Self.nodes()
        #expect(rows.map { $0.cells[0] } == ["manager", "worker1", "worker2"])
        #expect(rows.map { $0.cells[1] } == ["manager", "worker", "worker"])
        #expect(rows.map { $0.cells[2] } == ["Active", "Active", "Active"])
        #expect(rows.map { $0.cells[3] } == ["Ready", "Ready", "Ready"])
        #expect(rows.map { $0.cells[4] } == ["Leader", "", ""])
        let counts = rows.map { Int($0.cells[NodesView.tasksColumn]) ?? -1 }
        // web's 6 and agent's 3 run, spread over the three nodes.
        #expect(counts.reduce(0, +) == 9 && counts.allSatisfy { $0 > 0 })
        #expect(rows.allSatisfy { $0.removal?.kind == .node })
    }

    @Test func servicesGroupByStackAndShowCountsAndUpdates() throws {
        var state = try Self.state(ServicesView.id)
        // The stack's own row (StackGroupingTests) left aside.
        let rows = state.visibleRows(ServicesView.id).filter { !$0.isGroup }
        // Sorted by stack: demo's services together, the ones without a stack last.
        #expect(rows.map { $0.cells[0] } == ["demo_api", "web", "agent", "broken"])
        #expect(rows.map { $0.cells[1] } == ["demo", "demo", "-", "-"])
        #expect(rows.map { $0.cells[ServicesView.replicasColumn] } == ["0/2", "6/6", "3/3", "0/1"])
        #expect(rows[0].cells[2] == "replicated 2" && rows[2].cells[2] == "global")
        #expect(rows[0].cells[5] == "*:8080->80/tcp")
        #expect(rows[0].cells[ServicesView.updateColumn].hasPrefix("paused "))
        #expect(rows[0].cells[ServicesView.updateColumn].contains(": update paused due to failure"))
        #expect(rows[0].tone == .warning && rows[1].tone == .normal)
        _ = Fixtures.press(&state, .character("n"))
        #expect(
            state.visibleRows(ServicesView.id).filter { !$0.isGroup }.map { $0.cells[0] }
                == ["agent", "broken", "demo_api", "web"])
    }

    @Test func tasksShowSlotNodeStatesAndErrors() throws {
        let rows = try Self.tasks()
        let pending = try #require(rows.first { $0.cells[0] == "broken.1" })
        #expect(pending.cells[1] == "" && pending.cells[3].hasPrefix("Pending "))
        #expect(pending.cells[4].hasPrefix("no suitable node"))
        let failed = rows.filter { $0.cells[3].hasPrefix("Failed") }
        #expect(!failed.isEmpty && failed.allSatisfy { $0.tone == .warning && $0.cells[0].hasPrefix(" \\_ ") })
        #expect(failed.allSatisfy { !$0.cells[4].isEmpty && $0.cells[5].count == 12 })
        let running = rows.filter { $0.cells[3].hasPrefix("Running") }
        #expect(running.count == 9 && running.allSatisfy { ["manager", "worker1", "worker2"].contains($0.cells[1]) })
        // A global service's tasks are told apart by their node.
        #expect(rows.filter { $0.cells[0].hasPrefix("agent.") }.count == 3)
    }

    @Test func tasksOfTheSelectedServiceOrNodeThenAllAgain() throws {
        var state = try Self.state(ServicesView.id)
        Self.select(&state, "web")
        _ = Fixtures.press(&state, .character("t"))
        #expect(state.view == TasksView.id)
        let web = state.visibleRows(TasksView.id)
        // Six running, and the six the first run of the swarm left shut down under their slots.
        #expect(web.count == 12 && web.allSatisfy { $0.cells[0].contains("web.") })
        #expect(web.filter { $0.cells[3].hasPrefix("Running") }.count == 6)
        #expect(state.resources[TasksView.id]?.scope?.label == "service web")
        // In :tasks, t shows every task again.
        _ = Fixtures.press(&state, .character("t"))
        #expect(state.visibleRows(TasksView.id).count == 29)

        var nodes = try Self.state(NodesView.id)
        Self.select(&nodes, "worker1")
        _ = Fixtures.press(&nodes, .character("t"))
        let onWorker = nodes.visibleRows(TasksView.id)
        #expect(!onWorker.isEmpty && onWorker.allSatisfy { $0.cells[1] == "worker1" })
    }

    @Test func scaleAsksForTheNumberAndSendsIt() throws {
        var state = try Self.state(ServicesView.id)
        Self.select(&state, "web")
        _ = Fixtures.press(&state, .character("s"))
        #expect(KeyDispatch.mode(state) == .scalePrompt)
        // The prompt starts at the current count; letters are not typed.
        _ = Fixtures.press(&state, .backspace, .character("x"), .character("2"))
        guard case .resourceDialog(.swarm(.scale(_, let text))) = state.mode else {
            Issue.record("no scale prompt: \(state.mode)")
            return
        }
        #expect(text == "2")
        let effects = Fixtures.press(&state, .enter)
        guard case .resources(.swarm(let request))? = effects.first else {
            Issue.record("no effect: \(effects)")
            return
        }
        #expect(request.operation == .scale(2) && request.name == "web" && request.view == ServicesView.id)
        #expect(state.mode == .normal && state.status?.text == "Scaling web to 2…")
        // The engine's answer lands in the status line, and the list is fetched again at once.
        let after = Dashboard.reduce(&state, .resources(.swarmFinished(request, .removed(""))))
        #expect(state.status?.text == "Service web scaled to 2")
        #expect(after == [.resources(.fetch(ServicesView.id, hosts: [.main]))])
        _ = Dashboard.reduce(&state, .resources(.swarmFinished(request, .refused("update out of sequence"))))
        #expect(state.status?.kind == .error && state.status?.text.contains("update out of sequence") == true)
        // A global service has no replica count.
        Self.select(&state, "agent")
        _ = Fixtures.press(&state, .character("s"))
        #expect(state.mode == .normal && state.status?.kind == .error)
    }

    @Test func forceUpdateAndRollbackAskFirst() throws {
        var state = try Self.state(ServicesView.id)
        Self.select(&state, "demo_api")
        #expect(Fixtures.press(&state, .character("b")).isEmpty)
        #expect(KeyDispatch.mode(state) == .swarmConfirm)
        let effects = Fixtures.press(&state, .character("y"))
        guard case .resources(.swarm(let request))? = effects.first else {
            Issue.record("no effect")
            return
        }
        #expect(request.operation == .rollback)
        _ = Fixtures.press(&state, .character("u"))
        #expect(Fixtures.press(&state, .character("n")).isEmpty)
        #expect(state.mode == .normal && state.status?.text == "Cancelled: nothing was changed")
    }

    @Test func drainSaysHowManyTasksMoveAndActivateDoesNotAsk() throws {
        var state = try Self.state(NodesView.id)
        Self.select(&state, "worker1")
        let count = state.visibleRows(NodesView.id).first { $0.cells[0] == "worker1" }?.cells[NodesView.tasksColumn]
        _ = Fixtures.press(&state, .character("d"))
        guard case .resourceDialog(.swarm(.confirm(let request))) = state.mode else {
            Issue.record("no question")
            return
        }
        #expect(request.question == "Drain node worker1? Its \(count ?? "?") running tasks move to other nodes.")
        let effects = Fixtures.press(&state, .character("y"))
        #expect(effects.first == .resources(.swarm(request)) && request.operation == .availability("drain"))
        let active = Fixtures.press(&state, .character("a"))
        guard case .resources(.swarm(let activate))? = active.first else {
            Issue.record("no effect")
            return
        }
        #expect(activate.operation == .availability("active"))
    }

    @Test func removingAServiceNamesItsRunningTasks() throws {
        var state = try Self.state(ServicesView.id)
        Self.select(&state, "web")
        let effects = Fixtures.press(&state, .character("D"))
        guard case .resourceDialog(.confirmRemove(let asked)) = state.mode else {
            Issue.record("no question")
            return
        }
        // The question opens with the count, and asks the engine for the tasks and nodes to name.
        #expect(asked.question == "Remove service web? Its 6 running tasks stop and go with it.")
        #expect(effects == [.resources(.removalDetail(asked))])
        let detail = try #require(ServicesView.definition.removalDetail)
        #expect(
            detail.requests(asked.target).map(\.path) == [Endpoints.listTasks.path, Endpoints.listNodes.path])
        let note = try detail.note(
            asked.target, [try EngineFixtures.bytes("swarm-tasks.json"), try EngineFixtures.bytes("swarm-nodes.json")])
        _ = Dashboard.reduce(&state, .resources(.removalDetailed(asked, note: note)))
        guard case .resourceDialog(.confirmRemove(let request)) = state.mode else {
            Issue.record("the question closed")
            return
        }
        // Four named with their nodes, by slot; the other two counted.
        let question = request.question
        let prefix = "Remove service web? Its 6 running tasks stop and go with it: "
        #expect(question.hasPrefix(prefix) && question.hasSuffix(" and 2 more."), "\(question)")
        let named = question.dropFirst(prefix.count).dropLast(" and 2 more.".count).split(separator: ", ")
        #expect(
            named.map { $0.split(separator: " ").first.map(String.init) ?? "" } == ["web.1", "web.2", "web.3", "web.4"])
        #expect(
            named.allSatisfy { task in ["manager", "worker1", "worker2"].contains { task.hasSuffix(" on \($0)") } },
            "\(named)")
        #expect(request.target.kind == .service)
    }

    @Test func beforeTheTasksArriveTheQuestionCountsThem() throws {
        let rows = try ServicesView.definition.rows(try EngineFixtures.bytes("swarm-services.json"), .main, Self.now)
        let web = try #require(rows.first { $0.cells[0] == "web" })
        #expect(web.removal?.note == "Its 6 running tasks stop and go with it.")
        let one = try JSONCoding.decode(
            SwarmService.self,
            from: Array(#"{"ID":"x","Spec":{"Name":"one"},"ServiceStatus":{"RunningTasks":1,"DesiredTasks":1}}"#.utf8))
        let note = ServicesView.rows([one], host: .main, now: Self.now).first?.removal?.note
        #expect(note == "Its 1 running task stops and goes with it.")
    }

    @Test func readOnlyRefusesEverySwarmChange() throws {
        var state = try Self.state(ServicesView.id, readOnly: true)
        Self.select(&state, "web")
        for key in ["s", "u", "b", "D"] {
            #expect(Fixtures.press(&state, .character(Character(key))).isEmpty)
            #expect(state.mode == .normal && state.status?.kind == .error)
        }
        var nodes = try Self.state(NodesView.id, readOnly: true)
        for key in ["d", "p", "a"] {
            #expect(Fixtures.press(&nodes, .character(Character(key))).isEmpty)
            #expect(nodes.status?.text.contains("--read-only") == true)
        }
        // Hints leave out what read-only refuses.
        #expect(!KeyHints.current(state).contains { $0.label == "s" })
    }

    @Test func aWorkerIsTheWrongNodeToAskNotAnError() {
        let worker = EngineError.server(
            status: 503,
            message: "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state.")
        #expect(NodesView.definition.explainFailure?(worker) == SwarmFailure.worker)
        let alone = EngineError.server(
            status: 503,
            message: "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect "
                + "this node to swarm and try again.")
        #expect(ServicesView.definition.explainFailure?(alone) == SwarmFailure.notInSwarm)
        #expect(TasksView.definition.explainFailure?(.notFound("x")) == nil)
        // Podman has no Swarm requests at all: its 404 says no such page, not no such object.
        #expect(ServicesView.definition.explainFailure?(.notFound("Not Found\n")) == SwarmFailure.noSwarmAPI)
        #expect(NodesView.definition.explainFailure?(.notFound("404 page not found")) == SwarmFailure.noSwarmAPI)
        #expect(TasksView.definition.explainFailure?(.notFound("no such service: web")) == nil)
    }
}
