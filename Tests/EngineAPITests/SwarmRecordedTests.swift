import EngineAPI
import Foundation
import Testing

/// Nodes, services, tasks, events and logs recorded from a real three-node swarm (`scripts/test-swarm`, see
/// `Fixtures/README.md`).
@Suite("Swarm recordings")
struct SwarmRecordedTests {
    static func decode<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        try JSONCoding.decode(type, from: try Fixture.bytes(name))
    }

    @Test func nodesSayRoleAvailabilityStatusAndSize() throws {
        let nodes = try Self.decode([SwarmNode].self, "swarm-nodes.json")
        #expect(nodes.map(\.displayName) == ["manager", "worker1", "worker2"])
        #expect(nodes.map { $0.spec?.role } == ["manager", "worker", "worker"])
        #expect(nodes.allSatisfy { $0.spec?.availability == "active" && $0.status?.state == "ready" })
        #expect(nodes.map(\.managerText) == ["Leader", "", ""])
        #expect(nodes[0].description?.resources?.nanoCPUs ?? 0 > 0)
        #expect(nodes[0].description?.engine?.engineVersion?.hasPrefix("20.10") == true)
        #expect(nodes.allSatisfy { ($0.version?.index ?? 0) > 0 })
    }

    @Test func servicesSayModeCountsPortsStackAndUpdate() throws {
        let services = try Self.decode([SwarmService].self, "swarm-services.json")
        let byName = Dictionary(uniqueKeysWithValues: services.map { ($0.name, $0) })
        let web = try #require(byName["web"])
        #expect(web.modeText == "replicated 6")
        #expect(web.serviceStatus?.runningTasks == 6 && web.serviceStatus?.desiredTasks == 6)
        #expect(web.stack == "demo" && web.image == "berth-test/busybox:latest")
        #expect(byName["agent"]?.modeText == "global" && byName["agent"]?.isReplicated == false)
        let api = try #require(byName["demo_api"])
        #expect(api.portsText == "*:8080->80/tcp")
        #expect(api.updateStatus?.state == "paused")
        #expect(api.updateStatus?.message?.hasPrefix("update paused due to failure") == true)
        #expect(byName["broken"]?.stack == nil)
    }

    @Test func tasksSaySlotNodeStatesErrorAndContainer() throws {
        let tasks = try Self.decode([SwarmTask].self, "swarm-tasks.json")
        #expect(tasks.count == 29)
        let pending = try #require(tasks.first { $0.state == "pending" })
        #expect(pending.status?.err?.hasPrefix("no suitable node") == true)
        #expect(pending.nodeID == nil || pending.nodeID == "")
        #expect(pending.containerID == nil)
        let failed = tasks.filter { $0.state == "failed" }
        #expect(!failed.isEmpty && failed.allSatisfy { $0.desiredState == "shutdown" && $0.containerID != nil })
        #expect(failed.contains { $0.status?.containerStatus?.exitCode == 127 })
        // The global service's tasks have no slot.
        let services = try Self.decode([SwarmService].self, "swarm-services.json")
        let agent = try #require(services.first { $0.name == "agent" })
        #expect(tasks.filter { $0.serviceID == agent.id }.allSatisfy { $0.slot == nil })
        #expect(tasks.filter { $0.isRunning }.allSatisfy { $0.containerID != nil && $0.nodeID != nil })
    }

    @Test func aWorkerRefusesWith503AndItsReason() throws {
        let error = EngineError.fromResponse(status: 503, body: try Fixture.bytes("swarm-error-worker.json"))
        guard case .server(503, let message) = error else {
            Issue.record("expected a 503, got \(error)")
            return
        }
        #expect(message.contains("Worker nodes can't be used"))
    }

    @Test func serviceAndNodeEventsNameWhatChanged() throws {
        let lines = try Fixture.lines("swarm-events.jsonl")
        let values = try lines.map { try JSONValue.parse($0) }
        #expect(values.count == 4)
        #expect(
            values.compactMap { $0["Type"]?.compactText } == ["\"service\"", "\"node\"", "\"node\"", "\"service\""])
    }

    @Test func aSpecEditChangesOnlyWhatItSays() throws {
        let services = try JSONValue.parse(try Fixture.bytes("swarm-services.json"))
        guard case .array(let all) = services,
            let api = all.first(where: { $0["Spec"]?["Name"] == .string("demo_api") })
        else {
            Issue.record("no demo_api")
            return
        }
        let scaled = try JSONValue.parse(try SwarmSpecEdit.replicas(5).apply(toInspected: api))
        #expect(scaled["Mode"]?["Replicated"]?["Replicas"] == .number("5"))
        #expect(scaled["EndpointSpec"] == api["Spec"]?["EndpointSpec"])
        #expect(scaled["UpdateConfig"] == api["Spec"]?["UpdateConfig"])
        let forced = try JSONValue.parse(try SwarmSpecEdit.forceUpdate.apply(toInspected: api))
        #expect(forced["TaskTemplate"]?["ForceUpdate"] == .number("1"))
        #expect(forced["TaskTemplate"]?["ContainerSpec"] == api["Spec"]?["TaskTemplate"]?["ContainerSpec"])
        #expect(try SwarmSpecEdit.version(of: api) == 396)
        // A global service has no replica count to change.
        guard let agent = all.first(where: { $0["Spec"]?["Name"] == .string("agent") }) else { return }
        #expect(throws: EngineError.self) { try SwarmSpecEdit.replicas(2).apply(toInspected: agent) }
        let nodes = try JSONValue.parse(try Fixture.bytes("swarm-nodes.json"))
        guard case .array(let nodeList) = nodes, let node = nodeList.last else { return }
        let drained = try JSONValue.parse(try SwarmSpecEdit.availability("drain").apply(toInspected: node))
        #expect(drained["Availability"] == .string("drain") && drained["Role"] == .string("worker"))
    }

    @Test func serviceLogLinesSayWhereTheyCameFrom() {
        let (origin, message) = SwarmLogOrigin.split(
            "com.docker.swarm.node.id=xokekblsicyq4xn139svjxfz9,com.docker.swarm.service.id=jowkfdyjj3u22uow7i39vto6m,"
                + "com.docker.swarm.task.id=ir6ngfzbxzzeu2joi0o61kfbc line 122 from b841265045b1")
        #expect(origin?.nodeID == "xokekblsicyq4xn139svjxfz9")
        #expect(origin?.serviceID == "jowkfdyjj3u22uow7i39vto6m")
        #expect(origin?.taskID == "ir6ngfzbxzzeu2joi0o61kfbc")
        #expect(message == "line 122 from b841265045b1")
        let plain = SwarmLogOrigin.split("just a line")
        #expect(plain.origin == nil && plain.message == "just a line")
    }

    @Test func requestsNameTheVersionTheyWereReadAt() {
        let update = Endpoints.updateService("abc", version: 42, spec: Array("{}".utf8), rollback: true)
        #expect(
            update.uri(version: APIVersion(major: 1, minor: 41))
                == "/v1.41/services/abc/update?version=42&rollback=previous")
        #expect(update.method == .post && update.jsonBody == Array("{}".utf8))
        #expect(Endpoints.listServices.uri(version: APIVersion(major: 1, minor: 41)) == "/v1.41/services?status=true")
        #expect(Endpoints.removeNode("n1").uri(version: APIVersion(major: 1, minor: 41)) == "/v1.41/nodes/n1?force=0")
    }
}
