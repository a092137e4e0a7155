import FuzzSupport
import TerminalUI

/// `TerminalText` on any text: what an engine or a container may put in a name, an image, a message or a log line.
///
/// Input: a byte for the tab width and one for the truncation width, then the text as UTF-8 (invalid sequences
/// become U+FFFD, as everywhere in berth). Invariants: no glyph carries a C0 or C1 control, DEL, ESC or a bidi
/// control; every glyph is one or two columns wide and its width is what `TextWidth` measures; `width` is the sum;
/// sanitising is idempotent and keeps the width; truncation never exceeds the columns asked for.
FuzzDriver.run { data, size in
    var input = FuzzInput(data, size)
    let tabWidth = Int(input.byte() % 9)
    let columns = Int(input.byte()) - 8
    let text = String(decoding: input.rest(), as: UTF8.self)

    let glyphs = TerminalText.glyphs(text, tabWidth: tabWidth)
    for glyph in glyphs {
        require(!glyph.text.isEmpty, "an empty glyph")
        require(glyph.width == 1 || glyph.width == 2, "a glyph \(glyph.width) columns wide")
        require(TextWidth.of(glyph.text) == glyph.width, "glyph width \(glyph.width) but TextWidth says otherwise")
        for scalar in glyph.text.unicodeScalars {
            require(isSafe(scalar), "unsafe scalar U+\(String(scalar.value, radix: 16)) in the output")
        }
    }
    let width = TerminalText.width(text)
    require(width == TerminalText.glyphs(text).reduce(0) { $0 + $1.width }, "width disagrees with the glyphs")

    let once = TerminalText.sanitized(text)
    require(TerminalText.sanitized(once) == once, "sanitising twice changes the text")
    require(TerminalText.width(once) == width, "sanitising changes the width")
    require(TextWidth.of(once) == width, "TextWidth of the sanitised text is not its width")

    let cut = TerminalText.truncated(text, to: columns)
    let used = cut.reduce(0) { $0 + $1.width }
    require(used <= max(0, columns), "truncated to \(columns) columns but takes \(used)")
    if width <= columns { require(used == width, "truncated text that fitted") }
    return 0
}

/// Scalars that can never reach the terminal: C0 and C1 controls, DEL, and the controls that reorder text.
func isSafe(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) { return false }
    let bidi: [ClosedRange<UInt32>] = [0x061C...0x061C, 0x200E...0x200F, 0x202A...0x202E, 0x2066...0x2069]
    return !bidi.contains { $0.contains(v) }
}
