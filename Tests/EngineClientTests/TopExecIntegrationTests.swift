import EngineAPI
import EngineClient
import Foundation
import Testing

/// `top`, the non-interactive exec runner and process signalling against the real engine.
@Suite("Real engine: top, exec and signals", .enabled(if: TestEngine.shouldRun))
struct TopExecIntegrationTests {
    /// Two sleeps under a shell that reaps them, so killing one leaves no zombie and keeps the container up.
    static let twoSleeps = ["sh", "-c", "sleep 1001 & sleep 100000 & wait"]

    static func commands(_ result: TopResult) -> [String] {
        result.table.processes.compactMap(\.last)
    }

    /// Waits until the container's process list satisfies `condition`.
    static func waitForTop(
        _ client: EngineClient, _ id: String, psArgs: String? = Endpoints.topProcessArguments,
        _ condition: @escaping ([String]) -> Bool
    ) async throws -> TopResult? {
        var last: TopResult?
        let held = try await eventually(within: .seconds(15), every: .milliseconds(100)) {
            last = try await client.top(id, psArgs: psArgs)
            return last.map { condition(commands($0)) } ?? false
        }
        return held ? last : nil
    }

    @Test func topListsTheSleepWithBerthsColumns() async throws {
        let client = try await TestEngine.client()
        try await TestEngine.withContainer(client, name: TestEngine.uniqueName("top"), cmd: Self.twoSleeps) { id in
            try await client.start(id)
            let result = try #require(try await Self.waitForTop(client, id) { $0.contains("sleep 1001") })
            #expect(result.rejection == nil)
            #expect(result.psArgs == Endpoints.topProcessArguments)
            #expect(result.table.titles == ["PID", "PPID", "USER", "%CPU", "%MEM", "RSS", "ELAPSED", "COMMAND"])
            let sleep = try #require(result.table.processes.first { $0.last == "sleep 1001" })
            #expect(Int(sleep[0]) != nil && Int(sleep[1]) != nil)
            #expect(sleep[2] == "root")
            #expect(Double(sleep[3]) != nil && Double(sleep[4]) != nil && Int(sleep[5]) != nil)
            // Its parent is the shell, also listed.
            let shell = try #require(result.table.processes.first { $0.last?.hasPrefix("sh -c") == true })
            #expect(sleep[1] == shell[0])
        }
    }

