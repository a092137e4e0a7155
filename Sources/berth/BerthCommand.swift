import ArgumentParser
import BerthApp
import CursesBackend
import DashboardCore
import EngineAPI
import EngineClient

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
        discussion: """
            berth talks to the Docker Engine API (Docker 20.10 or newer, or Podman's compatible service) over \
            its Unix socket. Press ? inside berth for the keys.
            """,
        version: BerthVersion.current
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
        let hosts = try resolvedHosts()
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
    }

    /// The engines of `--host` (or `DOCKER_HOST`), named; an address berth cannot use is a validation error.
    func resolvedHosts() throws -> [HostSpec] {
        do {
            let flags = TLSFlags(
                tls: tls, tlsVerify: tlsverify, caCertificatePath: tlscacert, certificatePath: tlscert,
                keyPath: tlskey)
            return try HostSpec.resolve(
                arguments: host, contexts: context, tls: flags, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError("\(error)")
        }
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
        let environment = ProcessInfo.processInfo.environment
        let specs = try resolvedHosts()
        let log: DiagnosticLog
        do {
            log = try DiagnosticLog(path: logFile)
        } catch {
            fail("cannot write the log file \(logFile ?? ""): \(error)")
        }
        // A socket that is missing or forbidden will not fix itself: say so before touching the terminal. Only what
        // the socket file says is checked here, so an engine that accepts and never answers delays nothing.
        for spec in specs {
            if let problem = StartupProblem.check(spec.host) {
                fail(specs.count > 1 ? "\(spec.name): \(problem)" : problem)
            }
        }
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        let terminal = CursesTerminal(options: .init(noColor: noColor), log: log.sink)
        CrashSwitch.arm(terminal, environment: environment, log: log.sink)
        let status = await DashboardApp.run(
            DashboardConfiguration(
                hosts: specs.map {
                    HostConfiguration(id: HostID($0.name), host: $0.host, warning: $0.host.securityWarning)
                }, readOnly: readOnly,
                shell: shell, logLines: logLines),
            backend: terminal, log: log)
        if status != 0 { throw ExitCode(status) }
    }

    private func fail(_ error: Any) -> Never {
        StandardError.write("berth: \(error)\n")
        Glibc.exit(1)
    }
}
