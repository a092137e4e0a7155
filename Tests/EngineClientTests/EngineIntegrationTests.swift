import EngineAPI
import EngineClient
import Foundation
import Testing

/// Round trips against the real engine from `scripts/test-engine start` (see `TestEngine`).
@Suite("Real engine: client", .enabled(if: TestEngine.shouldRun))
struct EngineIntegrationTests {
    @Test func connectNegotiatesTheVersion() async throws {
        let host = try TestEngine.host()
        let ping = try await EngineClient.ping(host: host)
        let announced = try #require(ping.announcedAPIVersion.flatMap(APIVersion.init))
        let (client, info) = try await EngineClient.connect(host: host)
        #expect(client.apiVersion == min(announced, APIVersion.newestKnown))
        #expect(info.apiVersion == client.apiVersion)
        #expect(!info.version.isEmpty)
        #expect(info.product.hasSuffix("Engine"))
        #expect(info.os == "linux")
        // The engine's clock, read from the ping, is close to ours on a local socket.
        let engineTime = try #require(ping.engineTime)
        #expect(abs(engineTime - Int64(Date().timeIntervalSince1970)) < 60)
    }

    @Test func listFindsACreatedContainer() async throws {
        let client = try await TestEngine.client()
        let name = TestEngine.uniqueName("list")
        try await TestEngine.withContainer(client, name: name) { id in
            let all = try await client.listContainers(all: true)
            let row = try #require(all.first(where: { $0.id == id }))
            #expect(row.displayName == name)
            #expect(row.lifecycle == .created)
            #expect(row.image == TestEngine.image)
            #expect(row.labels?["berth.test"] == "1")
            let running = try await client.listContainers(all: false)
            #expect(!running.contains(where: { $0.id == id }))
            let narrowed = try await client.listContainers(all: true, ids: [id])
            #expect(narrowed.map(\.id) == [id])
        }
    }

