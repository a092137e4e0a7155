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

extension LogPattern {
    /// The first non-empty match in `line` that starts at or after UTF-8 offset `offset`, as UTF-8 offsets.
    ///
    /// Only the part of the line from `offset` is searched, so stepping through a megabyte line match by match costs
    /// each step only the bytes it passes.
    public func firstMatch(in line: String, from offset: Int) -> Range<Int>? {
        let utf8 = line.utf8
        guard offset >= 0, offset < utf8.count else { return nil }
        if let regex {
            var start = utf8.index(utf8.startIndex, offsetBy: offset)
            // A search starts on a scalar boundary: never in the middle of a character's bytes.
            while start < utf8.endIndex, UTF8.isContinuation(utf8[start]) { start = utf8.index(after: start) }
            while start < line.endIndex {
                guard let match = try? regex.firstMatch(in: line[start...]) else { return nil }
                let range = match.range
                if !range.isEmpty {
                    let lower = utf8.distance(from: utf8.startIndex, to: range.lowerBound)
                    return lower..<lower + utf8.distance(from: range.lowerBound, to: range.upperBound)
                }
                // An empty match (`x*`) shows nothing: look again one scalar further on.
                guard range.lowerBound < line.endIndex else { return nil }
                start = line.unicodeScalars.index(after: range.lowerBound)
            }
            return nil
        }
        let length = plain.needle.count
        guard length > 0 else { return nil }
        var line = line
        return line.withUTF8 { bytes in plain.firstMatch(in: bytes, from: offset).map { $0..<$0 + length } }
    }

    /// The last non-empty match in `line` that starts before UTF-8 offset `offset` (matches counted from the start
    /// of the line, one after the other, as `ranges` finds them).
    public func lastMatch(in line: String, before offset: Int) -> Range<Int>? {
        var last: Range<Int>?
        var from = 0
        while from < offset, let match = firstMatch(in: line, from: from), match.lowerBound < offset {
            last = match
            from = match.upperBound
        }
        return last
    }
}

/// One match of the logs search: the line numbered `seq`, and the UTF-8 bytes of its text that match.
public struct LogMatch: Sendable, Equatable {
    public var seq: Int
    public var range: Range<Int>

    public init(seq: Int, range: Range<Int>) {
        self.seq = seq
        self.range = range
    }
}

/// Finding the next match the way less does: from a point in the shown lines, towards newer or older lines, and
/// round the end to the other end once (so every match in the loaded lines is found from anywhere).
public enum LogSearch {
    public enum Direction: Sendable, Equatable {
        /// Down the screen, towards the newest line.
        case newer
        /// Up the screen, towards the oldest line.
        case older
    }

    /// Where a search starts: display line `index`, UTF-8 offset `offset` in it. Towards newer lines the first
    /// match starting at or after `offset` counts; towards older lines, the last one starting before it.
    public struct Point: Sendable, Equatable {
        public var index: Int
        public var offset: Int

        public init(index: Int, offset: Int) {
            self.index = index
            self.offset = offset
        }
    }

    public struct Found: Sendable, Equatable {
        /// The display index of the line.
        public var index: Int
        public var range: Range<Int>
        /// Whether the search went round the end (newest to oldest, or the other way) to find it.
        public var wrapped: Bool

        public init(index: Int, range: Range<Int>, wrapped: Bool) {
            self.index = index
            self.range = range
            self.wrapped = wrapped
        }
    }

    /// The next match from `point` going `direction`, wrapping round once; nil when no shown line matches.
    public static func find(
        _ pattern: LogPattern, in display: LogDisplay, from point: Point, direction: Direction
    ) -> Found? {
        let count = display.count
        guard count > 0 else { return nil }
        let start = min(max(0, point.index), count - 1)
        func text(_ index: Int) -> String? {
            let entry = display.entry(index)
            return entry.kind == .notice ? nil : entry.text
        }
        switch direction {
        case .newer:
            if let line = text(start), let range = pattern.firstMatch(in: line, from: point.offset) {
                return Found(index: start, range: range, wrapped: false)
            }
            for index in start + 1..<count {
                if let line = text(index), let range = pattern.firstMatch(in: line, from: 0) {
                    return Found(index: index, range: range, wrapped: false)
                }
            }
            for index in 0...start {
                guard let line = text(index), let range = pattern.firstMatch(in: line, from: 0) else { continue }
                // Back at the start line: only what lies before the point is new.
                if index == start, range.lowerBound >= point.offset { return nil }
                return Found(index: index, range: range, wrapped: true)
            }
            return nil
        case .older:
            if let line = text(start), let range = pattern.lastMatch(in: line, before: point.offset) {
                return Found(index: start, range: range, wrapped: false)
            }
            for index in stride(from: start - 1, through: 0, by: -1) {
                if let line = text(index), let range = pattern.lastMatch(in: line, before: Int.max) {
                    return Found(index: index, range: range, wrapped: false)
                }
            }
            for index in stride(from: count - 1, through: start, by: -1) {
                guard let line = text(index), let range = pattern.lastMatch(in: line, before: Int.max) else {
                    continue
                }
                if index == start, range.lowerBound < point.offset { return nil }
                return Found(index: index, range: range, wrapped: true)
            }
            return nil
        }
    }
}
