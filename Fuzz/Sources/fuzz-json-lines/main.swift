import EngineAPI
import FuzzSupport

/// `JSONLineSplitter` (the `/events` and stats streams) on any bytes, cut anywhere, and each line it yields decoded
/// as the two shapes those streams carry.
///
/// Input: a byte choosing the longest line, the cuts, then the stream. Invariants: the lines and how many were
/// dropped for their length do not depend on the cuts; every line of the stream is yielded unless it is blank or
/// too long; nothing longer than the limit is held or yielded; no line holds a newline or is blank.
FuzzDriver.run { data, size in
    var input = FuzzInput(data, size)
    let maxLineLength = [8, 64, 4096, 1 << 20][Int(input.byte()) & 3]
    let cuts = input.cuts()
    let stream = input.rest()

    func split(_ pieces: [[UInt8]]) -> (lines: [[UInt8]], dropped: Int) {
        var splitter = JSONLineSplitter(maxLineLength: maxLineLength)
        var lines: [[UInt8]] = []
        var droppedPerAppend = 0
        for piece in pieces {
            lines += splitter.append(piece)
            droppedPerAppend += splitter.droppedByLastAppend
            require(splitter.pendingByteCount <= maxLineLength, "holds \(splitter.pendingByteCount) bytes")
        }
        if let last = splitter.finish() { lines.append(last) }
        require(splitter.pendingByteCount == 0, "finish left bytes behind")
        require(droppedPerAppend == splitter.droppedLineCount, "the drops of each append do not add up")
        return (lines, splitter.droppedLineCount)
    }

    let whole = split([stream])
    let cut = split(FuzzInput.pieces(stream, cuts: cuts))
    require(whole.dropped == cut.dropped, "cutting the stream changed how many lines were dropped")
    require(whole.lines == cut.lines, "cutting the stream changed its lines")
    // Every line of the stream is either yielded, blank, or dropped for its length.
    let expected = stream.split(separator: 0x0A, omittingEmptySubsequences: false).filter { raw in
        raw.count <= maxLineLength && raw.contains { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }
    }
    require(cut.lines.count == expected.count, "\(cut.lines.count) lines instead of \(expected.count)")
    require(cut.lines.allSatisfy { $0.count <= maxLineLength }, "a line longer than the limit was yielded")
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
