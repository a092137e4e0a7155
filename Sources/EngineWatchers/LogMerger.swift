import EngineAPI

/// Puts the lines of several log streams (a Compose project's containers, marked rows) into one timestamp order.
///
/// Each stream arrives in its own order, but the streams race each other: a line stamped earlier can reach berth
/// after a later one of another container. The merger holds every line back for `holdback` after it arrived, then
/// hands over, oldest first, everything stamped up to the newest line whose wait is over; a line that arrives later
/// than that with an older stamp is still handed over (never dropped), just out of place.
///
/// At the start every stream sends its tail at once: nothing is handed over until each stream has answered (lines,
/// a stop, or a failure) and `settle` has passed since the last one did, or `startLimit` since the start, so the
/// first screen is in order across the streams.
///
/// Pure: the caller passes the times (monotonic nanoseconds), so tests need no clock.
public struct LogMerger: Sendable {
    public struct Timing: Sendable {
        public var holdback: Int64
        public var settle: Int64
        public var startLimit: Int64

        public init(
            holdback: Int64 = 200_000_000, settle: Int64 = 300_000_000, startLimit: Int64 = 3_000_000_000
        ) {
            self.holdback = holdback
            self.settle = settle
            self.startLimit = startLimit
        }
    }

    private struct Held: Sendable {
        var line: LogLine
        /// The stamp the line is ordered by: its own, or the one before it in its stream.
        var stamp: Int64
        var arrived: Int64
    }

    private let timing: Timing
    private let started: Int64
    /// Per stream, the lines waiting, in the stream's order.
    private var queues: [[Held]]
    /// Per stream, where its queue's unread part begins (the queue is compacted when it is all read).
    private var heads: [Int]
    /// Per stream, the last stamp seen: a line without one sorts right after it.
    private var lastStamps: [Int64?]
    private var answered: [Bool]
    private var lastAnswer: Int64?
    private var starting = true
    /// The newest stamp handed over; a late older line is placed after it.
    private var handedOver: Int64 = .min

    /// How many lines wait.
    public private(set) var count = 0

    public init(streams: Int, now: Int64, timing: Timing = Timing()) {
        self.timing = timing
        started = now
        queues = Array(repeating: [], count: streams)
        heads = Array(repeating: 0, count: streams)
        lastStamps = Array(repeating: nil, count: streams)
        answered = Array(repeating: streams == 0, count: streams)
    }

    /// Lines of stream `stream`, in its order.
    public mutating func add(_ lines: [LogLine], stream: Int, now: Int64) {
        guard queues.indices.contains(stream) else { return }
        markAnswered(stream, now: now)
        for line in lines {
            let stamp = line.timestamp ?? lastStamps[stream] ?? handedOver
            if line.timestamp != nil { lastStamps[stream] = stamp }
            queues[stream].append(Held(line: line, stamp: stamp, arrived: now))
        }
        count += lines.count
    }

    /// Stream `stream` answered without lines (it stopped, failed, or its log is empty): the start need not wait
    /// for it.
    public mutating func markAnswered(_ stream: Int, now: Int64) {
        guard queues.indices.contains(stream), !answered[stream] else { return }
        answered[stream] = true
        lastAnswer = now
    }

    /// Whether the start still waits for a stream to answer.
    public func isStarting(now: Int64) -> Bool {
        guard starting else { return false }
        if now - started >= timing.startLimit { return false }
        guard answered.allSatisfy({ $0 }), let lastAnswer else { return true }
        return now - lastAnswer < timing.settle
    }

    /// The lines ready to show, in timestamp order (of one stream, in the stream's order).
    public mutating func take(now: Int64) -> [LogLine] {
        if starting {
            if isStarting(now: now) { return [] }
            starting = false
            // The whole start is in: everything held goes, in order.
            return drain(upTo: .max)
        }
        // The newest stamp among the lines whose wait is over.
        var limit: Int64?
        for stream in queues.indices {
            let queue = queues[stream]
            var index = heads[stream]
            while index < queue.count, now - queue[index].arrived >= timing.holdback {
                limit = max(limit ?? .min, queue[index].stamp)
                index += 1
            }
        }
        guard let limit else { return [] }
        return drain(upTo: limit)
    }

    /// Everything held, in order, whatever its wait (the stream is closing).
    public mutating func takeAll() -> [LogLine] {
        drain(upTo: .max)
    }

    /// Hands over every held line stamped up to `limit`, merging the streams' queues by stamp.
    private mutating func drain(upTo limit: Int64) -> [LogLine] {
        var result: [LogLine] = []
        while true {
            var best: Int?
            for stream in queues.indices where heads[stream] < queues[stream].count {
                let stamp = queues[stream][heads[stream]].stamp
                guard stamp <= limit else { continue }
                if let current = best, queues[current][heads[current]].stamp <= stamp { continue }
                best = stream
            }
            guard let stream = best else { break }
            // Take the run of this stream's lines that come before every other stream's next line.
            var other = Int64.max
            for index in queues.indices where index != stream && heads[index] < queues[index].count {
                other = min(other, queues[index][heads[index]].stamp)
            }
            var head = heads[stream]
            let queue = queues[stream]
            repeat {
                result.append(queue[head].line)
                handedOver = max(handedOver, queue[head].stamp)
                head += 1
            } while head < queue.count && queue[head].stamp <= limit && queue[head].stamp <= other
            heads[stream] = head
        }
        for stream in queues.indices where heads[stream] > 0 {
            if heads[stream] == queues[stream].count {
                queues[stream].removeAll(keepingCapacity: true)
            } else if heads[stream] > 4096 {
                queues[stream].removeFirst(heads[stream])
            } else {
                continue
            }
            heads[stream] = 0
        }
        count -= result.count
        return result
    }

    /// Merges pages already complete (older lines of each stream, read at once) by stamp; of one stream, in order.
    public static func merge(_ pages: [[LogLine]]) -> [LogLine] {
        var merger = LogMerger(streams: pages.count, now: 0)
        for (stream, page) in pages.enumerated() { merger.add(page, stream: stream, now: 0) }
        return merger.takeAll()
    }
}
