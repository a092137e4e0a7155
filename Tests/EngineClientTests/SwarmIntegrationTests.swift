import DashboardCore
import EngineAPI
import EngineClient
import Foundation
import Testing

/// The Swarm endpoints and views against a real three-node swarm (`scripts/test-swarm`): replicas spread over the
/// nodes, scaling, draining, a worker going down and coming back, service logs from every node, and a failing
/// rolling update paused then rolled back.
@Suite(.serialized, .enabled(if: TestSwarm.shouldRun))
struct SwarmIntegrationTests {
    static let ticker = "i=0; while true; do echo \"tick $i\"; i=$((i+1)); sleep 1; done"

    @Test func sixReplicasSpreadOverTheThreeNodes() async throws {
        let client = try await TestSwarm.managerClient()
        let spec = TestSwarm.spec(name: TestSwarm.uniqueName("spread"), replicas: 6, command: Self.ticker)
        try await TestSwarm.withService(client, spec: spec) { id in try await Self.spread(client, id) }
    }

    static func spread(_ client: EngineClient, _ id: String) async throws {
        let spread = try await eventually(within: .seconds(60), every: .milliseconds(300)) {
            try await TestSwarm.running(client, service: id).count == 6
        }
        #expect(spread)
        let nodes = Set(try await TestSwarm.running(client, service: id).compactMap(\.nodeID))
        #expect(nodes.count == 3)
        // The views read the same answers: 6/6, and every node counts its tasks.
        let services = ServicesView.rows(try await client.listServices(), host: .main, now: 0)
        #expect(services.first { $0.id == id }?.cells[ServicesView.replicasColumn] == "6/6")
        let rows = NodesView.rows(try await client.listNodes(), tasks: try await client.listTasks(), host: .main)
        #expect(rows.count == 3 && rows.allSatisfy { (Int($0.cells[NodesView.tasksColumn]) ?? 0) >= 2 })
    }

    @Test func scalingConvergesAndAStaleVersionIsRefused() async throws {
        let client = try await TestSwarm.managerClient()
        let spec = TestSwarm.spec(name: TestSwarm.uniqueName("scale"), replicas: 6, command: Self.ticker)
        try await TestSwarm.withService(client, spec: spec) { id in try await Self.scale(client, id) }
    }

    static func scale(_ client: EngineClient, _ id: String) async throws {
        let before = try await client.send(Endpoints.inspectService(id)).body
        try await client.updateService(id, .replicas(2))
        let converged = try await eventually(within: .seconds(60), every: .milliseconds(300)) {
            let status = try await client.listServices().first { $0.id == id }?.serviceStatus
            return status?.runningTasks == 2 && status?.desiredTasks == 2
        }
        #expect(converged)
        // An update made from a spec read before the scale names an old version: the engine refuses it.
        let old = try JSONValue.parse(before)
        let stale = Endpoints.updateService(
            id, version: try SwarmSpecEdit.version(of: old), spec: try SwarmSpecEdit.replicas(3).apply(toInspected: old)
        )
        await #expect(throws: EngineError.self) { _ = try await client.send(stale) }
    }

    @Test func drainingAWorkerMovesItsTasksAndActiveTakesThemBackLater() async throws {
        let client = try await TestSwarm.managerClient()
        let spec = TestSwarm.spec(name: TestSwarm.uniqueName("drain"), replicas: 6, command: Self.ticker)
        try await TestSwarm.withService(client, spec: spec) { id in try await Self.drain(client, service: id) }
    }

