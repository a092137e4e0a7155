#if canImport(Glibc)
import Glibc
#endif

/// Numbers worded as `docker stats` words them (go-units), so the two can be compared by eye.
public enum StatsUnits {
    static let binaryUnits = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"]
    static let decimalUnits = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"]

    /// `units.BytesSize`: four significant digits, binary units: `1.523MiB`, `7.667GiB`, `0B`.
    public static func binary(_ bytes: Double) -> String {
        let (value, unit) = scaled(bytes, base: 1024, units: binaryUnits)
        return significant(value, digits: 4) + unit
    }

    /// `units.HumanSizeWithPrecision(x, 3)`: three significant digits, decimal units: `1.2kB`, `648B`.
    public static func decimal(_ bytes: Double, digits: Int = 3) -> String {
        let (value, unit) = scaled(bytes, base: 1000, units: decimalUnits)
        return significant(value, digits: digits) + unit
    }

    /// A rate in binary units with `/s`, three significant digits: `12.3KiB/s`.
    public static func binaryRate(_ bytesPerSecond: Double) -> String {
        let (value, unit) = scaled(bytesPerSecond, base: 1024, units: binaryUnits)
        return significant(value, digits: 3) + unit + "/s"
    }

    /// `12.34%`: two decimals, as the CLI prints CPU % and MEM %.
    public static func percent(_ value: Double) -> String {
        let value = value.isFinite ? value : 0
        return (DecimalText.fixed(value, decimals: 2) ?? cFormat("%.2f", value)) + "%"
    }

    /// `value` rounded to what `binary` shows, so that equal text means equal numbers.
    public static func roundedBinary(_ bytes: Double) -> Double {
        let (value, unit) = scaled(bytes, base: 1024, units: binaryUnits)
        guard value > 0, let shown = Double(significant(value, digits: 4)) else { return 0 }
        let power = binaryUnits.firstIndex(of: unit) ?? 0
        var factor = 1.0
        for _ in 0..<power { factor *= 1024 }
        return shown * factor
    }

    static func scaled(_ size: Double, base: Double, units: [String]) -> (Double, String) {
        var value = size.isFinite ? max(0, size) : 0
        var index = 0
        while value >= base, index < units.count - 1 {
            value /= base
            index += 1
        }
        return (value, units[index])
    }

    /// Go's `%.<digits>g`, which C's `%g` matches for these magnitudes: significant digits, no trailing zeros.
    static func significant(_ value: Double, digits: Int) -> String {
        DecimalText.significant(value, digits: digits) ?? cFormat("%.\(digits)g", value)
    }
}

/// `printf`-style formatting of one number through the C library, so the figures match the docker CLI's own
/// `%.2f` and `%.3g` without Foundation.
func cFormat(_ format: String, _ value: Double) -> String {
    var buffer = [CChar](repeating: 0, count: 64)
    _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, format, $0) }
    let length = buffer.firstIndex(of: 0) ?? buffer.count
    return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
