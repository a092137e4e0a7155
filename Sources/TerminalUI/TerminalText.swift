/// Turns untrusted text (container names, images, engine messages, log lines) into cells that are safe
/// to send to a terminal.
///
/// Control characters and escape sequences are shown as visible caret text (`ESC` becomes `^[`, DEL `^?`,
/// C1 controls `<9b>`), so nothing a container says can move the cursor, change the title, or write the
/// clipboard. Scalars terminals disagree on (ZWJ, VS16, skin-tone modifiers) are dropped, and bidi controls
/// are made visible.
public enum TerminalText {
    /// One drawable unit: a grapheme that is safe to send, and its width in columns (1 or 2).
    public struct Glyph: Equatable, Sendable {
        public var text: String
        public var width: Int
    }

    /// Splits `text` into glyphs, making every control visible and expanding tabs to `tabWidth` spaces.
    public static func glyphs(_ text: String, tabWidth: Int = 1) -> [Glyph] {
        var out: [Glyph] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v == 0x09 {
                for _ in 0..<max(1, tabWidth) { out.append(Glyph(text: " ", width: 1)) }
                continue
            }
            if v < 0x20 {
                let caret = Unicode.Scalar(UInt8(v) + 0x40)
                out.append(Glyph(text: "^", width: 1))
                out.append(Glyph(text: String(Character(caret)), width: 1))
                continue
            }
            if v == 0x7F {
                out.append(Glyph(text: "^", width: 1))
                out.append(Glyph(text: "?", width: 1))
                continue
            }
            if (0x80...0x9F).contains(v) || isBidiControl(v) || v == 0x2028 || v == 0x2029 {
                for ch in visibleCode(v) { out.append(Glyph(text: String(ch), width: 1)) }
                continue
            }
            // Terminals and ncurses count these differently; dropping them keeps columns aligned.
            if v == 0x200D || v == 0xFE0F || (0x1F3FB...0x1F3FF).contains(v) { continue }
            let width = TextWidth.of(scalar)
            if width == 0 {
                if var last = out.last, last.width > 0, last.text.unicodeScalars.count < 4 {
                    last.text.unicodeScalars.append(scalar)
                    out[out.count - 1] = last
                }
                continue
            }
            // Private-use and unassigned planes can render at any width; show a stand-in instead.
            if (0xE000...0xF8FF).contains(v) || v >= 0xF0000 {
                out.append(Glyph(text: "\u{FFFD}", width: 1))
                continue
            }
            out.append(Glyph(text: String(Character(scalar)), width: width))
        }
        return out
    }

    /// The sanitised text as a plain string, for status lines and logs of berth itself.
    public static func sanitized(_ text: String) -> String {
        glyphs(text).map(\.text).joined()
    }

    /// Columns `text` takes once sanitised.
    public static func width(_ text: String) -> Int {
        // Printable ASCII, by far the most common text in a frame: a column a byte, no glyphs to build.
        if isPrintableASCII(text) { return text.utf8.count }
        return glyphs(text).reduce(0) { $0 + $1.width }
    }

    /// Whether every byte of `text` is printable ASCII (space to `~`): each is then one glyph, one column wide, shown
    /// as it is.
    public static func isPrintableASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// Cuts `text` to at most `width` columns, ending in `…` when something was cut.
    public static func truncated(_ text: String, to width: Int) -> [Glyph] {
        let all = glyphs(text)
        let total = all.reduce(0) { $0 + $1.width }
        guard total > width else { return all }
        guard width > 0 else { return [] }
        var out: [Glyph] = []
        var used = 0
        for glyph in all {
            if used + glyph.width > width - 1 { break }
            out.append(glyph)
            used += glyph.width
        }
        out.append(Glyph(text: "…", width: 1))
        return out
    }

    /// Every scalar that reorders text (Unicode's Bidi_Control): the embeddings, overrides and isolates, and the
    /// invisible marks (ALM, LRM, RLM), which would otherwise pass as zero-width or ordinary characters.
    static func isBidiControl(_ v: UInt32) -> Bool {
        v == 0x061C || v == 0x200E || v == 0x200F || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    static func visibleCode(_ v: UInt32) -> String {
        let hex = String(v, radix: 16)
        return v <= 0xFF ? "<\(hex)>" : "<U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex.uppercased())>"
    }
}
