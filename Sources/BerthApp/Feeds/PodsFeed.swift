import DashboardCore
import EngineAPI
import EngineClient

/// Answers the core's question about a Podman engine's pods (`Effect.pods`) with one request to Podman's own
/// container list, which names each container's pod (the compatible list the monitor reads does not).
///
/// There is no feed to keep running: a container never changes pods, so the core asks only when the list shows a
/// container that no answer covered yet (see `PodGrouping`), and an idle engine costs nothing.
enum PodsFeed {
    static func ask(_ host: HostID, question: Int, context: FeedContext) async {
        guard let client = await context.client(for: host) else {
            context.sink.yield(.pods(.failed(host, question: question, "the engine is not connected")))
            return
        }
        do {
            let response = try await client.send(Endpoints.podmanContainers)
            context.sink.yield(.pods(.answered(host, question: question, try PodMembership.decode(response.body))))
        } catch {
            let message = (error as? EngineError)?.description ?? String(describing: error)
            context.log("[\(host.name)] pods: \(message)")
            context.sink.yield(.pods(.failed(host, question: question, message)))
        }
    }
}
