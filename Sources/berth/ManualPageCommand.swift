import ArgumentParser
import BerthConfig
import BerthDocs
import DashboardCore

extension BerthCommand {
    /// berth(1) as roff (`berth --man`): the options as the argument parser describes them, the standard key tables.
    static func manualPage() -> String {
        let command: CommandHelp
        do {
            command = try CommandHelp.decode(toolInfo: BerthCommand._dumpHelp())
        } catch {
            // The parser's own description always decodes; should it ever not, the page still has everything else.
            command = CommandHelp(commandName: "berth", abstract: configuration.abstract)
        }
        let date = BerthVersion.buildDate.map { String($0.prefix(10)) } ?? ""
        return ManualPage(
            command: command, keymap: .standard, version: BerthVersion.version, date: date,
            defaultConfigFile: defaultConfigFile
        ).render()
    }

    /// The commented default configuration file (what `berth config default` prints) for the manual's
    /// CONFIGURATION section.
    static var defaultConfigFile: String? { BerthConfig.defaultFile }
}
