import EngineAPI
import EngineClient

/// What the container monitor tells its consumer.
public enum MonitorUpdate: Sendable {
    /// The engine answers; the client is bound to the negotiated API version and can be used for commands.
    case connected(EngineClient, EngineInfo)
    /// The whole current list, every time it changes (and once after every `.connected`).
    case containers([ContainerSummary])
    /// Only the running containers, published after `.connected` while the whole list is still on its way; a
    /// `.containers` always follows.
    case runningContainers([ContainerSummary])
    /// The engine is gone; the monitor tries again after `retryIn`. `reason` is `EngineError.description`.
    case disconnected(reason: String, retryIn: Duration)
}

/// Keeps an up-to-date container list from the engine's event stream, with as few requests as possible.
///
/// One `/events` stream (container events only) drives everything. An event never triggers a full list: the
/// affected containers are fetched with an ID-filtered list request, which returns the same row (and `Status`
/// wording) as `docker ps` without inspecting anything. Bursts are coalesced: all containers touched within
/// `coalescingWindow` cost one request. A full list is fetched only on connect, every `reconcileInterval` (a safety
/// net for anything an engine failed to report) and when asked with `reconcileNow()`.
///
/// When the engine goes away the monitor says so, retries with backoff forever and never throws.
public actor ContainerMonitor {
    /// How long the first event of a burst waits for the rest.
    public static let coalescingWindow: Duration = .milliseconds(50)
    /// How long after fetching a changed container it is fetched once more. Docker emits some events before it
    /// stores the new state where `/containers/json` reads it (seen with `pause` under load), so the first fetch
    /// can return the old row and no later event would correct it.
    public static let settleDelay: Duration = .milliseconds(500)
    /// More dirty containers than this and one full list is cheaper than a long filter.
    static let maxFilteredFetch = 64

    private let host: EngineHost
    private let reconcileInterval: Duration
    private let log: @Sendable (String) -> Void
    /// Awaited before the first list of the monitor's life; nil once it has been.
    private var beforeFirstList: (@Sendable (EnginePing) async -> Void)?
    /// Carries the requests; nil for the engine's own socket.
    private let transport: (any EngineTransport)?
    private let timeline: Timeline
    private let mailbox: Mailbox<MonitorUpdate>
    private let updateStream: AsyncStream<MonitorUpdate>

    private var list = ContainerList()
    /// Containers an event said changed, fetched at the next flush.
    private var dirty: Set<String> = []
    /// Containers an event said are gone, dropped at the next flush (in order with fetches, so a list that was
    /// already in flight cannot bring them back).
    private var removals: Set<String> = []
    /// Containers whose rows were asked for with `refetch(_:)`, not yet fetched.
    private var stale: Set<String> = []
    /// When `refetch(_:)` last took rows, and how long until it takes more (see `costlyRefetchSpacing`).
    private var lastRefetch: Duration?
    private var refetchSpacing: Duration = .zero
    /// At most this many containers are inspected at connect for their last exit (those restarting or exited with
    /// an error); later ones are learned from their next `die` event.
    static let maxInspectedAtConnect = 32
    /// Containers to fetch again once their settle delay has passed, and when.
    private var recheckAt: [String: Duration] = [:]
    /// Containers whose settle delay has passed, fetched at the next flush.
    private var recheckDue: Set<String> = []
    private var reconcileRequested = false
    private var periodicReconcile = true
    private var reconcileSkipped = false
    /// Containers that died since the last flush: inspected once each for their restart count and OOM kill.
    private var deathsToInspect: Set<String> = []
    /// What those inspections found, by container ID; rows are published with it (`ContainerSummary.lastExit`).
    private var exits: [String: ContainerExit] = [:]
    /// The exit codes the `die` events gave: the inspect of a container its restart policy has started again no
    /// longer says it.
    private var diedWith: [String: Int] = [:]
    /// Wakes the worker of the current session; nil while disconnected.
    private var wake: Mailbox<Void>?
    /// Wakes the settle timer of the current session; nil while disconnected.
    private var settleWake: Mailbox<Void>?
    private var connectedThisSession = false
    /// Events that reached the monitor since it started, noise included: how a test knows a burst was taken in.
    private(set) var eventsNoted = 0
    /// Updates handed to the mailbox so far, merged or not: how a test knows the monitor has said everything.
    private(set) var updatesPublished = 0
    private var isRunning = false

    /// - Parameters:
    ///   - reconcileInterval: how often to fetch the full list anyway, as a safety net for missed events.
    ///   - log: one line per connect and disconnect, for a debug log; never called per event.
    ///   - beforeFirstList: awaited once, after the first ping and before the first list is asked for: an engine
    ///     can wait there for its turn (`FirstListTurns`).
    public init(
        host: EngineHost, reconcileInterval: Duration = .seconds(30),
        beforeFirstList: (@Sendable (EnginePing) async -> Void)? = nil,
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.init(
            host: host, reconcileInterval: reconcileInterval, transport: nil, clock: ContinuousClock(),
            beforeFirstList: beforeFirstList, log: log)
    }

    /// A monitor whose requests go through `transport` (nil: the engine's socket) and whose every wait (coalescing,
    /// settling, reconciling, backing off) is timed by `clock`: tests drive it with recorded answers and a clock they
    /// advance by hand.
    public init(
        host: EngineHost, reconcileInterval: Duration = .seconds(30), transport: (any EngineTransport)?,
        clock: any Clock<Duration>, beforeFirstList: (@Sendable (EnginePing) async -> Void)? = nil,
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.host = host
        self.beforeFirstList = beforeFirstList
        self.reconcileInterval = reconcileInterval
        self.log = log
        self.transport = transport
        self.timeline = Timeline(clock)
        let mailbox = Self.updateMailbox()
        self.mailbox = mailbox
        self.updateStream = AsyncStream(unfolding: { await mailbox.next() })
    }

    /// Where updates wait for the consumer.
    ///
    /// A consumer that falls behind (the UI thread busy running an interactive shell, say) only needs the newest
    /// list: consecutive `.containers` and consecutive `.disconnected` replace each other, while `.connected` is never
    /// dropped or reordered. So at most three updates per reconnect cycle wait.
    static func updateMailbox() -> Mailbox<MonitorUpdate> {
        Mailbox(merge: { unread, new in
            guard unread.isSuperseded(by: new) else { return false }
            unread = new
            return true
        })
    }

    /// The updates, for a single consumer. Nothing is lost except list snapshots that a newer one replaced before
    /// the consumer got to them; `.connected` is always delivered.
    public nonisolated var updates: AsyncStream<MonitorUpdate> { updateStream }

    /// Runs until the task is cancelled, then ends `updates`. Call it once.
    public func run() async {
        guard !isRunning else { return }
        isRunning = true
        defer { mailbox.finish() }
        var failures = 0
        while !Task.isCancelled {
            connectedThisSession = false
            let reason: String
            do {
                try await session()
                reason = EngineError.unreachable("the session ended").description
            } catch let error as EngineError {
                reason = error.description
            } catch {
                reason = EngineError.unreachable("\(error)").description
            }
            if Task.isCancelled { break }
            if connectedThisSession { failures = 0 }
            let delay = ReconnectBackoff.delay(afterFailures: failures)
            failures += 1
            log("monitor: \(reason) (retrying in \(delay))")
            publish(.disconnected(reason: reason, retryIn: delay))
            do {
                try await timeline.sleep(for: delay)
            } catch {
                break
            }
        }
    }

    /// Asks for these containers' rows soon, without a full list: while a row's STATUS counts seconds ("Up 5 seconds",
    /// the engine's words at fetch time), the dashboard asks every second. At a thousand containers a full list each
    /// second cost Docker 90 ms and berth 12 ms; a row costs next to nothing. At most `maxFilteredFetch` go in one
    /// request, and the rest in the next.
    ///
    /// Docker lists a few rows for next to nothing; Podman works out every container's state to answer any list, so
    /// on engines other than Docker rows are taken once per `costlyRefetchSpacing` at most, and asks in between are
    /// dropped (the next one brings the rows up to date).
    public func refetch(_ ids: Set<String>) {
        guard !ids.isEmpty else { return }
        let now = timeline.now
        if let lastRefetch, now - lastRefetch < refetchSpacing { return }
        lastRefetch = now
        stale.formUnion(ids)
        wake?.post(())
    }

    /// How often `refetch(_:)` takes rows on an engine other than Docker: refetching 100 young rows every second cost
    /// Podman 20 % of a core.
    public static let costlyRefetchSpacing = Duration.seconds(5)

    /// Asks for a full list soon, e.g. after a lifecycle command whose events might be slow on some engines.
    public func reconcileNow() {
        reconcileRequested = true
        wake?.post(())
    }

    // MARK: - One connection

    /// Connects, publishes the first list, then follows events until something fails. Always throws.
    private func session() async throws {
        let pong = try await makeClient(.oldestSupported).send(Endpoints.ping, timeout: .seconds(5))
        let ping = EnginePing(headers: pong.headers)
        let client = makeClient(ping.apiVersion)
        // Whatever was pending from a previous connection is covered by the full list below. A reconcile asked for
        // from here on is not: one asked while the first dead containers are inspected (a suspension) stays
        // pending, and the work loop runs it as soon as it starts.
        reconcileRequested = false
        dirty.removeAll()
        removals.removeAll()
        stale.removeAll()
        lastRefetch = nil
        refetchSpacing = ping.engineInfo?.isDocker == true ? .zero : Self.costlyRefetchSpacing
        recheckAt.removeAll()
        recheckDue.removeAll()
        // The event stream opens before the full list is requested, and asks the engine to replay from a second
        // before the ping (in the engine's own clock): whatever order the engine serves the two requests in, a
        // change after the ping shows up either in the list or as an event. Replayed events only cause a refetch.
        // A wait for the engine's turn comes before the event stream too (opening one is work for Podman): the
        // stream still replays from a second before the ping, so nothing that happens during the wait is missed.
        if let wait = beforeFirstList {
            beforeFirstList = nil
            await wait(ping)
        }
        let events = client.containerEvents(since: ping.engineTime.map { $0 - 1 })
        let (info, rows) = try await connect(client, ping: ping)
        list.replaceAll(rows)
        exits = exits.filter { id, _ in rows.contains { $0.id == id } }
        publish(.containers(annotatedRows))
        // Containers already in trouble are inspected once, now, rather than waiting for their next death; the
        // events of the meantime wait in the stream.
        deathsToInspect = Self.worthInspecting(rows)
        if try await inspectDeaths(client) { publish(.containers(annotatedRows)) }
        connectedThisSession = true
        log("monitor: connected to \(info.displayName) (API \(client.apiVersion)), \(rows.count) containers")

        let wakeups = Mailbox<Void>.latest()
        let settleWakeups = Mailbox<Void>.latest()
        wake = wakeups
        settleWake = settleWakeups
        defer {
            wake = nil
            settleWake = nil
            wakeups.finish()
            settleWakeups.finish()
        }
        if hasPendingWork { wakeups.post(()) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.follow(events) }
            group.addTask { try await self.work(client, wakeups: wakeups) }
            group.addTask { try await self.settle(settleWakeups) }
            group.addTask { try await self.tick() }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// Asks for the engine's description and its full list, publishes `.connected`, and returns both.
    ///
    /// A Docker engine is asked for its running containers first, and they are published before the whole list is
    /// asked for. With a thousand containers of which a hundred run, Docker takes 20 ms for those and 90 ms for all
    /// of them (it writes every container out, stopped or not), and the running ones are the top of the list as
    /// first sorted. One after the other, not at once: when most containers run, the two answers cost the same, and
    /// asked together they slowed each other down (on two cores, with berth starting up beside them). Podman is not
    /// asked: it works out every container's state to answer either question.
    private func connect(
        _ client: EngineClient, ping: EnginePing
    ) async throws -> (EngineInfo, [ContainerSummary]) {
        async let infoRequest = client.engineInfo(after: ping)
        var running: [ContainerSummary]?
        if ping.engineInfo?.isDocker ?? false {
            // A failure here is not the connection's: the full list says whether the engine answers.
            running = try? await client.listContainers(all: false)
        }
        let info = try await infoRequest
        publish(.connected(client, info))
        if let running { publish(.runningContainers(running)) }
        return (info, try await client.listContainers(all: true))
    }

    private func publish(_ update: MonitorUpdate) {
        updatesPublished += 1
        mailbox.post(update)
    }

    private func makeClient(_ version: APIVersion) -> EngineClient {
        guard let transport else { return EngineClient(host: host, apiVersion: version) }
        return EngineClient(host: host, apiVersion: version, transport: transport)
    }

    private func follow(_ events: AsyncThrowingStream<EngineEvent, any Error>) async throws {
        for try await event in events { note(event) }
        if Task.isCancelled { throw CancellationError() }
        throw EngineError.unreachable("the event stream ended")
    }

    private func note(_ event: EngineEvent) {
        eventsNoted += 1
        if event.isUnreadable {
            // Which container it was about is in the part that was dropped: only the full list can tell.
            log("monitor: an event was too long to read; fetching the whole list")
            reconcileNow()
            return
        }
        guard let id = event.containerID, !id.isEmpty else { return }
        if event.verb == "die" || event.verb == "oom" { deathsToInspect.insert(id) }
        if event.verb == "die", let code = event.exitCode { diedWith[id] = code }
        switch EventEffect(verb: event.verb) {
        case .refetch:
            dirty.insert(id)
        case .remove:
            dirty.remove(id)
            removals.insert(id)
        case .ignore:
            return
        }
        wake?.post(())
    }

    private func tick() async throws {
        while true {
            try await timeline.sleep(for: Self.reconcileInterval(reconcileInterval, rows: list.rows.count))
            if periodicReconcile { reconcileNow() } else { reconcileSkipped = true }
        }
    }

    /// Containers per step of the reconcile interval: a longer list is fetched proportionally less often.
    static let rowsPerReconcileStep = 250

    /// How long between full lists for a list of `rows` containers: `base` up to 250 of them, twice that up to 500,
    /// and so on. The events keep the list current; the full list is only a safety net, and at a thousand
    /// containers each one cost Docker 90 ms of CPU and berth 40 ms.
    static func reconcileInterval(_ base: Duration, rows: Int) -> Duration {
        base * max(1, (rows + rowsPerReconcileStep - 1) / rowsPerReconcileStep)
    }

    /// Whether the periodic full list is fetched. While the list is off screen (another view is shown) it is
    /// not: the events keep the list current, and the safety net behind them can wait until the list is back. On
    /// a Swarm manager with a hundred tasks that list cost the engine as much as the view on screen did. Turning it
    /// back on fetches at once if a periodic fetch was skipped meanwhile.
    public func setPeriodicReconcile(_ on: Bool) {
        guard on != periodicReconcile else { return }
        periodicReconcile = on
        if on, reconcileSkipped {
            reconcileSkipped = false
            reconcileNow()
        }
    }

    /// Moves containers into `recheckDue` as their settle delays pass.
    private func settle(_ wakeups: Mailbox<Void>) async throws {
        for await _ in wakeups {
            while let next = recheckAt.values.min() {
                try await timeline.sleep(until: next)
                let now = timeline.now
                for (id, due) in recheckAt where due <= now {
                    recheckAt[id] = nil
                    recheckDue.insert(id)
                }
                wake?.post(())
            }
        }
        if Task.isCancelled { throw CancellationError() }
    }

    private var hasPendingWork: Bool {
        reconcileRequested || !dirty.isEmpty || !removals.isEmpty || !recheckDue.isEmpty || !deathsToInspect.isEmpty
            || !stale.isEmpty
    }

    private func work(_ client: EngineClient, wakeups: Mailbox<Void>) async throws {
        for await _ in wakeups {
            while hasPendingWork {
                if !reconcileRequested { try await timeline.sleep(for: Self.coalescingWindow) }
                try await flush(client)
            }
        }
        if Task.isCancelled { throw CancellationError() }
    }

    /// Applies everything pending, one request at most; publishes only if the list changed.
    private func flush(_ client: EngineClient) async throws {
        if dirty.count > Self.maxFilteredFetch { reconcileRequested = true }
        var changed = false
        if reconcileRequested {
            // A full list reflects every event noted before it was requested.
            reconcileRequested = false
            let ids = dirty
            dirty.removeAll()
            removals.removeAll()
            stale.removeAll()
            let rows = try await client.listContainers(all: true)
            changed = list.replaceAll(rows)
            scheduleRecheck(ids)
        } else {
            for id in removals {
                changed = list.remove(id: id) || changed
                exits[id] = nil
                deathsToInspect.remove(id)
                recheckAt[id] = nil
                recheckDue.remove(id)
            }
            removals.removeAll()
            let ids = dirty
            dirty.removeAll()
            var requested = ids.union(recheckDue)
            recheckDue.removeAll()
            // Rows asked for by `refetch`, as many as fit this request; the rest go in the next.
            let picked = stale.sorted().prefix(max(0, Self.maxFilteredFetch - requested.count))
            stale.subtract(picked)
            requested.formUnion(picked)
            if !requested.isEmpty {
                let rows = try await client.listContainers(all: true, ids: requested.sorted())
                changed = list.apply(fetched: rows, requested: requested) || changed
            }
            scheduleRecheck(ids)
        }
        changed = try await inspectDeaths(client) || changed
        if changed { publish(.containers(annotatedRows)) }
    }

    /// Inspects the containers that died since the last flush. Returns whether what the list shows changed.
    private func inspectDeaths(_ client: EngineClient) async throws -> Bool {
        let ids = deathsToInspect
        deathsToInspect.removeAll()
        var changed = false
        for id in ids.sorted() where list.rows.contains(where: { $0.id == id }) {
            var exit: ContainerExit
            do {
                exit = ContainerExit(try await client.inspectContainer(id))
            } catch let error as EngineError where !error.isConnectionFailure {
                // Removed in the meantime, or an answer that does not decode: the list's own words still stand.
                continue
            }
            // Started again already: the code is the one its `die` event gave.
            if exit.exitCode == nil { exit.exitCode = diedWith[id] }
            diedWith[id] = nil
            if exits[id] != exit {
                exits[id] = exit
                changed = true
            }
        }
        return changed
    }

    /// The list as published: each row with what its last inspection after a death found.
    private var annotatedRows: [ContainerSummary] {
        guard !exits.isEmpty else { return list.rows }
        return list.rows.map { row in
            var row = row
            row.lastExit = exits[row.id]
            return row
        }
    }

    /// The containers worth one inspect when berth connects: restarting, or exited with an error (up to a bound).
    static func worthInspecting(_ rows: [ContainerSummary]) -> Set<String> {
        let picked = rows.filter { row in
            row.lifecycle == .restarting || (ContainerStatusText.exitCode(row.status) ?? 0) != 0
        }
        return Set(picked.prefix(maxInspectedAtConnect).map(\.id))
    }

    private func scheduleRecheck(_ ids: Set<String>) {
        guard !ids.isEmpty else { return }
        let due = timeline.now + Self.settleDelay
        for id in ids { recheckAt[id] = due }
        settleWake?.post(())
    }
}

extension MonitorUpdate {
    /// Whether `next`, queued right after `self`, makes `self` pointless to deliver.
    fileprivate func isSuperseded(by next: MonitorUpdate) -> Bool {
        switch (self, next) {
        case (.containers, .containers), (.runningContainers, .containers), (.disconnected, .disconnected):
            return true
        default: return false
        }
    }
}
