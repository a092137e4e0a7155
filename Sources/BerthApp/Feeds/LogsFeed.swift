import DashboardCore
import EngineAPI
import EngineClient
import EngineWatchers
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Feeds the logs pane: runs while the pane is open on a container.
///
/// Each run of the stream is a numbered feed instance (`.opened` tells the reducer, which then ignores anything
/// from older instances). Batches of lines wait for the reducer's acknowledgement (`LogsEffect.ack`) before the next
/// is sent, so at most one batch sits in the event loop's queue however fast the container writes: a flood slows
/// the reading of the socket instead of growing berth's memory, and keys never queue behind a backlog of lines.
enum LogsFeed {
    static func run(container: ContainerRef, context: FeedContext) async {
        await instances(of: container, name: String(container.id.prefix(12)), context: context) { feedID, control in
            await follow(container: container, feedID: feedID, control: control, context: context)
        }
    }

    /// Runs `follow` as numbered feed instances of the logs of `ref`: a reload (`G` after paging back past what the
    /// pane holds) ends one and starts the next. `merged` names the containers of a merged stream.
    static func instances(
        of ref: ContainerRef, name: String, merged: MergedLogTarget? = nil, context: FeedContext,
        follow: @escaping @Sendable (_ feedID: Int, FeedControl) async -> Void
    ) async {
        while !Task.isCancelled {
            let control = FeedControl()
            let feedID = context.logFeeds.open(control, merged: merged)
            context.sink.yield(.logs(.opened(container: ref, feedID: feedID)))
            let reload = await withTaskGroup(of: Bool.self) { group in
                group.addTask {
                    await follow(feedID, control)
                    return false
                }
                group.addTask { await control.waitForReload() }
                let first = await group.next() ?? false
                group.cancelAll()
                await control.close()
                return first
            }
            context.logFeeds.close(feedID)
            guard reload else { return }
            context.log("logs \(name): reloading")
        }
    }

    static func follow(container: ContainerRef, feedID: Int, control: FeedControl, context: FeedContext) async {
        let containerID = container.id
        let hosts = context.hosts
        let follower = LogFollower(containerID: containerID, options: .init(tail: LogsPaneState.tail)) {
            await hosts.client(for: container.host)
        }
        let sink = context.sink
        let log = context.log
        await follower.run { event in
            switch event {
            case .lines(let lines):
                guard let batch = await control.nextBatch(lines: lines.count, log: log, id: containerID) else { return }
                sink.yield(.logs(.lines(feedID: feedID, batch: batch, lines)))
            case .attached(let tty, let running):
                sink.yield(.logs(.attached(feedID: feedID, tty: tty, running: running)))
            case .stopped(let exitCode, let at):
                sink.yield(.logs(.stopped(feedID: feedID, exitCode: exitCode, at: at)))
            case .restarted(let at):
                log("logs \(containerID.prefix(12)): container started again, reconnected")
                sink.yield(.logs(.restarted(feedID: feedID, at: at)))
            case .interrupted(let reason):
                log("logs \(containerID.prefix(12)): \(reason)")
                sink.yield(.logs(.interrupted(feedID: feedID, reason)))
            case .unavailable(let reason):
                log("logs \(containerID.prefix(12)): unavailable: \(reason)")
                sink.yield(.logs(.unavailable(feedID: feedID, reason)))
            }
        }
    }

