import DashboardCore
import EngineAPI
import EngineClient

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Runs what a resource view asks of the engines (refetch, measure, remove, preview and prune), each engine in its
/// own task so that a slow one holds up no other, and reports back as `ResourceAction`s.
enum ResourceCommands {
    /// The note of `request`'s question from its view's `removalDetail`; nil (the question keeps the note it opened
    /// with) when the engine is down or its answers do not decode.
    static func removalNote(_ request: RemovalRequest, context: FeedContext) async -> String? {
        guard let detail = ViewRegistry.definition(request.view)?.removalDetail,
            let client = await context.client(for: request.host)
        else { return nil }
        do {
            var answers: [[UInt8]] = []
            for engineRequest in detail.requests(request.target) {
                answers.append(try await client.send(engineRequest).body)
            }
            return try detail.note(request.target, answers)
        } catch {
            context.log("[\(request.host.name)] the question about \(request.name): \(describe(error))")
            return nil
        }
    }

    static func perform(_ effect: ResourceEffect, context: FeedContext) async {
        switch effect {
        case .fetch(let view, let hosts):
            guard let definition = ViewRegistry.definition(view) else { return }
            await eachHost(hosts, context: context) { host, client in
                await ResourceFeed.fetch(definition, host: host, client: client, context: context)
            } unreachable: { host in
                context.sink.yield(.resources(.failed(view, host, notConnected)))
            }
        case .measure(let view, let hosts):
            guard let measure = ViewRegistry.definition(view)?.measure else { return }
            await eachHost(hosts, context: context) { host, client in
                do {
                    let response = try await client.send(measure.request, timeout: .seconds(120))
                    let figures = try measure.read(response.body)
                    let measurement = Measurement(at: unixNow(), figures: figures)
                    context.sink.yield(.resources(.measured(view, host, measurement)))
                } catch {
                    context.log("[\(host.name)] measuring \(view): \(describe(error))")
                    context.sink.yield(.resources(.measureFailed(view, host, describe(error))))
                }
            } unreachable: { host in
                context.sink.yield(.resources(.measureFailed(view, host, notConnected)))
            }
        case .inspect(let view, let host, let reference):
            guard let inspect = ViewRegistry.definition(view)?.inspect else { return }
            guard let client = await context.client(for: host) else {
                context.sink.yield(.resources(.inspectFailed(host, reference: reference, notConnected)))
                return
            }
            do {
                let response = try await client.send(inspect(reference))
                let document = try JSONValue.parse(response.body)
                let lines =
                    ViewRegistry.definition(view)?.inspectLines?(document)
                    ?? document.prettyText().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                context.sink.yield(.resources(.inspected(host, reference: reference, lines: lines)))
            } catch {
                context.sink.yield(.resources(.inspectFailed(host, reference: reference, describe(error))))
            }
        case .history(let host, let reference):
            guard let client = await context.client(for: host) else {
                context.sink.yield(.resources(.inspectFailed(host, reference: reference, notConnected)))
                return
            }
            do {
                // Podman has answered `null` for an image without history.
                let layers = try await client.decode([ImageHistoryItem]?.self, Endpoints.imageHistory(reference)) ?? []
                let lines = ImageLayers.lines(layers, now: Int64(Date().timeIntervalSince1970))
                context.sink.yield(.resources(.inspected(host, reference: reference, lines: lines)))
            } catch {
                context.sink.yield(.resources(.inspectFailed(host, reference: reference, describe(error))))
            }
        case .remove(let request):
            let outcome = await remove(request, context: context)
            context.log("remove \(request.target.reference) on \(request.host.name): \(outcome)")
            context.sink.yield(.resources(.removed(request, outcome)))
        case .removalDetail(let request):
            let note = await removalNote(request, context: context)
            context.sink.yield(.resources(.removalDetailed(request, note: note)))
        case .previewPrune(let kind, let hosts):
            await eachHost(hosts, context: context) { host, client in
                do {
                    let podman = try await client.engineInfo().product.hasPrefix("Podman")
                    let preview = try await client.prunePreview(kind, podman: podman, clock: unixNanos)
                    context.sink.yield(.resources(.prunePreviewed(host, preview)))
                } catch {
                    context.sink.yield(.resources(.prunePreviewFailed(kind, host, describe(error))))
                }
            } unreachable: { host in
                context.sink.yield(.resources(.prunePreviewFailed(kind, host, notConnected)))
            }
        case .swarm(let request):
            let outcome = await swarm(request, context: context)
            context.log("swarm \(request.operation) \(request.name) on \(request.host.name): \(outcome)")
            context.sink.yield(.resources(.swarmFinished(request, outcome)))
        case .prune(let parts):
            await withTaskGroup(of: Void.self) { group in
                for part in parts {
                    group.addTask { await prune(part, context: context) }
                }
            }
        }
    }

