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
    private let plain: PlainTextMatcher

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
            plain = PlainTextMatcher("", caseSensitive: true)
        } else {
            regex = nil
            plain = PlainTextMatcher(text, caseSensitive: caseSensitive)
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
        return plain.matches(line)
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
        let length = plain.needle.count
        guard length > 0 else { return [] }
        var line = line
        return line.withUTF8 { bytes in
            var out: [Range<Int>] = []
            var from = 0
            while out.count < limit, let start = plain.firstMatch(in: bytes, from: from) {
                out.append(start..<start + length)
                from = start + length
            }
            return out
        }
    }
}
