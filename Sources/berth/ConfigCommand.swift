import ArgumentParser
import BerthApp
import BerthConfig

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `berth config default` and `berth config check [FILE]`.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the default config file, or check one.",
        discussion: """
            berth reads $XDG_CONFIG_HOME/berth/config.toml (default ~/.config/berth/config.toml), or the file \
            --config names.
            """,
        subcommands: [Default.self, Check.self]
    )

    struct Default: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a config file with every setting at its default, commented.")

        func run() {
            print(BerthConfig.defaultFile, terminator: "")
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a config file: every problem with its line. Exits 1 if there is one.")

        @Argument(help: "The file to check (default: the one berth reads).")
        var file: String?

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            guard let path = file ?? ConfigLocation.defaultPath(environment: environment) else {
                throw ValidationError("no file given, and neither XDG_CONFIG_HOME nor HOME is set")
            }
            let text: String
            switch ConfigFile.read(path) {
            case .missing:
                if file != nil { throw ConfigCheckFailure("\(path): no such file") }
                print("\(path): no config file: berth uses the defaults")
                return
            case .unreadable(let reason):
                throw ConfigCheckFailure("\(path): cannot read it: \(reason)")
            case .text(let contents):
                text = contents
            }
            let problems = BerthConfig.parse(text).problems
            guard !problems.isEmpty else {
                print("\(path): OK")
                return
            }
            for problem in problems {
                StandardError.write("\(path):\(problem.line.map { "\($0):" } ?? "") \(problem.message)\n")
            }
            throw ExitCode(1)
        }
    }
}

/// A config check that failed before reading any setting.
struct ConfigCheckFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Reading the config file's bytes.
enum ConfigFile {
    enum Contents {
        case missing
        case unreadable(String)
        case text(String)
    }

    static func read(_ path: String) -> Contents {
        guard FileManager.default.fileExists(atPath: path) else { return .missing }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .unreadable("permission denied, or not a file")
        }
        guard let text = String(data: data, encoding: .utf8) else { return .unreadable("not UTF-8 text") }
        return .text(text)
    }

    /// The settings berth starts with: the file's, or the defaults and why. `explicit` is a file `--config` named,
    /// which must exist; the default location may have no file.
    static func load(explicit: String?, environment: [String: String]) -> (BerthConfig, problem: String?) {
        guard let path = explicit ?? ConfigLocation.defaultPath(environment: environment) else {
            return (BerthConfig(), nil)
        }
        switch read(path) {
        case .missing:
            return (BerthConfig(), explicit == nil ? nil : "config file \(path): no such file; using the defaults")
        case .unreadable(let reason):
            return (BerthConfig(), "config file \(path): cannot read it (\(reason)); using the defaults")
        case .text(let text):
            let (config, problems) = BerthConfig.parse(text)
            guard let first = problems.first else { return (config, nil) }
            let more = problems.count > 1 ? " (and \(problems.count - 1) more: berth config check)" : ""
            let at = first.line.map { ":\($0)" } ?? ""
            return (BerthConfig(), "config file \(path)\(at): \(first.message)\(more); using the defaults")
        }
    }
}
