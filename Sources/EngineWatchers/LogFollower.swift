import EngineAPI
import EngineClient

/// What a `LogFollower` reports, in order.
public enum LogFollowerEvent: Sendable, Equatable {
    /// The follower reached the container's log; lines follow.
    case attached(tty: Bool, running: Bool)
    /// New lines, oldest first. Never empty.
    case lines([LogLine])
    /// The container is not running (it stopped, or never ran): the stream ended. `at` is `FinishedAt`.
    case stopped(exitCode: Int?, at: Int64?)
    /// The container started again; the follower reconnected and continues where it left off.
    case restarted(at: Int64?)
    /// The logs cannot be read (logging driver `none`, container removed, refused by the engine): the follower
    /// stops. The text explains why.
    case unavailable(String)
    /// The connection broke; the follower retries by itself.
    case interrupted(String)
}

/// Follows one container's log: the last `tail` lines, then everything new, across restarts and engine outages.
///
/// Lines are handed over in batches, at most one batch per `batchInterval` (50 ms): a container printing a
/// million lines a second costs twenty deliveries a second, not a million. Reading from the socket and delivering
/// run side by side, and between them at most `maxPendingLines`/`maxPendingBytes` wait; beyond that reading stops
/// (the client then stops reading the socket and the engine feels it), so a slow consumer bounds memory instead
/// of growing it. Nothing is dropped.
///
/// When the stream ends because the container stopped, the follower says so and waits for its next start on the
/// event stream; then it reconnects with `since` set to the newest line it has delivered, skipping the lines it
/// already sent.
public struct LogFollower: Sendable {
    public struct Options: Sendable {
        /// Lines of history to start with; nil for the whole log.
        public var tail: Int?
        public var batchInterval: Duration
        public var maxPendingLines: Int
        public var maxPendingBytes: Int
        /// Longer lines are delivered in pieces (`LogLine.continues`).
        public var maxLineBytes: Int
        /// The pause before retrying after a broken connection.
        public var retryDelay: Duration

        public init(
            tail: Int? = 1000, batchInterval: Duration = .milliseconds(50), maxPendingLines: Int = 20_000,
            maxPendingBytes: Int = 16 << 20, maxLineBytes: Int = 4 << 20, retryDelay: Duration = .seconds(1)
        ) {
            self.tail = tail
            self.batchInterval = batchInterval
            self.maxPendingLines = maxPendingLines
            self.maxPendingBytes = maxPendingBytes
            self.maxLineBytes = maxLineBytes
            self.retryDelay = retryDelay
        }
    }

    public let containerID: String
    public let options: Options
    private let client: @Sendable () async -> EngineClient?
    private let timeline: Timeline

    /// - Parameter client: the current engine client, nil while disconnected (asked again before each attempt).
    public init(
        containerID: String, options: Options = Options(), client: @escaping @Sendable () async -> EngineClient?
    ) {
        self.init(containerID: containerID, options: options, clock: ContinuousClock(), client: client)
    }

    /// A follower whose pauses (between batches, before retrying) follow `clock`, for tests.
    public init(
        containerID: String, options: Options = Options(), clock: any Clock<Duration>,
        client: @escaping @Sendable () async -> EngineClient?
    ) {
        self.containerID = containerID
        self.options = options
        self.client = client
        self.timeline = Timeline(clock)
    }

    /// The newest line delivered: where a reconnect resumes.
    struct ResumePoint: Sendable, Equatable {
        var timestamp: Int64
        /// How many delivered lines carry exactly `timestamp` (the engine's `since` is inclusive).
        var count: Int
    }

