import BerthConfig
import DashboardCore
import DashboardRenderer
import Foundation
import TerminalUI
import Testing

/// The config file: settings read, and every problem named with its line.
@Suite struct ConfigParsingTests {
    func problems(_ text: String) -> [ConfigProblem] { BerthConfig.parse(text).problems }

    @Test func theDefaultFileChangesNothing() {
        let (config, problems) = BerthConfig.parse(BerthConfig.defaultFile)
        #expect(problems == [])
        #expect(config == BerthConfig())
    }

    @Test func theDefaultFileWithEverySettingUncommentedIsStillTheDefaults() throws {
        // Every "# name = value" line becomes a setting: the file documents every setting, at its default.
        let lines = BerthConfig.defaultFile.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let text = String(line)
            guard text.hasPrefix("# "), let first = text.dropFirst(2).first, first.isLetter,
                text.dropFirst(2).prefix(while: { $0 != " " }).allSatisfy({ $0.isLetter || $0 == "-" }),
                text.contains(" = ")
            else { return text }
            return String(text.dropFirst(2))
        }
        let uncommented = lines.joined(separator: "\n")
        let (config, problems) = BerthConfig.parse(uncommented)
        #expect(problems == [])
        #expect(uncommented.contains("\nstop = true"))
        #expect(uncommented.contains("\nmove-down = [\"j\", \"Down\"]"))
        #expect(config.preferences.confirmations == Confirmations())
        #expect(config.theme == .dark)
        #expect(config.statsSeconds == 1)
        #expect(config.reconcileSeconds == 30)
        for mode in KeyMode.allCases {
            let keys = config.preferences.keymap[mode].bindings.map { [$0.command: $0.keys] }
            let standard = Keymap.standard[mode].bindings.map { [$0.command: $0.keys] }
            #expect(keys == standard, "\(mode)")
        }
    }

    @Test func readsEverySetting() {
        let (config, problems) = BerthConfig.parse(
            """
            [start]
            view = "images"
            pane = "logs"
            hosts = ["podman=unix:///run/podman/podman.sock"]
            contexts = ["prod"]

            [mouse]
            enabled = false

            [refresh]
            stats = 2
            reconcile = 60

            [confirm]
            stop = false
            process-signal = false

            [theme]
            name = "light"
            ok = "bright-green"
            accent = "default"

            [keys.list]
            start-stop = "S"
            move-down = ["j", "Ctrl-N"]
            """)
        #expect(problems == [])
        #expect(config.preferences.view == ViewID("images"))
        #expect(config.preferences.pane == .logs)
        #expect(config.hosts == ["podman=unix:///run/podman/podman.sock"])
        #expect(config.contexts == ["prod"])
        #expect(config.preferences.mouse == false)
        #expect(config.statsSeconds == 2)
        #expect(config.reconcileSeconds == 60)
        #expect(config.preferences.confirmations.stop == false)
        #expect(config.preferences.confirmations.restart == true)
        #expect(config.preferences.confirmations.processSignal == false)
        #expect(config.theme.name == "light")
        #expect(config.theme.color(.ok) == .brightGreen)
        #expect(config.theme.color(.accent) == nil)
        #expect(config.theme.color(.warning) == .magenta)
        #expect(config.preferences.keymap[.list].command(for: .character("S")) == "start-stop")
        #expect(config.preferences.keymap[.list].command(for: .character("s")) == nil)
        #expect(config.preferences.keymap[.list].command(for: .control("n")) == "move-down")
    }

    @Test func anUnknownSettingNamesItsLine() {
        let found = problems(
            """
            # a comment
            [theme]
            name = "dark"
            colour = "red"
            """)
        #expect(found.count == 1)
        #expect(found.first?.line == 4)
        #expect(found.first?.message.contains("unknown setting \"colour\" in [theme]") == true)
    }

    @Test func anUnknownTableNamesItsLine() {
        let found = problems("\n\n[colors]\nok = \"red\"\n")
        #expect(found.map(\.line) == [3])
        #expect(found.first?.message.contains("unknown setting \"colors\"") == true)
    }

    @Test func anUnknownModeOrCommandNamesItsLine() {
        let found = problems(
            """
            [keys.lst]
            stop = "x"
            [keys.list]
            halt = "x"
            """)
        #expect(found.map(\.line) == [1, 4])
        #expect(found[0].message.contains("no key mode called \"lst\""))
        #expect(found[1].message.contains("no command \"halt\" in [keys.list]"))
        #expect(found[1].message.contains("start-stop"))
    }

    @Test func aWrongTypeNamesItsLineAndTheTypeExpected() {
        let found = problems(
            """
            [mouse]
            enabled = "yes"
            [refresh]
            reconcile = 2.5
            [confirm]
            kill = 1
            [keys.list]
            restart = 5
            """)
        #expect(found.map(\.line) == [2, 4, 6, 8])
        #expect(found[0].message == "enabled in [mouse] must be true or false, not a string")
        #expect(found[1].message == "reconcile in [refresh] must be a whole number of seconds, not a number")
        #expect(found[2].message == "kill in [confirm] must be true or false, not an integer")
        #expect(found[3].message.contains("must be a key or an array of keys, not an integer"))
    }

    @Test func aValueOutOfRangeOrUnknownNamesItsLine() {
        let found = problems(
            """
            [start]
            view = "pictures"
            pane = "logz"
            [refresh]
            stats = 0.01
            [theme]
            name = "solarized"
            error = "crimson"
            [keys.list]
            restart = "Hyper-R"
            """)
        #expect(found.map(\.line) == [2, 3, 5, 7, 8, 10])
        #expect(found[0].message.contains("no view called \"pictures\""))
        #expect(found[3].message.contains("no theme called \"solarized\" (themes: dark, light, mono)"))
        #expect(found[5].message.contains("\"Hyper-R\" is not a key berth knows"))
    }

    @Test func anUnusableHostNamesItsLine() {
        let found = problems("[start]\nhosts = [\n  \"docker=unix:///run/docker.sock\",\n  \"tcp://bad::\",\n]\n")
        #expect(found.map(\.line) == [2])
        #expect(found.first?.message.contains("tcp://bad::") == true)
    }

    @Test func removeAndPruneAlwaysAsk() {
        let found = problems("[confirm]\nremove = false\nprune = false\n")
        #expect(found.map(\.line) == [2, 3])
        #expect(found[0].message.contains("always asks"))
    }

    @Test func twoCommandsOnOneKeyInOneModeNameBothLines() {
        let found = problems(
            """
            [keys.list]
            restart = "x"
            # something between
            kill = ["X", "x"]
            """)
        #expect(found.count == 1)
        #expect(found.first?.line == 4)
        #expect(found.first?.message == "x is bound to both restart (line 2) and kill in [keys.list]")
    }

    @Test func theSameKeyInTwoModesIsFine() {
        #expect(problems("[keys.list]\nrestart = \"x\"\n[keys.top]\ntree = \"x\"\n") == [])
    }

    @Test func aGlobalKeyThatAModeTakesFirstIsAnError() {
        let found = problems("[keys.global]\nhelp = \"h\"\n")
        #expect(found.first?.line == 2)
        // h scrolls left in the logs pane and closes a node in the inspect pane: help would never run there.
        #expect(found.contains { $0.message.contains("and left in [keys.logs]") })
        #expect(found.contains { $0.message.contains("and close in [keys.inspect]") })
    }

    @Test func aKeyTakenFromAnotherCommandLeavesItTheRest() {
        let (config, problems) = BerthConfig.parse("[keys.list]\nmove-down = [\"j\", \"Down\", \"PgDn\"]\n")
        #expect(problems == [])
        let list = config.preferences.keymap[.list]
        #expect(list.command(for: .pageDown) == "move-down")
        #expect(list.binding("page-down")?.keys == [.control("f")])
    }

    @Test func notTOMLNamesTheLineTheParserStoppedAt() {
        let found = problems("[start]\nview = \"containers\"\npane = logs\n")
        #expect(found.count == 1)
        #expect(found.first?.line == 3)
        #expect(found.first?.message.hasPrefix("not valid TOML") == true)
    }

    @Test func linesAreFoundForDottedAndQuotedKeysAndAfterMultilineArrays() {
        let found = problems(
            """
            [keys.list]
            move-down = [
              "j",
              "=",
            ]
            "restart" = "x"
            [keys]
            top.wrong = "z"
            """)
        #expect(found.map(\.line) == [8])
        #expect(found.first?.message.contains("no command \"wrong\" in [keys.top]") == true)
    }

    @Test func keyNamesReadAndWriteTheSameKeys() {
        let names = [
            "j", "J", "/", "Space", "Enter", "Esc", "Tab", "Shift-Tab", "Backspace", "Delete", "Up", "Down",
            "Left", "Right", "Home", "End", "PgUp", "PgDn", "F5", "Ctrl-F",
        ]
        for name in names {
            let key = KeyNames.key(name)
            #expect(key != nil, "\(name)")
            if let key { #expect(KeyNames.name(key) == name) }
        }
        #expect(KeyNames.key("^B") == .control("b"))
        #expect(KeyNames.key("ctrl-b") == .control("b"))
        #expect(KeyNames.key("Ctrl-C") == .control("c"))
        #expect(KeyNames.key("Ctrl-I") == nil)
        #expect(KeyNames.key("F13") == nil)
        #expect(KeyNames.key("") == nil)
        #expect(KeyNames.key("ab") == nil)
    }

    @Test func theConfigFileIsUnderXDGConfigHomeElseHome() {
        #expect(
            ConfigLocation.defaultPath(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"])
                == "/x/berth/config.toml")
        #expect(ConfigLocation.defaultPath(environment: ["HOME": "/h"]) == "/h/.config/berth/config.toml")
        // A relative XDG_CONFIG_HOME is to be ignored (the base directory spec).
        #expect(
            ConfigLocation.defaultPath(environment: ["XDG_CONFIG_HOME": "rel", "HOME": "/h"])
                == "/h/.config/berth/config.toml")
        #expect(ConfigLocation.defaultPath(environment: [:]) == nil)
    }
}

/// Bad input never crashes berth: any text gives settings or problems.
@Suite struct ConfigRobustnessTests {
    /// A fixed-seed generator, so a failure repeats.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func mangledFilesGiveProblemsWithLinesInTheFile() {
        var random = SplitMix(state: 14)
        let base = Array(BerthConfig.defaultFile.replacingOccurrences(of: "\n# ", with: "\n").utf8)
        let pieces = Array("[]{}=\"'#.,\n\\ 0x1e9 truefalse ÿ\u{0}".utf8)
        for _ in 0..<300 {
            var bytes = base
            for _ in 0..<Int.random(in: 1...12, using: &random) {
                let at = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(pieces.randomElement(using: &random) ?? 0, at: at)
                default: bytes[at] = pieces.randomElement(using: &random) ?? 0
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
            for problem in BerthConfig.parse(text).problems {
                if let line = problem.line { #expect((1...lineCount + 1).contains(line), "\(problem)") }
            }
        }
    }
}
