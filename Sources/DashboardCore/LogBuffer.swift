import EngineAPI

/// One row of the logs pane's history: a line from the container, or a note from berth (a restart separator).
public struct LogEntry: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case stdout
        case stderr
        /// berth's own line (restart, stop): drawn as a separator, kept by every filter.
        case notice
    }

    public var kind: Kind
    /// Nanoseconds since the epoch (engine clock).
    public var timestamp: Int64?
    public var text: String
    /// See `LogLine.isPlainASCII`.
    public var isPlainASCII: Bool
    /// See `LogLine.continues`.
    public var continues: Bool
    /// See `LogLine.originBytes`.
    public var originBytes = 0

    public init(kind: Kind, timestamp: Int64?, text: String, isPlainASCII: Bool? = nil, continues: Bool = false) {
        self.kind = kind
        self.timestamp = timestamp
        self.text = text
        self.isPlainASCII = isPlainASCII ?? LogLine.isPlainASCII(text.utf8)
        self.continues = continues
    }

    public init(_ line: LogLine) {
        kind = line.stream == .stderr ? .stderr : .stdout
        timestamp = line.timestamp
        text = line.text
        isPlainASCII = line.isPlainASCII
        continues = line.continues
        originBytes = line.originBytes
    }

    /// What a line costs in memory, roughly: its bytes plus the entry itself.
    var cost: Int { text.utf8.count + 48 }
}

/// The logs pane's bounded history: a ring of at most `capacity` entries and about `byteLimit` bytes.
///
/// Every entry has a sequence number that never changes while it is in the buffer (appending continues upwards,
/// prepending older history continues downwards), so positions such as "the line at the top of the screen" survive
/// both new lines and evictions.
///
/// The ring is stored in chunks of 256 entries. The event loop keeps the last drawn state, so the buffer is shared
/// whenever a batch arrives: with one flat array every batch would copy all 10,000 entries, with chunks it copies
/// only the few chunks the batch writes.
public struct LogBuffer: Sendable {
    public let capacity: Int
    public let byteLimit: Int
    private var chunks: [[LogEntry]] = []
    /// Slots in use so far; they fill in ring order, so slot `allocated` is always the next new one.
    private var allocated = 0
    /// The slot of the oldest entry.
    private var head = 0
    public private(set) var count = 0
    /// The sequence number of the oldest entry.
    public private(set) var firstSeq = 0
    public private(set) var bytes = 0

    static let chunkShift = 8
    static let chunkMask = (1 << chunkShift) - 1

    public init(capacity: Int, byteLimit: Int = 64 << 20) {
        self.capacity = max(1, capacity)
        self.byteLimit = max(1, byteLimit)
    }

    /// One past the newest entry's sequence number.
    public var endSeq: Int { firstSeq + count }
    public var isEmpty: Bool { count == 0 }
    public var seqs: Range<Int> { firstSeq..<endSeq }

    public func contains(seq: Int) -> Bool { seq >= firstSeq && seq < endSeq }

    /// The entry with sequence number `seq`, which must be in `seqs`.
    public subscript(seq seq: Int) -> LogEntry {
        let slot = self.slot(seq - firstSeq)
        return chunks[slot >> Self.chunkShift][slot & Self.chunkMask]
    }

    public var first: LogEntry? { isEmpty ? nil : self[seq: firstSeq] }
    public var last: LogEntry? { isEmpty ? nil : self[seq: endSeq - 1] }

    private func slot(_ offset: Int) -> Int {
        let index = head + offset
        return index >= capacity ? index - capacity : index
    }

    private mutating func store(_ entry: LogEntry, at slot: Int) {
        if slot == allocated {
            if slot & Self.chunkMask == 0 {
                var chunk: [LogEntry] = []
                chunk.reserveCapacity(min(Self.chunkMask + 1, capacity - slot))
                chunks.append(chunk)
            }
            chunks[slot >> Self.chunkShift].append(entry)
            allocated += 1
        } else {
            chunks[slot >> Self.chunkShift][slot & Self.chunkMask] = entry
        }
    }

    /// Adds newer entries; the oldest go when the buffer is full. Returns how many old entries were evicted.
    @discardableResult
    public mutating func append<Entries: Collection<LogEntry>>(_ entries: Entries) -> Int {
        var evicted = 0
        // Entries that would be evicted by later ones in the same batch are never stored.
        let overflow = max(0, entries.count - capacity)
        if overflow > 0 {
            evicted += count + overflow
            skip(overflow)
        }
        for entry in entries.dropFirst(overflow) {
            if count == capacity { evicted += dropOldest() }
            store(entry, at: slot(count))
            count += 1
            bytes += entry.cost
            while bytes > byteLimit, count > 1 { evicted += dropOldest() }
        }
        return evicted
    }

