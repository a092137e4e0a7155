import DashboardCore
import EngineAPI
import EngineClient

/// Feeds the top pane: asks for the container's processes every 2 s while the pane is open.
enum TopFeed {
    static let interval = Duration.seconds(2)

    static func run(container: ContainerRef, context: FeedContext) async {
        let containerID = container.id
        // Once the engine has refused berth's ps options it is not asked again on every refresh.
        var psArgs: String? = Endpoints.topProcessArguments
        var rejection: String?
        // Podman's own top, until it fails otherwise than for the container (then the compatible one, as for Docker).
        var podmanOwn: Bool?
        while !Task.isCancelled {
            if let client = await context.client(for: container.host) {
                do {
                    if podmanOwn == nil {
                        podmanOwn = (try? await client.engineInfo())?.product.hasPrefix("Podman") ?? false
                    }
                    if podmanOwn == true {
                        do {
                            let table = try await client.podmanTop(containerID)
                            context.sink.yield(.top(.loaded(container: container, table: table, rejection: nil)))
                            try? await Task.sleep(for: interval)
                            continue
                        } catch let error as EngineError where !Self.isAboutTheContainer(error) {
                            context.log("top \(containerID.prefix(12)): Podman's own top failed (\(error)); compat")
                            podmanOwn = false
                        }
                    }
                    let result = try await client.top(containerID, psArgs: psArgs)
                    if let refused = result.rejection {
                        context.log("top \(containerID.prefix(12)): ps_args refused (\(refused)); using the default")
                        psArgs = nil
                        rejection = refused
                    }
                    context.sink.yield(
                        .top(.loaded(container: container, table: result.table, rejection: rejection)))
                } catch is CancellationError {
                    return
                } catch {
                    context.sink.yield(.top(.failed(container: container, problem: problem(error))))
                }
            }
            try? await Task.sleep(for: interval)
        }
    }

    /// A failure that says something of the container (not running, gone), which any top would meet too.
    static func isAboutTheContainer(_ error: EngineError) -> Bool {
        switch error {
        case .conflict, .notFound: return true
        default: return error.isConnectionFailure
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
        case .signal(let container, let target, let signal):
            let error: String?
            if let client = await context.client(for: container.host) {
                // Host PIDs mean something in this machine's /proc only when the engine runs here.
                let procRoot = await context.hosts.isLocal(container.host) ? "/proc" : nil
                error = await ProcessSignaller(client: client, log: context.log, procRoot: procRoot)
                    .send(signal, to: target, in: container.id)
            } else {
                error = "the engine is not connected"
            }
            context.sink.yield(
                .top(.signalFinished(container: container, target: target, signal: signal, error: error)))
        }
    }
}
