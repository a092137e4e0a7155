/// Cuts a newline-delimited JSON stream (`/events`, `/containers/{id}/stats`) into whole lines.
///
/// The transport hands over body chunks wherever the socket read happened to stop, so a JSON object can straddle
/// any number of chunks. This keeps the unfinished tail between calls and never trusts the engine to end lines
/// promptly: a line longer than `maxLineLength` is an error rather than a way to make berth buffer without bound.
public struct JSONLineSplitter: Sendable {
    /// The longest line accepted, in bytes, not counting the terminator.
    public let maxLineLength: Int
    private var partial: [UInt8] = []

    /// - Parameter maxLineLength: 1 MiB by default; a container event is well under 4 KiB.
    public init(maxLineLength: Int = 1 << 20) {
        self.maxLineLength = maxLineLength
    }

    /// Bytes held back because their line has not ended yet.
    public var pendingByteCount: Int { partial.count }

    /// Appends a chunk and returns the lines it completed, without `\n` or `\r\n`; blank lines are skipped.
    ///
    /// - Throws: `EngineError.protocolViolation` when a line grows past `maxLineLength`.
    public mutating func append<Bytes: Collection<UInt8>>(_ chunk: Bytes) throws(EngineError) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = chunk.startIndex
        while let newline = chunk[start...].firstIndex(of: UInt8(ascii: "\n")) {
            partial.append(contentsOf: chunk[start..<newline])
            try checkLength()
            if let line = Self.trimmed(partial) { lines.append(line) }
            partial.removeAll(keepingCapacity: true)
            start = chunk.index(after: newline)
        }
        partial.append(contentsOf: chunk[start...])
        try checkLength()
        return lines
    }

    /// Ends the stream: returns the last line when the engine did not terminate it, and resets the splitter.
    public mutating func finish() -> [UInt8]? {
        defer { partial.removeAll() }
        return Self.trimmed(partial)
    }

    private func checkLength() throws(EngineError) {
        if partial.count > maxLineLength {
            throw EngineError.protocolViolation("a streamed line is longer than \(maxLineLength) bytes")
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
