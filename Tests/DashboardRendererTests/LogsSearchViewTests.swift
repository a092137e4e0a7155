import DashboardCore
import DashboardFixtures
import DashboardRenderer
import EngineAPI
import TerminalUI
import Testing

/// A match deep in a megabyte line is drawn where it is, highlighted, with wrap on or off.
@Suite struct LogsSearchViewTests {
    static let base: Int64 = 1_790_000_000_000_000_000

    /// A megabyte of ASCII with `needle` at 150,000 and 400,000, between short lines; searched from the top.
    static func searched(wrap: Bool, regex: Bool = false) throws -> AppState {
        var state = Fixtures.state(size: Size(width: 100, height: 30))
        _ = Fixtures.press(&state, .character("2"))
        let id = try #require(state.selectedContainer?.ref)
        _ = Dashboard.reduce(&state, .logs(.opened(container: id, feedID: 1)))
        var bytes = [UInt8](repeating: UInt8(ascii: "."), count: 1 << 20)
        for offset in [150_000, 400_000] {
            for (i, byte) in "needle".utf8.enumerated() { bytes[offset + i] = byte }
        }
        let texts = ["first"] + [String(decoding: bytes, as: UTF8.self)] + (0..<30).map { "short \($0)" }
        let lines = texts.enumerated().map {
            LogLine(stream: .stdout, timestamp: base + Int64($0.offset) * 1_000_000, text: $0.element)
        }
        _ = Dashboard.reduce(&state, .logs(.lines(feedID: 1, batch: 1, lines)))
        if !wrap { _ = Fixtures.press(&state, .character("w")) }
        _ = Fixtures.press(&state, .character("g"), .character("/"))
        if regex { _ = Fixtures.press(&state, .tab) }
        for c in regex ? "ne+dle" : "needle" { _ = Fixtures.press(&state, .character(c)) }
        _ = Fixtures.press(&state, .enter)
        return state
    }

    /// The cells of the screen that show `needle`, and their styles.
    static func needles(_ grid: CellGrid) -> [(y: Int, styles: [Style])] {
        let rows = grid.plainText.split(separator: "\n", omittingEmptySubsequences: false)
        var found: [(Int, [Style])] = []
        // Only the pane's rows: the footer and the status line name the search too.
        for (y, row) in rows.enumerated() where row.hasPrefix("│") {
            guard let range = row.range(of: "needle") else { continue }
            let x = row.distance(from: row.startIndex, to: range.lowerBound)
            found.append((y, (x..<x + 6).map { grid[$0, y].style }))
        }
        return found
    }

    static let focusStyle = Style(foreground: .black, background: .green, bold: true)
    static let matchStyle = Style(foreground: .black, background: .yellow)

    @Test(arguments: [true, false]) func theMatchIsOnScreenAndHighlighted(wrap: Bool) throws {
        for regex in [false, true] {
            var state = try Self.searched(wrap: wrap, regex: regex)
            let grid = DashboardView.render(state)
            let shown = Self.needles(grid)
            #expect(shown.count == 1, "wrap \(wrap), regex \(regex): \(grid.plainText)")
            #expect(shown.first?.styles.allSatisfy { $0 == Self.focusStyle } == true)
            // n: the second match in the same line, highlighted as the focus in its turn.
            _ = Fixtures.press(&state, .character("n"))
            let next = Self.needles(DashboardView.render(state))
            #expect(next.count == 1)
            #expect(next.first?.styles.allSatisfy { $0 == Self.focusStyle } == true)
            #expect(state.logs.focus?.range.lowerBound == 400_000)
        }
    }

    /// Other matches near the focus are highlighted as matches, not as the focus.
    @Test func otherMatchesInTheFocusedLineAreMarkedToo() throws {
        var state = Fixtures.state(size: Size(width: 100, height: 30))
        _ = Fixtures.press(&state, .character("2"))
        let id = try #require(state.selectedContainer?.ref)
        _ = Dashboard.reduce(&state, .logs(.opened(container: id, feedID: 1)))
        let text = String(repeating: "x", count: 200_000) + "ab ab" + String(repeating: "y", count: 10)
        _ = Dashboard.reduce(
            &state, .logs(.lines(feedID: 1, batch: 1, [LogLine(stream: .stdout, timestamp: Self.base, text: text)])))
        _ = Fixtures.press(&state, .character("/"), .character("a"), .character("b"), .enter)
        #expect(state.logs.focus?.range == 200_000..<200_002)
        let grid = DashboardView.render(state)
        let rows = grid.plainText.split(separator: "\n", omittingEmptySubsequences: false)
        let row = try #require(rows.firstIndex { $0.contains("ab ab") })
        let line = rows[row]
        let x = line.distance(from: line.startIndex, to: try #require(line.range(of: "ab ab")).lowerBound)
        #expect(grid[x, row].style == Self.focusStyle)
        #expect(grid[x + 3, row].style == Self.matchStyle)
    }
}
