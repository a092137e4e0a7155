/// Turns the body of `GET /containers/{id}/logs` into lines, whatever way the socket reads cut it.
///
/// - Without a TTY the engine multiplexes: every message is a frame `[stream, 0, 0, 0, size (UInt32 BE)]` followed
///   by `size` bytes. Headers and payloads may be split across reads at any byte.
/// - With a TTY the body is the raw terminal output; there is no stderr, and lines end in `\r\n`.
///
/// With `timestamps` the engine puts `RFC3339Nano ` before every message. Docker cuts lines longer than 16 KiB into
/// several messages that each carry a timestamp: in frames the frame boundary shows where, on a raw stream the cut
/// falls every 16 KiB of a line, so the decoder strips those inner timestamps and rebuilds the line.
///
/// Lines longer than `maxLineBytes` come out in pieces marked `continues`, so one endless line cannot make berth
/// buffer without bound.
public struct LogFrameDecoder: Sendable {
    public enum Framing: Sendable, Equatable {
        /// 8-byte headers before each frame (container without a TTY).
        case multiplexed
        /// Raw bytes (container with a TTY): everything is stdout.
        case raw
    }

    /// Docker's log copier cuts a line into messages of this many bytes.
    public static let partialMessageBytes = 16 * 1024
    /// Room for `2026-11-23T04:50:11.265744763+00:00`.
    static let maxTimestampBytes = 40

    public let framing: Framing
    public let timestamps: Bool
    public let maxLineBytes: Int

    /// What the line assemblers need to know, passed instead of the whole decoder (which would be copied).
    struct Settings {
        let framing: Framing
        let timestamps: Bool
        let maxLineBytes: Int
    }

    private let settings: Settings
    private var header: [UInt8] = []
    private var frameRemaining = 0
    private var frameStream: LogStream = .stdout
    private var stdout = Assembler()
    private var stderr = Assembler()

    /// - Parameters:
    ///   - timestamps: whether the request asked for timestamps (`timestamps=1`).
    ///   - maxLineBytes: the longest piece kept as one line; 4 MiB by default.
    public init(framing: Framing, timestamps: Bool, maxLineBytes: Int = 4 << 20) {
        self.framing = framing
        self.timestamps = timestamps
        self.maxLineBytes = max(16, maxLineBytes)
        settings = Settings(framing: framing, timestamps: timestamps, maxLineBytes: max(16, maxLineBytes))
        header.reserveCapacity(8)
        if timestamps, framing == .raw { stdout.prefix = [] }
    }

    /// Bytes held for lines that have not ended yet.
    public var pendingByteCount: Int { stdout.bytes.count + stderr.bytes.count + header.count }

    /// Decodes one chunk, appending the lines it completed to `lines`.
    public mutating func decode(_ chunk: [UInt8], into lines: inout [LogLine]) {
        chunk.withUnsafeBufferPointer { decode($0, into: &lines) }
    }

    /// Decodes one chunk and returns the lines it completed.
    public mutating func decode(_ chunk: [UInt8]) -> [LogLine] {
        var lines: [LogLine] = []
        decode(chunk, into: &lines)
        return lines
    }

    public mutating func decode(_ chunk: UnsafeBufferPointer<UInt8>, into lines: inout [LogLine]) {
        switch framing {
        case .raw:
            stdout.consume(chunk, 0, chunk.count, stream: .stdout, decoder: settings, into: &lines)
        case .multiplexed:
            var i = 0
            while i < chunk.count {
                if frameRemaining == 0 {
                    let take = min(8 - header.count, chunk.count - i)
                    header.append(contentsOf: chunk[i..<i + take])
                    i += take
                    guard header.count == 8 else { break }
                    frameStream = LogStream(rawValue: header[0]) ?? .stdout
                    frameRemaining = Int(header[4]) << 24 | Int(header[5]) << 16 | Int(header[6]) << 8 | Int(header[7])
                    header.removeAll(keepingCapacity: true)
                    if timestamps, frameRemaining > 0 { startMessage(frameStream) }
                    continue
                }
                let take = min(frameRemaining, chunk.count - i)
                if frameStream == .stderr {
                    stderr.consume(chunk, i, i + take, stream: .stderr, decoder: settings, into: &lines)
                } else {
                    stdout.consume(chunk, i, i + take, stream: .stdout, decoder: settings, into: &lines)
                }
                frameRemaining -= take
                i += take
            }
        }
    }

    /// The stream ended: returns the lines still unfinished (a last line without a newline).
    public mutating func finish() -> [LogLine] {
        var lines: [LogLine] = []
        stdout.flush(stream: .stdout, decoder: settings, into: &lines)
        stderr.flush(stream: .stderr, decoder: settings, into: &lines)
        header.removeAll()
        frameRemaining = 0
        return lines
    }

    private mutating func startMessage(_ stream: LogStream) {
        if stream == .stderr { stderr.prefix = [] } else { stdout.prefix = [] }
    }

    /// One stream's unfinished line.
    struct Assembler: Sendable {
        var bytes: [UInt8] = []
        var timestamp: Int64?
        /// A line has begun (a timestamp or a byte arrived), so a newline ends a line even if it is empty.
        var started = false
        /// Non-nil while reading what may be the timestamp at the start of a message.
        var prefix: [UInt8]?
        /// Payload bytes since the message began, for finding the engine's 16 KiB cuts on a raw stream.
        var messageBytes = 0

