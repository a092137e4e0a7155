import Testing

@testable import TerminalUI

/// Inputs fuzz-terminal-text (in `Fuzz/`) found that broke an invariant of `TerminalText`, kept so they stay fixed.
@Suite struct TerminalTextFuzzTests {
    /// The invisible bidi marks passed through (ALM as an ordinary character, LRM and RLM as zero-width ones joined
    /// to the previous glyph), so a name could still reorder what the terminal shows around it.
    @Test func invisibleBidiMarksAreShown() {
        #expect(TerminalText.sanitized("a\u{061C}b") == "a<U+061C>b")
        #expect(TerminalText.sanitized("a\u{200E}b") == "a<U+200E>b")
        #expect(TerminalText.sanitized("a\u{200F}b") == "a<U+200F>b")
        #expect(TerminalText.width("\u{200F}") == 8)
    }

    /// Every Bidi_Control scalar becomes visible text, wherever it stands.
    @Test func noBidiControlSurvives() {
        let controls: [UInt32] = [0x061C, 0x200E, 0x200F] + Array(0x202A...0x202E) + Array(0x2066...0x2069)
        for value in controls {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in ["\(scalar)", "x\(scalar)", "e\u{301}\(scalar)y", "🐳\(scalar)"] {
                let out = TerminalText.sanitized(text)
                #expect(!out.unicodeScalars.contains(scalar), "U+\(String(value, radix: 16)) survived in \(out)")
            }
        }
    }
}
