/// Finds plain text in UTF-8 bytes, with ASCII letters folded unless the match is case-sensitive.
///
/// It allocates nothing per haystack: the list filter runs it over every container on every frame, and the logs
/// search over every line, where the standard library's `contains` built a search table for each call.
public struct PlainTextMatcher: Sendable, Equatable {
    /// The needle's bytes, folded when the match ignores case.
    public let needle: [UInt8]
    public let caseSensitive: Bool

    public init(_ text: String, caseSensitive: Bool) {
        self.caseSensitive = caseSensitive
        needle = caseSensitive ? Array(text.utf8) : text.utf8.map(Self.fold)
    }

    /// Whether `text` contains the needle; an empty needle is in every text.
    public func matches(_ text: String) -> Bool {
        guard !needle.isEmpty else { return true }
        if let found = text.utf8.withContiguousStorageIfAvailable({ firstMatch(in: $0, from: 0) != nil }) {
            return found
        }
        var text = text
        return text.withUTF8 { firstMatch(in: $0, from: 0) != nil }
    }

    /// The offset of the first match at or after `from`.
    public func firstMatch(in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let count = needle.count
        guard count > 0, from >= 0, bytes.count - from >= count else { return nil }
        let first = needle[0]
        var i = from
        let last = bytes.count - count
        while i <= last {
            let byte = caseSensitive ? bytes[i] : Self.fold(bytes[i])
            if byte == first {
                var j = 1
                while j < count {
                    let b = caseSensitive ? bytes[i + j] : Self.fold(bytes[i + j])
                    if b != needle[j] { break }
                    j += 1
                }
                if j == count { return i }
            }
            i += 1
        }
        return nil
    }

    static func fold(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
    }
}
