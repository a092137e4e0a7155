/// Cuts a newline-delimited JSON stream (`/events`, `/containers/{id}/stats`) into whole lines.
///
/// The transport hands over body chunks wherever the socket read happened to stop, so a JSON object can straddle
/// any number of chunks. This keeps the unfinished tail between calls and never trusts the engine to end lines
/// promptly: a line longer than `maxLineLength` is dropped, not buffered, and counted in `droppedLineCount` so that
/// the reader knows it missed something. The stream itself goes on: one container with ten thousand labels must not
/// tear down the event stream that every other container's updates arrive on.
public struct JSONLineSplitter: Sendable {
    /// The longest line kept, in bytes, not counting the terminator.
    public let maxLineLength: Int
    /// Lines dropped for being longer than `maxLineLength`, counted as soon as each grows past it.
    public private(set) var droppedLineCount = 0
    /// How many of those the last `append` dropped: a reader that cannot know what it missed fetches again.
    public private(set) var droppedByLastAppend = 0
    private var partial: [UInt8] = []
    /// Whether the bytes up to the next newline belong to a dropped line.
    private var skipping = false

    /// - Parameter maxLineLength: 1 MiB by default; a container event is well under 4 KiB.
    public init(maxLineLength: Int = 1 << 20) {
        self.maxLineLength = maxLineLength
    }

    /// Bytes held back because their line has not ended yet.
    public var pendingByteCount: Int { partial.count }

    /// Appends a chunk and returns the lines it completed, without `\n` or `\r\n`; blank and over-long lines are
    /// skipped.
    public mutating func append<Bytes: Collection<UInt8>>(_ chunk: Bytes) -> [[UInt8]] {
        droppedByLastAppend = 0
        var lines: [[UInt8]] = []
        var start = chunk.startIndex
        while let newline = chunk[start...].firstIndex(of: UInt8(ascii: "\n")) {
            take(chunk[start..<newline])
            if !skipping, let line = Self.trimmed(partial) { lines.append(line) }
            partial.removeAll(keepingCapacity: true)
            skipping = false
            start = chunk.index(after: newline)
        }
        take(chunk[start...])
        return lines
    }

    /// Ends the stream: returns the last line when the engine did not terminate it, and resets the splitter.
    public mutating func finish() -> [UInt8]? {
        defer {
            partial.removeAll()
            skipping = false
        }
        return skipping ? nil : Self.trimmed(partial)
    }

    /// Adds bytes of the current line, or drops them once the line is over the limit.
    private mutating func take<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        guard !skipping else { return }
        if partial.count + bytes.count > maxLineLength {
            droppedLineCount += 1
            droppedByLastAppend += 1
            skipping = true
            // The capacity goes too: a dropped line of 1 MiB must not stay resident for the life of the stream.
            partial = []
        } else {
            partial.append(contentsOf: bytes)
        }
    }

    /// The line without a trailing `\r`, or nil when it holds only whitespace.
    private static func trimmed(_ line: [UInt8]) -> [UInt8]? {
        var end = line.endIndex
        if end > line.startIndex, line[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let isBlank = line[..<end].allSatisfy {
            $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r")
        }
        return isBlank ? nil : Array(line[..<end])
    }
}