    static func perform(_ effect: LogsEffect, context: FeedContext) async {
        switch effect {
        case .ack(let feedID, let batch):
            await context.logFeeds.control(feedID)?.ack(batch)
        case .reload(let feedID):
            await context.logFeeds.control(feedID)?.requestReload()
        case .fetchHistory(let feedID, _, let until, let skip, let count, let window)
        where context.logFeeds.merged(feedID) != nil:
            guard let target = context.logFeeds.merged(feedID) else { return }
            let action = await MergedLogsFeed.history(
                target, feedID: feedID, until: until, skip: skip, count: count, window: window, context: context)
            context.sink.yield(.logs(action))
        case .fetchNewer(
            let feedID, _, let since, let skip, let until, let skipAtUntil, let keepAtUntil, let count, let tail)
        where context.logFeeds.merged(feedID) != nil:
            guard let target = context.logFeeds.merged(feedID) else { return }
            let action = await MergedLogsFeed.newer(
                target, feedID: feedID, since: since, skip: skip, until: (until, skip: skipAtUntil, keep: keepAtUntil),
                count: count, tailStart: tail, context: context)
            context.sink.yield(.logs(action))
        case .fetchHistory(let feedID, let container, let until, let skip, let count, let window):
            let action = await history(
                feedID: feedID, container: container, until: until, skip: skip, count: count, window: window,
                context: context)
            context.sink.yield(.logs(action))
        case .fetchNewer(
            let feedID, let container, let since, let skip, let until, let skipAtUntil, let keepAtUntil, let count,
            let tail):
            let action = await newer(
                feedID: feedID, container: container, since: since, skip: skip,
                until: (until, skip: skipAtUntil, keep: keepAtUntil), count: count, tailStart: tail, context: context)
            context.sink.yield(.logs(action))
        case .save(let path, let lines):
            let expanded = expandHome(path)
            do {
                let written = try save(lines, to: expanded)
                context.log("saved \(lines.count) log lines to \(written)")
                context.sink.yield(.logs(.saved(path: written, lines: lines.count)))
            } catch {
                context.sink.yield(.logs(.saveFailed(path: expanded, error: "\(error)")))
            }
        }
    }

    static func history(
        feedID: Int, container: ContainerRef, until: Int64, skip: Int, count: Int, window: Int64, context: FeedContext
    ) async -> LogsAction {
        let containerID = container.id
        guard let client = await context.client(for: container.host) else {
            return .historyFailed(feedID: feedID, "the engine is not connected")
        }
        do {
            let source = try await client.decode(ContainerInspect.self, Endpoints.inspectContainer(containerID))
            let page = try await LogFollower.history(
                client: client, containerID: containerID, framing: source.framing, until: until, skipAtUntil: skip,
                count: count, notBefore: source.createdNanos, expectedWindow: .seconds(window))
            context.log("logs \(containerID.prefix(12)): \(page.lines.count) older lines")
            return .history(feedID: feedID, page.lines, reachedStart: page.reachedStart)
        } catch {
            let reason = (error as? EngineError)?.description ?? "\(error)"
            context.log("logs \(containerID.prefix(12)): older lines failed: \(reason)")
            return .historyFailed(feedID: feedID, reason)
        }
    }

    static func newer(
        feedID: Int, container: ContainerRef, since: Int64, skip: Int, until: (Int64, skip: Int, keep: Int?),
        count: Int, tailStart: Int, context: FeedContext
    ) async -> LogsAction {
        let containerID = container.id
        guard let client = await context.client(for: container.host) else {
            return .newerFailed(feedID: feedID, "the engine is not connected")
        }
        do {
            let source = try await client.decode(ContainerInspect.self, Endpoints.inspectContainer(containerID))
            let page = try await LogFollower.newer(
                client: client, containerID: containerID, framing: source.framing, since: since, skipAtSince: skip,
                until: until.0, skipAtUntil: until.skip, keepAtUntil: until.keep, count: count)
            let end = page.reachedEnd ? ", up to the live end" : ""
            context.log("logs \(containerID.prefix(12)): \(page.lines.count) newer lines\(end)")
            return .newer(feedID: feedID, page.lines, reachedEnd: page.reachedEnd, tailStart: tailStart)
        } catch {
            let reason = (error as? EngineError)?.description ?? "\(error)"
            context.log("logs \(containerID.prefix(12)): newer lines failed: \(reason)")
            return .newerFailed(feedID: feedID, reason)
        }
    }

    // MARK: - Saving

    struct SaveError: Error, CustomStringConvertible {
        var description: String
    }

    static func expandHome(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        let home = getenv("HOME").map { String(cString: $0) } ?? "/"
        return home + path.dropFirst()
    }

    /// Writes the lines to a new file (mode 0600: logs can hold secrets). An existing file is never overwritten:
    /// `name-2.log`, `name-3.log`... are tried instead. Returns the path written.
    static func save(_ lines: [String], to path: String) throws -> String {
        var candidate = path
        var attempt = 1
        while true {
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd >= 0 {
                defer { close(fd) }
                var text = lines.joined(separator: "\n")
                if !lines.isEmpty { text += "\n" }
                try writeAll(fd, Array(text.utf8))
                return candidate
            }
            let code = errno
            guard code == EEXIST, attempt < 100 else {
                throw SaveError(description: String(cString: strerror(code)))
            }
            attempt += 1
            candidate = numbered(path, attempt)
        }
    }

