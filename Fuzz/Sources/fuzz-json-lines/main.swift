import EngineAPI
import FuzzSupport

/// `JSONLineSplitter` (the `/events` and stats streams) on any bytes, cut anywhere, and each line it yields decoded
/// as the two shapes those streams carry.
///
/// Input: a byte choosing the longest line, the cuts, then the stream. Invariants: the lines and whether the stream
/// was refused do not depend on the cuts; nothing longer than the limit is held; no line holds a newline or is
/// blank.
FuzzDriver.run { data, size in
    var input = FuzzInput(data, size)
    let maxLineLength = [8, 64, 4096, 1 << 20][Int(input.byte()) & 3]
    let cuts = input.cuts()
    let stream = input.rest()

    func split(_ pieces: [[UInt8]]) -> (lines: [[UInt8]], refused: Bool) {
        var splitter = JSONLineSplitter(maxLineLength: maxLineLength)
        var lines: [[UInt8]] = []
        for piece in pieces {
            do {
                lines += try splitter.append(piece)
            } catch {
                return (lines, true)
            }
            require(splitter.pendingByteCount <= maxLineLength, "holds \(splitter.pendingByteCount) bytes")
        }
        if let last = splitter.finish() { lines.append(last) }
        require(splitter.pendingByteCount == 0, "finish left bytes behind")
        return (lines, false)
    }

    let whole = split([stream])
    let cut = split(FuzzInput.pieces(stream, cuts: cuts))
    require(whole.refused == cut.refused, "cutting the stream changed whether it was refused")
    if !whole.refused {
        require(whole.lines == cut.lines, "cutting the stream changed its lines")
    }
    for (index, line) in cut.lines.enumerated() {
        require(!line.contains(0x0A), "a line holds a newline")
        require(line.contains { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }, "a blank line was yielded")
        // The first lines are enough to reach the decoders from a stream; fuzz-json-decoding covers them in depth.
        guard index < 4 else { continue }
        if let event = try? JSONCoding.decode(EngineEvent.self, from: line) {
            _ = event.verb
            _ = event.containerID
        }
        if let stats = try? JSONCoding.decode(ContainerStatsResponse.self, from: line) {
            let sample = StatsSample(api: stats, time: 1)
            _ = StatsFigures.compute(previous: sample, current: sample, hostMemory: stats.memoryStats?.limit)
        }
    }
    return 0
}
