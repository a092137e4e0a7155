import CNcursesw
import TerminalUI

/// Allocates ncurses colour pairs on demand for (foreground, background) combinations.
///
/// Only used on the curses thread.
struct ColorPairs {
    private var pairs: [Int: Int16] = [:]
    private var next: Int16 = 1
    let enabled: Bool
    let colorCount: Int
    /// The pairs the terminal has (`COLOR_PAIRS`), at most 256: a pair beyond them would draw in the default colours.
    let pairCount: Int
    /// Whether -1 means the terminal's own colours (`use_default_colors`); if not, white on black stands in.
    let defaultColors: Bool

    /// Whether the stand-in for the terminal's own colours is black on white (a theme for light backgrounds).
    let lightBackground: Bool

    init(enabled: Bool, colorCount: Int, pairCount: Int, defaultColors: Bool, lightBackground: Bool = false) {
        self.lightBackground = lightBackground
        self.enabled = enabled
        self.colorCount = colorCount
        self.pairCount = min(pairCount, 256)
        self.defaultColors = defaultColors
    }

    /// The pair for a style, plus extra attributes (bright colours on an 8-colour terminal become bold).
    mutating func pair(for style: Style) -> (Int16, attr_t) {
        // Pair 0 is the terminal's own colours; where it has none to keep (no `use_default_colors`), pair 0 is white
        // on black, and a light theme draws even plain text in a pair of its own: black on white.
        let standsIn = lightBackground && !defaultColors
        guard enabled, style.foreground != nil || style.background != nil || standsIn else { return (0, 0) }
        var extra: attr_t = 0
        let paper = Int16(lightBackground ? COLOR_WHITE : COLOR_BLACK)
        let ink = Int16(lightBackground ? COLOR_BLACK : COLOR_WHITE)
        let fg = map(style.foreground, extra: &extra) ?? (defaultColors ? -1 : ink)
        let bg = map(style.background, extra: &extra) ?? (defaultColors ? -1 : paper)
        let key = (Int(fg) + 1) * 512 + Int(bg) + 1
        if let pair = pairs[key] { return (pair, extra) }
        guard Int(next) < pairCount else { return (0, extra) }
        let pair = next
        next += 1
        init_pair(pair, fg, bg)
        pairs[key] = pair
        return (pair, extra)
    }

    private func map(_ color: Color?, extra: inout attr_t) -> Int16? {
        guard let color else { return nil }
        let value = Int16(color.rawValue)
        if value >= 8, colorCount < 16 {
            extra |= cn_A_BOLD()
            return value - 8
        }
        return value
    }
}
