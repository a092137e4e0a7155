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
    /// The engine's `since` and `until` both include lines stamped exactly at them, so the caller says what it has
    /// at each end: the first `skipAtSince` lines stamped `since` are its newest ones; at `until` either the last
    /// `skipAtUntil` lines stamped `until` are the first of what it holds beyond (the newest lines, still arriving on
    /// the live stream), or only the first `keepAtUntil` lines stamped `until` are wanted. Reading stops as soon as
    /// the page is known to be full, however long the log after it.
    ///
    /// - Parameters:
    ///   - since: the timestamp of the newest line the caller has before the gap.
    ///   - until: the timestamp of the line that ends the gap.
    public static func newer(
        client: EngineClient, containerID: String, framing: LogFrameDecoder.Framing, since: Int64, skipAtSince: Int,
        until: Int64, skipAtUntil: Int, keepAtUntil: Int?, count: Int, maxLineBytes: Int = 4 << 20
    ) async throws -> NewerPage {
        let count = max(1, count)
        let request = Endpoints.containerLogs(
            containerID, follow: false, since: since, until: secondEnd(until))
        var decoder = LogFrameDecoder(framing: framing, timestamps: true, maxLineBytes: maxLineBytes)
        var filter = PageFilter(since: since, skip: skipAtSince, until: until, keepAtUntil: keepAtUntil)
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
        if !full { filter.keep(decoder.finish(), into: &kept) }
        if kept.count >= enough { return NewerPage(lines: Array(kept.prefix(count)), reachedEnd: false) }
        var skip = skipAtUntil
        while skip > 0, let last = kept.last, last.timestamp == until {
            kept.removeLast()
            skip -= 1
        }
        return NewerPage(lines: kept, reachedEnd: true)
    }

    /// The `until` to ask for: an engine that stamps lines to the second (Podman's Docker API) shows a line written
    /// at 12:00:00.7 as 12:00:00 and leaves it out of `until=12:00:00`, so a whole-second stamp asks up to the end
    /// of its second, and what lies beyond the stamp itself is dropped on arrival.
    static func secondEnd(_ stamp: Int64) -> Int64 {
        stamp % 1_000_000_000 == 0 ? stamp + 999_999_999 : stamp
    }

    /// Keeps what a `since`/`until` request sends that the caller wants: nothing older than `since` (an engine that
    /// rounds it down) nor the first `skip` lines stamped exactly `since`; nothing newer than `until`, and with
    /// `keepAtUntil`, no more than that many lines stamped exactly `until`.
    struct PageFilter {
        let since: Int64
        var skip: Int
        let until: Int64
        var keepAtUntil: Int?

        init(since: Int64, skip: Int, until: Int64, keepAtUntil: Int?) {
            self.since = since
            self.skip = skip
            self.until = until
            self.keepAtUntil = keepAtUntil
        }

        mutating func keep(_ lines: [LogLine], into kept: inout [LogLine]) {
            for line in lines {
                if let stamp = line.timestamp {
                    if stamp < since || stamp > until { continue }
                    if stamp == since, skip > 0 {
                        skip -= 1
                        continue
                    }
                    if stamp == until, let keep = keepAtUntil {
                        guard keep > 0 else { continue }
                        keepAtUntil = keep - 1
                    }
                }
                kept.append(line)
            }
        }
    }
}
