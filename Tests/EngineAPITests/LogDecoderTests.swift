import EngineAPI
import Testing

@Suite struct LogDecoderTests {
    /// What the fixtures' containers printed, as (stream, text).
    static let printed: [(LogStream, String)] = [
        (.stdout, "plain line"),
        (.stderr, "to stderr"),
        (.stdout, "tab\there"),
        (.stdout, "한글 🐳"),
        (.stdout, "bad \u{FFFD}\u{FFFD} utf8"),
        (.stdout, "esc \u{1B}]0;title\u{07} \u{1B}[2J \u{1B}[31mred\u{1B}[0m"),
        (.stdout, ""),
        (.stdout, "crlf"),
        (.stderr, "err two"),
        (.stdout, "no newline at end"),
    ]

    static func decodeAll(
        _ bytes: [UInt8], framing: LogFrameDecoder.Framing, timestamps: Bool = true, cuts: [Int] = [],
        maxLineBytes: Int = 4 << 20
    ) -> [LogLine] {
        var decoder = LogFrameDecoder(framing: framing, timestamps: timestamps, maxLineBytes: maxLineBytes)
        var lines: [LogLine] = []
        var start = 0
        for cut in cuts.map({ min($0, bytes.count) }) + [bytes.count] where cut >= start {
            decoder.decode(Array(bytes[start..<cut]), into: &lines)
            start = cut
        }
        return lines + decoder.finish()
    }

    @Test func multiplexedFixture() throws {
        let lines = Self.decodeAll(try Fixture.bytes("logs-multiplexed.bin"), framing: .multiplexed)
        #expect(lines.map(\.text) == Self.printed.map(\.1))
        #expect(lines.map(\.stream) == Self.printed.map(\.0))
        #expect(lines.allSatisfy { $0.timestamp != nil })
        #expect(lines.first?.timestamp == LogTimestamp.parse("2026-11-23T05:01:44.928207120Z"))
        #expect(lines.map(\.isPlainASCII) == [true, true, false, false, false, false, true, true, true, true])
    }

    @Test func ttyFixtureIsRawWithCRLF() throws {
        let lines = Self.decodeAll(try Fixture.bytes("logs-tty.bin"), framing: .raw)
        #expect(lines.map(\.text) == Self.printed.map(\.1))
        // A TTY merges stderr into its one output stream.
        #expect(lines.allSatisfy { $0.stream == .stdout })
        #expect(lines.allSatisfy { $0.timestamp != nil })
    }

    @Test func withoutTimestamps() throws {
        let lines = Self.decodeAll(
            try Fixture.bytes("logs-multiplexed-no-timestamps.bin"), framing: .multiplexed, timestamps: false)
        #expect(lines.map(\.text) == Self.printed.map(\.1))
        #expect(lines.allSatisfy { $0.timestamp == nil })
    }

    /// Every way a read can cut the body (header, timestamp, payload, multi-byte character) gives the same lines.
    @Test(arguments: ["logs-multiplexed.bin", "logs-tty.bin"])
    func splitAtEveryOffset(fixture: String) throws {
        let bytes = try Fixture.bytes(fixture)
        let framing: LogFrameDecoder.Framing = fixture.contains("tty") ? .raw : .multiplexed
        let whole = Self.decodeAll(bytes, framing: framing)
        for cut in 0...bytes.count {
            let lines = Self.decodeAll(bytes, framing: framing, cuts: [cut])
            #expect(lines == whole, "cut at \(cut)")
            if lines != whole { return }
        }
        for first in stride(from: 0, through: bytes.count, by: 7) {
            let lines = Self.decodeAll(bytes, framing: framing, cuts: [first, first + 3, first + 11])
            #expect(lines == whole, "cuts at \(first), +3, +11")
            if lines != whole { return }
        }
        let byteByByte = Self.decodeAll(bytes, framing: framing, cuts: Array(0..<bytes.count))
        #expect(byteByByte == whole)
    }

