/// `%.Nf` and `%.Ng` worked out in Swift for the figures berth shows every second, where the C library's
/// `vsnprintf` (a variadic call, a buffer, a parse of the format) was a tenth of an idle berth's CPU.
///
/// Each function answers nil whenever its answer could differ from the C library's: a value outside the range it
/// handles, or one whose rounding is too close to call in `Double` arithmetic (within a millionth of a half). The
/// caller then asks `vsnprintf`, so the text is always the one `printf` gives.
enum DecimalText {
    /// Exact powers of ten; every one up to 10^22 is a `Double` without rounding.
    private static let powers: [Double] = (0...15).map { exponent in
        var power = 1.0
        for _ in 0..<exponent { power *= 10 }
        return power
    }

    /// How close to a half a scaled value may come before the rounding is left to the C library: far above the
    /// error of one multiplication by an exact power of ten for the magnitudes handled here.
    private static let tieMargin = 1e-6

    /// `value` rounded to an integer as `printf` rounds it, or nil when it lies too near a half to be sure.
    private static func rounded(_ scaled: Double) -> UInt64? {
        let whole = scaled.rounded(.down)
        let fraction = scaled - whole
        guard abs(fraction - 0.5) > tieMargin else { return nil }
        return UInt64(whole) + (fraction > 0.5 ? 1 : 0)
    }

    /// `%.<decimals>f` for 0 ≤ value·10^decimals < 10^9 (CPU and memory percentages), else nil.
    static func fixed(_ value: Double, decimals: Int) -> String? {
        guard value >= 0, (0...6).contains(decimals), value * powers[decimals] < 1e9 else { return nil }
        guard let units = rounded(value * powers[decimals]) else { return nil }
        let divisor = UInt64(powers[decimals])
        let whole = String(units / divisor)
        guard decimals > 0 else { return whole }
        let fraction = String(units % divisor)
        return whole + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    /// `%.<digits>g` for 0 ≤ value < 10^digits written without an exponent (what the unit scaling hands over), else
    /// nil: significant digits, trailing zeros of the fraction dropped, and no point when no fraction is left.
    static func significant(_ value: Double, digits: Int) -> String? {
        guard value.isFinite, value >= 0, (1...6).contains(digits) else { return nil }
        if value == 0 { return "0" }
        // The decimal exponent: 10^exponent ≤ value < 10^(exponent + 1). `%g` uses an exponent below 10^-4.
        guard value >= 1e-4, value < powers[digits] else { return nil }
        var exponent = digits - 1
        while exponent > -4, value < (exponent >= 0 ? powers[exponent] : 1 / powers[-exponent]) { exponent -= 1 }
        let shift = digits - 1 - exponent
        guard let units = rounded(value * powers[shift]) else { return nil }
        // Rounding up to the next power of ten moves the exponent (and maybe into `%g`'s exponent form).
        guard units < UInt64(powers[digits]) else { return nil }
        var text = String(units)
        // `units` has `digits` digits, `shift` of them after the point.
        if shift > 0 {
            if shift >= text.count { text = String(repeating: "0", count: shift - text.count + 1) + text }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -shift))
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
