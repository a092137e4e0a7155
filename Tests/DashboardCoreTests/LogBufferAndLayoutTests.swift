import DashboardCore
import EngineAPI
import TerminalUI
import Testing

@Suite struct LogBufferTests {
    static func entries(_ range: Range<Int>, kind: LogEntry.Kind = .stdout) -> [LogEntry] {
        range.map { LogEntry(kind: kind, timestamp: Int64($0), text: "line \($0)") }
    }

    @Test func appendEvictsTheOldestAndKeepsSequenceNumbers() {
        var buffer = LogBuffer(capacity: 5)
        #expect(buffer.append(Self.entries(0..<3)) == 0)
        #expect(buffer.append(Self.entries(3..<8)) == 3)
        #expect(buffer.count == 5)
        #expect(buffer.seqs == 3..<8)
        #expect(buffer.seqs.map { buffer[seq: $0].text } == (3..<8).map { "line \($0)" })
    }

    @Test func aBatchLargerThanTheBufferKeepsItsNewestLines() {
        var buffer = LogBuffer(capacity: 4)
        buffer.append(Self.entries(0..<2))
        #expect(buffer.append(Self.entries(2..<12)) == 8)
        #expect(buffer.seqs == 8..<12)
        #expect(buffer.first?.text == "line 8")
        #expect(buffer.last?.text == "line 11")
    }

    @Test func theByteLimitAlsoBounds() {
        var buffer = LogBuffer(capacity: 1000, byteLimit: 1000)
        let big = (0..<10).map {
            LogEntry(kind: .stdout, timestamp: nil, text: String(repeating: "x", count: 200) + "\($0)")
        }
        buffer.append(big)
        #expect(buffer.bytes <= 1000)
        // 201 bytes plus 48 for the entry: four fit in 1000.
        #expect(buffer.count == 4)
        #expect(buffer.last?.text.hasSuffix("9") == true)
        // A single line over the limit is still kept: the newest line is never dropped.
        buffer.append(LogEntry(kind: .stdout, timestamp: nil, text: String(repeating: "y", count: 5000)))
        #expect(buffer.count == 1)
    }

    @Test func prependAddsOlderLinesBelowTheFirstSequenceNumber() {
        var buffer = LogBuffer(capacity: 10)
        buffer.append(Self.entries(100..<104))
        let first = buffer.firstSeq
        #expect(buffer.prepend(Self.entries(95..<100)) == 0)
        #expect(buffer.firstSeq == first - 5)
        #expect(buffer.seqs.map { buffer[seq: $0].text } == (95..<104).map { "line \($0)" })
        // The line numbered `first` is still the same line.
        #expect(buffer[seq: first].text == "line 100")
    }

    @Test func prependIntoAFullBufferDropsTheNewest() {
        var buffer = LogBuffer(capacity: 6)
        buffer.append(Self.entries(10..<16))
        let dropped = buffer.prepend(Self.entries(6..<10))
        #expect(dropped == 4)
        #expect(buffer.seqs.map { buffer[seq: $0].text } == (6..<12).map { "line \($0)" })
    }

    @Test func equalityIgnoresTheRingsLayout() {
        var a = LogBuffer(capacity: 3)
        a.append(Self.entries(0..<5))
        var b = LogBuffer(capacity: 3)
        b.append(Self.entries(0..<2))
        b.append(Self.entries(2..<5))
        #expect(a == b)
        b.append(Self.entries(5..<6))
        #expect(a != b)
    }

    /// Chunked storage: wrap-around across chunk boundaries with a capacity that is not a multiple of the chunk.
    @Test func manyBatchesAcrossChunksKeepExactlyTheNewest() {
        var buffer = LogBuffer(capacity: 600)
        var generator = SplitMix(seed: 7)
        var next = 0
        while next < 5000 {
            let size = Int(generator.next() % 700) + 1
            buffer.append(Self.entries(next..<next + size))
            next += size
            let expected = max(0, next - 600)..<next
            #expect(buffer.count == expected.count)
            #expect(buffer.first?.text == "line \(expected.lowerBound)")
            #expect(buffer.last?.text == "line \(next - 1)")
        }
        #expect(buffer.seqs.map { buffer[seq: $0].text } == (next - 600..<next).map { "line \($0)" })
    }

    @Test func copiesAreIndependent() {
        var original = LogBuffer(capacity: 300)
        original.append(Self.entries(0..<300))
        var copy = original
        copy.append(Self.entries(300..<310))
        #expect(original.last?.text == "line 299")
        #expect(original.first?.text == "line 0")
        #expect(copy.first?.text == "line 10")
        #expect(copy.last?.text == "line 309")
    }

