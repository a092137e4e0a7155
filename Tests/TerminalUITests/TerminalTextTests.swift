import Foundation
import Testing

@testable import TerminalUI

@Suite struct TerminalTextTests {
    @Test func escapeSequencesBecomeVisibleText() {
        #expect(TerminalText.sanitized("a\u{1B}]0;pwned\u{07}b") == "a^[]0;pwned^Gb")
        #expect(TerminalText.sanitized("\u{1B}[2J\u{1B}[?1049l") == "^[[2J^[[?1049l")
        #expect(TerminalText.sanitized("x\u{7F}y") == "x^?y")
        #expect(TerminalText.sanitized("c1\u{9B}31m") == "c1<9b>31m")
        #expect(TerminalText.sanitized("new\nline\r") == "new^Jline^M")
    }

    @Test func bidiOverridesAreShownNotObeyed() {
        #expect(TerminalText.sanitized("abc\u{202E}def") == "abc<U+202E>def")
    }

    @Test func nothingUnsafeSurvivesAnyByte() {
        for value in UInt32(0)...0x2FF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let out = TerminalText.sanitized("<\(Character(scalar))>")
            for s in out.unicodeScalars {
                #expect(s.value >= 0x20 && s.value != 0x7F && !(0x80...0x9F).contains(s.value))
            }
        }
    }

    @Test func wideCharactersTakeTwoColumns() {
        #expect(TerminalText.width("컨테이너") == 8)
        #expect(TerminalText.width("🐳") == 2)
        #expect(TerminalText.width("abc") == 3)
        #expect(TerminalText.width("e\u{301}") == 1)
        // ZWJ families and skin tones are split into their parts, each drawn on its own.
        #expect(TerminalText.width("👍🏽") == 2)
    }

    @Test func truncationEndsInEllipsisAndNeverSplitsAWideCharacter() {
        #expect(TerminalText.truncated("nginx-reverse-proxy", to: 8).map(\.text).joined() == "nginx-r…")
        #expect(TerminalText.truncated("short", to: 8).map(\.text).joined() == "short")
        let cut = TerminalText.truncated("컨테이너", to: 4)
        #expect(cut.map(\.text).joined() == "컨…")
        #expect(cut.reduce(0) { $0 + $1.width } <= 4)
    }
}

@Suite struct CellGridTests {
    @Test func putClipsToWidthWithEllipsis() {
        var grid = CellGrid(size: Size(width: 10, height: 1))
        let used = grid.put("hello world", x: 0, y: 0, width: 6)
        #expect(used == 6)
        #expect(grid.plainText == "hello…")
    }

    @Test func wideCharacterAtTheEdgeIsReplacedByABlank() {
        var grid = CellGrid(size: Size(width: 3, height: 1))
        grid.put("a🐳", x: 1, y: 0)
        #expect(grid[1, 0].text == "a")
        #expect(grid[2, 0].text == "…")
        var exact = CellGrid(size: Size(width: 3, height: 1))
        exact.put("🐳", x: 1, y: 0)
        #expect(exact[1, 0].text == "🐳")
        #expect(exact[2, 0].isContinuation)
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var grid = CellGrid(size: Size(width: 4, height: 1))
        grid.put("🐳🐳", x: 0, y: 0)
        grid.put("x", x: 1, y: 0)
        #expect(grid.plainText == " x🐳")
    }

    @Test func changedRowsFindsOnlyDifferences() {
        var a = CellGrid(size: Size(width: 5, height: 3))
        a.put("one", x: 0, y: 0)
        var b = a
        b.put("two", x: 0, y: 2)
        #expect(b.changedRows(since: a) == [2])
        #expect(b.changedRows(since: nil) == [0, 1, 2])
        #expect(a.changedRows(since: a).isEmpty)
    }

    @Test func styleRunsDescribeColours() {
        var grid = CellGrid(size: Size(width: 6, height: 1))
        grid.put("ok", x: 1, y: 0, style: Style(foreground: .green, bold: true))
        #expect(grid.styleRuns == "0 1+2 fg=green bold")
    }

    @Test func boxDrawsBorderAndTitle() {
        var grid = CellGrid(size: Size(width: 12, height: 3))
        grid.box(grid.bounds, title: "hi")
        #expect(grid.plainText == "┌─ hi ─────┐\n│          │\n└──────────┘")
    }
}
