import EngineAPI
import EngineClient

extension LogFollower {
    /// A page of lines newer than a point the caller holds, oldest first.
    public struct NewerPage: Sendable, Equatable {
        public var lines: [LogLine]
        /// Every line up to `until` (or, without one, up to the end of the log when it was read) is in `lines`.
        public var reachedEnd: Bool

        public init(lines: [LogLine], reachedEnd: Bool) {
            self.lines = lines
            self.reachedEnd = reachedEnd
        }
    }

    /// Up to `count` lines written from `since` on, oldest first: the way forward again after paging back.
    ///
    /// The engine's `since` and `until` both include lines stamped exactly at them, so the caller says how many it
    /// already has at each end: the first `skipAtSince` lines stamped `since` are its newest ones, the last
    /// `skipAtUntil` lines stamped `until` are the first of what it holds beyond (the newest lines, still arriving
    /// on the live stream). Reading stops as soon as the page is known to be full, however long the log after it.
    ///
    /// - Parameters:
    ///   - since: the timestamp of the newest line the caller has before the gap.
    ///   - until: the timestamp of the first line the caller has after the gap; nil when it has none.
    public static func newer(
        client: EngineClient, containerID: String, framing: LogFrameDecoder.Framing, since: Int64, skipAtSince: Int,
        until: Int64?, skipAtUntil: Int, count: Int, maxLineBytes: Int = 4 << 20
    ) async throws -> NewerPage {
        let count = max(1, count)
        let request = Endpoints.containerLogs(containerID, follow: false, since: since, until: until)
        var decoder = LogFrameDecoder(framing: framing, timestamps: true, maxLineBytes: maxLineBytes)
        var filter = SinceFilter(since: since, skip: skipAtSince)
        var kept: [LogLine] = []
        // One line past the page (plus those the caller has at `until`) tells a full page from the end.
        let enough = count + skipAtUntil + 1
        var full = false
        do {
            try await client.readBody(request) { chunk in
                var decoded: [LogLine] = []
                decoder.decode(chunk, into: &decoded)
                filter.keep(decoded, into: &kept)
                if kept.count >= enough {
                    full = true
                    // Stop reading: the rest of the log is not needed.
                    throw CancellationError()
                }
            }
        } catch is CancellationError where full {
            // The page is full.
        }
        if full { return NewerPage(lines: Array(kept.prefix(count)), reachedEnd: false) }
        filter.keep(decoder.finish(), into: &kept)
        if kept.count >= enough { return NewerPage(lines: Array(kept.prefix(count)), reachedEnd: false) }
        if let until {
            var skip = skipAtUntil
            while skip > 0, let last = kept.last, last.timestamp == until {
                kept.removeLast()
                skip -= 1
            }
        }
        return NewerPage(lines: kept, reachedEnd: true)
    }

    /// Drops what a `since` request sends that the caller has: anything older (an engine that rounds `since`
    /// down), and the first `skip` lines stamped exactly `since`.
    struct SinceFilter {
        let since: Int64
        var skip: Int

        init(since: Int64, skip: Int) {
            self.since = since
            self.skip = skip
        }

        mutating func keep(_ lines: [LogLine], into kept: inout [LogLine]) {
            for line in lines {
                if let stamp = line.timestamp {
                    if stamp < since { continue }
                    if stamp == since, skip > 0 {
                        skip -= 1
                        continue
                    }
                }
                kept.append(line)
            }
        }
    }
}