    /// How many of the entries held `append(entries)` would evict (the oldest go first, by count and by bytes),
    /// worked out without appending: all of them when the batch alone fills the ring.
    public func evictions<Entries: Collection<LogEntry>>(byAppending entries: Entries) -> Int {
        guard entries.count <= capacity else { return count }
        var held = count
        var bytes = self.bytes
        var evicted = 0
        for entry in entries {
            if held == capacity {
                // Only new entries would be left to drop: every old one is gone.
                guard evicted < count else { return count }
                bytes -= self[seq: firstSeq + evicted].cost
                evicted += 1
                held -= 1
            }
            held += 1
            bytes += entry.cost
            while bytes > byteLimit, held > 1 {
                guard evicted < count else { return count }
                bytes -= self[seq: firstSeq + evicted].cost
                evicted += 1
                held -= 1
            }
        }
        return evicted
    }

    public mutating func append(_ entry: LogEntry) {
        append(CollectionOfOne(entry))
    }

    /// Adds older entries (oldest first) before the oldest one. When that overflows the buffer, the newest entries
    /// go instead; returns how many were dropped from the new end.
    @discardableResult
    public mutating func prepend(_ entries: [LogEntry]) -> Int {
        guard !entries.isEmpty else { return 0 }
        let kept = Array(entries.suffix(capacity))
        var ordered = kept
        ordered.reserveCapacity(min(capacity, kept.count + count))
        let room = max(0, capacity - kept.count)
        var dropped = 0
        var keptBytes = kept.reduce(0) { $0 + $1.cost }
        for seq in seqs {
            guard ordered.count - kept.count < room else {
                dropped = endSeq - seq
                break
            }
            let entry = self[seq: seq]
            if keptBytes + entry.cost > byteLimit, ordered.count > kept.count {
                dropped = endSeq - seq
                break
            }
            keptBytes += entry.cost
            ordered.append(entry)
        }
        let newFirst = firstSeq - kept.count
        removeAll()
        for entry in ordered {
            store(entry, at: count)
            count += 1
        }
        bytes = keptBytes
        firstSeq = newFirst
        return dropped
    }

    /// Accounts for `count` lines that went by without being stored: everything now in the buffer is older than
    /// them, so it all goes, and numbering continues after them.
    public mutating func skip(_ count: Int) {
        guard count > 0 else { return }
        removeAll(keepingSeq: true)
        firstSeq += count
    }

    /// Empties the buffer; sequence numbers restart after the old ones unless told otherwise.
    public mutating func removeAll(keepingSeq: Bool = true) {
        let next = endSeq
        chunks = []
        allocated = 0
        head = 0
        count = 0
        bytes = 0
        firstSeq = keepingSeq ? next : 0
    }

    /// Drops the `count` oldest entries (handed on elsewhere); numbering goes on after them.
    public mutating func removeOldest(_ count: Int) {
        for _ in 0..<Swift.max(0, Swift.min(count, self.count)) { _ = dropOldest() }
    }

    /// The entries from `seq` onwards (oldest first).
    public func entries(from seq: Int) -> [LogEntry] {
        Swift.max(seq, firstSeq) < endSeq ? (Swift.max(seq, firstSeq)..<endSeq).map { self[seq: $0] } : []
    }

    private mutating func dropOldest() -> Int {
        guard count > 0 else { return 0 }
        let old = self[seq: firstSeq]
        bytes -= old.cost
        // Release the text now rather than when the slot is reused.
        if !old.text.isEmpty {
            chunks[head >> Self.chunkShift][head & Self.chunkMask].text = ""
        }
        head = head + 1 == capacity ? 0 : head + 1
        count -= 1
        firstSeq += 1
        return 1
    }
}

extension LogBuffer: Equatable {
    /// Same entries under the same sequence numbers, however the ring happens to be laid out.
    public static func == (lhs: LogBuffer, rhs: LogBuffer) -> Bool {
        guard lhs.count == rhs.count, lhs.firstSeq == rhs.firstSeq, lhs.bytes == rhs.bytes,
            lhs.capacity == rhs.capacity, lhs.byteLimit == rhs.byteLimit
        else { return false }
        for seq in lhs.seqs where lhs[seq: seq] != rhs[seq: seq] { return false }
        return true
    }
}
