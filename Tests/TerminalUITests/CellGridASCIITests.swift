import TerminalUI
import Testing

/// Printable ASCII takes a shorter way onto the grid and through `width`: it must land exactly as the glyph way
/// puts it, at every width, cut or not.
@Suite struct CellGridASCIITests {
    static let texts = [
        "", "a", "bench-idle-000", "Up 11 minutes (healthy)", "0.00%", "300KiB", "~!@#$%^&*()_+{}|:\"<>? `-=[]\\;',./",
        String(repeating: "x", count: 200),
    ]

    @Test func asciiLandsAsTheGlyphWayPutsIt() {
        for text in Self.texts {
            #expect(TerminalText.isPrintableASCII(text))
            #expect(TerminalText.width(text) == TerminalText.glyphs(text).reduce(0) { $0 + $1.width })
            for x in [0, 3] {
                for width in [nil, 1, 2, 5, 13, 14, 15, 40] as [Int?] {
                    var fast = CellGrid(size: Size(width: 30, height: 2))
                    var glyphWay = fast
                    let wrote = fast.put(text, x: x, y: 1, width: width, style: Style(bold: true))
                    let available = min(width ?? (30 - x), 30 - x)
                    let expected = glyphWay.put(
                        glyphs: TerminalText.truncated(text, to: available), x: x, y: 1, limit: available,
                        style: Style(bold: true))
                    #expect(wrote == expected, "\(text) at \(x) in \(String(describing: width))")
                    #expect(fast == glyphWay, "\(text) at \(x) in \(String(describing: width))")
                }
            }
        }
    }

    @Test func controlsTabsAndWideTextAreNotASCII() {
        for text in ["a\tb", "\u{1B}[31m", "é", "名前", "\u{7F}", "line\n"] {
            #expect(!TerminalText.isPrintableASCII(text), "\(text.debugDescription)")
        }
        #expect(TerminalText.width("名前") == 4)
        #expect(TerminalText.width("a\tb") == 3)
    }
}
