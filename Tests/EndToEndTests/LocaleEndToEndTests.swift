import Foundation
import Testing

/// A locale that is not UTF-8 gets ASCII only: `+-|` borders, ASCII bars and charts, and `?` placeholders for CJK
/// and emoji in logs, never UTF-8 bytes the terminal would show as mojibake.
@Suite(.serialized, .enabled(if: E2E.enabled)) struct LocaleEndToEndTests {
    static let script = "while :; do echo '日本語 🐳 héllo ok-line'; sleep 1; done"

    /// Every character on the screen is printable ASCII.
    func expectAsciiOnly(_ session: TmuxSession, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let screen = try session.screen()
        let strays = screen.unicodeScalars.filter { $0.value >= 0x7F || ($0.value < 0x20 && $0 != "\n") }
        #expect(strays.isEmpty, "not ASCII: \(Set(strays.map(\.value)))\n\(screen)", sourceLocation: sourceLocation)
    }

    /// The logs pane, the stats pane (bars and a braille chart) and the help (a box) in `locale`.
    @Test(arguments: ["C", "POSIX", "en_US.ISO-8859-1"])
    func nonUtf8LocaleDrawsAsciiOnly(_ locale: String) throws {
        let host = try E2E.requireHost()
        let name = "e2e-locale-\(locale.lowercased().replacingOccurrences(of: ".", with: "-"))"
        let container = name
        try E2E.makeContainer(container, host: host, command: ["sh", "-c", Self.script])
        defer { _ = try? E2E.docker(["rm", "-f", container], host: host, allowFailure: true) }
        let session = try TmuxSession.berth(
            name, host: host, environment: "LANG=\(locale) LC_ALL=\(locale)", width: 100, height: 36)
        defer { session.kill() }
        try session.filter(container, thenWaitFor: container)
        try session.send("2")
        try session.waitFor("ok-line")
        // Three wide characters, one wide emoji, one accented letter: placeholders of the same widths.
        try session.waitFor("?????? ?? h?llo ok-line")
        try session.waitFor("+- 2 logs: \(container) -")
        try expectAsciiOnly(session)
        try session.send("1")
        try session.waitFor("+- 1 stats: \(container) -")
        try session.waitFor("max")
        try expectAsciiOnly(session)
        try session.send("?")
        try session.waitFor("+- keys -")
        try expectAsciiOnly(session)
        try session.send("Escape")
        try session.send("q")
    }

    /// The control: in a UTF-8 locale the same screens keep their lines and the text its characters, also when
    /// the host lacks the locale asked for (en_US.UTF-8 on a host with C.UTF-8 alone, as SSH often forwards it).
    @Test(arguments: ["C.UTF-8", "en_US.UTF-8"])
    func utf8LocaleKeepsUnicode(_ locale: String) throws {
        let host = try E2E.requireHost()
        let container = "e2e-locale-\(locale.lowercased().replacingOccurrences(of: ".", with: "-"))"
        try E2E.makeContainer(container, host: host, command: ["sh", "-c", Self.script])
        defer { _ = try? E2E.docker(["rm", "-f", container], host: host, allowFailure: true) }
        let session = try TmuxSession.berth(
            container, host: host, environment: "LANG=\(locale) LC_ALL=", width: 100, height: 36)
        defer { session.kill() }
        try session.filter(container, thenWaitFor: container)
        try session.send("2")
        try session.waitFor("日本語 🐳 héllo ok-line")
        try session.waitFor("┌─ 2 logs: \(container) ─")
        try session.send("q")
    }
}
