import DashboardCore
import DashboardRenderer
import EngineAPI
import TOMLKit
import TerminalUI

extension BerthConfig {
    /// Reads a config file's text. Every problem names its line; a file with problems gives the settings it could
    /// read, but berth uses none of them (`problems` non-empty means: the defaults).
    public static func parse(_ text: String) -> (config: BerthConfig, problems: [ConfigProblem]) {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            return (
                BerthConfig(), [ConfigProblem(line: error.source.begin.line, "not valid TOML: \(error.description)")]
            )
        } catch {
            return (BerthConfig(), [ConfigProblem(line: nil, "not valid TOML: \(error)")])
        }
        var reader = ConfigReader(lines: SourceLines(text))
        let config = reader.read(table)
        let problems = reader.problems.sorted { ($0.line ?? 0, $0.message) < ($1.line ?? 0, $1.message) }
        return (config, problems)
    }
}

/// The settings of each table, for checking and for the default file.
enum ConfigSchema {
    static let sections = ["start", "mouse", "refresh", "confirm", "theme", "keys"]
    static let start = ["view", "pane", "hosts", "contexts"]
    static let confirm = ["stop", "restart", "pause", "kill", "process-signal"]
    static let paneNames = ["none"] + PaneKind.allCases.map(\.title)
    static var viewNames: [String] { [ViewID.containers.name] + ViewRegistry.resourceViews.map(\.id.name) }
    static let colorNames: [(String, Color?)] =
        [("default", nil)]
        + Color.allCases.map { color in
            let name = "\(color)"
            guard name.hasPrefix("bright") else { return (name, color) }
            return ("bright-" + name.dropFirst("bright".count).lowercased(), color)
        }
}

/// Walks the parsed table, collecting settings and problems.
struct ConfigReader {
    let lines: SourceLines
    var problems: [ConfigProblem] = []

    init(lines: SourceLines) {
        self.lines = lines
    }

    mutating func problem(_ path: [String], _ message: String) {
        problems.append(ConfigProblem(line: lines.line(path), message))
    }

    static func typeName(_ type: TOMLType) -> String {
        switch type {
        case .table: return "a table"
        case .array: return "an array"
        case .string: return "a string"
        case .int: return "an integer"
        case .double: return "a number"
        case .bool: return "true or false"
        case .date, .time, .dateTime: return "a date"
        }
    }

    static func section(_ path: [String]) -> String { "[" + path.joined(separator: ".") + "]" }

    mutating func read(_ root: TOMLTable) -> BerthConfig {
        var config = BerthConfig()
        for key in root.keys {
            guard let value = root[key] else { continue }
            guard ConfigSchema.sections.contains(key) else {
                problem(
                    [key],
                    "unknown setting \"\(key)\" (the tables are \(ConfigSchema.sections.map { "[\($0)]" }.joined(separator: ", ")))"
                )
                continue
            }
            guard let table = value.table else {
                problem([key], "\"\(key)\" must be a table ([\(key)]), not \(Self.typeName(value.type))")
                continue
            }
            switch key {
            case "start": readStart(table, &config)
            case "mouse": readMouse(table, &config)
            case "refresh": readRefresh(table, &config)
            case "confirm": readConfirm(table, &config)
            case "theme": readTheme(table, &config)
            default: readKeys(table, &config)
            }
        }
        return config
    }

    // MARK: - Values

    /// The value at `path` if it has `type`; else a problem naming the type it must have.
    mutating func expect(
        _ value: any TOMLValueConvertible, _ type: TOMLType, _ path: [String], as description: String
    ) -> (any TOMLValueConvertible)? {
        // An integer is a number too.
        if value.type == type || (type == .double && value.type == .int) { return value }
        problem(
            path,
            "\(path.last ?? "") in \(Self.section(path.dropLast())) must be \(description), not \(Self.typeName(value.type))"
        )
        return nil
    }

    mutating func unknown(_ key: String, in path: [String], known: [String]) {
        problem(
            path + [key],
            "unknown setting \"\(key)\" in \(Self.section(path)) (known: \(known.joined(separator: ", ")))")
    }

    mutating func strings(_ value: any TOMLValueConvertible, _ path: [String]) -> [String]? {
        guard let array = expect(value, .array, path, as: "an array of strings")?.array else { return nil }
        var result: [String] = []
        for element in array {
            guard let text = element.string else {
                problem(
                    path,
                    "\(path.last ?? "") in \(Self.section(path.dropLast())) must hold strings only, not \(Self.typeName(element.type))"
                )
                return nil
            }
            result.append(text)
        }
        return result
    }

    // MARK: - Tables

