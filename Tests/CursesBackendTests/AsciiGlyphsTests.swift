import Testing

@testable import CursesBackend
@testable import TerminalUI

/// Outside UTF-8 every cell becomes ASCII of the same width.
@Suite struct AsciiGlyphsTests {
    @Test func everyScalarBecomesPrintableAsciiOfItsWidth() {
        let samples: [UInt32] =
            Array(0xA0...0x2FF) + Array(0x2190...0x21FF) + Array(0x2500...0x28FF)
            + Array(0x3000...0x30FF) + [0x4E2D, 0xAC00, 0x1F433, 0x1F600, 0x1F468, 0xFFFD]
        for value in samples {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let width = TextWidth.of(scalar)
            let text = AsciiGlyphs.standIn(for: String(Character(scalar)), width: width)
            #expect(text.count == max(width, 1), "U+\(String(value, radix: 16)) → \(text.debugDescription)")
            #expect(
                text.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) }, "U+\(String(value, radix: 16))")
        }
    }

    @Test func linesAndCornersBecomeMinusBarPlus() {
        let box = "┌─ logs ─┐│└──┘├┤┬┴┼═║╭╮"
        let ascii = box.map { AsciiGlyphs.standIn(for: String($0), width: 1) }.joined()
        #expect(ascii == "+- logs -+|+--++++++-|++")
    }

    @Test func barsChartsAndArrowsReadInAscii() {
        func ascii(_ text: String) -> String {
            text.map { AsciiGlyphs.standIn(for: String($0), width: 1) }.joined()
        }
        #expect(ascii("███▌") == "###|")
        #expect(ascii("▏▎▍▋▊▉") == "|||###")
        // Braille area chart cells by height: empty, 1 row, 2, 3, all 4.
        #expect(ascii("\u{2800}\u{28C0}\u{28E4}\u{28F6}\u{28FF}") == " .:=#")
        #expect(ascii("↑↓←→▲▼▸▾") == "^v<>^v>v")
        #expect(ascii("a · b … ×") == "a | b ~ x")
    }

    @Test func wideTextAndEmojiBecomePlaceholdersOfTheirWidth() {
        #expect(AsciiGlyphs.standIn(for: "日", width: 2) == "??")
        #expect(AsciiGlyphs.standIn(for: "🐳", width: 2) == "??")
        #expect(AsciiGlyphs.standIn(for: "é", width: 1) == "?")
    }

    @Test func combiningMarksOnAsciiAreDropped() {
        #expect(AsciiGlyphs.standIn(for: "e\u{301}", width: 1) == "e")
        #expect(AsciiGlyphs.standIn(for: "", width: 1) == " ")
    }
}