    /// Runs until the task is cancelled or the logs turn out to be unreadable. `deliver` is awaited: while it runs,
    /// at most the pending limit is read ahead.
    public func run(deliver: @escaping @Sendable (LogFollowerEvent) async -> Void) async {
        var resume: ResumePoint?
        var lastStart: Int64?
        var attached = false
        var announcedStop = false
        var lastStop: Int64?
        var lastProblem: String?
        func problem(_ text: String) async {
            if text != lastProblem { await deliver(.interrupted(text)) }
            lastProblem = text
            try? await timeline.sleep(for: options.retryDelay)
        }
        while !Task.isCancelled {
            guard let client = await client() else {
                await problem("the engine is not connected")
                continue
            }
            let source: ContainerInspect
            do {
                source = try await client.decode(ContainerInspect.self, Endpoints.inspectContainer(containerID))
            } catch {
                if Task.isCancelled { return }
                if let final = Self.finalReason(error) { return await deliver(.unavailable(final)) }
                await problem(Self.describe(error))
                continue
            }
            guard source.logsAreReadable else {
                return await deliver(
                    .unavailable(
                        "This container's logging driver is \"none\": the engine keeps no logs for it, "
                            + "so there is nothing to show (docker logs cannot read them either)."))
            }
            let firstContact = !attached
            if firstContact || lastProblem != nil {
                // First contact, or back after an outage: the pane can stop saying "reconnecting".
                attached = true
                await deliver(.attached(tty: source.framing == .raw, running: source.isRunning))
            }
            if !firstContact, let started = source.startedAtNanos, started != lastStart {
                // A new run, even if it already ended again (a short job, a crash loop).
                await deliver(.restarted(at: started))
            }
            lastStart = source.startedAtNanos
            lastProblem = nil

            let request: EngineRequest
            if let resume {
                request = Endpoints.containerLogs(containerID, follow: true, since: resume.timestamp)
            } else {
                request = Endpoints.containerLogs(containerID, follow: true, tail: options.tail)
            }
            do {
                // `resume` moves past every delivered line even when the stream then breaks: a retry after an
                // outage must not deliver them again.
                try await stream(request, client: client, framing: source.framing, resume: &resume) {
                    await deliver(.lines($0))
                }
            } catch {
                if Task.isCancelled { return }
                if let final = Self.finalReason(error) { return await deliver(.unavailable(final)) }
                await problem(Self.describe(error))
                continue
            }
            if Task.isCancelled { return }
            // The engine ends a follow stream when the container stops.
            guard let after = try? await client.decode(ContainerInspect.self, Endpoints.inspectContainer(containerID))
            else { continue }
            if after.isRunning {
                if after.startedAtNanos == lastStart {
                    // Still the same run: the engine ended the stream for its own reasons. Do not spin.
                    try? await timeline.sleep(for: options.retryDelay)
                }
                continue
            }
            // A failed wait below comes back here with the same stop: say it once.
            let stop = after.finishedAtNanos ?? after.createdNanos
            if !announcedStop || stop != lastStop {
                await deliver(.stopped(exitCode: after.state?.exitCode, at: after.finishedAtNanos))
            }
            announcedStop = true
            lastStop = stop
            let since = after.finishedAtNanos ?? after.createdNanos
            switch await waitForStart(client: client, since: since, previousStart: after.startedAtNanos) {
            case .started: continue
            case .destroyed: return await deliver(.unavailable("The container was removed."))
            case .failed: try? await timeline.sleep(for: options.retryDelay)
            }
        }
    }

    /// Reads one log stream to its end, delivering batches; `resume` ends past the last line delivered, whether
    /// the stream ended or broke.
    func stream(
        _ request: EngineRequest, client: EngineClient, framing: LogFrameDecoder.Framing, resume: inout ResumePoint?,
        deliver: @escaping @Sendable ([LogLine]) async -> Void
    ) async throws {
        let start = resume
        let pending = PendingLines.mailbox(maxLines: options.maxPendingLines, maxBytes: options.maxPendingBytes)
        let interval = options.batchInterval
        let maxLineBytes = options.maxLineBytes
        let timeline = self.timeline
        // The reader never throws out of the group: the deliverer first hands over everything read before a failure.
        let (point, failure) = await withTaskGroup(of: StreamOutcome.self) { group in
            // Reading a flood is background work next to drawing the screen and answering keys.
            group.addTask(priority: .low) {
                var decoder = LogFrameDecoder(framing: framing, timestamps: true, maxLineBytes: maxLineBytes)
                var skipper = DuplicateSkipper(resume: start)
                var lines: [LogLine] = []
                do {
                    // Decoding happens here, in the task that reads the socket: no hop per chunk.
                    try await client.readBody(request) { chunk in
                        decoder.decode(chunk, into: &lines)
                        skipper.filter(&lines)
                        // Waits while more than the limit is unread.
                        if !lines.isEmpty { await pending.send(PendingLines(lines)) }
                        lines.removeAll(keepingCapacity: true)
                        // While the socket has data buffered nothing here suspends; the pool has two threads on
                        // small machines, and keys must not wait behind a flood.
                        await Task.yield()
                    }
                    lines = decoder.finish()
                    skipper.filter(&lines)
                    if !lines.isEmpty { pending.post(PendingLines(lines)) }
                    pending.finish()
                    return .read(failure: nil)
                } catch {
                    pending.finish()
                    return .read(failure: error)
                }
            }
            group.addTask {
                var point = start
                while let batch = await pending.next() {
                    point = DuplicateSkipper.advance(point, past: batch.lines)
                    await deliver(batch.lines)
                    try? await timeline.sleep(for: interval)
                }
                return .delivered(point)
            }
            var point = start
            var failure: (any Error)?
            for await outcome in group {
                switch outcome {
                case .read(let error): failure = error
                case .delivered(let delivered): point = delivered
                }
            }
            return (point, failure)
        }
        resume = point
        if let failure { throw failure }
    }

