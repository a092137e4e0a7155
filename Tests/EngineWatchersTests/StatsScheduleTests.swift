import EngineAPI
import EngineClient
import Testing

@testable import EngineWatchers

/// The stats sampler's API schedule on a scripted engine and a test clock: requests spread over the interval,
/// never more than the limit in flight, rows on screen first.
@Suite("StatsSampler API schedule (scripted engine, test clock)")
struct StatsScheduleTests {
    actor Snapshots {
        var items: [StatsSnapshot] = []
        func add(_ snapshot: StatsSnapshot) { items.append(snapshot) }
    }

    struct Harness {
        let clock: TestClock
        let transport: ScriptedTransport
        let sampler: StatsSampler
        let snapshots: Snapshots

        var statsRequests: [ScriptedTransport.Record] {
            transport.records.filter { $0.request.path.hasSuffix("/stats") }
        }

        /// The container each stats request was for, in order.
        var sampledIDs: [String] {
            statsRequests.map { $0.request.path.split(separator: "/")[1].description }
        }
    }

    static func ids(_ range: Range<Int>) -> [String] {
        range.map { "c" + String(100 + $0).dropFirst() }
    }

    /// Runs a sampler on `targets` (API only, 1 s interval) for the duration of `body`; with `hold`, every stats
    /// answer waits for `releaseOldest()`.
    func withSampler(
        _ targets: StatsTargets, hold: Bool = false, _ body: (Harness) async throws -> Void
    ) async throws {
        let clock = TestClock()
        let stats = try Recording.ok("stats-v2-1.json")
        let transport = ScriptedTransport(clock: clock) { request in
            guard request.path.hasSuffix("/stats") else {
                return .response(EngineResponse(status: 404, headers: [], body: Array(#"{"message":"no"}"#.utf8)))
            }
            return hold ? .held(stats) : .response(stats)
        }
        let client = EngineClient(
            host: .unixSocket(path: "/scripted/docker.sock"), apiVersion: .oldestSupported, transport: transport)
        let sampler = StatsSampler(configuration: .init(source: .api), clock: clock)
        let (_, snapshots) = await sampler.subscribe(targets)
        let runner = Task { await sampler.run(client: { client }) }
        let published = Snapshots()
        let reader = Task { for await snapshot in snapshots { await published.add(snapshot) } }
        defer {
            runner.cancel()
            reader.cancel()
        }
        try await body(Harness(clock: clock, transport: transport, sampler: sampler, snapshots: published))
    }

    /// Steps the clock through the lane's request slots of one round that started at `start`: each time the lane
    /// sleeps until its next slot (and the rounds until `start + 1 s`), the clock moves there.
    /// Each request's own task makes it a moment after the lane started it: the clock moves on only once it has.
    /// Returns once `total` stats requests were made in all.
    func stepThroughSlots(_ h: Harness, from start: Duration, count: Int, total: Int) async -> Bool {
        let spacing = Duration.seconds(1) / count
        let before = total - count
        for index in 1..<count {
            let slot = start + spacing * index
            guard await eventually({ h.statsRequests.count == before + index }),
                await h.clock.waitForSleepers([slot, start + .seconds(1)])
            else { return false }
            h.clock.advance(to: slot)
        }
        return await eventually { h.statsRequests.count == total }
    }

    @Test func requestsAreSpreadOverTheIntervalRoundAfterRound() async throws {
        try await withSampler(StatsTargets(onScreen: Self.ids(0..<20))) { h in
            #expect(await stepThroughSlots(h, from: .zero, count: 20, total: 20))
            #expect(h.statsRequests.map(\.at) == (0..<20).map { .milliseconds(50 * $0) })
            #expect(await eventually { await h.sampler.apiInFlight == 0 })
            #expect(await h.clock.waitForSleepers([.seconds(1)]), "the lane is idle until the next round")

            // The next round asks for every container again, in the same places of the interval.
            h.clock.advance(to: .seconds(1))
            #expect(await stepThroughSlots(h, from: .seconds(1), count: 20, total: 40))
            #expect(h.statsRequests.count == 40)
            #expect(h.statsRequests.dropFirst(20).map(\.at) == (0..<20).map { .seconds(1) + .milliseconds(50 * $0) })
            #expect(h.sampledIDs.dropFirst(20).elementsEqual(h.sampledIDs.prefix(20)))
            #expect(h.transport.maxInFlight == 1, "answered at once, so one at a time")
        }
    }

    @Test func neverMoreThanEightRequestsInFlight() async throws {
        try await withSampler(StatsTargets(onScreen: Self.ids(0..<20)), hold: true) { h in
            // The first eight start in their slots, unanswered.
            for index in 1..<8 {
                let slot = Duration.milliseconds(50 * index)
                #expect(await eventually { h.statsRequests.count == index })
                #expect(await h.clock.waitForSleepers([slot, .seconds(1)]))
                h.clock.advance(to: slot)
            }
            #expect(await eventually { h.transport.heldCount == 8 })
            // Every later slot passes; the ninth request waits for an answer all the same.
            #expect(await h.clock.waitForSleepers([.milliseconds(400), .seconds(1)]))
            h.clock.advance(to: .milliseconds(950))
            for started in 9...20 {
                h.transport.releaseOldest()
                #expect(await eventually { h.statsRequests.count == started })
                #expect(await eventually { h.transport.heldCount == 8 })
            }
            for remaining in (0..<8).reversed() {
                h.transport.releaseOldest()
                #expect(await eventually { h.transport.heldCount == remaining })
            }
            #expect(await eventually { await h.sampler.apiInFlight == 0 })
            #expect(h.statsRequests.count == 20)
            #expect(h.transport.maxInFlight == 8)
        }
    }

    /// The round publishes before the answers come in; the lane's last answer publishes them, without waiting for
    /// the next round.
    @Test func theLastAnswerPublishesTheFigures() async throws {
        let ids = Self.ids(0..<3)
        try await withSampler(StatsTargets(onScreen: ids)) { h in
            #expect(await stepThroughSlots(h, from: .zero, count: 3, total: 3))
            #expect(await eventually { await h.snapshots.items.last?.figures.keys.sorted() == ids })
            #expect(h.clock.elapsed < .seconds(1), "before the next round")
            #expect(await h.snapshots.items.last?.status.viaAPI == 3)
        }
    }

    @Test func eightAtOnceForAnEngineSampledOnlyThroughItsAPI() {
        #expect(StatsSampler.Configuration(source: .api).apiRequestLimit == 8)
        #expect(StatsSampler.Configuration(source: .auto).apiRequestLimit == 64, "a local socket")
        var configuration = StatsSampler.Configuration(source: .api)
        configuration.maxConcurrentAPIRequests = 2
        #expect(configuration.apiRequestLimit == 2)
    }

    @Test func rowsOnScreenAndTheSelectionComeFirst() async throws {
        let targets = StatsTargets(onScreen: Self.ids(6..<9), offScreen: Self.ids(0..<6), focusID: "c09")
        try await withSampler(targets) { h in
            #expect(await stepThroughSlots(h, from: .zero, count: 10, total: 10))
            #expect(h.sampledIDs == Self.ids(6..<10) + Self.ids(0..<6))
        }
    }

    /// Rounds at which a container with `slot` is sampled over `rounds` one-second rounds, by the schedule's rule;
    /// it has figures from its second sample on.
    static func sampledRounds(every: Int, slot: Int, rounds: Int) -> [Int] {
        var sampled: [Int] = []
        for round in 0..<rounds {
            let since = sampled.last.map { Double(round - $0) } ?? .infinity
            let due = StatsSampler.isDue(
                since: since, every: every, hasFigures: sampled.count >= 2, round: round, slot: slot,
                regular: true, interval: 1)
            if due { sampled.append(round) }
        }
        return sampled
    }

    /// An engine across a network: a row on screen is sampled twice to get its figures, then once every ten
    /// rounds in its own slot; rows in different slots fall in different rounds; every round for `every` 1.
    @Test func rowsOfARemoteEngineAreSampledEveryTenthRoundAfterTheirFirstFigures() {
        for slot in 0..<10 {
            let rounds = Self.sampledRounds(every: 10, slot: slot, rounds: 40)
            #expect(Array(rounds.prefix(2)) == [0, 1], "slot \(slot): \(rounds)")
            let later = Array(rounds.dropFirst(2))
            #expect(later.count == 3 || later.count == 4, "slot \(slot): \(rounds)")
            #expect(later.allSatisfy { ($0 + slot) % 10 == 0 }, "slot \(slot): \(rounds)")
            #expect(zip(later, later.dropFirst()).allSatisfy { $1 - $0 == 10 }, "slot \(slot): \(rounds)")
        }
        #expect(Self.sampledRounds(every: 1, slot: 3, rounds: 40) == Array(0..<40))
        // Fifty rows in ten slots: about five requests a round once settled, never all fifty at once.
        let perRound = (0..<50).reduce(into: [Int: Int]()) { counts, row in
            for round in Self.sampledRounds(every: 10, slot: row % 10, rounds: 40) where round >= 2 {
                counts[round, default: 0] += 1
            }
        }
        #expect(perRound.values.allSatisfy { $0 == 5 }, "\(perRound.sorted { $0.key < $1.key })")
    }

    /// The header's figure, with a budget of 2.5 samples a second for the rows: 2 for the 50 on screen (every 25
    /// rounds), 0.5 for the 30 off screen (every 60), and the open stats pane's container every round on top.
    @Test func theRateCountsRowsAtTheirOwnPace() async throws {
        var configuration = StatsSampler.Configuration(source: .api)
        configuration.rowSamplesPerSecond = 2.5
        configuration.slowEvery = 30
        let sampler = StatsSampler(configuration: configuration, clock: TestClock())
        let targets = StatsTargets(
            onScreen: Self.ids(0..<50), offScreen: Self.ids(50..<80), focusID: Self.ids(0..<1)[0], detail: true)
        let (_, snapshots) = await sampler.subscribe(targets)
        var iterator = snapshots.makeAsyncIterator()
        let first = try #require(await iterator.next())
        // 1 every round, 49 every 25 rounds, 30 every 60.
        #expect(first.status.ratePerSecond == 3.5)
    }
}
