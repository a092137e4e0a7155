import DashboardCore
import EngineAPI
import EngineClient
import EngineWatchers

/// Feeds the inspect pane: fetches the document when the pane opens and again on each of the container's
/// events that can change it, over its own `/events` stream filtered to that container.
enum InspectFeed {
    static func run(container: ContainerRef, context: FeedContext) async {
        let containerID = container.id
        while !Task.isCancelled {
            guard let client = await context.client(for: container.host) else {
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            // Subscribing before fetching means no change can slip between the two.
            let events = client.containerEvents(containerID: containerID)
            await load(container, client: client, context: context)
            do {
                for try await event in events
                where event.isUnreadable || EventEffect(verb: event.verb) == .refetch {
                    context.log("inspect \(containerID.prefix(12)): reloading after \(event.verb)")
                    await load(container, client: client, context: context)
                }
            } catch {
                context.log("inspect \(containerID.prefix(12)): event stream ended: \(error)")
            }
            // The stream ends when the engine goes away; the monitor reconnects, then so do we.
            try? await Task.sleep(for: .seconds(1))
        }
    }

    static func load(_ id: ContainerRef, client: EngineClient, context: FeedContext) async {
        do {
            let document = try JSONValue.parse(try await client.inspectDocument(id.id))
            context.sink.yield(.inspect(.loaded(container: id, document: document)))
        } catch is CancellationError {
            return
        } catch let error as JSONParseError {
            context.sink.yield(.inspect(.failed(container: id, message: "the engine sent broken JSON (\(error))")))
        } catch {
            let message = (error as? EngineError)?.description ?? String(describing: error)
            context.sink.yield(.inspect(.failed(container: id, message: message)))
        }
    }

    static func perform(_ effect: InspectEffect, context: FeedContext) async {}
}