    @Test func rejectedPsArgsFallBackToTheEngineDefault() async throws {
        let client = try await TestEngine.client()
        try await TestEngine.withContainer(client, name: TestEngine.uniqueName("topfb"), cmd: Self.twoSleeps) { id in
            try await client.start(id)
            let result = try #require(
                try await Self.waitForTop(client, id, psArgs: "--no-such-ps-option") { $0.contains("sleep 1001") })
            #expect(result.psArgs == nil)
            let rejection = try #require(result.rejection)
            #expect(rejection.contains("ps"))
            #expect(result.table.titles.contains("PID"))
            #expect(result.table.titles.count == result.table.processes[0].count)
        }
    }

    @Test func stoppedAndMissingContainers() async throws {
        let client = try await TestEngine.client()
        try await TestEngine.withContainer(client, name: TestEngine.uniqueName("topstop")) { id in
            await #expect {
                _ = try await client.top(id)
            } throws: { error in
                guard case EngineError.conflict(let message) = error else { return false }
                return message.contains("not running")
            }
            await #expect(throws: EngineError.self) {
                _ = try await client.runExec(containerID: id, command: ["true"])
            }
        }
        await #expect {
            _ = try await client.top("berth-it-no-such-container")
        } throws: { error in
            if case EngineError.notFound = error { return true }
            return false
        }
    }

    @Test func runExecReturnsTheExitStatusAndHonoursItsDeadline() async throws {
        let client = try await TestEngine.client()
        try await TestEngine.withContainer(client, name: TestEngine.uniqueName("exec")) { id in
            try await client.start(id)
            #expect(try await client.runExec(containerID: id, command: ["sh", "-c", "exit 3"]) == 3)
            #expect(try await client.runExec(containerID: id, command: ["true"], user: "0") == 0)
            // Output is read and dropped as it comes: more than any answer berth would hold in memory is fine.
            let loud = ["sh", "-c", "yes 0123456789abcdef | head -c 80000000; exit 4"]
            #expect(try await client.runExec(containerID: id, command: loud, timeout: .seconds(60)) == 4)
            // A program that cannot start gives a shell's codes for it.
            let missing = try await client.runExec(containerID: id, command: ["no-such-binary"])
            #expect([126, 127].contains(missing))
            let started = ContinuousClock.now
            await #expect(throws: ExecTimedOut.self) {
                _ = try await client.runExec(containerID: id, command: ["sleep", "30"], timeout: .milliseconds(500))
            }
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }

    @Test func matchingScriptSignalsByCommandLineInside() async throws {
        let client = try await TestEngine.client()
        let cmd = ["sh", "-c", "sleep 1001 & sleep 1002 & sleep 1002 & wait"]
        try await TestEngine.withContainer(client, name: TestEngine.uniqueName("sig"), cmd: cmd) { id in
            try await client.start(id)
            let before = try #require(
                try await Self.waitForTop(client, id) { $0.filter { $0.hasPrefix("sleep") }.count == 3 })
            let target = try #require(before.table.processes.first { $0.last == "sleep 1001" })
            // The host PID means nothing inside, so the script matches by command line.
            let status = try await client.runExec(
                containerID: id,
                command: ProcessSignal.matchingCommand(.term, pid: target[0], commandLine: "sleep 1001"),
                user: "0")
            #expect(status == 0)
            let after = try await Self.waitForTop(client, id) { !$0.contains("sleep 1001") }
            #expect(after.map { Self.commands($0).filter { $0 == "sleep 1002" }.count } == 2)
            // Two processes with one command line: refused rather than guessed.
            #expect(
                try await client.runExec(
                    containerID: id, command: ProcessSignal.matchingCommand(.term, pid: "1", commandLine: "sleep 1002"),
                    user: "0") == ProcessSignal.ambiguousStatus)
            #expect(
                try await client.runExec(
                    containerID: id,
                    command: ProcessSignal.matchingCommand(.term, pid: target[0], commandLine: "sleep 1001"), user: "0")
                    == ProcessSignal.noMatchStatus)
        }
    }

    @Test func nspidMapsAHostPIDToTheContainersOwn() async throws {
        let client = try await TestEngine.client()
        try await TestEngine.withContainer(client, name: TestEngine.uniqueName("nspid"), cmd: Self.twoSleeps) { id in
            try await client.start(id)
            let result = try #require(try await Self.waitForTop(client, id) { $0.contains("sleep 1001") })
            let row = try #require(result.table.processes.first { $0.last == "sleep 1001" })
            guard let status = try? String(contentsOfFile: "/proc/\(row[0])/status", encoding: .utf8),
                let cmdline = FileManager.default.contents(atPath: "/proc/\(row[0])/cmdline")
            else {
                // The engine is not on this machine (or not in our PID namespace): the script path covers it.
                return
            }
            let inner = try #require(
                ProcessSignal.containerPID(
                    status: status, cmdline: Array(cmdline), expectingParent: row[1], commandLine: row[7]))
            #expect(Int(inner).map { $0 > 1 && $0 < 100 } == true)
            let code = try await client.runExec(
                containerID: id, command: ProcessSignal.killCommand(.term, containerPID: inner), user: "0")
            #expect(code == 0)
            #expect(
                try await Self.waitForTop(client, id) { !$0.contains("sleep 1001") && $0.contains("sleep 100000") }
                    != nil)
        }
    }

    @Test func eventsOfOneContainerOnly() async throws {
        let client = try await TestEngine.client()
        try await TestEngine.withContainer(client, name: TestEngine.uniqueName("evone")) { id in
            try await TestEngine.withContainer(client, name: TestEngine.uniqueName("evother")) { other in
                let (recorder, task) = Recorder<EngineEvent>.draining(client.containerEvents(containerID: id))
                defer { task.cancel() }
                // The stream is live once the first own event arrives; start both, then pause ours.
                try await client.start(other)
                try await client.start(id)
                #expect(await recorder.wait(within: .seconds(10)) { $0.contains { $0.verb == "start" } })
                try await client.pause(other)
                try await client.pause(id)
                #expect(await recorder.wait(within: .seconds(10)) { $0.contains { $0.verb == "pause" } })
                let seen = await recorder.items
                #expect(seen.allSatisfy { $0.containerID == id })
                try await client.unpause(other)
                try await client.unpause(id)
            }
        }
    }
}
