import EngineAPI
import EngineClient

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decides which containers to sample and how often, takes the samples, and publishes the figures.
///
/// - Rows on screen and the selected container are sampled every `interval` (1 s), or within a budget of samples
///   a second for an engine across a network; rows scrolled out of view every `slowEvery` intervals, staggered so
///   they do not all fall in the same round; the container whose stats pane is open every interval; containers that are
///   not running are not targets at all.
/// - A container whose engine runs on this host is read from its cgroup files and `/proc/<pid>/net/dev`: the
///   engine does no stats work at all (one inspect per container, for its PID). Otherwise berth asks the engine
///   for one-shot samples: a round hands the containers due to the API lane, which starts their requests evenly
///   over the interval, never more than `apiRequestLimit` at once, and records each answer as it comes.
///   A remote engine sees a steady trickle instead of a burst every second, and a slow answer holds up nothing
///   but its own container (see the README's performance section for what each source costs the engine).
/// - Deltas (CPU %, rates) come from berth's own consecutive samples, never from the engine's `precpu_stats`.
///
/// One consumer at a time: `subscribe` replaces the previous subscriber and its targets, keeping every
/// container's previous sample and history, so re-subscribing on each scroll or selection change loses nothing.
public actor StatsSampler {
    /// Where samples may come from.
    public enum SourcePreference: String, Sendable, CaseIterable {
        /// cgroup files where possible, the engine API for the rest.
        case auto
        /// cgroup files only; containers that cannot be read that way get no figures.
        case cgroup
        /// The engine API only.
        case api
    }

    public struct Configuration: Sendable {
        public var interval: Duration = .seconds(1)
        /// Rows scrolled out of view are sampled every `slowEvery` intervals.
        public var slowEvery: Int = 5
        /// For an engine across a network, where every sample is a request and an answer on the link: how many
        /// samples a second its rows may cost in all, four fifths for the rows on screen and a fifth for the rest
        /// (which then come round less often than every `slowEvery` intervals when there are many). nil samples
        /// every row on screen every interval. The container whose stats pane is open is sampled every interval
        /// whatever this says.
        public var rowSamplesPerSecond: Double?
        /// Inspect requests at once while locating containers' cgroup files (the engine is on this host).
        public var maxConcurrentRequests: Int = 64
        /// One-shot stats requests at once; nil for the default, `apiRequestLimit`.
        public var maxConcurrentAPIRequests: Int?
        /// Points of history kept per container: five minutes at one a second.
        public var historyLength: Int = 300
        public var source: SourcePreference = .auto
        /// Where `/proc` is, for tests.
        public var procRoot: String = "/proc"

        public init(source: SourcePreference = .auto) {
            self.source = source
        }

        /// Docker answers a one-shot request at its stats collector's next one-second tick, so a request is in
        /// flight for up to a second and this limit is about how many containers a second can be sampled. With
        /// `source: .api` (how berth samples an engine on another machine) it is 8: the engine, perhaps at the other
        /// end of an ssh link, never has more than that to answer, and with many containers each is sampled less
        /// often. Otherwise the requests go to a local socket (an engine whose containers' files cannot be read
        /// from here, in a VM say) and 64 keep every row current.
        public var apiRequestLimit: Int {
            max(1, maxConcurrentAPIRequests ?? (source == .api ? 8 : 64))
        }
    }

    private enum Resolution: Equatable {
        case unresolved
        case direct(CgroupFiles)
        case api
    }

    private struct Track {
        var previous: StatsSample?
        var figures: StatsFigures?
        var history: HistoryRing
        var lastSampled: Double?
        var resolution: Resolution = .unresolved
        /// When it last was a target; tracks untargeted for a while are dropped.
        var lastWanted: Double
        var directSamples = 0
    }

    private let configuration: Configuration
    private let log: @Sendable (String) -> Void
    private let timeline: Timeline
    private let reader: CgroupStatsReader?
    /// Descriptors of the cgroup and `/proc` files sampled every second, kept open between samples.
    private let held = HeldFiles()
    private var readerProblem: String?
    private let localMemory: UInt64?

    private var targets = StatsTargets() {
        didSet {
            fast = Set(targets.onScreen).union(targets.focusID.map { [$0] } ?? [])
            wanted = targets.all
        }
    }
    /// The containers sampled every interval, as a set: looked up for every container in every round.
    private var fast: Set<String> = []
    /// Every target, as a set: worked out when the targets change, not in every round (hashing a few hundred IDs
    /// each second was a measurable part of an idle berth's CPU).
    private var wanted: Set<String> = []
    private var tracks: [String: Track] = [:]
    private var subscriber: (token: Int, continuation: AsyncStream<StatsSnapshot>.Continuation)?
    private var nextToken = 0
    private var round = 0
    /// Containers that could not be located locally, in a row; after a few, the engine is taken to be remote.
    private var locateFailures = 0
    private var locateSuccesses = 0
    private var engineMemory: (key: String, value: UInt64?)?
    /// Wakes the sampling loop early (new targets are due); one per run, so a cancelled run leaves none behind.
    private var wakeups = Mailbox<Void>.latest()
    /// Containers handed to the API lane, in the order their requests should start; one per run.
    private var apiWork = APIWork.mailbox()
    /// Wakes the API lane when a request finishes; one per run.
    private var apiSlotFreed = Mailbox<Void>.latest()
    /// Containers queued in the API lane or with a request in flight: not due again until answered.
    private var apiPending: Set<String> = []
    /// API requests in flight now.
    private(set) var apiInFlight = 0
    private var isRunning = false

    public init(configuration: Configuration = Configuration(), log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.init(configuration: configuration, clock: ContinuousClock(), log: log)
    }

    /// A sampler whose schedule (rounds, request spacing, sample times) follows `clock`: tests drive it with a clock
    /// they advance by hand.
    public init(
        configuration: Configuration = Configuration(), clock: any Clock<Duration>,
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.log = log
        self.timeline = Timeline(clock)
        if configuration.source == .api {
            reader = nil
            readerProblem = "BERTH_STATS_SOURCE=api"
        } else {
            switch CgroupStatsReader.detect(procRoot: configuration.procRoot) {
            case .success(let found):
                reader = found
                readerProblem = nil
            case .failure(let problem):
                reader = nil
                readerProblem = problem.reason
            }
        }
        localMemory = reader?.hostMemory()
    }

    // MARK: - Subscribing

    /// Makes `targets` the sampler's work and returns the snapshots for them: the current one at once, then one
    /// after every round. The previous subscriber's stream ends.
    ///
    /// A caller whose task is already cancelled gets an ended stream and changes nothing: the feed it belongs to
    /// was replaced before it got here, and its successor's subscription must stand.
    public func subscribe(_ targets: StatsTargets) -> (token: Int, updates: AsyncStream<StatsSnapshot>) {
        if Task.isCancelled {
            let (stream, continuation) = AsyncStream.makeStream(of: StatsSnapshot.self)
            continuation.finish()
            return (0, stream)
        }
        nextToken += 1
        subscriber?.continuation.finish()
        let (stream, continuation) = AsyncStream.makeStream(
            of: StatsSnapshot.self, bufferingPolicy: .bufferingNewest(1))
        subscriber = (nextToken, continuation)
        self.targets = targets
        let now = elapsed()
        for id in wanted { noteWanted(id, now: now) }
        continuation.yield(snapshot())
        if wanted.contains(where: { isDue($0, now: now, regular: false) }) { wakeUp() }
        return (nextToken, stream)
    }

    /// Ends the subscription `token` if it is still the current one; the sampler then idles.
    public func unsubscribe(_ token: Int) {
        guard let current = subscriber, current.token == token else { return }
        current.continuation.finish()
        subscriber = nil
        targets = StatsTargets()
    }

    /// What the sampler works on now.
    var currentTargets: StatsTargets { targets }

    // MARK: - Running

    /// Samples until the task is cancelled. `client` gives the current engine client (nil while disconnected).
    public func run(client: @escaping @Sendable () async -> EngineClient?) async {
        guard !isRunning else { return }
        isRunning = true
        defer {
            isRunning = false
            held.releaseAll()
        }
        wakeups = Mailbox<Void>.latest()
        apiWork = APIWork.mailbox()
        apiSlotFreed = Mailbox<Void>.latest()
        apiPending = []
        apiInFlight = 0
        if let readerProblem { log("stats: cgroup files not used: \(readerProblem)") }
        await withDiscardingTaskGroup { group in
            group.addTask { await self.runAPILane() }
            await runRounds(client: client)
            group.cancelAll()
        }
    }

    private func runRounds(client: @escaping @Sendable () async -> EngineClient?) async {
        var next = timeline.now
        var regular = true
        while !Task.isCancelled {
            if targets.isEmpty {
                _ = await pause(until: nil)
                next = timeline.now
                regular = true
                continue
            }
            if regular { round += 1 }
            await sampleRound(client: await client(), regular: regular)
            publish()
            if regular {
                next += configuration.interval
                if next < timeline.now { next = timeline.now + configuration.interval }
            }
            regular = !(await pause(until: next))
        }
    }

    /// One raw sample of `id`, from the cgroup files (`direct: true`) or the engine API: for tests that compare
    /// the two paths.
    public func rawSample(of id: String, client: EngineClient, direct: Bool) async throws -> StatsSample? {
        if direct {
            guard let reader else { return nil }
            let inspect = try await client.decode(ContainerInspect.self, Endpoints.inspectContainer(id))
            let fullID = inspect.id ?? id
            guard
                let files = reader.locate(
                    containerID: fullID, pid: inspect.state?.pid ?? 0,
                    networkMode: inspect.hostConfig?.networkMode)
            else { return nil }
            return reader.sample(
                files, time: elapsed(), systemCPU: reader.systemCPU(), onlineCPUs: CgroupStatsReader.onlineCPUs())
        }
        let response = try await client.decode(ContainerStatsResponse.self, Endpoints.containerStats(id))
        return StatsSample(api: response, time: elapsed())
    }

    /// The host memory to compare limits with for samples from `source`.
    public func hostMemory(for source: StatsSource, client: EngineClient?) async -> UInt64? {
        if source.isDirect { return localMemory }
        guard let client else { return localMemory }
        let key = "\(client.host) \(client.apiVersion)"
        if let engineMemory, engineMemory.key == key { return engineMemory.value }
        let info = try? await client.decode(EngineSystemInfo.self, Endpoints.systemInfo)
        let value = info?.memTotal ?? localMemory
        engineMemory = (key, value)
        return value
    }

    // MARK: - One round

    private func sampleRound(client: EngineClient?, regular: Bool) async {
        let now = elapsed()
        // Tracks nobody wanted for a while go; a short grace keeps history across filter and scroll changes.
        if tracks.count > wanted.count {
            let kept = tracks.filter { now - $0.value.lastWanted < 30 || wanted.contains($0.key) }
            for (id, track) in tracks where kept[id] == nil {
                if case .direct(let files) = track.resolution { held.release(files.sampledEveryTime) }
            }
            tracks = kept
        }
        let due = wanted.filter { isDue($0, now: now, regular: regular) }.sorted()
        guard !due.isEmpty else { return }

        let unresolved = due.filter { tracks[$0]?.resolution == .unresolved }
        if !unresolved.isEmpty { await resolve(unresolved, client: client) }

        let systemCPU = reader?.systemCPU(read: held.read)
        let online = CgroupStatsReader.onlineCPUs()
        var viaAPI: [String] = []
        for id in due {
            guard let track = tracks[id] else { continue }
            switch track.resolution {
            case .direct(let files):
                guard let reader else { continue }
                var valid = true
                if track.directSamples % 30 == 29 { valid = reader.stillValid(files, containerID: id) }
                // Every tenth sample reads everything, so a `docker update` of the limits shows within seconds.
                let reuse =
                    track.directSamples % 10 == 0 ? nil : track.previous.flatMap { $0.source.isDirect ? $0 : nil }
                if valid,
                    let sample = reader.sample(
                        files, time: elapsed(), systemCPU: systemCPU, onlineCPUs: online, reuse: reuse,
                        read: held.read)
                {
                    tracks[id]?.directSamples += 1
                    record(sample, for: id, hostMemory: localMemory)
                } else {
                    // Stopped or restarted: find its files again next time.
                    held.release(files.sampledEveryTime)
                    tracks[id]?.resolution = .unresolved
                }
            case .api:
                if configuration.source != .cgroup, !apiPending.contains(id) { viaAPI.append(id) }
            case .unresolved:
                continue
            }
        }
        guard !viaAPI.isEmpty, let client else { return }
        let memory = await hostMemory(for: .api, client: client)
        // Rows on screen get the first requests of the round.
        let ordered = viaAPI.filter { fast.contains($0) } + viaAPI.filter { !fast.contains($0) }
        apiPending.formUnion(ordered)
        apiWork.post(APIWork(client: client, ids: ordered, round: now, hostMemory: memory))
    }

    // MARK: - The API lane

    /// Starts the one-shot requests handed over by the rounds: the k-th of n no earlier than k/n of an interval after
    /// it was handed over, and only while fewer than `apiRequestLimit` are in flight.
    private func runAPILane() async {
        let work = apiWork
        let slotFreed = apiSlotFreed
        let timeline = self.timeline
        let limit = configuration.apiRequestLimit
        await withDiscardingTaskGroup { group in
            while let batch = await work.next() {
                let start = timeline.now
                let spacing = configuration.interval / max(1, batch.ids.count)
                for (index, id) in batch.ids.enumerated() {
                    let due = start + spacing * index
                    if timeline.now < due {
                        do {
                            try await timeline.sleep(until: due)
                        } catch {
                            return
                        }
                    }
                    while apiInFlight >= limit {
                        guard await slotFreed.next() != nil else { return }
                    }
                    guard tracks[id] != nil else {
                        apiPending.remove(id)
                        continue
                    }
                    apiInFlight += 1
                    let client = batch.client
                    group.addTask {
                        let response = try? await client.decode(
                            ContainerStatsResponse.self, Endpoints.containerStats(id))
                        await self.answered(id, response, at: timeline.now.seconds, batch: batch)
                    }
                }
            }
        }
    }

    private func answered(_ id: String, _ response: ContainerStatsResponse?, at time: Double, batch: APIWork) {
        apiInFlight -= 1
        apiPending.remove(id)
        apiSlotFreed.post(())
        // A container that stopped answers with zeros and no read time: not a sample.
        if let response, response.cpuStats?.cpuUsage?.totalUsage != nil {
            // Due-ness counts from the round that asked, so a container keeps its place in every round's spread.
            record(StatsSample(api: response, time: time), for: id, hostMemory: batch.hostMemory, round: batch.round)
        }
        // The rounds publish before the answers come; the last answer of the lane's work publishes them.
        if apiPending.isEmpty { publish() }
    }

    /// Finds the cgroup files of `ids`, or settles on the API for them.
    private func resolve(_ ids: [String], client: EngineClient?) async {
        guard let reader, configuration.source != .api, locateSuccesses > 0 || locateFailures < 3 else {
            for id in ids { tracks[id]?.resolution = .api }
            return
        }
        guard let client else { return }
        let inspected = await Self.boundedMap(ids, limit: configuration.maxConcurrentRequests) { id in
            try? await client.decode(ContainerInspect.self, Endpoints.inspectContainer(id))
        }
        for (id, inspect) in inspected {
            guard let inspect, tracks[id] != nil else { continue }
            let pid = inspect.state?.pid ?? 0
            guard pid > 0 else { continue }
            let files = reader.locate(
                containerID: inspect.id ?? id, pid: pid, networkMode: inspect.hostConfig?.networkMode)
            if let files {
                locateSuccesses += 1
                locateFailures = 0
                tracks[id]?.resolution = .direct(files)
            } else {
                locateFailures += 1
                if locateSuccesses == 0, locateFailures == 3 {
                    readerProblem =
                        "the engine's containers are not visible from here (another host, VM or PID namespace)"
                    log("stats: \(readerProblem ?? "")")
                }
                tracks[id]?.resolution = .api
            }
        }
    }

    private func record(_ sample: StatsSample, for id: String, hostMemory: UInt64?, round: Double? = nil) {
        guard var track = tracks[id] else { return }
        // A previous sample from long ago (a row scrolled back into view, say) would average CPU over minutes; start
        // afresh instead. Long ago is more than twice the slowest period the schedule now keeps, and at least 15 s.
        let maxAge = max(15, configuration.interval.seconds * Double(max(rowsEvery, slowEvery)) * 2.5)
        let previous = track.previous.flatMap {
            sample.time - $0.time < maxAge && $0.source == sample.source ? $0 : nil
        }
        let figures = StatsFigures.compute(previous: previous, current: sample, hostMemory: hostMemory)
        track.previous = sample
        track.figures = figures
        track.lastSampled = round ?? sample.time
        if figures.cpuPercent != nil {
            track.history.append(StatsHistoryPoint(time: sample.time, figures: figures))
        }
        tracks[id] = track
    }

    // MARK: - Schedule

    private func noteWanted(_ id: String, now: Double) {
        if tracks[id] == nil {
            tracks[id] = Track(history: HistoryRing(capacity: configuration.historyLength), lastWanted: now)
        } else {
            tracks[id]?.lastWanted = now
        }
    }

    private func isDue(_ id: String, now: Double, regular: Bool) -> Bool {
        guard let track = tracks[id], !apiPending.contains(id) else { return false }
        if track.resolution == .unresolved { return true }
        guard let last = track.lastSampled else { return true }
        let every = isEveryRound(id) ? 1 : fast.contains(id) ? rowsEvery : slowEvery
        // The slot follows the period, which under a budget changes with the number of rows.
        return Self.isDue(
            since: now - last, every: every, hasFigures: track.figures?.cpuPercent != nil, round: round,
            slot: every > 1 ? Self.slot(of: id, among: every) : 0, regular: regular,
            interval: configuration.interval.seconds)
    }

    /// Every how many rounds a row on screen is sampled: 1, or as many as the budget for rows needs.
    private var rowsEvery: Int {
        guard let budget = configuration.rowSamplesPerSecond else { return 1 }
        let perRound = max(0.1, budget * 0.8 * configuration.interval.seconds)
        return max(1, Int((Double(targets.onScreen.count) / perRound).rounded(.up)))
    }

    /// Every how many rounds a row scrolled out of view is sampled: never more often than a row on screen.
    private var slowEvery: Int {
        guard let budget = configuration.rowSamplesPerSecond else { return configuration.slowEvery }
        let perRound = max(0.05, budget * 0.2 * configuration.interval.seconds)
        return max(
            configuration.slowEvery, rowsEvery, Int((Double(targets.offScreen.count) / perRound).rounded(.up)))
    }

    /// The schedule's rule, for one container `since` seconds after its last sample, in round `round`.
    ///
    /// Until it has figures a container is sampled every round, so every row fills in quickly. At one round in
    /// `every`, it is due in the rounds its `slot` falls in (staggered, so they do not all come at once); an
    /// irregular round (woken early by new targets) samples only what is overdue by twice its period.
    static func isDue(
        since: Double, every: Int, hasFigures: Bool, round: Int, slot: Int, regular: Bool, interval: Double
    ) -> Bool {
        let every = max(1, every)
        if !hasFigures || every == 1 { return since >= interval * 0.75 }
        guard regular, (round + slot) % every == 0 else { return since >= interval * Double(every) * 2 }
        return since >= interval * 1.5
    }

    /// Whether `id` is sampled in every round: the container whose stats pane is open, and without a budget the
    /// rows on screen and the selection.
    private func isEveryRound(_ id: String) -> Bool {
        if targets.detail, id == targets.focusID { return true }
        return configuration.rowSamplesPerSecond == nil && fast.contains(id)
    }

    /// A stable slot from the ID's bytes (FNV-1a), the same in every run.
    static func slot(of id: String, among count: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int(hash % UInt64(max(1, count)))
    }

    // MARK: - Publishing

    private func publish() {
        subscriber?.continuation.yield(snapshot())
    }

    private func snapshot() -> StatsSnapshot {
        var figures: [String: StatsFigures] = [:]
        var direct = 0
        var viaAPI = 0
        var everyRound = 0
        var onScreen = 0
        let all = wanted
        for id in all {
            guard let track = tracks[id] else { continue }
            if let value = track.figures { figures[id] = value }
            switch track.resolution {
            case .direct: direct += 1
            case .api: viaAPI += 1
            case .unresolved: break
            }
            if isEveryRound(id) { everyRound += 1 } else if self.fast.contains(id) { onScreen += 1 }
        }
        let interval = configuration.interval.seconds
        let rate =
            Double(everyRound) / interval + Double(onScreen) / (interval * Double(rowsEvery))
            + Double(all.count - everyRound - onScreen) / (interval * Double(slowEvery))
        var history: [StatsHistoryPoint] = []
        var detailID: String?
        if targets.detail, let focus = targets.focusID {
            detailID = focus
            history = tracks[focus]?.history.elements ?? []
        }
        let status = StatsSamplerStatus(
            sampled: all.count, ratePerSecond: (rate * 10).rounded() / 10, direct: direct, viaAPI: viaAPI,
            fallbackReason: viaAPI > 0 || direct == 0 ? readerProblem : nil)
        return StatsSnapshot(figures: figures, history: history, detailID: detailID, status: status)
    }

    // MARK: - Waiting

    /// Waits until `deadline` (forever when nil) or a wake-up; returns true when woken early.
    private func pause(until deadline: Duration?) async -> Bool {
        guard let deadline else { return await wakeups.next() != nil }
        let timeline = self.timeline
        switch await wakeups.next(orWhen: { try? await timeline.sleep(until: deadline) }) {
        case .value: return true
        case .timedOut, .ended: return false
        }
    }

    private func wakeUp() {
        wakeups.post(())
    }

    private func elapsed() -> Double { timeline.now.seconds }

    /// Runs `work` on every element with at most `limit` running at once.
    static func boundedMap<T: Sendable>(
        _ ids: [String], limit: Int, _ work: @escaping @Sendable (String) async -> T
    ) async -> [(String, T)] {
        await withTaskGroup(of: (String, T).self) { group in
            var results: [(String, T)] = []
            var iterator = ids.makeIterator()
            for _ in 0..<max(1, limit) {
                guard let id = iterator.next() else { break }
                group.addTask { (id, await work(id)) }
            }
            while let result = await group.next() {
                results.append(result)
                if let id = iterator.next() { group.addTask { (id, await work(id)) } }
            }
            return results
        }
    }
}

/// Containers a round hands to the API lane.
private struct APIWork: Sendable {
    var client: EngineClient
    var ids: [String]
    /// When the round ran, on the sampler's clock in seconds.
    var round: Double
    var hostMemory: UInt64?

    /// Work the lane has not started folds together: the newest client, the rounds' containers in order.
    static func mailbox() -> Mailbox<APIWork> {
        Mailbox(merge: { unread, new in
            unread.client = new.client
            unread.ids += new.ids.filter { !unread.ids.contains($0) }
            unread.round = new.round
            unread.hostMemory = new.hostMemory
            return true
        })
    }
}

/// A fixed-size ring of history points.
struct HistoryRing: Sendable {
    private var storage: [StatsHistoryPoint] = []
    private var start = 0
    let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    mutating func append(_ point: StatsHistoryPoint) {
        if storage.count < capacity {
            storage.append(point)
        } else {
            storage[start] = point
            start = (start + 1) % capacity
        }
    }

    /// Oldest first.
    var elements: [StatsHistoryPoint] {
        Array(storage[start...] + storage[..<start])
    }
}

extension Duration {
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
