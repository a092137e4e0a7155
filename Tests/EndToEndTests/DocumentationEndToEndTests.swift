import Foundation
import Testing

/// What ships beside the binary, asked of the real binary: berth(1) (`--man`) has every option `--help` shows and
/// every key table `--keys-markdown` prints, and is roff groff reads without a warning; `--version` says the
/// version, the commit and the build date; the completion scripts know the options. No engine is needed.
@Suite(.enabled(if: E2E.enabled || FileManager.default.isExecutableFile(atPath: E2E.binary)))
struct DocumentationEndToEndTests {
    static func manualPage() throws -> String {
        try E2E.run([E2E.binary, "--man"])
    }

    @Test func theManualHasEveryOptionOfHelp() throws {
        let help = try E2E.run([E2E.binary, "--help"])
        let options = Set(
            help.matches(of: #/(?:^|[\s,\[/])(--[a-z][a-z-]*)/#.anchorsMatchLineEndings()).map { String($0.1) })
        #expect(options.contains("--host") && options.contains("--version"), "no options read from:\n\(help)")
        let page = try Self.manualPage()
        for option in options {
            let escaped = option.replacingOccurrences(of: "-", with: "\\-")
            #expect(page.contains("\\fB\(escaped)\\fR"), "berth(1) lacks \(option)")
        }
    }

    @Test func theManualHasEveryKeyTable() throws {
        let markdown = try E2E.run([E2E.binary, "--keys-markdown"])
        let titles = markdown.split(separator: "\n").filter { $0.hasPrefix("#### ") }.map { $0.dropFirst(5) }
        #expect(titles.count > 10)
        let page = try Self.manualPage()
        for title in titles {
            let escaped = title.replacingOccurrences(of: "-", with: "\\-")
            #expect(page.contains("\n.SS \(escaped)\n"), "berth(1) lacks the keys of \(title)")
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/groff")))
    func groffReadsTheManualWithoutWarnings() throws {
        let path = NSTemporaryDirectory() + "berth-e2e-\(getpid()).1"
        try Self.manualPage().write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // -z: parse and lay out, print nothing; -ww: every warning. What is left on stdout+stderr is a warning.
        let warnings = try E2E.run(["groff", "-man", "-ww", "-z", "-K", "utf-8", "-Tutf8", path])
        #expect(warnings.isEmpty, "\(warnings)")
        let shown = try E2E.run(
            ["groff", "-man", "-K", "utf-8", "-Tutf8", "-P", "-cbou", path], environment: ["MANWIDTH": "100"])
        for section in ["NAME", "SYNOPSIS", "OPTIONS", "KEYS", "CONFIGURATION", "ENVIRONMENT", "EXIT STATUS"] {
            #expect(shown.contains("\n\(section)\n"), "no \(section) heading")
        }
    }

    @Test func versionSaysTheNumberTheCommitAndTheBuildDate() throws {
        let lines = try E2E.run([E2E.binary, "--version"]).split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(lines)")
        #expect(lines.first?.wholeMatch(of: /berth [0-9]+\.[0-9]+\.[0-9]+(-dev)?/) != nil, "\(lines)")
        #expect(lines.dropFirst().first?.hasPrefix("commit: ") == true)
        #expect(lines.last?.hasPrefix("built: ") == true)
        // A packaged binary must say which commit it is: CI names the one it built.
        if let commit = E2E.environment["BERTH_EXPECT_COMMIT"] {
            #expect(lines.dropFirst().first == "commit: \(commit)")
            #expect(lines.last?.wholeMatch(of: /built: [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z/) != nil, "\(lines)")
        }
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsKnowTheOptions(shell: String) throws {
        let script = try E2E.run([E2E.binary, "--generate-completion-script", shell])
        #expect(script.contains("berth"))
        #expect(script.contains("log-lines"))
        #expect(script.contains("read-only"))
    }
}
