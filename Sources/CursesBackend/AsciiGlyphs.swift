import TerminalUI

/// What a cell becomes on a terminal whose locale is not UTF-8 (`LANG=C`, POSIX, Latin-1): plain ASCII of the same
/// width, so nothing arrives as mojibake and the row never shifts.
///
/// The renderer stays the same for every terminal; this mapping happens at draw time. Lines and corners become
/// `-`, `|` and `+`; bars and charts become ASCII levels; arrows become `^ v < >`; anything else (CJK, emoji,
/// accented letters in names and logs) becomes `?`, or `??` where it is two columns wide.
enum AsciiGlyphs {
    /// The ASCII text to draw for a cell holding `text` (a base character and its combining marks), `width`
    /// columns wide (0 counts as 1).
    static func standIn(for text: String, width: Int) -> String {
        guard let base = text.unicodeScalars.first else { return " " }
        // Combining marks cannot be drawn in ASCII: an accented ASCII letter keeps its letter.
        if base.value < 0x80 { return String(Character(base)) }
        let columns = max(width, 1)
        if let glyph = glyph(for: base) {
            return columns == 1 ? String(glyph) : String(glyph) + String(repeating: " ", count: columns - 1)
        }
        return String(repeating: "?", count: columns)
    }

    /// The ASCII stand-in for a non-ASCII scalar berth draws itself (lines, bars, charts, arrows, punctuation), or
    /// nil for text that has none.
    static func glyph(for scalar: Unicode.Scalar) -> Character? {
        let value = scalar.value
        switch value {
        case 0x2500...0x257F: return boxDrawing(value)
        case 0x2580...0x259F: return block(value)
        case 0x2800...0x28FF: return braille(UInt8(value - 0x2800))
        default: break
        }
        switch scalar {
        case "\u{A0}", "\u{2002}", "\u{2003}", "\u{2009}": return " "
        case "…": return "~"
        case "·", "•", "∙": return "|"
        case "×": return "x"
        case "●", "◉", "○", "◆", "■", "□": return "*"
        case "–", "—", "―", "−": return "-"
        case "‘", "’", "′": return "'"
        case "“", "”", "″": return "\""
        case "↑", "▲", "△", "▴": return "^"
        case "↓", "▼", "▽", "▾": return "v"
        case "→", "▶", "▸", "►": return ">"
        case "←", "◀", "◂", "◄": return "<"
        case "≥": return ">"
        case "≤": return "<"
        case "°": return "o"
        case "✓", "✔": return "v"
        case "✗", "✘": return "x"
        default: return nil
        }
    }

    /// Box drawing (U+2500–U+257F): horizontal lines `-`, vertical lines `|`, diagonals `/ \ X`, every corner, tee
    /// and cross `+`.
    private static func boxDrawing(_ value: UInt32) -> Character {
        switch value {
        case 0x2500, 0x2501, 0x2504, 0x2505, 0x2508, 0x2509, 0x254C, 0x254D, 0x2550, 0x2574, 0x2576, 0x2578, 0x257A,
            0x257C, 0x257E:
            return "-"
        case 0x2502, 0x2503, 0x2506, 0x2507, 0x250A, 0x250B, 0x254E, 0x254F, 0x2551, 0x2575, 0x2577, 0x2579, 0x257B,
            0x257D, 0x257F:
            return "|"
        case 0x2571: return "/"
        case 0x2572: return "\\"
        case 0x2573: return "X"
        default: return "+"
        }
    }

    /// Block elements (U+2580–U+259F): bars fill with `#`; a thin or half left block (a bar's last part, the logs
    /// pane's stderr marker) is `|`; lower blocks rise `_ - = #`; shades are `. : #`.
    private static func block(_ value: UInt32) -> Character {
        switch value {
        case 0x2581, 0x2582: return "_"
        case 0x2583, 0x2584: return "-"
        case 0x2585, 0x2586: return "="
        case 0x2587, 0x2588, 0x2589, 0x258A, 0x258B: return "#"
        case 0x258C, 0x258D, 0x258E, 0x258F, 0x2590, 0x2595: return "|"
        case 0x2580, 0x2594: return "\""
        case 0x2591: return "."
        case 0x2592: return ":"
        default: return "#"
        }
    }

    /// A braille cell (2 × 4 dots) as the height it fills, counted from its lowest row up: 1 `.`, 2 `:`, 3 `=`,
    /// 4 `#`; an empty cell is a space. Area charts then read as ASCII columns (and never as a border's `|`).
    private static func braille(_ dots: UInt8) -> Character {
        // Dot bits by row, top row first: (1, 4), (2, 5), (3, 6), (7, 8).
        let rows: [UInt8] = [0x01 | 0x08, 0x02 | 0x10, 0x04 | 0x20, 0x40 | 0x80]
        guard let top = rows.firstIndex(where: { dots & $0 != 0 }) else { return " " }
        switch 4 - top {
        case 1: return "."
        case 2: return ":"
        case 3: return "="
        default: return "#"
        }
    }
}
