import DashboardCore
import EngineAPI
import EngineClient

/// Feeds the logs pane in a Swarm view: a service's logs (`/services/{id}/logs`, every task's lines merged by the
/// engine, tasks started later included) or a task's, each line prefixed with `service.slot@node`.
///
/// Batches wait for the reducer's acknowledgement as the container logs do (`FeedControl`). When the stream ends
/// (a manager restarting, a broken connection) the feed reconnects from the newest line it delivered.
enum SwarmLogsFeed {
    static func run(_ target: SwarmLogTarget, context: FeedContext) async {
        let control = FeedControl()
        let feedID = context.logFeeds.open(control)
        context.sink.yield(.logs(.opened(container: target.ref, feedID: feedID)))
        defer { context.logFeeds.close(feedID) }
        var names = OriginNames()
        var since: Int64?
        while !Task.isCancelled {
            guard let client = await context.client(for: target.host) else {
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            await names.refresh(client)
            context.sink.yield(.logs(.attached(feedID: feedID, tty: false, running: true)))
            let request = Endpoints.swarmLogs(
                service: target.isService, target.id, follow: true, tail: since == nil ? LogsPaneState.tail : nil,
                since: since.map { $0 + 1 })
            var decoder = LogFrameDecoder(framing: .multiplexed, timestamps: true)
            do {
                for try await chunk in client.streamBytes(request) {
                    var lines = decoder.decode(chunk)
                    guard !lines.isEmpty else { continue }
                    if names.lacksAny(lines) { await names.refresh(client) }
                    for index in lines.indices { names.prefix(&lines[index]) }
                    if let last = lines.last?.timestamp { since = last }
                    guard let batch = await control.nextBatch(lines: lines.count, log: context.log, id: target.id)
                    else { return }
                    context.sink.yield(.logs(.lines(feedID: feedID, batch: batch, lines)))
                }
                context.sink.yield(.logs(.interrupted(feedID: feedID, "the log stream ended; reconnecting")))
            } catch is CancellationError {
                return
            } catch {
                let reason = (error as? EngineError)?.description ?? String(describing: error)
                if case .notFound(let message)? = error as? EngineError {
                    context.sink.yield(.logs(.unavailable(feedID: feedID, message)))
                    return
                }
                context.log("swarm logs \(target.name): \(reason)")
                context.sink.yield(.logs(.interrupted(feedID: feedID, reason)))
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// What the engine's IDs are called: tasks by `service.slot`, nodes by hostname.
    struct OriginNames {
        var tasks: [String: String] = [:]
        var nodes: [String: String] = [:]
        var lastRefresh: ContinuousClock.Instant?

        mutating func refresh(_ client: EngineClient) async {
            // A task that is not known yet is looked up again, but at most every two seconds.
            if let last = lastRefresh, ContinuousClock.now - last < .seconds(2) { return }
            lastRefresh = ContinuousClock.now
            guard let services = try? await client.listServices(), let tasks = try? await client.listTasks(),
                let nodes = try? await client.listNodes()
            else { return }
            let serviceNames = Dictionary(services.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            for task in tasks {
                let service = task.serviceID.flatMap { serviceNames[$0] } ?? "?"
                let slot = task.slot.map(String.init) ?? String((task.nodeID ?? "?").prefix(12))
                self.tasks[task.id] = "\(service).\(slot)"
            }
            for node in nodes { self.nodes[node.id] = node.displayName }
        }

        func lacksAny(_ lines: [LogLine]) -> Bool {
            lines.contains { line in
                guard let id = SwarmLogOrigin.split(line.text).origin?.taskID else { return false }
                return tasks[id] == nil
            }
        }

        /// `web.2@worker1 message`, the origin's bytes counted for its colour.
        func prefix(_ line: inout LogLine) {
            let (origin, message) = SwarmLogOrigin.split(line.text)
            guard let origin else { return }
            let task = origin.taskID.map { tasks[$0] ?? String($0.prefix(12)) } ?? "?"
            let node = origin.nodeID.map { nodes[$0] ?? String($0.prefix(12)) } ?? "?"
            let name = "\(task)@\(node) "
            line.text = name + message
            line.originBytes = name.utf8.count
            line.isPlainASCII = LogLine.isPlainASCII(line.text.utf8)
        }
    }
}
