import ArgumentParser
import BerthApp
import BerthConfig
import CursesBackend
import DashboardCore
import DashboardRenderer
import EngineAPI
import EngineClient
import EngineWatchers

#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `berth`: a terminal dashboard for containers.
@main
struct BerthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "berth",
        abstract: "A terminal dashboard for containers: watch, start, stop, restart, kill and remove them.",
        usage: """
            berth [<options>]
            berth config default
            berth config check [<file>]
            """,
        discussion: """
            berth talks to the Docker Engine API (Docker 20.10 or newer, or Podman's compatible service) over \
            its Unix socket. Press ? inside berth for the keys.
            """,
        version: BerthVersion.current,
        subcommands: [ConfigCommand.self]
    )

    @Option(
        name: .long,
        help: ArgumentHelp(
            "An engine to watch, e.g. unix:///var/run/docker.sock; repeat it to watch several in one list. NAME=URL "
                + "names it in the HOST column (default: the socket's file name, e.g. docker). Default: $DOCKER_HOST, "
                + "then /var/run/docker.sock.",
            valueName: "[name=]url"))
    var host: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A Docker context to watch (docker context ls); repeat it, or mix it with --host, to watch several.",
            valueName: "name"))
    var context: [String] = []

    @Flag(name: .long, help: "Use TLS for tcp:// hosts (implied by --tlsverify).")
    var tls = false

    @Flag(
        name: .long, inversion: .prefixedNo,
        help: "Use TLS and verify the engine's certificate (default: $DOCKER_TLS_VERIFY); --no-tlsverify does not.")
    var tlsverify: Bool?

    @Option(name: .long, help: "Trust certificates signed by this CA (default: $DOCKER_CERT_PATH/ca.pem).")
    var tlscacert: String?

    @Option(name: .long, help: "The client certificate (default: $DOCKER_CERT_PATH/cert.pem).")
    var tlscert: String?

    @Option(name: .long, help: "The client certificate's key (default: $DOCKER_CERT_PATH/key.pem).")
    var tlskey: String?

    @Flag(name: .long, help: "Refuse every key that changes a container, or removes or prunes anything.")
    var readOnly = false

    @Option(
        name: .long,
        help: "The shell for e (exec), e.g. /bin/bash; default: the container user's login shell, else bash, else sh.")
    var shell: String?

    @Option(name: .long, help: "Write diagnostics to this file (they never go to the screen).")
    var logFile: String?

    @Option(
        name: .long,
        help: "Log lines the logs pane keeps in memory (100 to 1000000); older ones are fetched again when scrolled to."
    )
    var logLines = 10_000

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The config file (default: $XDG_CONFIG_HOME/berth/config.toml, else ~/.config/berth/config.toml). "
                + "berth config default prints one with every setting.",
            valueName: "file"))
    var config: String?

    @Flag(name: .long, help: .hidden)
    var keysMarkdown = false

    /// Prints berth(1) as roff, generated from these options and the key tables (scripts/package installs it).
    @Flag(name: .long, help: .hidden)
    var man = false

    func validate() throws {
        // Printing documentation needs no engine: an address berth could not use does not stop it.
        if man || keysMarkdown { return }
        guard (100...1_000_000).contains(logLines) else {
            throw ValidationError("--log-lines must be between 100 and 1000000")
        }
    }

    /// The engines to watch, checked before the screen starts. Not in `validate()`, which also runs before a
    /// subcommand (`berth config check` needs no engine).
    func checkedHosts(_ settings: BerthConfig) throws -> [HostSpec] {
        let hosts = try resolvedHosts(settings)
        // A path that exists but is no socket (a typo naming a log file, a directory) will not become one.
        for spec in hosts {
            if case .unixSocket(let path) = spec.host {
                var info = stat()
                if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFSOCK {
                    throw ValidationError(
                        "\(path) is not a socket. Point --host (or DOCKER_HOST) at the engine's socket, "
                            + "e.g. unix:///var/run/docker.sock.")
                }
            }
        }
        return hosts
    }

    /// The engines of `--host` and `--context`, then the config file's (or `DOCKER_HOST`), named; an address berth
    /// cannot use is a validation error. An engine the command line names is not added again by the file (the command
    /// line may name one engine twice, on purpose).
    func resolvedHosts(_ settings: BerthConfig) throws -> [HostSpec] {
        do {
            let flags = TLSFlags(
                tls: tls, tlsVerify: tlsverify, caCertificatePath: tlscacert, certificatePath: tlscert,
                keyPath: tlskey)
            let fileHosts = settings.hosts.filter { !host.contains($0) }
            let fileContexts = settings.contexts.filter { !context.contains($0) }
            let specs = try HostSpec.resolve(
                arguments: host + fileHosts, contexts: context + fileContexts, tls: flags,
                environment: ProcessInfo.processInfo.environment)
            guard !fileHosts.isEmpty || !fileContexts.isEmpty else { return specs }
            // `resolve` lists the addresses, then the contexts: the file's come after the command line's in each.
            let fromFile = Set(
                Array(host.count..<(host.count + fileHosts.count))
                    + Array((specs.count - fileContexts.count)..<specs.count))
            let given = specs.indices.filter { !fromFile.contains($0) }.map { specs[$0].host }
            return specs.indices.filter { !fromFile.contains($0) || !given.contains(specs[$0].host) }.map { specs[$0] }
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// The config file's settings, or the defaults and why the file could not be used.
    func loadConfig() -> (settings: BerthConfig, problem: String?) {
        ConfigFile.load(explicit: config, environment: ProcessInfo.processInfo.environment)
    }

    func run() async throws {
        if keysMarkdown {
            print(KeyHints.markdown(.standard))
            return
        }
        if man {
            print(Self.manualPage(), terminator: "")
            return
        }
        // First, while this is the only thread.
        MallocArenas.limitToOne()
        ProcessLimits.raiseDescriptorLimit()
        let environment = ProcessInfo.processInfo.environment
        let (settings, configProblem) = loadConfig()
        // Said before the screen starts, and again in the status line once it has.
        if let configProblem { StandardError.write("berth: \(configProblem)\n") }
        let specs = try checkedHosts(settings)
        let log: DiagnosticLog
        do {
            log = try DiagnosticLog(path: logFile)
        } catch {
            fail("cannot write the log file \(logFile ?? ""): \(error)")
        }
        // A socket that is missing or forbidden will not fix itself: say so before touching the terminal. Only what
        // the socket file says is checked here, so an engine that accepts and never answers delays nothing. With
        // several engines, one whose socket is not there yet (a Podman service not started) holds up nothing: it
        // shows as down with its reason and is tried again; only when none can work does berth stop here.
        let problems = specs.compactMap { spec in
            StartupProblem.check(spec.host).map { specs.count > 1 ? "\(spec.name): \($0)" : $0 }
        }
        if problems.count == specs.count, !problems.isEmpty { fail(problems.joined(separator: "\nberth: ")) }
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        var terminalOptions = CursesTerminal.Options(noColor: noColor)
        terminalOptions.lightBackground = settings.theme.lightBackground
        let terminal = CursesTerminal(options: terminalOptions, log: log.sink)
        CrashSwitch.arm(terminal, environment: environment, log: log.sink)
        var dashboard = DashboardConfiguration(
            hosts: specs.map {
                HostConfiguration(id: HostID($0.name), host: $0.host, warning: $0.host.securityWarning)
            }, readOnly: readOnly,
            shell: shell, logLines: logLines, logsFrameTimes: environment["BERTH_LOG_FRAMES"] == "1")
        dashboard.preferences = settings.preferences
        dashboard.palette = settings.theme
        dashboard.refresh = RefreshRates(
            statsSeconds: settings.statsSeconds, reconcileSeconds: settings.reconcileSeconds)
        let notices = [configProblem].compactMap { $0 } + problems
        dashboard.notice = notices.isEmpty ? nil : notices.joined(separator: "; ")
        if environment["BERTH_KEEP_STARTUP_PAGES"] != "1" {
            Task.detached(priority: .background) {
                try? await Task.sleep(for: StartupPages.delay)
                StartupPages.release()
            }
        }
        let status = await DashboardApp.run(dashboard, backend: terminal, log: log)
        if status != 0 { throw ExitCode(status) }
    }

    private func fail(_ error: Any) -> Never {
        StandardError.write("berth: \(error)\n")
        Glibc.exit(1)
    }
}