    private enum StreamOutcome: Sendable {
        case read(failure: (any Error)?)
        case delivered(ResumePoint?)
    }

    enum StartWait { case started, destroyed, failed }

    /// Waits on the event stream for the container's next start (or its removal).
    ///
    /// A start counts only if inspect shows a new `StartedAt`: the engine can stamp the `start` event of a
    /// container that exits at once later than its `FinishedAt`, so `since` alone replays the old run's start.
    func waitForStart(client: EngineClient, since: Int64?, previousStart: Int64?) async -> StartWait {
        var splitter = JSONLineSplitter()
        do {
            for try await chunk in client.streamBytes(Endpoints.containerStarts(containerID, since: since)) {
                // An event too long to read may be this container's start: inspect says whether it was.
                let lines = splitter.append(chunk)
                if splitter.droppedByLastAppend > 0,
                    try await client.decode(ContainerInspect.self, Endpoints.inspectContainer(containerID))
                        .startedAtNanos != previousStart
                {
                    return .started
                }
                for line in lines {
                    guard let event = try? JSONCoding.decode(EngineEvent.self, from: line) else { continue }
                    switch event.verb {
                    case "start":
                        let now = try await client.decode(
                            ContainerInspect.self, Endpoints.inspectContainer(containerID))
                        if now.startedAtNanos != previousStart { return .started }
                    case "destroy", "remove": return .destroyed
                    default: continue
                    }
                }
            }
        } catch {
            return .failed
        }
        return .failed
    }

    /// Errors that retrying will not fix, worded for the pane; nil for ones worth retrying.
    static func finalReason(_ error: any Error) -> String? {
        guard let error = error as? EngineError else { return nil }
        switch error {
        case .notFound: return "The container no longer exists."
        case .server(let status, let message) where status == 501:
            return "The engine cannot read this container's logs: \(message.isEmpty ? "not implemented" : message)."
        case .badRequest(let message), .conflict(let message): return "The engine refused to show the logs: \(message)"
        case .server(_, let message) where message.contains("logging driver"):
            return "The engine cannot read this container's logs: \(message)."
        default: return nil
        }
    }

    static func describe(_ error: any Error) -> String {
        (error as? EngineError)?.description ?? String(describing: error)
    }

    // MARK: - History

