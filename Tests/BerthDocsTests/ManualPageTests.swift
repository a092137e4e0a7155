import BerthDocs
import DashboardCore
import Testing

/// berth(1) is written from the argument parser's description and the key tables: every option and every key table
/// must be on it, in roff that shows the text as it is.
@Suite struct ManualPageTests {
    /// The argument parser's description of a command, in the format `--experimental-dump-help` prints.
    static let toolInfo = """
        {"serializationVersion":0,"command":{"commandName":"berth","abstract":"A terminal dashboard.",
        "discussion":"Press ? inside berth for the keys.","shouldDisplay":true,"arguments":[
        {"kind":"option","shouldDisplay":true,"isOptional":true,"isRepeating":true,"parsingStrategy":"default",
         "names":[{"kind":"long","name":"host"}],"preferredName":{"kind":"long","name":"host"},
         "valueName":"[name=]url","abstract":"An engine to watch."},
        {"kind":"option","shouldDisplay":true,"isOptional":true,"isRepeating":false,"parsingStrategy":"default",
         "names":[{"kind":"long","name":"log-lines"}],"valueName":"log-lines","defaultValue":"10000",
         "abstract":"Log lines kept."},
        {"kind":"flag","shouldDisplay":true,"isOptional":true,"isRepeating":false,"parsingStrategy":"default",
         "names":[{"kind":"long","name":"read-only"}],"abstract":"Refuse every change."},
        {"kind":"flag","shouldDisplay":true,"isOptional":true,"isRepeating":false,"parsingStrategy":"default",
         "names":[{"kind":"long","name":"tlsverify"}],"abstract":"Verify; --no-tlsverify does not."},
        {"kind":"flag","shouldDisplay":true,"isOptional":true,"isRepeating":false,"parsingStrategy":"default",
         "names":[{"kind":"long","name":"no-tlsverify"}],"abstract":"Verify; --no-tlsverify does not."},
        {"kind":"flag","shouldDisplay":false,"isOptional":true,"isRepeating":false,"parsingStrategy":"default",
         "names":[{"kind":"long","name":"keys-markdown"}]},
        {"kind":"flag","shouldDisplay":true,"isOptional":true,"isRepeating":false,"parsingStrategy":"default",
         "names":[{"kind":"long","name":"help"},{"kind":"short","name":"h"}],"abstract":"Show help information."}
        ],"subcommands":[{"commandName":"config","abstract":"The configuration file.","shouldDisplay":true,
        "subcommands":[{"commandName":"default","abstract":"Print the default file.","shouldDisplay":true},
        {"commandName":"check","abstract":"Check a file.","shouldDisplay":true,"arguments":[
        {"kind":"positional","shouldDisplay":true,"isOptional":true,"isRepeating":false,
         "parsingStrategy":"default","valueName":"file","abstract":"The file to check."}]}]},
        {"commandName":"help","abstract":"Show subcommand help information.","shouldDisplay":true}]}}
        """

    static func page(keymap: Keymap = .standard, config: String? = nil) throws -> String {
        let command = try CommandHelp.decode(toolInfo: toolInfo)
        return ManualPage(
            command: command, keymap: keymap, version: "1.2.3", date: "2026-12-06", defaultConfigFile: config
        )
        .render()
    }

