import EngineAPI
import EngineClient
import EngineWatchers
import Foundation
import Testing

/// The private Podman the Podman tests use (`scripts/test-podman start`).
///
/// `BERTH_TEST_PODMAN_HOST` names its socket. Without it these tests are skipped, unless `BERTH_REQUIRE_PODMAN=1`,
/// in which case they run and fail.
enum TestPodman {
    static let hostSetting = TestEngine.environment["BERTH_TEST_PODMAN_HOST"].flatMap { $0.isEmpty ? nil : $0 }
    static let shouldRun = hostSetting != nil || TestEngine.environment["BERTH_REQUIRE_PODMAN"] == "1"

    static func client() async throws -> EngineClient {
        guard let hostSetting else {
            Issue.record("BERTH_REQUIRE_PODMAN=1 but BERTH_TEST_PODMAN_HOST is not set")
            throw TestEngine.Unavailable()
        }
        let host = try EngineHost.resolve(flag: hostSetting, environment: [:])
        return try await EngineClient.connect(host: host, timeout: .seconds(30)).0
    }
}

/// The same client and watchers against a real Podman serving the Docker-compatible API.
@Suite("Real Podman", .serialized, .enabled(if: TestPodman.shouldRun))
struct PodmanIntegrationTests {
    static let printer = ["sh", "-c", "i=0; while true; do i=$((i+1)); echo out-$i; echo err-$i >&2; sleep 0.2; done"]

    @Test func connectsAndNamesTheEngine() async throws {
        let client = try await TestPodman.client()
        let info = try await client.engineInfo()
        #expect(info.displayName.hasPrefix("Podman Engine"))
        #expect(info.apiVersion == APIVersion(major: 1, minor: 41))
    }

    @Test func listAndInspectFollowTheLifecycle() async throws {
        let client = try await TestPodman.client()
        let name = TestEngine.uniqueName("pm-life")
        try await TestEngine.withContainer(client, name: name) { id in
            func state() async throws -> ContainerLifecycle? {
                try await client.listContainers(ids: [id]).first?.lifecycle
            }
            #expect(try await state() == .created)
            try await client.start(id)
            #expect(try await state() == .running)
            try await client.pause(id)
            #expect(try await state() == .paused)
            try await client.unpause(id)
            try await client.restart(id, timeout: 0)
            #expect(try await state() == .running)
            let inspect = try await client.inspectContainer(id)
            #expect(inspect.hostConfig?.networkMode == "none")
            #expect(inspect.framing == .multiplexed)
            try await client.stop(id, timeout: 0)
            #expect(try await state() == .exited)
        }
        #expect(try await client.listContainers(all: true).allSatisfy { $0.displayName != name })
    }

    /// Podman cannot run berth's `ps` arguments in a busybox container: the client falls back to the default,
    /// which Podman sends as `ps`'s own lines under one title; the columns come out split.
    @Test func topFallsBackAndSplitsTheColumns() async throws {
        let client = try await TestPodman.client()
        try await TestEngine.withContainer(client, name: TestEngine.uniqueName("pm-top")) { id in
            try await client.start(id)
            var result: TopResult?
            let found = try await eventually(within: .seconds(15), every: .milliseconds(100)) {
                result = try await client.top(id)
                return result?.table.processes.contains { $0.last == "sleep 100000" } ?? false
            }
            #expect(found)
            let table = try #require(result).table
            #expect(table.titles.first == "PID" && table.titles.last == "COMMAND")
            #expect(table.processes.allSatisfy { $0.count == table.titles.count && Int($0[0]) != nil })
        }
    }

