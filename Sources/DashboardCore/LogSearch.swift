/// A search pattern for the logs pane: plain text or a regular expression, case-insensitive unless it contains an
/// upper-case letter ("smart case").
///
/// Plain text is matched on UTF-8 bytes (ASCII letters folded), which is about a hundred times faster than a
/// regular expression; regular expressions use the standard library's `Regex` (no ICU, no Foundation).
public struct LogPattern: Sendable, Equatable {
    public let text: String
    public let isRegex: Bool
    public let caseSensitive: Bool
    /// `Regex` is not marked `Sendable`, but it is an immutable value whose compiled program the standard library
    /// creates once with an atomic initialisation, so reading it from several tasks is safe.
    nonisolated(unsafe) private let regex: Regex<AnyRegexOutput>?
    private let needle: [UInt8]

    /// Why a pattern could not be used: an invalid regular expression, worded for the prompt.
    public struct Invalid: Error, Equatable {
        public var message: String
    }

    public init(_ text: String, isRegex: Bool) throws(Invalid) {
        self.text = text
        self.isRegex = isRegex
        caseSensitive = text.contains { $0.isUppercase }
        if isRegex {
            do {
                let compiled = try Regex(text)
                regex = caseSensitive ? compiled : compiled.ignoresCase()
            } catch {
                throw Invalid(message: "not a valid regular expression")
            }
            needle = []
        } else {
            regex = nil
            needle = caseSensitive ? Array(text.utf8) : Array(text.utf8).map(Self.fold)
        }
    }

    public static func == (lhs: LogPattern, rhs: LogPattern) -> Bool {
        lhs.text == rhs.text && lhs.isRegex == rhs.isRegex
    }

    /// Whether `line` contains a match.
    public func matches(_ line: String) -> Bool {
        if let regex {
            return (try? regex.firstMatch(in: line)) != nil
        }
        guard !needle.isEmpty else { return true }
        var line = line
        return line.withUTF8 { firstMatch(in: $0, from: 0) != nil }
    }

    /// The UTF-8 ranges of up to `limit` non-empty matches in `line`.
    public func ranges(in line: String, limit: Int = 512) -> [Range<Int>] {
        if let regex {
            var out: [Range<Int>] = []
            let utf8 = line.utf8
            for match in line.matches(of: regex) {
                let range = match.range
                guard out.count < limit, !range.isEmpty else { continue }
                let lower = utf8.distance(from: utf8.startIndex, to: range.lowerBound)
                out.append(lower..<lower + utf8.distance(from: range.lowerBound, to: range.upperBound))
            }
            return out
        }
        guard !needle.isEmpty else { return [] }
        var line = line
        return line.withUTF8 { bytes in
            var out: [Range<Int>] = []
            var from = 0
            while out.count < limit, let start = firstMatch(in: bytes, from: from) {
                out.append(start..<start + needle.count)
                from = start + needle.count
            }
            return out
        }
    }

    private func firstMatch(in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let count = needle.count
        guard count > 0, bytes.count - from >= count else { return nil }
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