        mutating func consume(
            _ chunk: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, stream: LogStream,
            decoder: Settings, into lines: inout [LogLine]
        ) {
            var i = start
            while i < end {
                if prefix != nil {
                    i = readPrefix(chunk, i, end)
                    continue
                }
                var stop = end
                if decoder.timestamps, decoder.framing == .raw {
                    stop = max(i, min(end, i + LogFrameDecoder.partialMessageBytes - messageBytes))
                }
                var newline: Int?
                var j = i
                while j < stop {
                    if chunk[j] == 0x0A {
                        newline = j
                        break
                    }
                    j += 1
                }
                let contentEnd = newline ?? stop
                append(chunk, i, contentEnd, stream: stream, decoder: decoder, into: &lines)
                messageBytes += contentEnd - i
                if let newline {
                    emit(stream: stream, decoder: decoder, continues: false, into: &lines)
                    i = newline + 1
                    if decoder.timestamps { prefix = [] }
                } else {
                    i = contentEnd
                    if decoder.timestamps, decoder.framing == .raw,
                        messageBytes >= LogFrameDecoder.partialMessageBytes
                    {
                        // The engine cut the line here and the rest comes as a new message with its own timestamp.
                        prefix = []
                    }
                }
            }
        }

        /// Reads timestamp bytes up to the space after it; returns where content starts again.
        private mutating func readPrefix(_ chunk: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
            var i = start
            while i < end {
                let byte = chunk[i]
                if byte == 0x20 {
                    finishPrefix(consumedSpace: true)
                    return i + 1
                }
                let possible =
                    (0x30...0x39).contains(byte) || byte == 0x2D || byte == 0x3A || byte == 0x2E
                    || byte == 0x54 || byte == 0x5A || byte == 0x2B
                guard possible, let count = prefix?.count, count < LogFrameDecoder.maxTimestampBytes else {
                    // Not a timestamp after all: what was read is line content, and so is this byte.
                    finishPrefix(consumedSpace: false)
                    return i
                }
                prefix?.append(byte)
                i += 1
            }
            return i
        }

        private mutating func finishPrefix(consumedSpace: Bool) {
            guard let text = prefix else { return }
            prefix = nil
            messageBytes = 0
            if consumedSpace, let value = LogTimestamp.parse(text) {
                if !started {
                    timestamp = value
                    started = true
                }
                return
            }
            started = true
            bytes.append(contentsOf: text)
            if consumedSpace { bytes.append(0x20) }
        }

        private mutating func append(
            _ chunk: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, stream: LogStream,
            decoder: Settings, into lines: inout [LogLine]
        ) {
            guard start < end else { return }
            started = true
            var i = start
            while i < end {
                // Text that looked like a timestamp but was not is added without this check (up to 41 bytes), so the
                // line may already be over the limit: then nothing fits, and the piece is emitted as it is.
                let room = max(0, decoder.maxLineBytes - bytes.count)
                let take = min(room, end - i)
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[i..<i + take]))
                i += take
                if bytes.count >= decoder.maxLineBytes {
                    emit(stream: stream, decoder: decoder, continues: true, into: &lines)
                    started = true
                }
            }
        }

        /// Ends the current line (or piece) and starts the next one.
        mutating func emit(stream: LogStream, decoder: Settings, continues: Bool, into lines: inout [LogLine]) {
            var carry: [UInt8] = []
            if continues {
                // Cut on a character boundary so neither piece starts or ends with half a character.
                var lead = bytes.count
                while lead > 0, bytes.count - lead < 3, bytes[lead - 1] & 0xC0 == 0x80 { lead -= 1 }
                var cut = bytes.count
                if lead > 0, bytes[lead - 1] >= 0xC0 {
                    let first = bytes[lead - 1]
                    let length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : 2
                    if bytes.count - (lead - 1) < length { cut = lead - 1 }
                }
                if cut > 0, cut < bytes.count {
                    carry = Array(bytes[cut...])
                    bytes.removeSubrange(cut...)
                }
            } else {
                // `\r\n` line ends, and `\r\r\n` when a program already wrote `\r\n` to a TTY.
                while bytes.last == 0x0D { bytes.removeLast() }
            }
            lines.append(
                LogLine(
                    stream: stream, timestamp: timestamp, text: String(decoding: bytes, as: UTF8.self),
                    isPlainASCII: LogLine.isPlainASCII(bytes), continues: continues))
            bytes.removeAll(keepingCapacity: bytes.count <= 4096)
            bytes.append(contentsOf: carry)
            if !continues {
                timestamp = nil
                started = false
                messageBytes = 0
            }
        }

        mutating func flush(stream: LogStream, decoder: Settings, into lines: inout [LogLine]) {
            if let text = prefix {
                if text.isEmpty { prefix = nil } else { finishPrefix(consumedSpace: false) }
            }
            if started || !bytes.isEmpty { emit(stream: stream, decoder: decoder, continues: false, into: &lines) }
        }
    }
}