    /// Docker cuts a 40,000-byte line into 16 KiB messages that each carry a timestamp; the decoder rebuilds it.
    @Test(arguments: ["logs-multiplexed-long.bin", "logs-tty-long.bin"])
    func longLineIsRebuiltFromPartialMessages(fixture: String) throws {
        let bytes = try Fixture.bytes(fixture)
        let framing: LogFrameDecoder.Framing = fixture.contains("tty") ? .raw : .multiplexed
        let expected = ["before", String(repeating: "x", count: 40_000), "err after", "after"]
        let whole = Self.decodeAll(bytes, framing: framing)
        #expect(whole.map(\.text) == expected)
        #expect(
            whole.map(\.stream)
                == (framing == .raw ? [.stdout, .stdout, .stdout, .stdout] : [.stdout, .stdout, .stderr, .stdout]))
        #expect(whole[1].isPlainASCII)
        // Cuts everywhere near the message boundaries, and through the rest in steps.
        var cuts: [Int] = Array(stride(from: 0, through: bytes.count, by: 997))
        for boundary in [16_384, 16_415, 16_423, 32_830, 32_838, 32_868, 32_876] {
            cuts += (boundary - 12)...(boundary + 12)
        }
        for cut in cuts where cut <= bytes.count {
            let lines = Self.decodeAll(bytes, framing: framing, cuts: [cut])
            #expect(lines == whole, "cut at \(cut)")
            if lines != whole { return }
        }
        #expect(Self.decodeAll(bytes, framing: framing, cuts: Array(0..<bytes.count)) == whole)
    }

    @Test func invalidUTF8BecomesReplacementCharacter() {
        // Drivers other than json-file pass bytes through unchanged.
        let payload: [UInt8] = Array("2026-11-23T05:01:44.928207120Z a".utf8) + [0xFF, 0xFE, 0x62, 0x0A]
        let frame: [UInt8] = [1, 0, 0, 0, 0, 0, 0, UInt8(payload.count)] + payload
        let lines = Self.decodeAll(frame, framing: .multiplexed)
        #expect(lines.map(\.text) == ["a\u{FFFD}\u{FFFD}b"])
        #expect(lines.first?.isPlainASCII == false)
    }

    @Test func overlongLinesComeInPiecesCutOnCharacterBoundaries() {
        let text = String(repeating: "ab한", count: 10)  // 5 bytes per repeat
        let body = Array(text.utf8) + [0x0A]
        let lines = Self.decodeAll(body, framing: .raw, timestamps: false, maxLineBytes: 16)
        #expect(lines.map(\.text).joined() == text)
        #expect(lines.dropLast().allSatisfy { $0.continues })
        #expect(lines.last?.continues == false)
        #expect(lines.allSatisfy { $0.text.utf8.count <= 16 && !$0.text.contains("\u{FFFD}") })
    }

    @Test func somethingThatIsNotATimestampStaysInTheLine() {
        let body = Array("hello world\n2026-13-99T00:00:00Z x\n".utf8)
        let lines = Self.decodeAll(body, framing: .raw)
        #expect(lines.map(\.text) == ["hello world", "2026-13-99T00:00:00Z x"])
        #expect(lines.allSatisfy { $0.timestamp == nil })
    }

    @Test func emptyFramesAndUnknownStreamsAreHarmless() {
        let payload = Array("2026-11-23T05:01:44.928207120Z in\n".utf8)
        let body: [UInt8] = [2, 0, 0, 0, 0, 0, 0, 0] + [0, 0, 0, 0, 0, 0, 0, UInt8(payload.count)] + payload
        let lines = Self.decodeAll(body, framing: .multiplexed)
        #expect(lines.map(\.text) == ["in"])
        #expect(lines.map(\.stream) == [.stdout])
    }

    // MARK: - Timestamps

    @Test func timestampsParseAndFormat() {
        let value = LogTimestamp.parse("2026-11-23T04:50:11.265744763Z")
        #expect(value == 1_795_409_411_265_744_763)
        #expect(LogTimestamp.parse("2026-11-23T04:50:11.26574476Z") == 1_795_409_411_265_744_760)
        #expect(LogTimestamp.parse("2026-11-23T04:50:11Z") == 1_795_409_411_000_000_000)
        #expect(LogTimestamp.parse("2026-11-23T05:50:11.5+01:00") == 1_795_409_411_500_000_000)
        #expect(LogTimestamp.parse("1970-01-01T00:00:00Z") == 0)
        // Docker's "never": out of the nanosecond range, so no time rather than a crash.
        #expect(LogTimestamp.parse("0001-01-01T00:00:00Z") == nil)
        #expect(LogTimestamp.parse("9999-12-31T23:59:59Z") == nil)
        for bad in ["", "2026-11-23", "2026-11-23T04:50:11", "2026-11-23T04:50:11.Z", "2026-11-23T04:50:11Zjunk"] {
            #expect(LogTimestamp.parse(bad) == nil, "\(bad)")
        }
        #expect(LogTimestamp.format(1_795_409_411_265_744_763) == "2026-11-23T04:50:11.265Z")
        #expect(LogTimestamp.format(1_795_409_411_265_744_763, fractionDigits: 9) == "2026-11-23T04:50:11.265744763Z")
        #expect(LogTimestamp.format(1_795_409_411_265_744_763, fractionDigits: 0) == "2026-11-23T04:50:11Z")
        #expect(LogTimestamp.formatTime(1_795_409_411_265_744_763) == "04:50:11")
        #expect(LogTimestamp.queryValue(1_795_409_419_878_555_560) == "1795409419.878555560")
        #expect(LogTimestamp.queryValue(5) == "0.000000005")
        #expect(LogTimestamp.format(-1) == "1969-12-31T23:59:59.999Z")
    }

    @Test func logsRequest() {
        let follow = Endpoints.containerLogs("abc", follow: true, tail: 1000)
        #expect(
            follow.uri(version: .init(major: 1, minor: 41))
                == "/v1.41/containers/abc/logs?stdout=1&stderr=1&follow=1&timestamps=1&tail=1000")
        let page = Endpoints.containerLogs("abc", follow: false, since: 1_000_000_000, until: 2_500_000_000)
        #expect(
            page.uri(version: .init(major: 1, minor: 41))
                == "/v1.41/containers/abc/logs?stdout=1&stderr=1&follow=0&timestamps=1&tail=all"
                + "&since=1.000000000&until=2.500000000")
    }
}
