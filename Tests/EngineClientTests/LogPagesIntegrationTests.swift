import EngineAPI
import EngineClient
import EngineWatchers
import Foundation
import Testing

/// Newer pages (`LogFollower.newer`) against real engines: the way forward again after paging back.
@Suite(.serialized) struct LogPagesIntegrationTests {
    /// Runs `seq 1 3000` in a container on `client`'s engine, waits until all of it is in the log, and passes the
    /// whole log (with timestamps) to `body`.
    static func withNumberedLog(
        _ client: EngineClient, _ body: (String, [LogLine]) async throws -> Void
    ) async throws {
        let cmd = ["sh", "-c", "seq 1 3000; sleep 100000"]
        try await TestEngine.withContainer(client, name: TestEngine.uniqueName("pages"), cmd: cmd) { id in
            try await client.start(id)
            var all: [LogLine] = []
            let written = try await eventually(within: .seconds(20), every: .milliseconds(100)) {
                var decoder = LogFrameDecoder(framing: .multiplexed, timestamps: true)
                var lines: [LogLine] = []
                try await client.readBody(Endpoints.containerLogs(id, follow: false)) { chunk in
                    decoder.decode(chunk, into: &lines)
                }
                all = lines + decoder.finish()
                return all.last?.text == "3000"
            }
            try #require(written)
            try #require(all.map(\.text) == (1...3000).map(String.init))
            try await body(id, all)
        }
    }

    /// The engine's `since` includes lines stamped exactly then: how many of them up to line `number` the caller
    /// has.
    static func point(_ all: [LogLine], at number: Int) throws -> (stamp: Int64, held: Int) {
        let stamp = try #require(all[number - 1].timestamp)
        return (stamp, all[..<number].count { $0.timestamp == stamp })
    }

    static func exercise(_ client: EngineClient) async throws {
        try await withNumberedLog(client) { id, all in
            // A full page: reading stops after it, and says there is more.
            let from1500 = try point(all, at: 1500)
            let page = try await LogFollower.newer(
                client: client, containerID: id, framing: .multiplexed, since: from1500.stamp,
                skipAtSince: from1500.held, until: try #require(all.last?.timestamp), skipAtUntil: 0,
                keepAtUntil: nil, count: 1000)
            #expect(page.lines.map(\.text) == (1501...2500).map(String.init))
            #expect(!page.reachedEnd)
            // The rest, through line 2900 (the line the pane detached at).
            let from2500 = try point(all, at: 2500)
            let through2900 = try point(all, at: 2900)
            let rest = try await LogFollower.newer(
                client: client, containerID: id, framing: .multiplexed, since: from2500.stamp,
                skipAtSince: from2500.held, until: through2900.stamp, skipAtUntil: 0,
                keepAtUntil: through2900.held - (from2500.stamp == through2900.stamp ? from2500.held : 0), count: 1000)
            #expect(rest.lines.map(\.text) == (2501...2900).map(String.init))
            #expect(rest.reachedEnd)
            // Up to a line held beyond the gap (line 1200 and any stamped the same after it are held).
            let from1000 = try point(all, at: 1000)
            let untilStamp = try #require(all[1199].timestamp)
            let heldAtUntil = all[1199...].count { $0.timestamp == untilStamp }
            let gap = try await LogFollower.newer(
                client: client, containerID: id, framing: .multiplexed, since: from1000.stamp,
                skipAtSince: from1000.held, until: untilStamp, skipAtUntil: heldAtUntil, keepAtUntil: nil, count: 1000)
            #expect(gap.lines.map(\.text) == (1001...1199).map(String.init))
            #expect(gap.reachedEnd)
            // Older pages end where asked too, on an engine that stamps to the second as well.
            let before1200 = try await LogFollower.history(
                client: client, containerID: id, framing: .multiplexed, until: untilStamp,
                skipAtUntil: heldAtUntil, count: 100, notBefore: nil, expectedWindow: .seconds(1))
            #expect(before1200.lines.map(\.text) == (1100...1199).map(String.init))
        }
    }

    @Test(.enabled(if: TestEngine.shouldRun)) func newerPagesOnDocker() async throws {
        try await Self.exercise(try await TestEngine.client())
    }

    @Test(.enabled(if: TestPodman.shouldRun)) func newerPagesOnPodman() async throws {
        try await Self.exercise(try await TestPodman.client())
    }
}