    /// What an append would evict, worked out beforehand, is what the append then evicts of the entries held: by
    /// count, by bytes, and with batches of any size, over 2,000 seeded rounds.
    @Test func evictionsForeseenAreTheEvictionsMade() {
        var random = SplitMix(seed: 16)
        var buffer = LogBuffer(capacity: 12, byteLimit: 12 * 70)
        var next = 0
        for round in 0..<2000 {
            let size = Int(random.next() % 16)
            let batch = (0..<size).map { offset -> LogEntry in
                let length = random.next() % 5 == 0 ? Int(random.next() % 400) : Int(random.next() % 20)
                return LogEntry(
                    kind: .stdout, timestamp: Int64(next + offset), text: String(repeating: "x", count: length))
            }
            next += size
            let held = buffer.count
            let foreseen = buffer.evictions(byAppending: batch)
            let oldFirst = buffer.firstSeq
            buffer.append(batch)
            // The old entries still held after the append are those from the first one not foreseen to go.
            let oldKept = max(0, min(buffer.endSeq - size, oldFirst + held) - max(buffer.firstSeq, oldFirst))
            #expect(foreseen == held - oldKept, "round \(round): foresaw \(foreseen), \(held - oldKept) went")
        }
    }

    @Test func wrapAroundAfterByteEvictionStaysConsistent() {
        var buffer = LogBuffer(capacity: 8, byteLimit: 8 * 60)
        for i in 0..<200 {
            let length = i % 7 == 0 ? 150 : 5
            buffer.append(LogEntry(kind: .stdout, timestamp: Int64(i), text: String(repeating: "z", count: length)))
            let stamps = buffer.seqs.map { buffer[seq: $0].timestamp ?? -1 }
            #expect(stamps == Array(stamps.sorted()), "order broken after \(i)")
            #expect(stamps.last == Int64(i))
            #expect(buffer.count <= 8)
        }
    }
}

@Suite struct LogLayoutTests {
    static func entry(_ text: String) -> LogEntry { LogEntry(kind: .stdout, timestamp: nil, text: text) }

    static func text(_ rows: [[LogCell]]) -> [String] { rows.map { $0.map(\.glyph.text).joined() } }

    @Test func asciiLinesWrapByWidth() {
        let options = LogLayoutOptions(width: 10, wrap: true)
        let line = Self.entry(String(repeating: "0123456789", count: 3) + "abc")
        #expect(LogLayout.rowCount(line, options) == 4)
        #expect(Self.text(LogLayout.rows(line, options, from: 2, count: 5)) == ["0123456789", "abc"])
        #expect(LogLayout.rowCount(Self.entry(""), options) == 1)
        #expect(Self.text(LogLayout.rows(Self.entry(""), options, from: 0, count: 1)) == [""])
    }

