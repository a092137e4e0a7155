import EngineAPI
import Foundation
import Testing

/// Answers recorded from a real Podman 4.3.1 (`podman system service`, runc, cgroupfs, cgroup v1).
@Suite("Podman 4.3 recordings")
struct PodmanRecordedTests {
    @Test func versionNamesTheProductAndAPI() throws {
        let version = try JSONCoding.decode(
            EngineVersionResponse.self, from: try Fixture.bytes("podman43-version.json"))
        #expect(version.product == "Podman Engine")
        #expect(version.apiVersion == "1.41")
    }

    @Test func listDecodesEveryRow() throws {
        let rows = try JSONCoding.decode(
            [ContainerSummary].self, from: try Fixture.bytes("podman43-containers-list.json"))
        #expect(rows.map(\.displayName) == ["pm-idle", "pm-web-2", "pm-created", "pm-web-3", "pm-web-1"])
        #expect(rows.map(\.lifecycle) == [.running, .running, .created, .running, .running])
        #expect(rows.allSatisfy { $0.id.count == 64 && $0.image == "localhost/berth-test/busybox:latest" })
    }

    @Test func inspectGivesFramingAndTimes() throws {
        let inspect = try JSONCoding.decode(
            ContainerInspect.self, from: try Fixture.bytes("podman43-inspect-running.json"))
        #expect(inspect.framing == .multiplexed)
        #expect(inspect.state?.running == true)
        #expect(inspect.hostConfig?.networkMode == "none")
        #expect(inspect.hostConfig?.logConfig?.type == "json-file")
        #expect(inspect.startedAtNanos == LogTimestamp.parse("2026-11-23T07:16:16.669486349Z"))
    }

    @Test func eventsUseDieAndRemove() throws {
        let events = try Fixture.lines("podman43-events.jsonl").map {
            try JSONCoding.decode(EngineEvent.self, from: $0)
        }
        #expect(
            events.map(\.verb) == [
                "create", "init", "start", "pause", "unpause", "restart", "stop", "die", "init", "start", "kill", "die",
                "cleanup", "cleanup", "rename", "remove",
            ])
        #expect(Set(events.compactMap(\.containerID)).count == 1)
        #expect(events.allSatisfy { ($0.timeNano ?? 0) > 0 })
        #expect(events.last?.actor?.attributes?["name"] == "pm-events2")
    }

    /// Podman 4 sends `ps`'s own output when it cannot parse the arguments: one title for every header.
    @Test func topWithOneTitleForEveryHeaderIsSplit() throws {
        let top = try JSONCoding.decode(ContainerTop.self, from: try Fixture.bytes("podman43-top-default.json"))
        #expect(top.titles == ["PID", "USER", "COMMAND"])
        #expect(top.processes.count == 2)
        #expect(
            top.processes[0] == [
                "1", "root", #"sh -c i=0; while true; do i=$((i+1)); echo "line $i"; echo "err $i" >&2; sleep 1; done"#,
            ])
        #expect(top.processes[1] == ["73", "root", "sleep 1"])
    }

    @Test func aOneColumnTableWithAOneWordTitleStaysAsItIs() throws {
        let json = #"{"Titles":["COMMAND"],"Processes":[["sleep 1"]]}"#
        let top = try JSONCoding.decode(ContainerTop.self, from: Array(json.utf8))
        #expect(top.titles == ["COMMAND"])
        #expect(top.processes == [["sleep 1"]])
    }

    /// Podman's `system_cpu_usage` grows far slower than the host's CPU time: the docker formula would show 5.5 %
    /// for a container using 0.08 % of a core. berth measures against the wall time instead.
    @Test func cpuUsesWallTimeWhenTheSystemCounterIsImplausible() throws {
        let first = StatsSample(
            api: try JSONCoding.decode(ContainerStatsResponse.self, from: try Fixture.bytes("podman43-stats-1.json")),
            time: 0)
        // The two `read` stamps are 1.211696728 s apart.
        let second = StatsSample(
            api: try JSONCoding.decode(ContainerStatsResponse.self, from: try Fixture.bytes("podman43-stats-2.json")),
            time: 1.211696728)
        let figures = StatsFigures.compute(previous: first, current: second, hostMemory: 25_276_510_208)
        let cpu = try #require(figures.cpuPercent)
        #expect(abs(cpu - 1_001_259 / 1.211696728e9 * 100) < 1e-9)
        #expect(figures.memoryUsed == 720_896)
        #expect(figures.memoryUnlimited)
        #expect(figures.pids == 2)
    }

    @Test func systemCounterPlausibility() {
        #expect(StatsFormulas.systemCounterIsPlausible(delta: 2.4e9, seconds: 1.2, onlineCPUs: 2))
        #expect(!StatsFormulas.systemCounterIsPlausible(delta: 36_641_703, seconds: 1.2, onlineCPUs: 2))
        #expect(StatsFormulas.systemCounterIsPlausible(delta: 1.0e9, seconds: 1.2, onlineCPUs: 2))
        #expect(!StatsFormulas.systemCounterIsPlausible(delta: 0.5e9, seconds: 1.2, onlineCPUs: 2))
        #expect(!StatsFormulas.systemCounterIsPlausible(delta: 12e9, seconds: 1.2, onlineCPUs: 2))
        #expect(StatsFormulas.systemCounterIsPlausible(delta: 1, seconds: 0, onlineCPUs: 2))
    }

    /// Podman stamps log lines to the second, without a fraction.
    @Test func logsAreMultiplexedWithSecondStamps() throws {
        let lines = LogDecoderTests.decodeAll(try Fixture.bytes("podman43-logs-multiplexed.bin"), framing: .multiplexed)
        #expect(lines.map(\.text) == ["line 42", "err 42", "line 43", "err 43"])
        #expect(lines.map(\.stream) == [.stdout, .stderr, .stdout, .stderr])
        #expect(lines.first?.timestamp == LogTimestamp.parse("2026-11-23T07:16:57Z"))
        let expected: Int64 = 1_795_418_217_000_000_000
        #expect(lines.first?.timestamp == expected)
    }
}