    /// The page's sections, by the title of their `.SH` or `.SS` line.
    static func section(_ title: String, in page: String) -> String? {
        let lines = page.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0 == ".SH \(title)" || $0 == ".SS \(title)" }) else { return nil }
        let end = lines[(start + 1)...].firstIndex { $0.hasPrefix(".SH ") || $0.hasPrefix(".SS ") } ?? lines.endIndex
        return lines[start..<end].joined(separator: "\n")
    }

    @Test func everyShownOptionIsListedWithItsValueAndDefault() throws {
        let options = try #require(Self.section("OPTIONS", in: Self.page()))
        #expect(options.contains("\\fB\\-\\-host\\fR \\fI[name=]url\\fR"))
        #expect(options.contains("\\fB\\-\\-log\\-lines\\fR \\fIlog\\-lines\\fR"))
        #expect(options.contains("Log lines kept. (default: 10000)"))
        #expect(options.contains("\\fB\\-\\-read\\-only\\fR\n"))
        #expect(options.contains("\\fB\\-\\-help\\fR, \\fB\\-h\\fR"))
        #expect(!options.contains("keys\\-markdown"), "a hidden flag stays off the page")
        #expect(options.contains(".TP\n\\fB\\-\\-tlsverify\\fR, \\fB\\-\\-no\\-tlsverify\\fR\nVerify;"))
        #expect(options.components(separatedBy: "Verify;").count == 2, "a flag and its inversion are one item")
    }

    @Test func subcommandsAreInTheSynopsisAndDescribed() throws {
        let page = try Self.page()
        let synopsis = try #require(Self.section("SYNOPSIS", in: page))
        #expect(synopsis.contains(".B berth config\ndefault|check"))
        let commands = try #require(Self.section("COMMANDS", in: page))
        #expect(commands.contains("\\fBberth config default\\fR\nPrint the default file."))
        #expect(commands.contains("\\fBberth config check\\fR\nCheck a file."))
        #expect(commands.contains("\\fIfile\\fR\nThe file to check."))
        #expect(!page.contains("berth help"), "the parser's own help subcommand is --help")
    }

    @Test func everyModeHasItsTableWithEveryBoundKey() throws {
        let page = try Self.page()
        for mode in KeyHints.documentedOrder {
            let title = Roff.escape(mode.title.prefix(1).uppercased() + mode.title.dropFirst())
            let section = try #require(Self.section(title, in: page), "no section for \(mode)")
            for binding in Keymap.standard[mode].bindings where !binding.keys.isEmpty {
                #expect(section.contains(Roff.escape(binding.help)), "\(mode): \(binding.command)")
                for key in binding.keys {
                    #expect(section.contains(Roff.bold(KeyBinding.name(key))), "\(mode): \(key)")
                }
            }
            if let other = KeyHints.otherKeys(Keymap.standard[mode]) {
                #expect(section.contains(Roff.escape(other.help)))
            }
        }
    }

    @Test func everyModeWithKeysIsDocumented() {
        for mode in KeyMode.allCases where !Keymap.standard[mode].bindings.isEmpty {
            #expect(KeyHints.documentedOrder.contains(mode), "\(mode) has keys but no place in the manual")
        }
    }

    @Test func theKeysAreTheKeymapsOwn() throws {
        var keymap = Keymap.standard
        let rebound = keymap.rebind("quit", in: .global, to: [.character("Q")])
        #expect(rebound)
        let section = try #require(Self.section("Everywhere (list and panes)", in: Self.page(keymap: keymap)))
        let quit = try #require(keymap[.global].binding("quit"))
        #expect(section.contains("\\fBQ\\fR\n\(Roff.escape(quit.help))"))
    }

    @Test func everyViewIsListed() throws {
        let views = try #require(Self.section("VIEWS", in: Self.page()))
        for name in ViewRegistry.names {
            #expect(views.contains(Roff.bold(":" + name)), "\(name)")
        }
    }

    @Test func theDefaultConfigurationFileIsShownAsItIs() throws {
        let file = "# berth's settings\n[keys.list]\nquit = \"Q\"\n.dot = '\\\\'\n"
        let section = try #require(Self.section("CONFIGURATION", in: Self.page(config: file)))
        #expect(
            section.contains(".nf\n.RS 4\n# berth's settings\n[keys.list]\nquit = \"Q\"\n\\&.dot = '\\e\\e'\n.RE\n.fi"))
        let without = try #require(Self.section("CONFIGURATION", in: Self.page()))
        #expect(!without.contains(".nf"))
        #expect(without.contains("~/.config/berth/config.toml"))
    }

    @Test func environmentExitStatusAndFilesAreThere() throws {
        let page = try Self.page()
        let environment = try #require(Self.section("ENVIRONMENT", in: page))
        for name in ["DOCKER_HOST", "DOCKER_CONTEXT", "NO_COLOR", "TERM", "XDG_CONFIG_HOME"] {
            #expect(environment.contains(name))
        }
        let exit = try #require(Self.section("EXIT STATUS", in: page))
        for status in ["0", "1", "64"] { #expect(exit.contains(".TP\n\\fB\(status)\\fR\n")) }
        #expect(try #require(Self.section("FILES", in: page)).contains("~/.config/berth/config.toml"))
        #expect(page.hasPrefix(".\\\" Generated by"))
        #expect(page.contains(".TH BERTH 1 \"2026-12-06\" \"berth 1.2.3\" \"User Commands\""))
    }

    /// Every line that starts with a control character is one of the page's own requests: no text from a key table
    /// or a help string can become one.
    @Test func noTextBecomesARequest() throws {
        var keymap = Keymap.standard
        var table = keymap[.list]
        table.bindings[0].help = ".SH HIJACKED and a \\ backslash"
        keymap.tables[.list] = table
        let page = try Self.page(keymap: keymap, config: "'quoted\n.also")
        let requests: Set<Substring> = [
            ".TH", ".SH", ".SS", ".TP", ".PP", ".IP", ".RS", ".RE", ".nf", ".fi", ".B", ".br", ".\\\"",
        ]
        for line in page.split(separator: "\n") where line.hasPrefix(".") || line.hasPrefix("'") {
            let request = line.prefix { $0 != " " }
            #expect(requests.contains(request), "\(line)")
        }
        #expect(page.contains("\\&.SH HIJACKED and a \\e backslash"))
    }

    @Test func roffEscapes() {
        #expect(Roff.escape("--host a\\b") == "\\-\\-host a\\eb")
        #expect(Roff.escape(".start") == "\\&.start")
        #expect(Roff.escape("'quote") == "\\&'quote")
        #expect(Roff.paragraphs("one\n\ntwo") == ["one", ".PP", "two"])
    }
}
