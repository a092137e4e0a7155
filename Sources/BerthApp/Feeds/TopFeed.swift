import DashboardCore
import EngineAPI
import EngineClient

/// Feeds the top pane: asks for the container's processes every 2 s while the pane is open.
enum TopFeed {
    static let interval = Duration.seconds(2)

    static func run(containerID: String, context: FeedContext) async {
        // Once the engine has refused berth's ps options it is not asked again on every refresh.
        var psArgs: String? = Endpoints.topProcessArguments
        var rejection: String?
        while !Task.isCancelled {
            if let client = await context.connection.client {
                do {
                    let result = try await client.top(containerID, psArgs: psArgs)
                    if let refused = result.rejection {
                        context.log("top \(containerID.prefix(12)): ps_args refused (\(refused)); using the default")
                        psArgs = nil
                        rejection = refused
                    }
                    context.sink.yield(
                        .top(.loaded(containerID: containerID, table: result.table, rejection: rejection)))
                } catch is CancellationError {
                    return
                } catch {
                    context.sink.yield(.top(.failed(containerID: containerID, problem: problem(error))))
                }
            }
            try? await Task.sleep(for: interval)
        }
    }

    static func problem(_ error: any Error) -> TopProblem {
        if case EngineError.conflict(let message) = error, message.lowercased().contains("not running") {
            return .notRunning
        }
        return .failed((error as? EngineError)?.description ?? String(describing: error))
    }

    static func perform(_ effect: TopEffect, context: FeedContext) async {
        switch effect {
        case .signal(let id, let target, let signal):
            let error: String?
            if let client = await context.connection.client {
                error = await ProcessSignaller(client: client, log: context.log).send(signal, to: target, in: id)
            } else {
                error = "the engine is not connected"
            }
            context.sink.yield(.top(.signalFinished(containerID: id, target: target, signal: signal, error: error)))
        }
    }
}