    /// Podman's own top reads /proc itself: every column berth wants but %MEM, whatever `ps` the image has, and
    /// ELAPSED as `ps` writes it. A stopped container's top says it is not running.
    @Test func podmansOwnTopHasTheColumnsBusyboxCannotGive() async throws {
        let client = try await TestPodman.client()
        try await TestEngine.withContainer(client, name: TestEngine.uniqueName("pm-own-top")) { id in
            try await client.start(id)
            var table: ContainerTop?
            let found = try await eventually(within: .seconds(15), every: .milliseconds(100)) {
                table = try await client.podmanTop(id)
                return table?.processes.contains { $0.last == "sleep 100000" } ?? false
            }
            #expect(found)
            let top = try #require(table)
            #expect(top.titles == ["PID", "PPID", "USER", "%CPU", "RSS", "ELAPSED", "COMMAND"])
            let sleep = try #require(top.processes.first { $0.last == "sleep 100000" })
            #expect(Int(sleep[0]) != nil && Int(sleep[1]) != nil && Double(sleep[3]) != nil && Int(sleep[4]) != nil)
            #expect(sleep[5].wholeMatch(of: /\d\d:\d\d/) != nil, "ELAPSED \(sleep[5])")
            try await client.stop(id, timeout: 0)
            await #expect(throws: EngineError.self) { _ = try await client.podmanTop(id) }
        }
    }

    /// Podman's `system_cpu_usage` is not the host's CPU time; a sleeping container must still read near 0 %.
    @Test func apiStatsGiveAPlausibleCPUShare() async throws {
        let client = try await TestPodman.client()
        try await TestEngine.withContainer(client, name: TestEngine.uniqueName("pm-stats")) { id in
            try await client.start(id)
            let clock = ContinuousClock()
            let start = clock.now
            func sample() async throws -> StatsSample {
                let response = try await client.decode(ContainerStatsResponse.self, Endpoints.containerStats(id))
                let (seconds, attoseconds) = (clock.now - start).components
                return StatsSample(api: response, time: Double(seconds) + Double(attoseconds) / 1e18)
            }
            let first = try await sample()
            try await Task.sleep(for: .seconds(1))
            let second = try await sample()
            let figures = StatsFigures.compute(previous: first, current: second, hostMemory: nil)
            let cpu = try #require(figures.cpuPercent)
            #expect(cpu < 2, "a sleeping container read \(cpu) % of a core")
            #expect((figures.memoryUsed ?? 0) > 0)
        }
    }

    @Test func followerGetsBothStreamsTagged() async throws {
        let client = try await TestPodman.client()
        try await TestEngine.withContainer(client, name: TestEngine.uniqueName("pm-logs"), cmd: Self.printer) { id in
            try await client.start(id)
            let collected = LogFollowerIntegrationTests.Collected()
            let follower = LogFollower(containerID: id, options: .init(tail: nil)) { client }
            let task = Task { await follower.run { await collected.take($0) } }
            defer { task.cancel() }
            #expect(await eventually(within: .seconds(15)) { await collected.lines.count >= 6 })
            let lines = await collected.lines
            let out = lines.filter { $0.stream == .stdout }.map(\.text)
            let err = lines.filter { $0.stream == .stderr }.map(\.text)
            #expect(Array(out.prefix(3)) == ["out-1", "out-2", "out-3"])
            #expect(Array(err.prefix(2)) == ["err-1", "err-2"])
            #expect(lines.allSatisfy { $0.timestamp != nil })
        }
    }

    @Test func execRunsInTheContainer() async throws {
        let client = try await TestPodman.client()
        try await TestEngine.withContainer(client, name: TestEngine.uniqueName("pm-exec")) { id in
            try await client.start(id)
            #expect(try await client.runExec(containerID: id, command: ["sh", "-c", "exit 7"]) == 7)
            #expect([126, 127].contains(try await client.runExec(containerID: id, command: ["no-such-binary"])))
            await #expect(throws: ExecTimedOut.self) {
                _ = try await client.runExec(containerID: id, command: ["sleep", "30"], timeout: .milliseconds(500))
            }
            let execID = try await client.createExec(
                id, body: ExecCreateBody(cmd: ["sh", "-c", "echo podman-$((6*7))"], tty: true, attachStdin: true))
            let session = try await client.startExecSession(execID)
            var text = ""
            for try await chunk in session.output { text += String(decoding: chunk, as: UTF8.self) }
            #expect(text.contains("podman-42"))
        }
    }
}
