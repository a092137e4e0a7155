import DashboardCore
import EngineAPI
import EngineClient
import EngineWatchers
import TerminalUI

/// Feeds the logs pane with several containers' logs in one stream: a Compose project's, or the marked rows'.
///
/// Each container is followed as the single-container pane follows one (`LogFollower`: its tail, then live, across
/// restarts and outages), on its own engine. `LogMerger` puts their lines in timestamp order; each line is prefixed
/// with its container's label (`web-1 `, padded to the longest), drawn in a colour of its own. A container that
/// stops or starts again says so in the stream, at the time it did (`exited with code 3`), as `docker compose logs`
/// does. Batches wait for the reducer's acknowledgement as the single-container feed's do.
enum MergedLogsFeed {
    /// Lines waiting in the merger beyond which the followers stop reading (as `LogFollower` itself does).
    static let maxPending = 20_000
    static let flushInterval: Duration = .milliseconds(50)

    static func run(_ target: MergedLogTarget, context: FeedContext) async {
        await LogsFeed.instances(of: target.ref, name: target.name, merged: target, context: context) {
            await follow(target, feedID: $0, control: $1, context: context)
        }
    }

    static func follow(_ target: MergedLogTarget, feedID: Int, control: FeedControl, context: FeedContext) async {
        let merge = MergeState(target, feedID: feedID, sink: context.sink)
        let hosts = context.hosts
        await withDiscardingTaskGroup { group in
            for (index, member) in target.members.enumerated() {
                group.addTask {
                    let follower = LogFollower(
                        containerID: member.ref.id, options: .init(tail: LogsPaneState.tail)
                    ) { await hosts.client(for: member.ref.host) }
                    await follower.run { event in await merge.receive(event, from: index) }
                }
            }
            // Hands the merged lines over until the feed closes; the followers then stop with it.
            while !Task.isCancelled {
                try? await Task.sleep(for: flushInterval)
                let lines = await merge.take()
                guard !lines.isEmpty else { continue }
                guard let batch = await control.nextBatch(lines: lines.count, log: context.log, id: target.name)
                else { break }
                context.sink.yield(.logs(.lines(feedID: feedID, batch: batch, lines)))
            }
            group.cancelAll()
        }
    }

