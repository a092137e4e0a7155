import EngineAPI
import EngineWatchers
import Testing

/// Several containers' log streams in one timestamp order: the start waits for every stream, live lines wait a
/// moment for the other streams' earlier ones, and nothing is ever dropped.
@Suite struct LogMergerTests {
    static let ms: Int64 = 1_000_000

    static func line(_ text: String, at stamp: Int64?) -> LogLine {
        LogLine(stream: .stdout, timestamp: stamp, text: text)
    }

    @Test func theStartWaitsForEveryStreamThenMergesTheTails() {
        var merger = LogMerger(streams: 2, now: 0)
        merger.add([Self.line("a1", at: 10), Self.line("a2", at: 30)], stream: 0, now: 5 * Self.ms)
        #expect(merger.take(now: 400 * Self.ms).isEmpty, "stream 1 has not answered")
        merger.add([Self.line("b1", at: 20), Self.line("b2", at: 40)], stream: 1, now: 500 * Self.ms)
        #expect(merger.take(now: 600 * Self.ms).isEmpty, "still settling")
        #expect(merger.take(now: 800 * Self.ms).map(\.text) == ["a1", "b1", "a2", "b2"])
        #expect(merger.count == 0)
    }

    @Test func aStreamThatNeverAnswersHoldsTheStartOnlyUntilTheLimit() {
        var merger = LogMerger(streams: 2, now: 0)
        merger.add([Self.line("a1", at: 10)], stream: 0, now: 0)
        #expect(merger.take(now: 2_900 * Self.ms).isEmpty)
        #expect(merger.take(now: 3_000 * Self.ms).map(\.text) == ["a1"])
    }

    @Test func anEmptyLogAnswersByAttaching() {
        var merger = LogMerger(streams: 2, now: 0)
        merger.markAnswered(1, now: 0)
        merger.add([Self.line("a1", at: 10)], stream: 0, now: 10 * Self.ms)
        #expect(merger.take(now: 310 * Self.ms).map(\.text) == ["a1"])
    }

    @Test func aLiveLineWaitsForAnEarlierOneOfAnotherStream() {
        var merger = Self.started()
        // b's line is stamped later but arrives first; a's earlier line arrives 100 ms after it.
        merger.add([Self.line("b-late", at: 2_000 * Self.ms)], stream: 1, now: 1_000 * Self.ms)
        #expect(merger.take(now: 1_100 * Self.ms).isEmpty, "held back")
        merger.add([Self.line("a-early", at: 1_990 * Self.ms)], stream: 0, now: 1_100 * Self.ms)
        #expect(merger.take(now: 1_200 * Self.ms).map(\.text) == ["a-early", "b-late"])
        // a's line was not ripe yet, but it is older than what was handed over: it went along, in order.
        #expect(merger.count == 0)
    }

    @Test func aLineLaterThanTheHoldbackIsStillHandedOver() {
        var merger = Self.started()
        merger.add([Self.line("b", at: 2_000 * Self.ms)], stream: 1, now: 1_000 * Self.ms)
        #expect(merger.take(now: 1_200 * Self.ms).map(\.text) == ["b"])
        merger.add([Self.line("a-very-late", at: 1_000 * Self.ms)], stream: 0, now: 1_500 * Self.ms)
        #expect(merger.take(now: 1_700 * Self.ms).map(\.text) == ["a-very-late"])
    }

    @Test func linesWithoutStampsStayAfterTheirStreamsPreviousLine() {
        var merger = Self.started()
        merger.add(
            [Self.line("a1", at: 100), Self.line("a1-no-stamp", at: nil), Self.line("a2", at: 300)], stream: 0,
            now: 1_000 * Self.ms)
        merger.add([Self.line("b1", at: 200)], stream: 1, now: 1_000 * Self.ms)
        #expect(merger.take(now: 1_200 * Self.ms).map(\.text) == ["a1", "a1-no-stamp", "b1", "a2"])
    }

    @Test func aStreamsOwnOrderIsKeptEvenWhenItsStampsGoBack() {
        let merged = LogMerger.merge([
            [Self.line("a1", at: 50), Self.line("a2", at: 10), Self.line("a3", at: 60)],
            [Self.line("b1", at: 20), Self.line("b2", at: 55)],
        ])
        #expect(merged.map(\.text) == ["b1", "a1", "a2", "b2", "a3"])
        #expect(merged.count == 5)
    }

    @Test func equalStampsKeepTheStreamsOrderAndLoseNothing() {
        let merged = LogMerger.merge([
            (0..<100).map { Self.line("a\($0)", at: Int64($0 / 10)) },
            (0..<100).map { Self.line("b\($0)", at: Int64($0 / 10)) },
        ])
        #expect(merged.count == 200)
        #expect(merged.filter { $0.text.hasPrefix("a") }.map(\.text) == (0..<100).map { "a\($0)" })
        #expect(merged.map { $0.timestamp ?? -1 } == merged.map { $0.timestamp ?? -1 }.sorted())
    }

    /// A merger of two streams whose start is over.
    static func started() -> LogMerger {
        var merger = LogMerger(streams: 2, now: 0)
        merger.markAnswered(0, now: 0)
        merger.markAnswered(1, now: 0)
        #expect(merger.take(now: 500 * ms).isEmpty)
        #expect(!merger.isStarting(now: 500 * ms))
        return merger
    }
}