    mutating func readStart(_ table: TOMLTable, _ config: inout BerthConfig) {
        let path = ["start"]
        for key in table.keys {
            guard let value = table[key] else { continue }
            let here = path + [key]
            switch key {
            case "view":
                guard let name = expect(value, .string, here, as: "a string")?.string else { continue }
                guard ConfigSchema.viewNames.contains(name) else {
                    problem(
                        here, "no view called \"\(name)\" (views: \(ConfigSchema.viewNames.joined(separator: ", ")))")
                    continue
                }
                config.preferences.view = ViewID(name)
            case "pane":
                guard let name = expect(value, .string, here, as: "a string")?.string else { continue }
                guard ConfigSchema.paneNames.contains(name) else {
                    problem(
                        here, "no pane called \"\(name)\" (panes: \(ConfigSchema.paneNames.joined(separator: ", ")))")
                    continue
                }
                config.preferences.pane = PaneKind.allCases.first { $0.title == name }
            case "hosts":
                guard let hosts = strings(value, here) else { continue }
                // An address berth cannot use is this file's problem, with its line, not a surprise at start.
                for host in hosts {
                    do {
                        _ = try HostSpec.parse(host)
                    } catch {
                        problem(here, "hosts in [start]: \(error)")
                    }
                }
                config.hosts = hosts
            case "contexts":
                if let contexts = strings(value, here) { config.contexts = contexts }
            default:
                unknown(key, in: path, known: ConfigSchema.start)
            }
        }
    }

    mutating func readMouse(_ table: TOMLTable, _ config: inout BerthConfig) {
        for key in table.keys {
            guard let value = table[key] else { continue }
            guard key == "enabled" else {
                unknown(key, in: ["mouse"], known: ["enabled"])
                continue
            }
            if let on = expect(value, .bool, ["mouse", key], as: "true or false")?.bool {
                config.preferences.mouse = on
            }
        }
    }

    mutating func readRefresh(_ table: TOMLTable, _ config: inout BerthConfig) {
        for key in table.keys {
            guard let value = table[key] else { continue }
            let here = ["refresh", key]
            switch key {
            case "stats":
                guard let checked = expect(value, .double, here, as: "a number of seconds") else { continue }
                let seconds = checked.double ?? checked.int.map(Double.init) ?? 0
                guard BerthConfig.statsRange.contains(seconds) else {
                    problem(here, "stats in [refresh] must be between 0.25 and 60 seconds, not \(seconds)")
                    continue
                }
                config.statsSeconds = seconds
            case "reconcile":
                guard let seconds = expect(value, .int, here, as: "a whole number of seconds")?.int else { continue }
                guard BerthConfig.reconcileRange.contains(seconds) else {
                    problem(here, "reconcile in [refresh] must be between 5 and 3600 seconds, not \(seconds)")
                    continue
                }
                config.reconcileSeconds = seconds
            default:
                unknown(key, in: ["refresh"], known: ["stats", "reconcile"])
            }
        }
    }

    mutating func readConfirm(_ table: TOMLTable, _ config: inout BerthConfig) {
        for key in table.keys {
            guard let value = table[key] else { continue }
            let here = ["confirm", key]
            if key == "remove" || key == "prune" {
                problem(here, "\(key) always asks first: it cannot be switched off")
                continue
            }
            guard ConfigSchema.confirm.contains(key) else {
                unknown(key, in: ["confirm"], known: ConfigSchema.confirm)
                continue
            }
            guard let on = expect(value, .bool, here, as: "true or false")?.bool else { continue }
            switch key {
            case "stop": config.preferences.confirmations.stop = on
            case "restart": config.preferences.confirmations.restart = on
            case "pause": config.preferences.confirmations.pause = on
            case "kill": config.preferences.confirmations.kill = on
            default: config.preferences.confirmations.processSignal = on
            }
        }
    }

    mutating func readTheme(_ table: TOMLTable, _ config: inout BerthConfig) {
        let roles = ThemePalette.Role.allCases.map(\.rawValue)
        // The name first: the colours given beside it change that theme.
        if let value = table["name"], let name = expect(value, .string, ["theme", "name"], as: "a string")?.string {
            if let theme = ThemePalette.named(name) {
                config.theme = theme
            } else {
                let names = ThemePalette.builtIn.map(\.name).joined(separator: ", ")
                problem(["theme", "name"], "no theme called \"\(name)\" (themes: \(names))")
            }
        }
        for key in table.keys where key != "name" {
            guard let value = table[key] else { continue }
            let here = ["theme", key]
            guard let role = ThemePalette.Role(rawValue: key) else {
                unknown(key, in: ["theme"], known: ["name"] + roles)
                continue
            }
            guard let name = expect(value, .string, here, as: "a colour name")?.string else { continue }
            guard let (_, color) = ConfigSchema.colorNames.first(where: { $0.0 == name }) else {
                let names = ConfigSchema.colorNames.map(\.0).joined(separator: ", ")
                problem(here, "no colour called \"\(name)\" (colours: \(names))")
                continue
            }
            config.theme.colors[role] = .some(color)
        }
    }

