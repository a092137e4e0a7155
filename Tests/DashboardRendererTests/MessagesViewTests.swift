import DashboardCore
import DashboardFixtures
import DashboardRenderer
import EngineAPI
import TerminalUI
import Testing

/// A message cut to the screen says where to read it whole; `:messages` shows it whole with its time.
@Suite struct MessagesViewTests {
    static let longError =
        "OCI runtime exec failed: exec failed: unable to start container process: exec: \"/nonexistent/bin/tool\": "
        + "stat /nonexistent/bin/tool: no such file or directory: unknown"

    @Test func aCutMessageSaysWhereToReadItWhole() {
        var state = Fixtures.state(size: Size(width: 80, height: 24))
        _ = Dashboard.reduce(&state, .execFinished(name: "web-1", exitCode: nil, error: Self.longError))
        let lines = DashboardView.render(state).plainText.split(separator: "\n", omittingEmptySubsequences: false)
        let status = String(lines[23])
        #expect(status.hasPrefix("Exec in web-1 failed: OCI runtime exec failed"))
        #expect(status.hasSuffix("… :messages"), "\(status)")
        #expect(!status.contains("……"), "one ellipsis: \(status)")
        // A short one is shown as it is.
        _ = Fixtures.press(&state, .character("a"))
        let short = DashboardView.render(state).plainText.split(separator: "\n", omittingEmptySubsequences: false)[23]
        #expect(!short.contains(":messages"))
    }

    @Test func theMessagesViewShowsEachMessageWholeWithItsTime() {
        var state = Fixtures.state(size: Size(width: 60, height: 20))
        _ = Dashboard.reduce(&state, .tick(now: 1_790_000_007))
        _ = Dashboard.reduce(&state, .execFinished(name: "web-1", exitCode: nil, error: Self.longError))
        _ = Fixtures.press(&state, .character("a"))
        _ = Fixtures.press(&state, .character(":"))
        for c in "messages" { _ = Fixtures.press(&state, .character(c)) }
        _ = Fixtures.press(&state, .enter)
        let grid = DashboardView.render(state)
        expectSnapshot(grid, named: "messages-60x20")
        // Every word of the long message is on screen, in order, under its time.
        let text = grid.plainText.split(separator: "\n").map { line in
            line.split(separator: "│", omittingEmptySubsequences: false).dropFirst().first.map(String.init) ?? ""
        }
        let inside = text.joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(inside.contains("Exec in web-1 failed: " + Self.longError.split(separator: " ").joined(separator: " ")))
        #expect(grid.plainText.contains("14:13:27"))
        #expect(grid.plainText.contains("Showing running containers only"))
    }

    @Test func aWordLongerThanALineIsBrokenNotCut() {
        var state = Fixtures.state(size: Size(width: 40, height: 16))
        let path = "/" + String(repeating: "very-long-directory-name/", count: 6) + "end-of-path"
        _ = Dashboard.reduce(&state, .execFinished(name: "w", exitCode: nil, error: path))
        _ = Fixtures.press(&state, .character(":"))
        for c in "messages" { _ = Fixtures.press(&state, .character(c)) }
        _ = Fixtures.press(&state, .enter)
        let rows = DashboardView.render(state).plainText.split(separator: "\n").compactMap { line -> String? in
            let parts = line.split(separator: "│", omittingEmptySubsequences: false)
            return parts.count >= 3 ? String(parts[1]) : nil
        }
        let joined = rows.map { String($0.dropFirst(11)).trimmingSuffixSpaces }.joined()
        #expect(joined.contains(path), "\(rows)")
    }
}

extension String {
    var trimmingSuffixSpaces: String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