    @Test func lifecycleRoundTrip() async throws {
        let client = try await TestEngine.client()
        try await TestEngine.withContainer(client, name: TestEngine.uniqueName("life")) { id in
            func state() async throws -> ContainerInspect.State? { try await client.inspectContainer(id).state }

            try await client.start(id)
            #expect(try await state()?.status == "running")
            // Starting a running container is a no-op, not an error (the engine answers 304).
            try await client.start(id)

            try await client.pause(id)
            #expect(try await state()?.status == "paused")
            #expect(try await client.listContainers(ids: [id]).first?.status?.hasSuffix("(Paused)") == true)
            try await client.unpause(id)
            #expect(try await state()?.status == "running")

            let startedBefore = try await state()?.startedAt
            try await client.restart(id, timeout: 0)
            let afterRestart = try await state()
            #expect(afterRestart?.status == "running")
            #expect(afterRestart?.startedAt != startedBefore)

            try await client.stop(id, timeout: 0)
            let stopped = try await state()
            #expect(stopped?.status == "exited")
            #expect(stopped?.exitCode == 137)  // sleep as PID 1 ignores SIGTERM, so t=0 means SIGKILL
            try await client.stop(id, timeout: 0)  // 304 again

            try await client.start(id)
            try await client.kill(id, signal: .kill)
            #expect(
                try await eventually(within: .seconds(15)) { try await state()?.status == "exited" })
            #expect(try await state()?.exitCode == 137)

            try await client.remove(id, force: false, volumes: true)
            await #expect(throws: EngineError.notFound("No such container: \(id)")) {
                _ = try await client.inspectContainer(id)
            }
        }
    }

    @Test func killWithTermEndsAShell() async throws {
        let client = try await TestEngine.client()
        // `sh -c` as PID 1 with a trap makes TERM observable as a normal exit.
        let cmd = ["sh", "-c", "trap 'exit 42' TERM; echo ready; while true; do sleep 0.1; done"]
        try await TestEngine.withContainer(client, name: TestEngine.uniqueName("term"), cmd: cmd) { id in
            try await client.start(id)
            // PID 1 ignores TERM until the trap is set: wait for the shell to say so.
            let ready = try await eventually(within: .seconds(15)) {
                let logs = try await client.send(
                    EngineRequest(.get, "/containers/\(id)/logs", query: [("stdout", "1")]))
                return String(decoding: logs.body, as: UTF8.self).contains("ready")
            }
            #expect(ready)
            try await client.kill(id, signal: .term)
            let exited = try await eventually(within: .seconds(15)) {
                try await client.inspectContainer(id).state?.status == "exited"
            }
            #expect(exited)
            #expect(try await client.inspectContainer(id).state?.exitCode == 42)
        }
    }

    @Test func errorsAreTypedAndCarryTheEngineMessage() async throws {
        let client = try await TestEngine.client()
        await #expect(throws: EngineError.notFound("No such container: berth-it-no-such-container")) {
            try await client.start("berth-it-no-such-container")
        }
        try await TestEngine.withContainer(client, name: TestEngine.uniqueName("conflict")) { id in
            await #expect(throws: EngineError.conflict("Container \(id) is not running")) {
                try await client.pause(id)
            }
            try await client.start(id)
            do {
                try await client.remove(id, force: false, volumes: false)
                Issue.record("removed a running container without force")
            } catch let error as EngineError {
                guard case .conflict(let message) = error else {
                    Issue.record("expected .conflict, got \(error)")
                    return
                }
                #expect(message.contains("cannot remove a running container"))
            }
            try await client.remove(id, force: true, volumes: true)
            #expect(try await client.listContainers(ids: [id]).isEmpty)
        }
    }

    @Test func eventsArriveWithinASecond() async throws {
        let host = try TestEngine.host()
        let ping = try await EngineClient.ping(host: host)
        let client = EngineClient(host: host, apiVersion: ping.apiVersion)
        // `since` the ping (engine clock) so events are not missed while the stream connects.
        let (recorder, drain) = Recorder<EngineEvent>.draining(client.containerEvents(since: ping.engineTime))
        defer { drain.cancel() }
        try await TestEngine.withContainer(client, name: TestEngine.uniqueName("events")) { id in
            let created = await recorder.wait(within: .seconds(15)) { events in
                events.contains { $0.containerID == id && $0.verb == "create" }
            }
            #expect(created)
            try await client.start(id)
            let started = await recorder.wait(within: .seconds(15)) { events in
                events.contains { $0.containerID == id && $0.verb == "start" }
            }
            #expect(started)
            try await client.pause(id)
            let paused = await recorder.wait(within: .seconds(15)) { events in
                events.contains { $0.containerID == id && $0.verb == "pause" }
            }
            #expect(paused)
        }
        #expect(await recorder.failure == nil)
    }

    @Test func bytesStreamCarriesLogs() async throws {
        let client = try await TestEngine.client()
        let cmd = ["sh", "-c", "echo hello-berth; echo 한글 >&2"]
        try await TestEngine.withContainer(client, name: TestEngine.uniqueName("logs"), cmd: cmd) { id in
            try await client.start(id)
            #expect(
                try await eventually(within: .seconds(15)) {
                    try await client.inspectContainer(id).state?.status == "exited"
                })
            var bytes: [UInt8] = []
            let request = EngineRequest(
                .get, "/containers/\(id)/logs", query: [("stdout", "1"), ("stderr", "1"), ("follow", "0")])
            for try await chunk in client.streamBytes(request) { bytes += chunk }
            // Non-TTY logs are multiplexed: an 8-byte header [stream, 0, 0, 0, size BE] before each frame. The two
            // streams are copied separately by the engine, so their order is not fixed.
            var frames: [String] = []
            var rest = bytes[...]
            while rest.count >= 8 {
                let size = rest.dropFirst(4).prefix(4).reduce(0) { $0 << 8 | Int($1) }
                let payload = rest.dropFirst(8).prefix(size)
                frames.append("\(rest[rest.startIndex]):" + String(decoding: payload, as: UTF8.self))
                rest = rest.dropFirst(8 + size)
            }
            #expect(rest.isEmpty)
            #expect(frames.sorted() == ["1:hello-berth\n", "2:한글\n"])
        }
    }

    /// That abandoning a stream closes its socket is checked exactly against a misbehaving peer (ClientFailureTests).
    @Test func statsStreamYieldsASampleAndCanBeAbandoned() async throws {
        let client = try await TestEngine.client()
        try await TestEngine.withContainer(client, name: TestEngine.uniqueName("follow")) { id in
            try await client.start(id)
            let request = EngineRequest(
                .get, "/containers/\(id)/stats", query: [("stream", "1")])
            var samples = 0
            for try await chunk in client.streamBytes(request) where !chunk.isEmpty {
                samples += 1
                break
            }
            #expect(samples == 1)
        }
    }

    @Test func missingSocketNextToTheEngine() async throws {
        let path = try TestEngine.socketPath() + ".missing"
        await #expect(throws: EngineError.socketMissing(path: path)) {
            _ = try await EngineClient.connect(host: .unixSocket(path: path))
        }
    }
}