    // MARK: - Keys

    /// One binding the file asks for, to find two commands on one key.
    struct Claim {
        var command: String
        var keys: [Key]
        var line: Int?
    }

    mutating func readKeys(_ table: TOMLTable, _ config: inout BerthConfig) {
        var claims: [KeyMode: [Claim]] = [:]
        let modes = KeyMode.allCases.map(\.rawValue)
        for modeName in table.keys {
            guard let value = table[modeName] else { continue }
            let path = ["keys", modeName]
            guard let mode = KeyMode(rawValue: modeName) else {
                problem(path, "no key mode called \"\(modeName)\" in [keys] (modes: \(modes.joined(separator: ", ")))")
                continue
            }
            guard let commands = value.table else {
                problem(
                    path, "\(modeName) in [keys] must be a table ([keys.\(modeName)]), not \(Self.typeName(value.type))"
                )
                continue
            }
            let known = Keymap.standard[mode].bindings.map(\.command)
            for command in commands.keys {
                guard let value = commands[command] else { continue }
                let here = path + [command]
                guard known.contains(command) else {
                    let list = known.isEmpty ? "it has none" : known.joined(separator: ", ")
                    problem(here, "no command \"\(command)\" in [keys.\(modeName)] (commands: \(list))")
                    continue
                }
                var names: [String]
                if let one = value.string {
                    names = [one]
                } else if value.type == .array, let many = strings(value, here) {
                    names = many
                } else {
                    if value.type != .array {
                        problem(
                            here,
                            "\(command) in [keys.\(modeName)] must be a key or an array of keys, not \(Self.typeName(value.type))"
                        )
                    }
                    continue
                }
                if names.isEmpty {
                    problem(here, "\(command) in [keys.\(modeName)] needs at least one key")
                    continue
                }
                var keys: [Key] = []
                var unknownKey = false
                for name in names {
                    guard let key = KeyNames.key(name) else {
                        problem(
                            here,
                            "\"\(name)\" is not a key berth knows (e.g. x, X, Ctrl-X, F5, Space, Enter, Esc, Tab, Up, PgDn)"
                        )
                        unknownKey = true
                        continue
                    }
                    if key == .control("c"), command != "quit" {
                        problem(here, "Ctrl-C always quits: it cannot run \(command)")
                        unknownKey = true
                        continue
                    }
                    if !keys.contains(key) { keys.append(key) }
                }
                if unknownKey { continue }
                claims[mode, default: []].append(Claim(command: command, keys: keys, line: lines.line(here)))
            }
        }
        checkClaims(claims)
        for (mode, list) in claims {
            for claim in list { config.preferences.keymap.rebind(claim.command, in: mode, to: claim.keys) }
        }
        checkGlobal(claims, config.preferences.keymap)
    }

    /// Two commands the file binds to one key in one mode: the second names the first.
    mutating func checkClaims(_ claims: [KeyMode: [Claim]]) {
        for (mode, list) in claims {
            var owner: [Key: Claim] = [:]
            for claim in list.sorted(by: { ($0.line ?? 0) < ($1.line ?? 0) }) {
                for key in claim.keys {
                    if let first = owner[key], first.command != claim.command {
                        let at = first.line.map { " (line \($0))" } ?? ""
                        problems.append(
                            ConfigProblem(
                                line: claim.line,
                                "\(KeyNames.name(key)) is bound to both \(first.command)\(at) and \(claim.command) in [keys.\(mode.rawValue)]"
                            ))
                    } else {
                        owner[key] = claim
                    }
                }
            }
        }
    }

    /// A key the file gives a `global` command that a mode with `global` behind it also binds: that mode would take
    /// the key first, and the global command would never run there.
    mutating func checkGlobal(_ claims: [KeyMode: [Claim]], _ keymap: Keymap) {
        for claim in claims[.global] ?? [] {
            for key in claim.keys {
                for mode in KeyMode.allCases where mode.includesGlobal && mode != .global {
                    guard let other = keymap[mode].command(for: key) else { continue }
                    problems.append(
                        ConfigProblem(
                            line: claim.line,
                            "\(KeyNames.name(key)) is bound to both \(claim.command) in [keys.global] and \(other) in [keys.\(mode.rawValue)], which comes first there"
                        ))
                }
            }
        }
    }
}
