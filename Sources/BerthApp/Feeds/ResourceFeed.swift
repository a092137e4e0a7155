import DashboardCore
import EngineAPI
import EngineClient
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Keeps one engine's rows of a resource view (`:images`) live while the view is on screen: the list once, then
/// again after each burst of the view's `/events` types, and every `reconcileSeconds` anyway. A view that follows no
/// events (`:df`, whose answer is expensive) is fetched once when it opens, and again only on `R`.
///
/// The same code serves every view: what to ask, which events matter and how to read the answer come from the
/// view's `ResourceViewDefinition`.
enum ResourceFeed {
    /// Events that arrive this close together cost one refetch.
    static let coalescing = Duration.milliseconds(200)

    static func run(view: ViewID, host: HostID, context: FeedContext) async {
        guard let definition = ViewRegistry.definition(view) else { return }
        if !definition.isLive {
            while !Task.isCancelled {
                if let client = await context.client(for: host) {
                    await fetch(definition, host: host, client: client, context: context)
                    return
                }
                try? await Task.sleep(for: .seconds(1))
            }
            return
        }
        while !Task.isCancelled {
            guard let client = await context.client(for: host) else {
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            await follow(definition, host: host, client: client, context: context)
            // The events stream ended (engine gone or restarted): start over once it is back.
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// Fetches, then refetches on events until the event stream ends or the task is cancelled.
    static func follow(
        _ definition: ResourceViewDefinition, host: HostID, client: EngineClient, context: FeedContext
    ) async {
        let (wakeups, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let pace = ReconcilePace()
        // Subscribing before the first fetch: no change can slip between the two.
        let events = client.streamBytes(Endpoints.events(types: definition.eventTypes))
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var splitter = JSONLineSplitter()
                do {
                    for try await chunk in events {
                        // An event too long to read still says that something changed.
                        if !splitter.append(chunk).isEmpty || splitter.droppedByLastAppend > 0 {
                            pace.moved()
                            wake.yield()
                        }
                    }
                } catch {
                    context.log("[\(host.name)] \(definition.title): event stream ended: \(error)")
                }
                wake.finish()
            }
            group.addTask {
                // With no reconcile (0) this task only waits to be cancelled: the first task to end ends them all.
                let reconciles = definition.reconcileSeconds > 0
                if reconciles, definition.busyReconcileSeconds > 0 {
                    // While the list moves, it is fetched every few seconds; once it stays still, at the slow pace;
                    // still for a minute, at the calm one.
                    var waited = 0
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .seconds(1))
                        waited += 1
                        if waited >= pace.interval(definition) {
                            waited = 0
                            wake.yield()
                        }
                    }
                    return
                }
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(reconciles ? definition.reconcileSeconds : 3600))
                    if reconciles { wake.yield() }
                }
            }
            group.addTask {
                pace.fetched(await fetch(definition, host: host, client: client, context: context))
                for await _ in wakeups {
                    try? await Task.sleep(for: coalescing)
                    pace.fetched(await fetch(definition, host: host, client: client, context: context))
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    @discardableResult
    static func fetch(
        _ definition: ResourceViewDefinition, host: HostID, client: EngineClient, context: FeedContext
    ) async -> Int? {
        do {
            let response = try await client.send(definition.request)
            let now = Int64(Date().timeIntervalSince1970)
            var related: [[UInt8]] = []
            for request in definition.related {
                do {
                    related.append(try await client.send(request).body)
                } catch let error as EngineError where error.isMissingEndpoint {
                    // An engine without that list (Podman has secrets but no services): the rows go without it.
                    related.append([])
                }
            }
            let rows =
                try definition.relatedRows?(response.body, related, host, now)
                ?? definition.rows(response.body, host, now)
            context.sink.yield(.resources(.rows(definition.id, host, rows)))
            context.sink.yield(.resources(.fetched(definition.id, host, at: now)))
            return answer(rows)
        } catch is CancellationError {
            return nil
        } catch {
            let engineError = error as? EngineError
            let message =
                engineError.flatMap { definition.explainFailure?($0) } ?? engineError?.description
                ?? String(describing: error)
            context.log("[\(host.name)] \(definition.title): \(message)")
            context.sink.yield(.resources(.failed(definition.id, host, message)))
            return nil
        }
    }
}

extension ResourceFeed {
    /// What a list says, as one number, whatever order the engine listed it in (Swarm's lists come in no fixed order)
    /// and without the relative times the cells hold: what rows sort by, row by row.
    static func answer(_ rows: [ResourceRow]) -> Int {
        var hasher = Hasher()
        for row in rows.sorted(by: { $0.id < $1.id }) {
            hasher.combine(row.id)
            for value in row.sortValues { hasher.combine(String(describing: value)) }
        }
        return hasher.finalize()
    }
}

/// Whether a view's list is moving: an event arrived, or the last fetch differed from the one before, within the
/// last `window`. A view that converges after a change (a scale, a drain) is then fetched at its busy pace. A view
/// that has not moved for `calmAfter` (counted from when it opened) is calm, and fetched at its calm pace.
final class ReconcilePace: Sendable {
    static let window = Duration.seconds(20)
    static let calmAfter = Duration.seconds(60)
    private struct State {
        var answer: Int?
        var busyUntil: Duration
        var lastMoved: Duration
    }
    private let state: Mutex<State>
    /// Time since some fixed instant; a test moves it by hand.
    private let now: @Sendable () -> Duration

    init(now: @escaping @Sendable () -> Duration = ReconcilePace.monotonic) {
        self.now = now
        let start = now()
        state = Mutex(State(answer: nil, busyUntil: start, lastMoved: start))
    }

    static let monotonic: @Sendable () -> Duration = {
        let start = ContinuousClock.Instant.now
        return { start.duration(to: .now) }
    }()

    func moved() {
        let now = now()
        state.withLock {
            $0.busyUntil = now + Self.window
            $0.lastMoved = now
        }
    }

    /// `answer`: a hash of what the engine answered.
    func fetched(_ answer: Int?) {
        guard let answer else { return }
        let now = now()
        state.withLock {
            if let previous = $0.answer, previous != answer {
                $0.busyUntil = now + Self.window
                $0.lastMoved = now
            }
            $0.answer = answer
        }
    }

    /// Seconds between fetches for `definition` now: busy, still, or calm.
    func interval(_ definition: ResourceViewDefinition) -> Int {
        let now = now()
        let (busy, calm) = state.withLock { ($0.busyUntil > now, now - $0.lastMoved >= Self.calmAfter) }
        if busy { return definition.busyReconcileSeconds }
        if calm, definition.calmReconcileSeconds > 0 { return definition.calmReconcileSeconds }
        return definition.reconcileSeconds
    }
}