    static func drain(_ client: EngineClient, service id: String) async throws {
        let worker = try #require(try await client.listNodes().first { $0.displayName == "worker1" }).id
        #expect(
            try await eventually(within: .seconds(60), every: .milliseconds(300)) {
                try await TestSwarm.running(client, service: id).count == 6
            })
        try await client.updateNode(worker, .availability("drain"))
        let moved = try await eventually(within: .seconds(60), every: .milliseconds(300)) {
            let running = try await TestSwarm.running(client, service: id)
            return running.count == 6 && !running.contains { $0.nodeID == worker }
        }
        let node = try await client.listNodes().first { $0.id == worker }
        try await client.updateNode(worker, .availability("active"))
        #expect(moved)
        #expect(node?.spec?.availability == "drain")
        #expect(try await client.listNodes().first { $0.id == worker }?.spec?.availability == "active")
    }

    @Test func aWorkerSaysItIsAWorker() async throws {
        let worker = try await TestSwarm.workerClient(0)
        do {
            _ = try await worker.listServices()
            Issue.record("a worker listed services")
        } catch let error as EngineError {
            #expect(SwarmFailure.explain(error) == SwarmFailure.worker)
        }
    }

    @Test func serviceLogsHoldLinesFromEveryNode() async throws {
        let client = try await TestSwarm.managerClient()
        let spec = TestSwarm.spec(name: TestSwarm.uniqueName("logs"), replicas: 6, command: Self.ticker)
        try await TestSwarm.withService(client, spec: spec) { id in
            #expect(
                try await eventually(within: .seconds(60), every: .milliseconds(300)) {
                    try await TestSwarm.running(client, service: id).count == 6
                })
            let nodes = try await Self.logNodes(client, service: id)
            #expect(nodes == 3, "lines came from \(nodes) nodes")
        }
    }

    /// How many nodes the service's logs hold lines from, once all three do or 30 s have passed.
    static func logNodes(_ client: EngineClient, service id: String) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(30)
        var nodes = Set<String>()
        while nodes.count < 3, ContinuousClock.now < deadline {
            let body = try await client.send(
                Endpoints.swarmLogs(service: true, id, follow: false, tail: 50), timeout: .seconds(20)
            ).body
            var decoder = LogFrameDecoder(framing: .multiplexed, timestamps: true)
            for line in decoder.decode(body) + decoder.finish() {
                let (origin, message) = SwarmLogOrigin.split(line.text)
                if let node = origin?.nodeID, message.hasPrefix("tick ") { nodes.insert(node) }
            }
            if nodes.count < 3 { try await Task.sleep(for: .milliseconds(500)) }
        }
        return nodes.count
    }

    @Test func aFailingUpdatePausesWithTheEnginesMessageAndRollbackRestores() async throws {
        let client = try await TestSwarm.managerClient()
        let spec = TestSwarm.spec(
            name: TestSwarm.uniqueName("rollback"), replicas: 2, command: Self.ticker, pauseOnFailure: true)
        try await TestSwarm.withService(client, spec: spec) { id in try await Self.rollback(client, id) }
    }

    static func rollback(_ client: EngineClient, _ id: String) async throws {
        #expect(
            try await eventually(within: .seconds(60), every: .milliseconds(300)) {
                try await TestSwarm.running(client, service: id).count == 2
            })
        // The same service with a command that does not exist.
        let document = try JSONValue.parse(try await client.send(Endpoints.inspectService(id)).body)
        var broken = try #require(document["Spec"])
        broken.setForTest(["TaskTemplate", "ContainerSpec", "Command"], .array([.string("/no/such/command")]))
        _ = try await client.send(
            Endpoints.updateService(
                id, version: try SwarmSpecEdit.version(of: document), spec: Array(broken.compactText.utf8)))
        let paused = try await eventually(within: .seconds(90), every: .milliseconds(500)) {
            try await client.listServices().first { $0.id == id }?.updateStatus?.state == "paused"
        }
        #expect(paused)
        let message = try await client.listServices().first { $0.id == id }?.updateStatus?.message ?? ""
        #expect(message.contains("update paused"))
        try await client.rollbackService(id)
        let restored = try await eventually(within: .seconds(90), every: .milliseconds(500)) {
            let service = try await client.listServices().first { $0.id == id }
            return service?.updateStatus?.state == "rollback_completed"
                && service?.serviceStatus?.runningTasks == 2
        }
        #expect(restored)
        let after = try JSONValue.parse(try await client.send(Endpoints.inspectService(id)).body)
        #expect(
            after["Spec"]?["TaskTemplate"]?["ContainerSpec"]?["Command"]
                == .array([.string("sh"), .string("-c"), .string(Self.ticker)]))
    }

    @Test func aStoppedWorkerTurnsDownItsTasksMoveAndItComesBack() async throws {
        let client = try await TestSwarm.managerClient()
        let directory = try TestSwarm.directory()
        let worker = try #require(try await client.listNodes().first { $0.displayName == "worker2" }).id
        let spec = TestSwarm.spec(name: TestSwarm.uniqueName("down"), replicas: 6, command: Self.ticker)
        try await TestSwarm.withService(client, spec: spec) { id in
            try await Self.down(client, id, worker: worker, directory: directory)
        }
    }

    static func down(_ client: EngineClient, _ id: String, worker: String, directory: String) async throws {
        #expect(
            try await eventually(within: .seconds(60), every: .milliseconds(300)) {
                try await TestSwarm.running(client, service: id).contains { $0.nodeID == worker }
            })
        try TestSwarm.script("node-stop", directory, "2")
        let down = try await eventually(within: .seconds(60), every: .milliseconds(500)) {
            try await client.listNodes().first { $0.id == worker }?.status?.state == "down"
        }
        let rescheduled = try await eventually(within: .seconds(60), every: .milliseconds(500)) {
            let running = try await TestSwarm.running(client, service: id)
            return running.count == 6 && !running.contains { $0.nodeID == worker }
        }
        try TestSwarm.script("node-start", directory, "2")
        #expect(down)
        #expect(rescheduled)
        let back = try await eventually(within: .seconds(60), every: .milliseconds(500)) {
            try await client.listNodes().first { $0.id == worker }?.status?.state == "ready"
        }
        #expect(back)
    }
}

extension JSONValue {
    /// Sets the value at `path`, for tests that change a spec as a user would.
    mutating func setForTest(_ path: [String], _ value: JSONValue) {
        guard let key = path.first, case .object(var members) = self else {
            self = value
            return
        }
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].value.setForTest(Array(path.dropFirst()), value)
        } else {
            var child = JSONValue.object([])
            child.setForTest(Array(path.dropFirst()), value)
            members.append(JSONMember(key, child))
        }
        self = .object(members)
    }
}
