import EngineAPI
import FuzzSupport

/// `LogFrameDecoder` on any bytes, cut into pieces wherever the fuzzer says, as socket reads cut them.
///
/// Input: a flags byte (bit 0 multiplexed, bit 1 timestamps, bits 2-3 the longest line kept whole), the cuts, then
/// the body. Invariants: the lines do not depend on where the body was cut; what the decoder holds back stays
/// bounded by the longest line; every line's timestamp formats.
FuzzDriver.run { data, size in
    var input = FuzzInput(data, size)
    let flags = input.byte()
    let framing: LogFrameDecoder.Framing = flags & 1 == 0 ? .raw : .multiplexed
    let timestamps = flags & 2 != 0
    let maxLineBytes = [16, 100, 20_000, 4 << 20][Int(flags >> 2) & 3]
    let cuts = input.cuts()
    let body = input.rest()

    func decode(_ pieces: [[UInt8]]) -> [LogLine] {
        var decoder = LogFrameDecoder(framing: framing, timestamps: timestamps, maxLineBytes: maxLineBytes)
        var lines: [LogLine] = []
        for piece in pieces {
            decoder.decode(piece, into: &lines)
            // A line is emitted once it reaches the limit; a frame header and a timestamp prefix may also be held.
            let bound = 2 * maxLineBytes + 8 + 2 * 40
            require(decoder.pendingByteCount <= bound, "holds \(decoder.pendingByteCount) bytes, bound \(bound)")
        }
        lines += decoder.finish()
        require(decoder.pendingByteCount == 0, "finish left \(decoder.pendingByteCount) bytes")
        return lines
    }

    let whole = decode([body])
    let cut = decode(FuzzInput.pieces(body, cuts: cuts))
    require(whole == cut, "cutting the body changed the lines: \(whole.count) whole, \(cut.count) cut")
    for line in whole {
        if let timestamp = line.timestamp {
            let text = LogTimestamp.format(timestamp, fractionDigits: Int(flags >> 4))
            require(!text.isEmpty, "empty timestamp")
            _ = LogTimestamp.formatTime(timestamp)
            _ = LogTimestamp.queryValue(timestamp)
        }
        require(line.isPlainASCII == LogLine.isPlainASCII(line.text.utf8), "isPlainASCII disagrees with the text")
    }
    return 0
}
