/// The bytes libFuzzer hands to a target, read front to back: a few control bytes that choose options and cut
/// points, then the payload.
///
/// Reading past the end yields zeros rather than failing, so every input, however short, is a valid test case and
/// the fuzzer never wastes runs on inputs a target rejects.
public struct FuzzInput {
    private var bytes: ArraySlice<UInt8>

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes[...]
    }

    public init(_ data: UnsafePointer<UInt8>?, _ size: Int) {
        guard let data, size > 0 else {
            self.init([])
            return
        }
        self.init(Array(UnsafeBufferPointer(start: data, count: size)))
    }

    /// The next byte, or 0 at the end.
    public mutating func byte() -> UInt8 {
        bytes.popFirst() ?? 0
    }

    /// The next two bytes as a little-endian number.
    public mutating func uint16() -> Int {
        Int(byte()) | Int(byte()) << 8
    }

    /// Up to `limit` cut points: a count byte, then two bytes per cut. Offsets are resolved against the payload by
    /// `FuzzInput.pieces(_:cuts:)`.
    public mutating func cuts(limit: Int = 16) -> [Int] {
        let count = Int(byte()) % (limit + 1)
        return (0..<count).map { _ in uint16() }
    }

    /// Everything not read yet.
    public mutating func rest() -> [UInt8] {
        defer { bytes = [] }
        return Array(bytes)
    }

    /// `payload` cut at `cuts` (each taken modulo `payload.count + 1`), in order; empty pieces are kept, since a
    /// socket read of zero bytes is something a decoder must also survive.
    public static func pieces(_ payload: [UInt8], cuts: [Int]) -> [[UInt8]] {
        let offsets = cuts.map { $0 % (payload.count + 1) }.sorted()
        var pieces: [[UInt8]] = []
        var start = 0
        for offset in offsets {
            pieces.append(Array(payload[start..<offset]))
            start = offset
        }
        pieces.append(Array(payload[start...]))
        return pieces
    }
}
