#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the argument parser says about a command: its name, its text, its options and its subcommands. Decoded from
/// the description ArgumentParser prints for tools (`_dumpHelp()`, the JSON of `--experimental-dump-help`), so the
/// manual lists exactly the options berth parses.
public struct CommandHelp: Sendable, Equatable, Decodable {
    public var commandName: String
    public var abstract: String?
    public var discussion: String?
    public var shouldDisplay: Bool?
    public var arguments: [ArgumentHelpInfo]?
    public var subcommands: [CommandHelp]?

    public init(
        commandName: String, abstract: String? = nil, discussion: String? = nil, arguments: [ArgumentHelpInfo] = [],
        subcommands: [CommandHelp] = []
    ) {
        self.commandName = commandName
        self.abstract = abstract
        self.discussion = discussion
        self.arguments = arguments
        self.subcommands = subcommands
    }

    /// The command described by ArgumentParser's tool-info JSON.
    public static func decode(toolInfo json: String) throws -> CommandHelp {
        struct ToolInfo: Decodable { var command: CommandHelp }
        return try JSONDecoder().decode(ToolInfo.self, from: Data(json.utf8)).command
    }

    /// The options, flags and arguments shown in help (hidden ones are for tests and tools).
    public var displayedArguments: [ArgumentHelpInfo] {
        (arguments ?? []).filter { $0.shouldDisplay ?? true }
    }

    /// The subcommands shown in help, without the parser's own `help` (which `--help` covers).
    public var displayedSubcommands: [CommandHelp] {
        (subcommands ?? []).filter { ($0.shouldDisplay ?? true) && $0.commandName != "help" }
    }
}

/// One option, flag or positional argument.
public struct ArgumentHelpInfo: Sendable, Equatable, Decodable {
    public enum Kind: String, Sendable, Decodable {
        case positional, option, flag
    }

    /// One spelling: `--host` (long), `-h` (short), `-host` (long with a single dash).
    public struct Name: Sendable, Equatable, Decodable {
        public var kind: String
        public var name: String

        public init(kind: String, name: String) {
            self.kind = kind
            self.name = name
        }

        /// As typed on the command line.
        public var spelled: String {
            switch kind {
            case "long": return "--" + name
            case "short": return "-" + name
            default: return "-" + name
            }
        }
    }

    public var kind: Kind
    public var shouldDisplay: Bool?
    public var names: [Name]?
    public var valueName: String?
    public var defaultValue: String?
    public var isRepeating: Bool?
    public var abstract: String?
    public var discussion: String?

    public init(
        kind: Kind, names: [Name], valueName: String? = nil, defaultValue: String? = nil, isRepeating: Bool = false,
        abstract: String? = nil
    ) {
        self.kind = kind
        self.names = names
        self.valueName = valueName
        self.defaultValue = defaultValue
        self.isRepeating = isRepeating
        self.abstract = abstract
    }

    /// Every spelling, long ones first: `--log-lines`.
    public var spellings: [String] {
        let names = names ?? []
        return (names.filter { $0.kind == "long" } + names.filter { $0.kind != "long" }).map(\.spelled)
    }
}