    static func numbered(_ path: String, _ n: Int) -> String {
        // The extension of the last path component, if any (`/tmp/a.log` -> `log`; `/tmp/.hidden` -> none).
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let dot = name.lastIndex(of: ".")
        let ext = dot.map { $0 == name.startIndex ? "" : String(name[name.index(after: $0)...]) } ?? ""
        let base = ext.isEmpty ? path : String(path.dropLast(ext.count + 1))
        return ext.isEmpty ? "\(base)-\(n)" : "\(base)-\(n).\(ext)"
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw SaveError(description: String(cString: strerror(errno)))
            }
            offset += written
        }
    }
}

/// Feed instances by number, so effects (acks, reloads) reach the running feed.
final class LogFeedRegistry: Sendable {
    private let feeds = Mutex<[Int: (control: FeedControl, merged: MergedLogTarget?)]>([:])
    private let counter = Atomic<Int>(0)

    /// A new feed instance; `merged` names the containers of a merged one (its pages are read from each).
    func open(_ control: FeedControl, merged: MergedLogTarget? = nil) -> Int {
        let id = counter.add(1, ordering: .relaxed).newValue
        feeds.withLock { $0[id] = (control, merged) }
        return id
    }

    func close(_ id: Int) {
        _ = feeds.withLock { $0.removeValue(forKey: id) }
    }

    func control(_ id: Int) -> FeedControl? {
        feeds.withLock { $0[id]?.control }
    }

    /// The containers of feed `id`, when it merges several.
    func merged(_ id: Int) -> MergedLogTarget? {
        feeds.withLock { $0[id]?.merged }
    }
}

/// One feed instance's flow control: batch numbers and acknowledgements, and the reload request.
actor FeedControl {
    private var sent = 0
    private var acked = 0
    /// Acknowledged batch numbers as the reducer sends them; unread ones fold into the highest.
    private let acks = Mailbox<Int>(merge: { unread, new in
        unread = max(unread, new)
        return true
    })
    /// Reload requests; one pending is as good as several, and one made before `close()` is still seen.
    private let reloads = Mailbox<Void>.latest()
    private var closed = false
    // Ingest figures for the diagnostic log.
    private var linesSinceReport = 0
    private var totalLines = 0
    private let started = ContinuousClock.now
    private var lastReport = ContinuousClock.now

    /// Waits until the previous batch was acknowledged, then returns the next batch number (nil once closed).
    func nextBatch(lines: Int, log: @Sendable (String) -> Void, id: String) async -> Int? {
        while acked < sent, !closed {
            // Nil once closed, or when this task is cancelled (which cancels the mailbox: the feed is over).
            guard let batch = await acks.next() else {
                close()
                return nil
            }
            acked = max(acked, batch)
        }
        guard !closed else { return nil }
        sent += 1
        totalLines += lines
        linesSinceReport += lines
        let now = ContinuousClock.now
        if now - lastReport >= .seconds(10) {
            // scripts/bench-logs reads these: totals against precise elapsed time give the ingest rate.
            let interval = max(0.001, (now - lastReport).seconds)
            let elapsed = (now - started).seconds
            let rate = Int(Double(linesSinceReport) / interval)
            log("logs \(id.prefix(12)): \(rate) lines/s, \(totalLines) lines in \(Self.millis(elapsed)) s")
            linesSinceReport = 0
            lastReport = now
        }
        return sent
    }

    static func millis(_ seconds: Double) -> String {
        let total = Int((seconds * 1000).rounded())
        let fraction = String(total % 1000)
        return "\(total / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }

    func ack(_ batch: Int) {
        acks.post(batch)
    }

    func requestReload() {
        reloads.post(())
    }

    /// Returns true when a reload was asked for, false when the feed closed.
    func waitForReload() async -> Bool {
        await reloads.next() != nil
    }

    func close() {
        closed = true
        acks.cancel()
        reloads.finish()
    }

    /// Whether `nextBatch` waits for an acknowledgement now; for tests.
    var isWaitingForAck: Bool { acks.hasWaitingConsumer }
}
