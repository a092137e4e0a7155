import DashboardCore
import EngineAPI
import EngineClient

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
        // Subscribing before the first fetch: no change can slip between the two.
        let events = client.streamBytes(Endpoints.events(types: definition.eventTypes))
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var splitter = JSONLineSplitter()
                do {
                    for try await chunk in events {
                        if try !splitter.append(chunk).isEmpty { wake.yield() }
                    }
                } catch {
                    context.log("[\(host.name)] \(definition.title): event stream ended: \(error)")
                }
                wake.finish()
            }
            group.addTask {
                // With no reconcile (0) this task only waits to be cancelled: the first task to end ends them all.
                let reconciles = definition.reconcileSeconds > 0
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(reconciles ? definition.reconcileSeconds : 3600))
                    if reconciles { wake.yield() }
                }
            }
            group.addTask {
                await fetch(definition, host: host, client: client, context: context)
                for await _ in wakeups {
                    try? await Task.sleep(for: coalescing)
                    await fetch(definition, host: host, client: client, context: context)
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    static func fetch(
        _ definition: ResourceViewDefinition, host: HostID, client: EngineClient, context: FeedContext
    ) async {
        do {
            let response = try await client.send(definition.request)
            var related: [[UInt8]] = []
            for request in definition.related { related.append(try await client.send(request).body) }
            let now = Int64(Date().timeIntervalSince1970)
            let rows =
                try definition.relatedRows?(response.body, related, host, now)
                ?? definition.rows(response.body, host, now)
            context.sink.yield(.resources(.rows(definition.id, host, rows)))
            context.sink.yield(.resources(.fetched(definition.id, host, at: now)))
        } catch is CancellationError {
            return
        } catch {
            let engineError = error as? EngineError
            let message =
                engineError.flatMap { definition.explainFailure?($0) } ?? engineError?.description
                ?? String(describing: error)
            context.log("[\(host.name)] \(definition.title): \(message)")
            context.sink.yield(.resources(.failed(definition.id, host, message)))
        }
    }
}