    /// Up to `count` lines written before `until`, oldest first, and whether they reach back to the log's start.
    ///
    /// The engine applies `tail` before `until`, so a page is read as a time window `since...until` instead, sized
    /// from `expectedWindow` (the caller knows its own line rate) and widened until it holds enough lines or covers
    /// the whole log. Only the last `count` lines of a window are kept while it streams.
    ///
    /// - Parameters:
    ///   - until: the timestamp of the oldest line the caller has (inclusive for the engine).
    ///   - skipAtUntil: how many lines with exactly that timestamp the caller already has.
    ///   - notBefore: when the container was created; no window reaches back further.
    public static func history(
        client: EngineClient, containerID: String, framing: LogFrameDecoder.Framing, until: Int64, skipAtUntil: Int,
        count: Int, notBefore: Int64?, expectedWindow: Duration, maxLineBytes: Int = 4 << 20
    ) async throws -> (lines: [LogLine], reachedStart: Bool) {
        let (wholeSeconds, attos) = expectedWindow.components
        var window = max(1_000_000_000, wholeSeconds * 1_000_000_000 + attos / 1_000_000_000)
        let lowest = notBefore ?? 0
        while true {
            let since = until - window
            let whole = since <= lowest
            // An engine that stamps to the second leaves lines later in that second out of `until`: ask to its end
            // (`secondEnd`) and drop what lies beyond the stamp itself.
            let request = Endpoints.containerLogs(
                containerID, follow: false, since: whole ? nil : since, until: secondEnd(until))
            var decoder = LogFrameDecoder(framing: framing, timestamps: true, maxLineBytes: maxLineBytes)
            var kept: [LogLine] = []
            let keep = count + skipAtUntil
            try await client.readBody(request) { chunk in
                var decoded: [LogLine] = []
                decoder.decode(chunk, into: &decoded)
                kept += decoded.lazy.filter { ($0.timestamp ?? until) <= until }
                if kept.count > keep * 2 + 1024 { kept.removeFirst(kept.count - keep) }
            }
            kept += decoder.finish().lazy.filter { ($0.timestamp ?? until) <= until }
            // The caller already has the newest lines stamped exactly `until`.
            var skip = skipAtUntil
            while skip > 0, let last = kept.last, last.timestamp == until {
                kept.removeLast()
                skip -= 1
            }
            if kept.count >= count || whole {
                return (Array(kept.suffix(count)), whole && kept.count <= count)
            }
            if window > Int64.max / 16 { return (kept, true) }
            window *= 8
        }
    }
}

/// Drops what a reconnect with `since` sends again: everything older than the resume point, and the lines stamped
/// exactly at it that were already delivered.
struct DuplicateSkipper {
    private var resume: LogFollower.ResumePoint?
    private var seenAtResume = 0

    init(resume: LogFollower.ResumePoint?) {
        self.resume = resume
    }

    mutating func filter(_ lines: inout [LogLine]) {
        guard let point = resume, !lines.isEmpty else { return }
        var kept: [LogLine] = []
        kept.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated() {
            guard let stamp = line.timestamp else {
                kept.append(line)
                continue
            }
            if stamp < point.timestamp { continue }
            if stamp == point.timestamp, seenAtResume < point.count {
                seenAtResume += 1
                continue
            }
            // Past the resume point: from here on everything is new.
            resume = nil
            kept.append(contentsOf: lines[index...])
            break
        }
        lines = kept
    }

    static func advance(_ point: LogFollower.ResumePoint?, past lines: [LogLine]) -> LogFollower.ResumePoint? {
        var point = point
        for line in lines {
            guard let stamp = line.timestamp else { continue }
            guard let current = point else {
                point = LogFollower.ResumePoint(timestamp: stamp, count: 1)
                continue
            }
            if stamp == current.timestamp {
                point = LogFollower.ResumePoint(timestamp: stamp, count: current.count + 1)
            } else if stamp > current.timestamp {
                point = LogFollower.ResumePoint(timestamp: stamp, count: 1)
            }
        }
        return point
    }
}

/// Lines read but not yet delivered, as they wait in the mailbox between the reading task and the delivering task.
struct PendingLines: Sendable {
    private(set) var lines: [LogLine]
    /// Roughly what the lines hold in memory.
    private(set) var bytes: Int

    init(_ lines: [LogLine]) {
        self.lines = lines
        bytes = lines.reduce(0) { $0 + $1.text.utf8.count + 48 }
    }

    mutating func append(_ other: PendingLines) {
        lines += other.lines
        bytes += other.bytes
    }

    /// Unread lines fold into one batch, which the deliverer takes whole; the reader waits while that batch holds
    /// more than `maxLines` lines or `maxBytes` bytes, so a slow consumer stops the reading instead of growing memory.
    static func mailbox(maxLines: Int, maxBytes: Int) -> Mailbox<PendingLines> {
        let maxLines = max(1, maxLines)
        let maxBytes = max(1, maxBytes)
        return Mailbox(
            merge: { unread, new in
                unread.append(new)
                return true
            },
            isFull: { unread in unread.contains { $0.lines.count > maxLines || $0.bytes > maxBytes } })
    }
}
