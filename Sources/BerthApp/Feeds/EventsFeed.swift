import DashboardCore
import EngineAPI
import EngineClient
import EngineWatchers

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Feeds the events pane: one `/events` stream per engine (of one container, or of all), which first replays the
/// engine's history since `history` ago and then goes live. After a broken stream it asks again from the newest step
/// it delivered, so a reconnect neither loses nor repeats (the pane also drops steps it already holds).
enum EventsFeed {
    /// How far back the history goes when the pane opens.
    static let history: Int64 = 3600
    /// Steps that arrive this close together reach the screen as one batch (a replayed history is one or two).
    static let batching = Duration.milliseconds(30)

    static func run(host: HostID, container: ContainerRef?, context: FeedContext) async {
        var since = Int64(Date().timeIntervalSince1970) - history
        // Unread steps append to each other: the screen gets them in batches, however fast they come.
        let batches = Mailbox<[TimelineEvent]>(merge: { unread, new in
            unread += new
            return true
        })
        let deliverer = Task {
            for await batch in batches {
                context.sink.yield(.events(.received(host: host, container: container, batch)))
                try? await Task.sleep(for: batching)
            }
        }
        defer {
            batches.finish()
            deliverer.cancel()
        }
        while !Task.isCancelled {
            guard let client = await context.client(for: host) else {
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            let stream = client.bodyStreamOfEvents(containerID: container?.id, since: since)
            // An empty history still says the pane is ready.
            batches.post([])
            do {
                for try await event in stream {
                    guard let step = TimelineEvent(event, host: host) else { continue }
                    since = max(since, step.timeNanos / 1_000_000_000)
                    batches.post([step])
                }
                if Task.isCancelled { return }
            } catch is CancellationError {
                return
            } catch {
                let message = (error as? EngineError)?.description ?? String(describing: error)
                context.log("[\(host.name)] events: \(message)")
                context.sink.yield(.events(.failed(host: host, container: container, message: message)))
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}

extension EngineClient {
    /// Container events (of one container, or all) replayed from `since`, then live.
    fileprivate func bodyStreamOfEvents(
        containerID: String?, since: Int64
    ) -> AsyncThrowingStream<EngineEvent, any Error> {
        guard let containerID else { return containerEvents(since: since) }
        return containerEvents(containerID: containerID, since: since)
    }
}