    static func prune(_ part: HostPrune, context: FeedContext) async {
        let kind = part.preview.kind
        guard let client = await context.client(for: part.host) else {
            context.sink.yield(.resources(.pruneFailed(kind, part.host, notConnected)))
            return
        }
        do {
            let report = try await client.prune(kind, untilNanos: part.preview.takenAtNanos)
            let outcome = PruneOutcome(
                kind: kind, preview: part.preview.items, report: report, known: part.preview.known)
            context.log(
                "[\(part.host.name)] pruned \(kind.rawValue): \(outcome.removed.count) of \(part.preview.items.count),"
                    + " \(outcome.unexpected.count) unexpected, \(report.spaceReclaimed ?? 0) bytes")
            context.sink.yield(.resources(.pruned(kind, part.host, outcome)))
        } catch EngineError.notFound {
            context.sink.yield(.resources(.pruneFailed(kind, part.host, "this engine has no \(kind.title) prune")))
        } catch {
            context.sink.yield(.resources(.pruneFailed(kind, part.host, describe(error))))
        }
    }

    static func remove(_ request: RemovalRequest, context: FeedContext) async -> RemovalOutcome {
        guard let client = await context.client(for: request.host) else { return .failed(notConnected) }
        let reference = request.target.reference
        if request.target.kind == .stack { return await removeStack(request, client: client) }
        do {
            switch request.target.kind {
            case .image:
                let items = try await client.removeImage(reference, force: request.force)
                return .removed(imageSummary(items, name: request.name))
            case .volume:
                try await client.removeVolume(reference)
            case .network:
                try await client.removeNetwork(reference)
            case .service:
                try await client.removeService(reference)
            case .node:
                try await client.removeNode(reference)
            case .secret:
                try await client.removeSecret(reference)
            case .config:
                try await client.removeConfig(reference)
            case .stack:
                break
            }
            return .removed("Removed \(request.name)")
        } catch let error as EngineError where !error.isConnectionFailure {
            return .refused(error.description)
        } catch {
            return .failed(describe(error))
        }
    }

    /// A stack's services, one after the other; the first refusal stops there and says what went before it.
    static func removeStack(_ request: RemovalRequest, client: EngineClient) async -> RemovalOutcome {
        var removed: [String] = []
        for part in request.target.parts {
            let name = part.label.hasPrefix("service ") ? String(part.label.dropFirst(8)) : part.label
            do {
                try await client.removeService(part.reference)
                removed.append(name)
            } catch {
                let reason = "\(name): \(describe(error))"
                let before = removed.isEmpty ? "" : " (removed before it: \(removed.joined(separator: ", ")))"
                if let error = error as? EngineError, !error.isConnectionFailure { return .refused(reason + before) }
                return .failed(reason + before)
            }
        }
        return .removed("Removed \(request.name): \(removed.joined(separator: ", "))")
    }

    /// Sends one Swarm change to the manager; `.removed` carries the engine's warnings, if any.
    static func swarm(_ request: SwarmRequest, context: FeedContext) async -> RemovalOutcome {
        guard let client = await context.client(for: request.host) else { return .failed(notConnected) }
        do {
            var answer = SwarmUpdateAnswer()
            switch request.operation {
            case .scale(let count): answer = try await client.updateService(request.id, .replicas(count))
            case .forceUpdate: answer = try await client.updateService(request.id, .forceUpdate)
            case .rollback: answer = try await client.rollbackService(request.id)
            case .availability(let availability): try await client.updateNode(request.id, .availability(availability))
            }
            return .removed((answer.warnings ?? []).joined(separator: "; "))
        } catch let error as EngineError where !error.isConnectionFailure {
            return .refused(error.description)
        } catch {
            return .failed(describe(error))
        }
    }

    /// `Untagged nginx:latest` when only the tag went, `Removed image … (2 layers deleted)` when the image did.
    static func imageSummary(_ items: [ImageDeleteItem], name: String) -> String {
        let deleted = items.compactMap(\.deleted).count
        if deleted == 0 {
            let untagged = items.compactMap(\.untagged)
            return untagged.isEmpty ? "Removed \(name)" : "Untagged \(untagged.joined(separator: ", "))"
        }
        return "Removed \(name) (\(deleted) layer\(deleted == 1 ? "" : "s") deleted)"
    }

    /// Runs `body` for every host with a client, concurrently; `unreachable` for the others.
    static func eachHost(
        _ hosts: [HostID], context: FeedContext,
        _ body: @escaping @Sendable (HostID, EngineClient) async -> Void,
        unreachable: @escaping @Sendable (HostID) -> Void
    ) async {
        await withTaskGroup(of: Void.self) { group in
            for host in hosts {
                group.addTask {
                    if let client = await context.client(for: host) {
                        await body(host, client)
                    } else {
                        unreachable(host)
                    }
                }
            }
        }
    }

    static let notConnected = "the engine is not connected"

    static func describe(_ error: any Error) -> String {
        (error as? EngineError)?.description ?? String(describing: error)
    }

    static func unixNow() -> Int64 { Int64(Date().timeIntervalSince1970) }

    /// Unix time in nanoseconds (to the microsecond `Date` gives).
    @Sendable static func unixNanos() -> Int64 { Int64(Date().timeIntervalSince1970 * 1_000_000) * 1000 }
}
