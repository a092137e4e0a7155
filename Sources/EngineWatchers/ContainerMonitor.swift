import EngineAPI
import EngineClient

/// What the container monitor tells its consumer.
public enum MonitorUpdate: Sendable {
    /// The engine answers; the client is bound to the negotiated API version and can be used for commands.
    case connected(EngineClient, EngineInfo)
    /// The whole current list, every time it changes (and once after every `.connected`).
    case containers([ContainerSummary])
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
    /// More dirty containers than this and one full list is cheaper than a long filter.
    static let maxFilteredFetch = 64

    private let host: EngineHost
    private let reconcileInterval: Duration
    private let log: @Sendable (String) -> Void
    private let mailbox: UpdateMailbox
    private let updateStream: AsyncStream<MonitorUpdate>

    private var list = ContainerList()
    /// Containers an event said changed, fetched at the next flush.
    private var dirty: Set<String> = []
    /// Containers an event said are gone, dropped at the next flush (in order with fetches, so a list that was
    /// already in flight cannot bring them back).
    private var removals: Set<String> = []
    private var reconcileRequested = false
    /// Wakes the worker of the current session; nil while disconnected.
    private var wake: AsyncStream<Void>.Continuation?
    private var connectedThisSession = false
    private var isRunning = false

    public init(
        host: EngineHost, reconcileInterval: Duration = .seconds(30),
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.host = host
        self.reconcileInterval = reconcileInterval
        self.log = log
        let mailbox = UpdateMailbox()
        self.mailbox = mailbox
        self.updateStream = AsyncStream(unfolding: { await mailbox.next() })
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
            mailbox.post(.disconnected(reason: reason, retryIn: delay))
            do {
                try await Task.sleep(for: delay)
            } catch {
                break
            }
        }
    }

    /// Asks for a full list soon, e.g. after a lifecycle command whose events might be slow on some engines.
    public func reconcileNow() {
        reconcileRequested = true
        wake?.yield()
    }

    // MARK: - One connection

    /// Connects, publishes the first list, then follows events until something fails. Always throws.
    private func session() async throws {
        let ping = try await EngineClient.ping(host: host)
        let client = EngineClient(host: host, apiVersion: ping.apiVersion)
        // The event stream opens before the full list is requested, and asks the engine to replay from a second
        // before the ping (in the engine's own clock): whatever order the engine serves the two requests in, a
        // change after the ping shows up either in the list or as an event. Replayed events only cause a refetch.
        let events = client.containerEvents(since: ping.engineTime.map { $0 - 1 })
        async let infoRequest = client.engineInfo()
        async let listRequest = client.listContainers(all: true)
        let info = try await infoRequest
        mailbox.post(.connected(client, info))
        let rows = try await listRequest
        list.replaceAll(rows)
        mailbox.post(.containers(list.rows))
        connectedThisSession = true
        reconcileRequested = false
        log("monitor: connected to \(info.displayName) (API \(client.apiVersion)), \(rows.count) containers")

        let (wakeups, wakeContinuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        wake = wakeContinuation
        defer {
            wake = nil
            wakeContinuation.finish()
        }
        if !dirty.isEmpty || !removals.isEmpty { wakeContinuation.yield() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.follow(events) }
            group.addTask { try await self.work(client, wakeups: wakeups) }
            group.addTask { try await self.tick() }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    private func follow(_ events: AsyncThrowingStream<EngineEvent, any Error>) async throws {
        for try await event in events { note(event) }
        if Task.isCancelled { throw CancellationError() }
        throw EngineError.unreachable("the event stream ended")
    }

    private func note(_ event: EngineEvent) {
        guard let id = event.containerID, !id.isEmpty else { return }
        switch EventEffect(verb: event.verb) {
        case .refetch:
            dirty.insert(id)
        case .remove:
            dirty.remove(id)
            removals.insert(id)
        case .ignore:
            return
        }
        wake?.yield()
    }

    private func tick() async throws {
        while true {
            try await Task.sleep(for: reconcileInterval)
            reconcileNow()
        }
    }

    private func work(_ client: EngineClient, wakeups: AsyncStream<Void>) async throws {
        for await _ in wakeups {
            while reconcileRequested || !dirty.isEmpty || !removals.isEmpty {
                if !reconcileRequested { try await Task.sleep(for: Self.coalescingWindow) }
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
            dirty.removeAll()
            removals.removeAll()
            let rows = try await client.listContainers(all: true)
            changed = list.replaceAll(rows)
        } else {
            for id in removals { changed = list.remove(id: id) || changed }
            removals.removeAll()
            let ids = dirty
            dirty.removeAll()
            if !ids.isEmpty {
                let rows = try await client.listContainers(all: true, ids: ids.sorted())
                changed = list.apply(fetched: rows, requested: ids) || changed
            }
        }
        if changed { mailbox.post(.containers(list.rows)) }
    }
}
