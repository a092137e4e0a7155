/// Which of the container's output streams a log line came from.
public enum LogStream: UInt8, Sendable, Hashable {
    case stdin = 0
    case stdout = 1
    case stderr = 2
}

/// One line of a container's log, decoded from the engine's stream.
public struct LogLine: Sendable, Hashable {
    public var stream: LogStream
    /// When the engine received the line, in nanoseconds since the Unix epoch (engine clock); nil when the stream
    /// carried no timestamp or an unreadable one.
    public var timestamp: Int64?
    /// The line without its line ending; invalid UTF-8 has become U+FFFD.
    public var text: String
    /// Every byte is printable ASCII (no control characters, no tabs): such a line can be measured and cut by byte
    /// offset, which is what keeps a megabyte line cheap to draw.
    public var isPlainASCII: Bool
    /// The line was longer than the decoder keeps in one piece: the next line from the same stream continues it.
    public var continues: Bool
    /// How many bytes at the start of `text` say where the line came from (`web.2@worker1 ` in a service's logs),
    /// drawn in a colour of their own; 0 for a container's own lines.
    public var originBytes = 0

    public init(
        stream: LogStream, timestamp: Int64?, text: String, isPlainASCII: Bool? = nil, continues: Bool = false
    ) {
        self.stream = stream
        self.timestamp = timestamp
        self.text = text
        self.isPlainASCII = isPlainASCII ?? LogLine.isPlainASCII(text.utf8)
        self.continues = continues
    }

    /// Whether every byte is in 0x20...0x7E.
    public static func isPlainASCII<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Bool {
        bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }
}

/// The engine's log timestamps: RFC 3339 with up to nine fractional digits (`2026-11-23T04:50:11.265744763Z`),
/// as nanoseconds since the Unix epoch.
public enum LogTimestamp {
    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; nil for anything else.
    public static func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Int64? where Bytes.Index == Int {
        let b = bytes
        var i = b.startIndex
        func number(_ count: Int) -> Int? {
            guard b.endIndex - i >= count else { return nil }
            var value = 0
            for _ in 0..<count {
                let digit = Int(b[i]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
                i += 1
            }
            return value
        }
        func expect(_ character: UInt8) -> Bool {
            guard i < b.endIndex, b[i] == character else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect(0x2D), let month = number(2), expect(0x2D), let day = number(2),
            i < b.endIndex, b[i] == 0x54 || b[i] == 0x74 || b[i] == 0x20
        else { return nil }
        i += 1
        guard let hour = number(2), expect(0x3A), let minute = number(2), expect(0x3A), let second = number(2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var nanos = 0
        if expect(0x2E) {
            var digits = 0
            while i < b.endIndex, (0x30...0x39).contains(b[i]) {
                if digits < 9 { nanos = nanos * 10 + Int(b[i] - 0x30) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 9) { nanos *= 10 }
        }
        var offsetSeconds = 0
        if expect(0x5A) || expect(0x7A) {
            offsetSeconds = 0
        } else if i < b.endIndex, b[i] == 0x2B || b[i] == 0x2D {
            let sign = b[i] == 0x2D ? -1 : 1
            i += 1
            guard let offsetHours = number(2), expect(0x3A), let offsetMinutes = number(2) else { return nil }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        } else {
            return nil
        }
        guard i == b.endIndex else { return nil }
        let days = HTTPDate.daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        // Nanoseconds in an Int64 span 1677 to 2262; Docker's "never" (`0001-01-01T00:00:00Z`) is outside.
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return nil }
        let (value, overflowAdding) = scaled.addingReportingOverflow(Int64(nanos))
        return overflowAdding ? nil : value
    }

    /// Parses a timestamp string, e.g. `State.StartedAt` from inspect.
    public static func parse(_ text: String) -> Int64? {
        parse(Array(text.utf8))
    }

    /// `2026-11-23T04:50:11.265Z`: UTC, with `fractionDigits` (0 to 9) digits after the seconds; 24 columns with
    /// the default 3.
    public static func format(_ nanos: Int64, fractionDigits: Int = 3) -> String {
        let (seconds, fraction) = floorDivide(nanos, 1_000_000_000)
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        let (year, month, day) = civilFromDays(Int(days))
        let hour = Int(secondOfDay / 3600)
        let minute = Int(secondOfDay / 60 % 60)
        let second = Int(secondOfDay % 60)
        let digits = min(9, max(0, fractionDigits))
        var scale: Int64 = 1
        for _ in digits..<9 { scale *= 10 }
        let fractionText = digits == 0 ? "" : ".\(pad(Int(fraction / scale), digits))"
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
            + "\(fractionText)Z"
    }

    /// `HH:MM:SS` in UTC, for separator lines.
    public static func formatTime(_ nanos: Int64) -> String {
        let seconds = floorDivide(nanos, 1_000_000_000).0
        let secondOfDay = floorDivide(seconds, 86_400).1
        return
            "\(pad(Int(secondOfDay / 3600), 2)):\(pad(Int(secondOfDay / 60 % 60), 2)):\(pad(Int(secondOfDay % 60), 2))"
    }

    /// The engine's `since`/`until` query form: `1795409419.878555560` (seconds, nine fractional digits).
    public static func queryValue(_ nanos: Int64) -> String {
        let (seconds, fraction) = floorDivide(nanos, 1_000_000_000)
        return "\(seconds).\(pad(Int(fraction), 9))"
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b
        let r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
