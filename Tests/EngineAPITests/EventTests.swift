import EngineAPI
import Foundation
import Testing

@Suite("Engine events")
struct EventTests {
    @Test func recordedDockerEventsDecodeWithVerbs() throws {
        let events = try Fixture.lines("events-container.jsonl").map {
            try JSONCoding.decode(EngineEvent.self, from: $0)
        }
        #expect(events.count == 31)
        #expect(events.allSatisfy { $0.type == "container" })
        let ids = Set(events.compactMap(\.containerID))
        #expect(ids.count == 1)
        #expect(ids.first?.count == 64)
        let verbs = events.map(\.verb)
        #expect(verbs.first == "create")
        #expect(verbs.last == "destroy")
        for verb in ["start", "die", "stop", "kill", "pause", "unpause", "rename", "restart", "exec_start", "exec_die"]
        {
            #expect(verbs.contains(verb), "missing \(verb)")
        }
        #expect(verbs.filter { $0 == "health_status" }.count == 2)
        let health = try #require(events.first(where: { $0.verb == "health_status" }))
        #expect(health.action == "health_status: healthy")
        let rename = try #require(events.first(where: { $0.verb == "rename" }))
        #expect(rename.actor?.attributes?["name"] == "fx-healthy")
        #expect(rename.actor?.attributes?["oldName"] == "/fx-health")
        #expect(events.allSatisfy { ($0.timeNano ?? 0) > 0 && ($0.time ?? 0) > 0 })
    }

    @Test func podmanEventsUseStatusAndID() throws {
        let events = try Fixture.lines("events-podman.jsonl").map {
            try JSONCoding.decode(EngineEvent.self, from: $0)
        }
        #expect(events.map(\.verb) == ["create", "die", "remove"])
        #expect(events.allSatisfy { $0.containerID?.hasPrefix("5555") == true })
        #expect(events[2].actor == nil)
    }

    @Test(arguments: [
        ("exec_start: sh -c true", "exec_start"),
        ("health_status: unhealthy", "health_status"),
        ("died", "die"),
        ("start", "start"),
        ("", ""),
    ])
    func verbCutsDetails(action: String, verb: String) {
        #expect(EngineEvent(action: action).verb == verb)
        #expect(EngineEvent(status: action).verb == verb)
    }

    @Test func actionWinsOverStatusAndActorOverID() {
        let event = EngineEvent(action: "stop", actor: .init(id: "actor"), status: "died", id: "legacy")
        #expect(event.verb == "stop")
        #expect(event.containerID == "actor")
        #expect(EngineEvent(id: "legacy").containerID == "legacy")
        #expect(EngineEvent().containerID == nil)
    }
}

@Suite("Engine error bodies")
struct ErrorBodyTests {
    @Test func recorded404() throws {
        let error = EngineError.fromResponse(status: 404, body: try Fixture.bytes("error-404.json"))
        #expect(error == .notFound("No such container: no-such-container"))
        #expect(error.description == "No such container: no-such-container")
        #expect(!error.isConnectionFailure)
    }

    @Test func recorded409s() throws {
        let pause = EngineError.fromResponse(status: 409, body: try Fixture.bytes("error-409-pause-stopped.json"))
        guard case .conflict(let message) = pause else {
            Issue.record("expected .conflict, got \(pause)")
            return
        }
        #expect(message.hasSuffix("is not running"))
        let remove = EngineError.fromResponse(status: 409, body: try Fixture.bytes("error-409-remove-running.json"))
        #expect(remove.description.hasPrefix("You cannot remove a running container"))
    }

    @Test func otherStatusesAndPlainText() {
        #expect(EngineError.fromResponse(status: 304, body: []) == .notModified)
        #expect(EngineError.fromResponse(status: 400, body: Array("bad\n".utf8)) == .badRequest("bad"))
        #expect(
            EngineError.fromResponse(status: 500, body: Array(#"{"message":"boom"}"#.utf8))
                == .server(status: 500, message: "boom"))
        #expect(EngineError.fromResponse(status: 503, body: []).description == "Engine error 503")
        // A non-JSON body is kept as text, but not all of a huge one.
        let huge = EngineError.fromResponse(status: 502, body: Array(repeating: UInt8(ascii: "x"), count: 100_000))
        #expect(huge.description.count == 2000)
    }
}