    @Test func withoutWrapALineIsOneRowSeenThroughAWindow() {
        let options = LogLayoutOptions(width: 5, wrap: false, column: 3)
        let line = Self.entry("abcdefghijk")
        #expect(LogLayout.rowCount(line, options) == 1)
        #expect(Self.text(LogLayout.rows(line, options, from: 0, count: 1)) == ["defgh"])
        #expect(LogLayout.rows(line, options, from: 0, count: 1).first?.first?.source == 3)
        // The same through the slow path (a tab makes the line non-ASCII-plain).
        let tabbed = Self.entry("ab\tcdefghijk")
        #expect(Self.text(LogLayout.rows(tabbed, options, from: 0, count: 1)) == ["     "])
        #expect(
            Self.text(LogLayout.rows(tabbed, LogLayoutOptions(width: 6, wrap: false, column: 6), from: 0, count: 1))
                == ["  cdef"])
    }

    @Test func tabsGoToTheNextStopOfEight() {
        let options = LogLayoutOptions(width: 80, wrap: true)
        #expect(Self.text(LogLayout.rows(Self.entry("a\tb\tc"), options, from: 0, count: 1)) == ["a       b       c"])
        #expect(
            Self.text(LogLayout.rows(Self.entry("abcdefgh\tx"), options, from: 0, count: 1)) == ["abcdefgh        x"])
    }

    @Test func wideCharactersMoveToTheNextRowRatherThanSplit() {
        let options = LogLayoutOptions(width: 5, wrap: true)
        let line = Self.entry("ab한글xy")  // a b 한(2) 글(2) x y: 한 fits (col 2-3), 글 does not (col 4-5)
        #expect(LogLayout.rowCount(line, options) == 2)
        #expect(Self.text(LogLayout.rows(line, options, from: 0, count: 2)) == ["ab한", "글xy"])
    }

    @Test func controlCharactersAreVisibleAndCountTheirColumns() {
        let options = LogLayoutOptions(width: 4, wrap: true)
        let line = Self.entry("\u{1B}]0;x\u{07}")  // ^[ ] 0 ; x ^G = 8 columns
        #expect(LogLayout.rowCount(line, options) == 2)
        #expect(Self.text(LogLayout.rows(line, options, from: 0, count: 2)) == ["^[]0", ";x^G"])
    }

    /// The slow path must agree with TerminalText exactly (same glyphs, same widths) on arbitrary text.
    @Test func agreesWithTerminalTextOnMixedText() {
        let alphabet: [String] = [
            "a", "Z", " ", "한", "🐳", "é", "e\u{301}", "\u{1B}", "\u{7F}", "\u{9B}", "\u{202E}", "\u{200D}", "\u{FE0F}",
            "👍🏽", "\u{E000}", "\u{FFFD}", "x\u{200B}", "\u{0}", "ｱ", "—",
        ]
        var generator = SplitMix(seed: 42)
        for _ in 0..<300 {
            let count = Int(generator.next() % 40)
            let text = (0..<count).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined()
            let expected = TerminalText.glyphs(text)
            let options = LogLayoutOptions(width: 1000, wrap: true)
            let rows = LogLayout.rows(Self.entry(text), options, from: 0, count: 1)
            let glyphs = rows.first?.map(\.glyph) ?? []
            #expect(glyphs == expected, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            // Wrapped at width 7: every row fits and the rows together are the same glyphs.
            let narrow = LogLayoutOptions(width: 7, wrap: true)
            let count7 = LogLayout.rowCount(Self.entry(text), narrow)
            let rows7 = LogLayout.rows(Self.entry(text), narrow, from: 0, count: count7 + 5)
            #expect(rows7.count == count7)
            #expect(rows7.flatMap { $0.map(\.glyph) } == expected)
            #expect(rows7.allSatisfy { $0.reduce(0) { $0 + $1.glyph.width } <= 7 })
        }
    }

    @Test func aMegabyteLineIsCheapToMeasureAndOnlyVisibleRowsAreBuilt() {
        let line = Self.entry(String(repeating: "abcdefghij", count: 100_000))
        let options = LogLayoutOptions(width: 100, wrap: true)
        #expect(LogLayout.rowCount(line, options) == 10_000)
        let rows = LogLayout.rows(line, options, from: 9_998, count: 40)
        #expect(rows.count == 2)
        #expect(rows.last?.last?.source == 999_999)
    }

    @Test func sgrColoursBecomeStylesOnlyWhenAskedFor() {
        let line = Self.entry("a\u{1B}[31mred\u{1B}[0m \u{1B}[1;38;5;10mB\u{1B}[2Jz")
        let plain = LogLayout.rows(line, LogLayoutOptions(width: 80, wrap: true), from: 0, count: 1)
        #expect(Self.text(plain) == ["a^[[31mred^[[0m ^[[1;38;5;10mB^[[2Jz"])
        let colored = LogLayout.rows(line, LogLayoutOptions(width: 80, wrap: true, colors: true), from: 0, count: 1)
        // Only SGR is interpreted: the clear-screen sequence stays visible.
        #expect(Self.text(colored) == ["ared B^[[2Jz"])
        let cells = colored.first ?? []
        #expect(cells[1].style == Style(foreground: .red))
        #expect(cells[4].style == nil)
        #expect(cells[5].style == Style(foreground: .brightGreen, bold: true))
        #expect(cells[1].source == 6)
    }
}

@Suite struct LogPatternTests {
    @Test func plainTextIsSmartCase() throws {
        let lower = try LogPattern("error", isRegex: false)
        #expect(lower.matches("An ERROR happened"))
        #expect(lower.ranges(in: "Error, error") == [0..<5, 7..<12])
        let upper = try LogPattern("Error", isRegex: false)
        #expect(!upper.matches("an error"))
        #expect(upper.matches("an Error"))
    }

    @Test func rangesAreUTF8Offsets() throws {
        let pattern = try LogPattern("글", isRegex: false)
        #expect(pattern.ranges(in: "한글 글") == [3..<6, 7..<10])
        let regex = try LogPattern("글+", isRegex: true)
        #expect(regex.ranges(in: "🐳 한글글") == [8..<14])
    }

    @Test func regularExpressions() throws {
        let pattern = try LogPattern("^req [0-9]+ (ok|fail)$", isRegex: true)
        #expect(pattern.matches("req 42 ok"))
        #expect(!pattern.matches("req x ok"))
        #expect(
            try LogPattern("FAIL", isRegex: true).matches("FAIL")
                && !(try LogPattern("FAIL", isRegex: true).matches("fail")))
        #expect(throws: LogPattern.Invalid.self) { try LogPattern("([", isRegex: true) }
        // An empty match highlights nothing but still counts as matching.
        let empty = try LogPattern("x*", isRegex: true)
        #expect(empty.matches("abc"))
        #expect(empty.ranges(in: "abc").isEmpty)
    }
}

/// A small deterministic generator so failures reproduce.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
