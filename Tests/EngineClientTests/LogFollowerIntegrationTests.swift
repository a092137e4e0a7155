import EngineAPI
import EngineClient
import EngineWatchers
import Foundation
import Testing

/// `LogFollower` against the real engine.
@Suite(.serialized, .enabled(if: TestEngine.shouldRun)) struct LogFollowerIntegrationTests {
    /// Checks a numbered stream as it arrives, without keeping a million lines.
    actor SequenceCheck {
        var next = 1
        var lines = 0
        var outOfOrder: [String] = []
        var events: [String] = []

        func take(_ event: LogFollowerEvent) {
            guard case .lines(let batch) = event else {
                events.append("\(event)")
                return
            }
            for line in batch {
                lines += 1
                if line.text != String(next), outOfOrder.count < 5 {
                    outOfOrder.append("expected \(next), got \(line.text.prefix(40))")
                }
                next = (Int(line.text) ?? next) + 1
            }
        }
    }

    /// Everything a follower reports, lines flattened.
    actor Collected {
        var lines: [LogLine] = []
        var events: [LogFollowerEvent] = []

        func take(_ event: LogFollowerEvent) {
            if case .lines(let batch) = event {
                lines += batch
            } else {
                events.append(event)
            }
        }
    }

    /// Creates a container with a chosen logging driver (the create endpoint has no option for it).
    static func create(
        _ client: EngineClient, name: String, cmd: [String], logDriver: String
    ) async throws -> String {
        let command = cmd.map { "\"\($0)\"" }.joined(separator: ",")
        let body = """
            {"Image":"\(TestEngine.image)","Cmd":[\(command)],"Labels":{"berth.test":"1"},\
            "HostConfig":{"NetworkMode":"none","LogConfig":{"Type":"\(logDriver)"}}}
            """
        return try await client.decode(
            ContainerCreateResponse.self,
            EngineRequest(.post, "/containers/create", query: [("name", name)], jsonBody: Array(body.utf8))
        ).id
    }

    /// Runs `body`, then force-removes the container whether `body` threw or not.
    static func removing(_ id: String, _ client: EngineClient, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            try? await client.remove(id, force: true, volumes: true)
            throw error
        }
        try? await client.remove(id, force: true, volumes: true)
    }

    /// json-file, the default driver. Reading a million lines back keeps the engine busy for a while; timing-tight
    /// tests that share the engine can feel it.
    @Test func aMillionNumberedLinesArriveCompleteAndInOrder() async throws {
        let client = try await TestEngine.client()
        let cmd = ["seq", "1", "1000000"]
        try await TestEngine.withContainer(client, name: TestEngine.uniqueName("seq"), cmd: cmd) { id in
            try await client.start(id)
            let check = SequenceCheck()
            // Small batches and a small pending limit make the backpressure path run many times.
            let follower = LogFollower(
                containerID: id, options: .init(tail: nil, maxPendingLines: 5000)
            ) { client }
            let task = Task { await follower.run { await check.take($0) } }
            defer { task.cancel() }
            let complete = await eventually(within: .seconds(240), every: .milliseconds(100)) {
                await check.lines >= 1_000_000
            }
            let arrived = await check.lines
            #expect(complete, "only \(arrived) lines arrived")
            #expect(await check.lines == 1_000_000)
            #expect(await check.next == 1_000_001)
            #expect(await check.outOfOrder == [])
            // The container exits after printing: the follower says so.
            let stopped = await eventually(within: .seconds(10)) {
                await check.events.contains { $0.hasPrefix("stopped(exitCode: Optional(0)") }
            }
            let events = await check.events
            #expect(stopped, "events: \(events)")
        }
    }

    @Test func stdoutAndStderrAreTagged() async throws {
        let client = try await TestEngine.client()
        let cmd = ["sh", "-c", "for i in 1 2 3; do echo out-$i; echo err-$i >&2; done"]
        try await TestEngine.withContainer(client, name: TestEngine.uniqueName("streams"), cmd: cmd) { id in
            try await client.start(id)
            let collected = Collected()
            let follower = LogFollower(containerID: id, options: .init(tail: nil)) { client }
            let task = Task { await follower.run { await collected.take($0) } }
            defer { task.cancel() }
            #expect(await eventually(within: .seconds(10)) { await collected.lines.count >= 6 })
            let lines = await collected.lines
            #expect(lines.filter { $0.stream == .stdout }.map(\.text) == ["out-1", "out-2", "out-3"])
            #expect(lines.filter { $0.stream == .stderr }.map(\.text) == ["err-1", "err-2", "err-3"])
            #expect(lines.allSatisfy { $0.timestamp != nil })
            #expect(await collected.events.first == .attached(tty: false, running: true) || lines.count == 6)
        }
    }

    @Test func aTTYContainerIsReadRaw() async throws {
        let client = try await TestEngine.client()
        let created = try await client.decode(
            ContainerCreateResponse.self,
            Endpoints.createContainer(
                name: TestEngine.uniqueName("tty"), image: TestEngine.image,
                cmd: ["sh", "-c", "echo one; echo two >&2; printf 'three\\r\\n'"], labels: ["berth.test": "1"],
                tty: true))
        try await Self.removing(created.id, client) {
            try await client.start(created.id)
            let collected = Collected()
            let follower = LogFollower(containerID: created.id, options: .init(tail: nil)) { client }
            let task = Task { await follower.run { await collected.take($0) } }
            defer { task.cancel() }
            #expect(await eventually(within: .seconds(10)) { await collected.lines.count >= 3 })
            #expect(await collected.lines.map(\.text) == ["one", "two", "three"])
            #expect(await collected.events.contains { if case .attached(true, _) = $0 { true } else { false } })
        }
    }

    /// The engine vanishes mid-stream and comes back: the follower resumes after the last line it delivered,
    /// neither repeating lines nor skipping any.
    @Test func engineOutageResumesWithoutDuplicates() async throws {
        let upstream = try TestEngine.socketPath()
        let path = RawSocket.temporaryPath("logproxy")
        var proxy = try SocketProxy(path: path, upstream: upstream)
        defer { proxy.stop() }
        let direct = try await TestEngine.client()
        let counter = ["sh", "-c", "i=0; while true; do i=$((i+1)); echo n$i; sleep 0.05; done"]
        try await TestEngine.withContainer(direct, name: TestEngine.uniqueName("outage"), cmd: counter) { id in
            try await direct.start(id)
            let viaProxy = try await EngineClient.connect(host: .unixSocket(path: path), timeout: .seconds(10)).0
            let collected = Collected()
            let follower = LogFollower(
                containerID: id, options: .init(tail: nil, retryDelay: .milliseconds(200))
            ) { viaProxy }
            let task = Task { await follower.run { await collected.take($0) } }
            defer { task.cancel() }
            #expect(await eventually(within: .seconds(15)) { await collected.lines.count >= 20 })
            proxy.stop()
            #expect(
                await eventually(within: .seconds(15)) {
                    await collected.events.contains { if case .interrupted = $0 { true } else { false } }
                })
            let before = await collected.lines.count
            try await Task.sleep(for: .milliseconds(500))
            proxy = try SocketProxy(path: path, upstream: upstream)
            #expect(await eventually(within: .seconds(15)) { await collected.lines.count >= before + 30 })
            let numbers = await collected.lines.compactMap { Int($0.text.dropFirst()) }
            #expect(numbers.count == (await collected.lines.count))
            #expect(numbers == Array(1...numbers.count), "lines out of sequence: \(numbers)")
        }
    }

    /// A restart ends the stream; the follower waits for the start, says so, and goes on without repeating lines.
    @Test func restartReconnectsWithoutDuplicates() async throws {
        let client = try await TestEngine.client()
        let cmd = ["sh", "-c", "echo run-$(cat /proc/sys/kernel/random/uuid | cut -c1-8); echo second"]
        try await TestEngine.withContainer(client, name: TestEngine.uniqueName("restart"), cmd: cmd) { id in
            try await client.start(id)
            let collected = Collected()
            let follower = LogFollower(containerID: id, options: .init(tail: 1000)) { client }
            let task = Task { await follower.run { await collected.take($0) } }
            defer { task.cancel() }
            let firstStop = await eventually(within: .seconds(10)) {
                let stops = await collected.events.filter { if case .stopped = $0 { true } else { false } }
                return await collected.lines.count == 2 && !stops.isEmpty
            }
            let eventsSoFar = await collected.events
            #expect(firstStop, "\(eventsSoFar)")
            try await client.start(id)
            let again = await eventually(within: .seconds(10)) { await collected.lines.count >= 4 }
            let linesSoFar = await collected.lines.map(\.text)
            #expect(again, "\(linesSoFar)")
            // Give a duplicate the time to show up if the follower were to repeat lines.
            _ = await eventually(within: .milliseconds(500)) { await collected.lines.count > 4 }
            let texts = await collected.lines.map(\.text)
            #expect(texts.count == 4)
            #expect(texts.filter { $0 == "second" }.count == 2)
            #expect(Set(texts.filter { $0.hasPrefix("run-") }).count == 2)
            let events = await collected.events
            #expect(events.contains { if case .restarted = $0 { true } else { false } }, "\(events)")
        }
    }

    @Test func loggingDriverNoneIsReportedNotSilent() async throws {
        let client = try await TestEngine.client()
        let id = try await Self.create(
            client, name: TestEngine.uniqueName("nolog"), cmd: ["sleep", "100000"], logDriver: "none")
        try await Self.removing(id, client) {
            let collected = Collected()
            let follower = LogFollower(containerID: id) { client }
            // The follower gives up by itself: no cancel needed.
            await follower.run { await collected.take($0) }
            let events = await collected.events
            #expect(events.count == 1)
            guard case .unavailable(let reason) = events.first else {
                Issue.record("expected unavailable, got \(events)")
                return
            }
            #expect(reason.contains("\"none\""))
        }
    }

    @Test func aMissingContainerIsReported() async throws {
        let client = try await TestEngine.client()
        let collected = Collected()
        await LogFollower(containerID: "berth-no-such-container") { client }.run { await collected.take($0) }
        #expect(await collected.events == [.unavailable("The container no longer exists.")])
    }

    /// Pages back with since/until windows (the engine applies tail before until, so tail cannot page).
    @Test func historyReturnsThePageBeforeALine() async throws {
        let client = try await TestEngine.client()
        let cmd = ["sh", "-c", "seq 1 3000; sleep 100000"]
        try await TestEngine.withContainer(client, name: TestEngine.uniqueName("history"), cmd: cmd) { id in
            try await client.start(id)
            // `tail` counts what is written when the request arrives: wait for all 3000 lines first.
            let written = try await eventually(within: .seconds(10)) {
                var decoder = LogFrameDecoder(framing: .multiplexed, timestamps: true)
                var last: [LogLine] = []
                try await client.readBody(Endpoints.containerLogs(id, follow: false, tail: 1)) { chunk in
                    decoder.decode(chunk, into: &last)
                }
                return last.last?.text == "3000"
            }
            #expect(written)
            let collected = Collected()
            let follower = LogFollower(containerID: id, options: .init(tail: 500)) { client }
            let task = Task { await follower.run { await collected.take($0) } }
            defer { task.cancel() }
            #expect(await eventually(within: .seconds(20)) { await collected.lines.last?.text == "3000" })
            let lines = await collected.lines
            #expect(lines.first?.text == "2501")
            let oldest = try #require(lines.first?.timestamp)
            let skip = lines.prefix { $0.timestamp == oldest }.count
            let created = try await client.decode(ContainerInspect.self, Endpoints.inspectContainer(id))
            let page = try await LogFollower.history(
                client: client, containerID: id, framing: .multiplexed, until: oldest, skipAtUntil: skip, count: 1000,
                notBefore: created.createdNanos, expectedWindow: .milliseconds(1))
            #expect(page.lines.map(\.text) == (1501...2500).map(String.init))
            #expect(!page.reachedStart)
            let rest = try await LogFollower.history(
                client: client, containerID: id, framing: .multiplexed,
                until: try #require(page.lines.first?.timestamp),
                skipAtUntil: 1, count: 2000, notBefore: created.createdNanos, expectedWindow: .milliseconds(1))
            #expect(rest.lines.map(\.text) == (1...1500).map(String.init))
            #expect(rest.reachedStart)
        }
    }
}
