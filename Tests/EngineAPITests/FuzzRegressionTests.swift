import EngineAPI
import Testing

/// Inputs the fuzz targets in `Fuzz/` found that crashed berth or broke an invariant, kept so they stay fixed.
@Suite struct FuzzRegressionTests {
    static func decode(
        _ bytes: [UInt8], framing: LogFrameDecoder.Framing, maxLineBytes: Int
    ) -> [LogLine] {
        var decoder = LogFrameDecoder(framing: framing, timestamps: true, maxLineBytes: maxLineBytes)
        return decoder.decode(bytes) + decoder.finish()
    }

    /// fuzz-log-frames: digits that looked like the start of a timestamp were added to the line unchecked, which
    /// took it past the limit; the next byte then asked for a negative number of bytes and trapped.
    @Test func notATimestampPastTheLineLimit() {
        let body = Array("1111111111111111111z".utf8) + [0xC7] + Array("J~:/".utf8)
        let lines = Self.decode(body, framing: .raw, maxLineBytes: 16)
        #expect(lines.map(\.text) == ["1111111111111111111", "z\u{FFFD}J~:/"])
        #expect(lines.map(\.continues) == [true, false])
    }

    /// The same at berth's own 4 MiB limit, from an engine whose second frame of a long line starts with digits
    /// instead of a timestamp.
    @Test func notATimestampInAFrameOfALongLine() {
        func frame(_ payload: [UInt8]) -> [UInt8] {
            let size = UInt32(payload.count)
            let header: [UInt8] = [1, 0, 0, 0, UInt8(size >> 24), UInt8(size >> 16 & 0xFF), UInt8(size >> 8 & 0xFF)]
            return header + [UInt8(size & 0xFF)] + payload
        }
        let limit = 4 << 20
        let first = Array("2026-11-23T04:50:11.265744763Z ".utf8) + [UInt8](repeating: 0x61, count: limit - 3)
        let second = Array("12345678901234567890tail\n".utf8)
        let lines = Self.decode(frame(first) + frame(second), framing: .multiplexed, maxLineBytes: limit)
        #expect(lines.map(\.text).joined() == String(repeating: "a", count: limit - 3) + "12345678901234567890tail")
        #expect(lines.dropLast().allSatisfy { $0.continues })
        #expect(lines.last?.continues == false)
        #expect(lines.allSatisfy { $0.text.utf8.count <= limit + 41 })
    }
}

/// Found by reading the code while writing fuzz-http-response, which reproduces them (`Fuzz/README.md`).
@Suite struct HostileHeaderTests {
    /// A `Date` header with a year of many digits overflowed the day count and trapped.
    @Test func dateWithAnEndlessYearIsNoDate() {
        #expect(HTTPDate.epochSeconds(from: "Sun, 06 Dec 99999999999999999 00:28:37 GMT") == nil)
        #expect(HTTPDate.epochSeconds(from: "Sun, 06 Dec 10000 00:28:37 GMT") == nil)
        #expect(HTTPDate.epochSeconds(from: "Fri, 31 Dec 9999 23:59:59 GMT") == 253_402_300_799)
        let date = "Sun, 06 Dec 99999999999999999 00:28:37 GMT"
        let ping = EnginePing(headers: [("Date", date), ("Api-Version", "1.41")])
        #expect(ping.engineTime == nil)
        #expect(ping.apiVersion == APIVersion(major: 1, minor: 41))
    }
}