    /// The merger and the prefixes, shared by the followers and the task that hands lines over.
    actor MergeState {
        private var merger: LogMerger
        private var prefixer: MergedLogPrefixer
        private let feedID: Int
        private let sink: AsyncStream<Action>.Continuation
        private let labels: [String]
        private var started = false
        /// The pane was told the stream is live, and nothing has interrupted it since.
        private var live = false
        private let origin = ContinuousClock.now

        init(_ target: MergedLogTarget, feedID: Int, sink: AsyncStream<Action>.Continuation) {
            merger = LogMerger(streams: target.members.count, now: 0)
            prefixer = MergedLogPrefixer(target)
            labels = target.members.map(\.label)
            self.feedID = feedID
            self.sink = sink
        }

        /// Nanoseconds since the feed began: the merger's clock.
        private func now() -> Int64 {
            let (seconds, attoseconds) = (ContinuousClock.now - origin).components
            return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        }

        func receive(_ event: LogFollowerEvent, from member: Int) async {
            let now = now()
            switch event {
            case .lines(let lines):
                merger.add(prefixer.prefix(lines, member: member), stream: member, now: now)
                // A flood waits here (and its follower stops reading) until the lines are handed over.
                while merger.count > MergedLogsFeed.maxPending, !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(10))
                }
            case .attached:
                // Every container is shown as one live stream; a member that is down says so in its own lines. The
                // pane hears it once, and again only after an interruption: one action, not one per container.
                if !live {
                    live = true
                    sink.yield(.logs(.attached(feedID: feedID, tty: false, running: true)))
                }
                merger.markAnswered(member, now: now)
            case .stopped(let exitCode, let at):
                let code = exitCode.map { "exited with code \($0)" } ?? "stopped"
                merger.add([prefixer.notice(code, member: member, at: at)], stream: member, now: now)
            case .restarted(let at):
                merger.add([prefixer.notice("started again", member: member, at: at)], stream: member, now: now)
            case .interrupted(let reason):
                live = false
                sink.yield(.logs(.interrupted(feedID: feedID, "\(labels[member]): \(reason)")))
            case .unavailable(let reason):
                merger.add([prefixer.notice(reason, member: member, at: nil)], stream: member, now: now)
            }
        }

        /// The lines ready to show; the first batch holds the newest `LogsPaneState.tail` of all the tails (older
        /// ones are a scroll up away, as history).
        func take() -> [LogLine] {
            let lines = merger.take(now: now())
            guard !started, !lines.isEmpty else { return lines }
            started = true
            return Array(lines.suffix(LogsPaneState.tail))
        }
    }

    // MARK: - Pages of older and newer lines

    /// A page of older lines: each container's page before `until`, merged, the newest `count` kept.
    static func history(
        _ target: MergedLogTarget, feedID: Int, until: Int64, skip: Int, count: Int, window: Int64,
        context: FeedContext
    ) async -> LogsAction {
        let prefixer = MergedLogPrefixer(target)
        let pages = await eachMember(target, context: context) { client, member, source in
            let page = try await LogFollower.history(
                client: client, containerID: member.ref.id, framing: source.framing, until: until,
                skipAtUntil: skip, count: count, notBefore: source.createdNanos, expectedWindow: .seconds(window))
            return (page.lines, page.reachedStart)
        }
        switch pages {
        case .failure(let reason):
            context.log("logs \(target.name): older lines failed: \(reason)")
            return .historyFailed(feedID: feedID, reason)
        case .success(let pages):
            var prefixed = prefixer
            let merged = LogMerger.merge(
                pages.enumerated().map { prefixed.prefix($1.lines, member: $0, fresh: true) })
            let kept = Array(merged.suffix(count))
            let reachedStart = pages.allSatisfy(\.complete) && merged.count <= count
            context.log("logs \(target.name): \(kept.count) older lines")
            return .history(feedID: feedID, kept, reachedStart: reachedStart)
        }
    }

    /// A page of newer lines: each container's page from `since`, merged, the oldest `count` kept.
    static func newer(
        _ target: MergedLogTarget, feedID: Int, since: Int64, skip: Int, until: (Int64, skip: Int, keep: Int?),
        count: Int, tailStart: Int, context: FeedContext
    ) async -> LogsAction {
        let prefixer = MergedLogPrefixer(target)
        let pages = await eachMember(target, context: context) { client, member, source in
            let page = try await LogFollower.newer(
                client: client, containerID: member.ref.id, framing: source.framing, since: since, skipAtSince: skip,
                until: until.0, skipAtUntil: until.skip, keepAtUntil: until.keep, count: count)
            return (page.lines, page.reachedEnd)
        }
        switch pages {
        case .failure(let reason):
            context.log("logs \(target.name): newer lines failed: \(reason)")
            return .newerFailed(feedID: feedID, reason)
        case .success(let pages):
            var prefixed = prefixer
            let merged = LogMerger.merge(
                pages.enumerated().map { prefixed.prefix($1.lines, member: $0, fresh: true) })
            let kept = Array(merged.prefix(count))
            let reachedEnd = pages.allSatisfy(\.complete) && merged.count <= count
            return .newer(feedID: feedID, kept, reachedEnd: reachedEnd, tailStart: tailStart)
        }
    }

    struct Page: Sendable {
        var lines: [LogLine]
        /// The page reaches the log's start (older) or the gap's end (newer).
        var complete: Bool
    }

    enum Pages {
        case success([Page])
        case failure(String)
    }

    /// Reads a page of every member at once, in member order. A container removed since counts as an empty,
    /// complete page; any other failure fails the page, named by the member.
    static func eachMember(
        _ target: MergedLogTarget, context: FeedContext,
        read: @escaping @Sendable (EngineClient, MergedLogMember, ContainerInspect) async throws -> ([LogLine], Bool)
    ) async -> Pages {
        await withTaskGroup(of: (Int, Result<Page, PageFailure>).self) { group in
            for (index, member) in target.members.enumerated() {
                group.addTask {
                    guard let client = await context.client(for: member.ref.host) else {
                        return (index, .failure(PageFailure(text: "\(member.label): the engine is not connected")))
                    }
                    do {
                        let source = try await client.decode(
                            ContainerInspect.self, Endpoints.inspectContainer(member.ref.id))
                        let (lines, complete) = try await read(client, member, source)
                        return (index, .success(Page(lines: lines, complete: complete)))
                    } catch EngineError.notFound {
                        return (index, .success(Page(lines: [], complete: true)))
                    } catch {
                        let reason = (error as? EngineError)?.description ?? "\(error)"
                        return (index, .failure(PageFailure(text: "\(member.label): \(reason)")))
                    }
                }
            }
            var pages = [Page?](repeating: nil, count: target.members.count)
            for await (index, result) in group {
                switch result {
                case .success(let page): pages[index] = page
                case .failure(let failure):
                    group.cancelAll()
                    return .failure(failure.text)
                }
            }
            return .success(pages.map { $0 ?? Page(lines: [], complete: true) })
        }
    }

    struct PageFailure: Error {
        var text: String
    }
}

/// Puts each member's label before its lines: `web-1  ` padded to the longest label, counted as the line's origin
/// (drawn in a colour of its own). The pieces of a line too long for one piece after the first carry no prefix, so
/// joined again they read as the line did.
struct MergedLogPrefixer: Sendable {
    private let prefixes: [String]
    private let plainPrefixes: [Bool]
    /// Per member: its last line continues in the next piece.
    private var continuing: [Bool]

    init(_ target: MergedLogTarget) {
        let width = target.labelWidth
        prefixes = target.members.map { member in
            let padding = max(0, width - TerminalText.width(member.label))
            return member.label + String(repeating: " ", count: padding) + "  "
        }
        plainPrefixes = prefixes.map { LogLine.isPlainASCII($0.utf8) }
        continuing = Array(repeating: false, count: target.members.count)
    }

    /// `lines` of member `member`, prefixed; `fresh` for a page read apart from the stream.
    mutating func prefix(_ lines: [LogLine], member: Int, fresh: Bool = false) -> [LogLine] {
        guard prefixes.indices.contains(member) else { return lines }
        var continues = fresh ? false : continuing[member]
        let prefix = prefixes[member]
        let result = lines.map { line -> LogLine in
            defer { continues = line.continues }
            guard !continues else { return line }
            var prefixed = line
            prefixed.text = prefix + line.text
            prefixed.originBytes = prefix.utf8.count
            prefixed.isPlainASCII = line.isPlainASCII && plainPrefixes[member]
            return prefixed
        }
        if !fresh { continuing[member] = continues }
        return result
    }

    /// A line berth writes into the stream about a member (`exited with code 3`), at `at` when it is known.
    func notice(_ text: String, member: Int, at: Int64?) -> LogLine {
        let prefix = prefixes.indices.contains(member) ? prefixes[member] : ""
        var line = LogLine(stream: .stdout, timestamp: at, text: prefix + text)
        line.originBytes = prefix.utf8.count
        return line
    }
}
