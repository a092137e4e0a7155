import DashboardCore
import EngineAPI
import EngineClient
import EngineWatchers

/// Feeds the inspect pane: fetches the document when the pane opens and again on each of the container's
/// events that can change it, over its own `/events` stream filtered to that container.
enum InspectFeed {
    static func run(containerID: String, context: FeedContext) async {
        while !Task.isCancelled {
            guard let client = await context.connection.client else {
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            // Subscribing before fetching means no change can slip between the two.
            let events = client.containerEvents(containerID: containerID)
            await load(containerID, client: client, context: context)
            do {
                for try await event in events where EventEffect(verb: event.verb) == .refetch {
                    context.log("inspect \(containerID.prefix(12)): reloading after \(event.verb)")
                    await load(containerID, client: client, context: context)
                }
            } catch {
                context.log("inspect \(containerID.prefix(12)): event stream ended: \(error)")
            }
            // The stream ends when the engine goes away; the monitor reconnects, then so do we.
            try? await Task.sleep(for: .seconds(1))
        }
    }

    static func load(_ id: String, client: EngineClient, context: FeedContext) async {
        do {
            let document = try JSONValue.parse(try await client.inspectDocument(id))
            context.sink.yield(.inspect(.loaded(containerID: id, document: document)))
        } catch is CancellationError {
            return
        } catch let error as JSONParseError {
            context.sink.yield(.inspect(.failed(containerID: id, message: "the engine sent broken JSON (\(error))")))
        } catch {
            let message = (error as? EngineError)?.description ?? String(describing: error)
            context.sink.yield(.inspect(.failed(containerID: id, message: message)))
        }
    }

    static func perform(_ effect: InspectEffect, context: FeedContext) async {}
}
