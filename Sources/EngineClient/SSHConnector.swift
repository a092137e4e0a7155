import EngineAPI
import NIOCore
import NIOPosix
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#endif

/// The engine on another machine, through the system's `ssh`.
///
/// Each connection is an `ssh` child whose stdin and stdout carry the HTTP bytes (`NIOPipeBootstrap`), so
/// `~/.ssh/config`, the agent, ProxyJump, ControlMaster and known_hosts apply exactly as for `docker -H ssh://`.
/// The first connection probes the remote side once: with a docker CLI there, `docker system dial-stdio` carries
/// each connection; without one, a single `ssh -L` process forwards a private local socket to the engine's socket
/// (OpenSSH's stream-local forwarding; `-W` cannot take a socket path before OpenSSH 9.4), and connections are
/// channels of that one session. Nothing needs to be installed remotely.
///
/// ssh runs with `BatchMode=yes`: it never prompts (a prompt would hide behind the dashboard or hang), and what it
/// writes to stderr says why it failed (`SSHFailure`).
final class SSHConnector: Connector {
    let destination: SSHDestination
    private let plan = Mutex<SSHPlan?>(nil)
    private let tunnel = Mutex<SSHTunnel?>(nil)

    init(destination: SSHDestination) {
        self.destination = destination
    }

    var target: String { destination.description }
    var method: ConnectionMethod? { plan.withLock { $0?.method } }

    /// Options berth always gives ssh: no prompts, a bounded connect, keepalives so that a network that drops
    /// packets ends the connection within about ten seconds, and compression: engine JSON repeats the same keys in
    /// every answer, and ssh's one zlib stream per connection shrinks a stats sample several times over. (A
    /// connection that joins a running ControlMaster uses the master's setting.) `BERTH_SSH_CONFIG` names a config
    /// file to use instead of `~/.ssh/config` (ssh's `-F`).
    func baseArguments() -> [String] {
        var arguments = [
            "ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=8", "-o", "ServerAliveInterval=2",
            "-o", "ServerAliveCountMax=3", "-o", "Compression=yes", "-T", "-x",
        ]
        if let config = getenv("BERTH_SSH_CONFIG").map({ String(cString: $0) }), !config.isEmpty {
            arguments += ["-F", config]
        }
        if let user = destination.user { arguments += ["-l", user] }
        if let port = destination.port { arguments += ["-p", String(port)] }
        return arguments
    }

    func connect<Output: Sendable>(
        timeout: Duration, tuning: ChannelTuning,
        _ initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Output>
    ) async throws -> Output {
        let plan = try await resolvedPlan(timeout: timeout)
        if case .sshStreamLocal(let remotePath) = plan.method {
            let tunnel = try await runningTunnel(remotePath: remotePath, timeout: timeout)
            let mark = tunnel.child.stderrLength
            let target = self.target
            return try await UnixConnector(path: tunnel.localPath).connect(timeout: timeout, tuning: tuning) {
                channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        DiagnosisHandler(TunnelDiagnosis(tunnel: tunnel, stderrMark: mark, target: target)))
                }.flatMap { initializer(channel) }
            }
        }
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(baseArguments() + plan.arguments(host: destination.host))
        } catch {
            throw EngineError.unreachable("cannot run ssh: \(error)")
        }
        let target = self.target
        do {
            return try await NIOPipeBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelOption(.allowRemoteHalfClosure, value: tuning.allowRemoteHalfClosure)
                .takingOwnershipOfDescriptors(input: child.output, output: child.input) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(SSHChildHandler(child: child))
                        try channel.pipeline.syncOperations.addHandler(
                            DiagnosisHandler(SSHChildDiagnosis(child: child, target: target)))
                    }.flatMap { initializer(channel) }
                }
        } catch {
            close(child.output)
            close(child.input)
            child.terminate()
            throw EngineError.unreachable("cannot use the ssh child's pipes: \(error)")
        }
    }

    /// The forwarding process, started on first use and again after it ended (a dropped network ends it).
    private func runningTunnel(remotePath: String, timeout: Duration) async throws -> SSHTunnel {
        if let tunnel = tunnel.withLock({ $0 }), tunnel.child.exitStatus == nil { return tunnel }
        let started = try await SSHTunnel.start(
            arguments: baseArguments(), host: destination.host, remotePath: remotePath, target: target,
            timeout: timeout)
        let previous = tunnel.withLock { current -> SSHTunnel? in
            defer { current = started }
            return current
        }
        previous?.stop()
        return started
    }

    /// The remote side's answer to the probe, found once; a failed probe is not remembered, so the next
    /// connection tries again (the network may be back).
    private func resolvedPlan(timeout: Duration) async throws -> SSHPlan {
        if let plan = plan.withLock({ $0 }) { return plan }
        let found = try await probe(timeout: timeout)
        plan.withLock { $0 = found }
        return found
    }

    private func probe(timeout: Duration) async throws -> SSHPlan {
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(baseArguments() + [destination.host, SSHPlan.probeCommand(destination)])
        } catch {
            throw EngineError.unreachable("cannot run ssh: \(error)")
        }
        close(child.input)
        // Stdout is small (a few lines); read it on the reaper's schedule: the child ends, then stdout is complete.
        let outcome = await withTaskGroup(of: ChildProcess.Exit?.self) { group in
            group.addTask { await child.waitForExit() }
            group.addTask {
                try? await Task.sleep(for: max(timeout, .seconds(10)))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        let output = readAll(child.output)
        close(child.output)
        guard let outcome else {
            child.terminate()
            throw EngineError.unreachable(
                "ssh to \(target) did not answer within \(HTTPTransport.seconds(max(timeout, .seconds(10)))) "
                    + "(is the network dropping packets?)")
        }
        guard outcome.code == 0 else {
            throw SSHFailure.classify(outcome, target: target, stage: .login)
        }
        return try SSHPlan.decide(probeOutput: output, destination: destination)
    }

    private func readAll(_ fd: CInt) -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        // The child has ended, so this never blocks for long; bounded in case something else holds the pipe.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        while bytes.count < 65536 {
            let count = read(fd, &buffer, buffer.count)
            if count > 0 {
                bytes.append(contentsOf: buffer[0..<count])
            } else if count < 0, errno == EINTR {
                continue
            } else {
                break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// How to reach the engine over ssh, decided from the probe's answer.
struct SSHPlan: Sendable, Equatable {
    var method: ConnectionMethod

    /// The remote command (dial-stdio) or the `-W` forwarding, after the base arguments.
    func arguments(host: String) -> [String] {
        switch method {
        case .sshDialStdio(let path?):
            return ["--", host, "docker --host \(Self.quoted("unix://" + path)) system dial-stdio"]
        case .sshStreamLocal:
            // `runningTunnel` builds the forwarding command itself.
            return ["--", host, "true"]
        default:
            return ["--", host, "docker system dial-stdio"]
        }
    }

    /// Standard sockets in the order they are tried when neither the URL nor `DOCKER_HOST` names one.
    static let standardSockets = ["/var/run/docker.sock", "/run/podman/podman.sock"]

    /// A POSIX sh script: is there a docker CLI, what `DOCKER_HOST` says, and which candidate sockets exist and
    /// may be opened by the remote user. One line per fact, so any login shell's noise is easy to skip.
    static func probeCommand(_ destination: SSHDestination) -> String {
        let candidates: String
        if let path = destination.socketPath {
            candidates = quoted(path)
        } else {
            candidates =
                #""${DOCKER_HOST#unix://}" "# + standardSockets.map(quoted).joined(separator: " ")
                + #" "${XDG_RUNTIME_DIR:-/run/user/$(id -u)}/podman/podman.sock""#
        }
        let script = """
            if command -v docker >/dev/null 2>&1; then echo berth-docker=1; fi; \
            echo "berth-host=$DOCKER_HOST"; echo "berth-user=$(id -un)"; \
            for s in \(candidates); do \
            if [ -S "$s" ]; then if [ -r "$s" ] && [ -w "$s" ]; then echo "berth-sock=$s"; \
            else echo "berth-denied=$s"; fi; else echo "berth-missing=$s"; fi; done
            """
        return "sh -c " + quoted(script)
    }

    static func decide(probeOutput: String, destination: SSHDestination) throws -> SSHPlan {
        var hasDocker = false
        var remoteHost = ""
        var user = destination.user ?? "the remote user"
        var usable: [String] = []
        var denied: [String] = []
        var missing: [String] = []
        for line in probeOutput.split(separator: "\n") {
            let text = String(line)
            func value(_ key: String) -> String? {
                text.hasPrefix(key + "=") ? String(text.dropFirst(key.count + 1)) : nil
            }
            if value("berth-docker") != nil { hasDocker = true }
            if let host = value("berth-host") { remoteHost = host }
            if let name = value("berth-user"), !name.isEmpty { user = name }
            if let path = value("berth-sock"), !path.isEmpty { usable.append(path) }
            if let path = value("berth-denied"), !path.isEmpty { denied.append(path) }
            if let path = value("berth-missing"), !path.isEmpty { missing.append(path) }
        }
        let host = destination.host
        // 1. the URL's path; 2. the remote DOCKER_HOST; 3. the standard sockets, in order.
        if let path = destination.socketPath {
            if usable.contains(path) {
                return SSHPlan(method: hasDocker ? .sshDialStdio(socketPath: path) : .sshStreamLocal(socketPath: path))
            }
            if denied.contains(path) { throw SSHFailure.socketDenied(path: path, user: user, host: host) }
            throw EngineError.unreachable("no engine socket at \(path) on \(host): is the engine running there?")
        }
        if !remoteHost.isEmpty, !remoteHost.hasPrefix("unix://") {
            // Only the docker CLI can follow a tcp:// or ssh:// DOCKER_HOST on the far side.
            if hasDocker { return SSHPlan(method: .sshDialStdio(socketPath: nil)) }
            throw EngineError.unreachable(
                "DOCKER_HOST on \(host) is \(remoteHost), which berth can reach only through a docker CLI there")
        }
        if let path = usable.first {
            return SSHPlan(method: hasDocker ? .sshDialStdio(socketPath: path) : .sshStreamLocal(socketPath: path))
        }
        if let path = denied.first { throw SSHFailure.socketDenied(path: path, user: user, host: host) }
        let looked = missing.filter { !$0.isEmpty }
        throw EngineError.unreachable(
            "no engine socket on \(host) (looked at \(looked.joined(separator: ", "))): is the engine running? "
                + "Name its socket in the address, e.g. ssh://\(host)/run/podman/podman.sock")
    }

    /// Single-quoted for a POSIX shell.
    static func quoted(_ text: String) -> String {
        "'" + text.replacing("'", with: #"'\''"#) + "'"
    }
}

/// Keeps the ssh child tied to its channel: closing the channel ends the child.
private final class SSHChildHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    typealias OutboundIn = NIOAny

    private let child: ChildProcess

    init(child: ChildProcess) {
        self.child = child
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if mode == .all { child.terminate() }
        context.close(mode: mode, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        child.terminate()
        context.fireChannelInactive()
    }
}

/// Why a connection over an ssh child ended: its exit status and stderr, once it has exited.
private struct SSHChildDiagnosis: ConnectionDiagnosis {
    let child: ChildProcess
    let target: String

    func explain(sawAnswer: Bool) async -> EngineError? {
        // The child is ending (its output closed); give it a moment to exit and its stderr to be read.
        let deadline = ContinuousClock.now.advanced(by: .seconds(2))
        while child.exitStatus == nil, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        guard let exit = child.exitStatus else { return nil }
        return SSHFailure.explainBrokenConnection(exit, target: target, stage: sawAnswer ? .transfer : .connect)
    }
}

/// Why a connection through the forwarding ended before the engine answered: ssh could not open the engine's
/// socket (it says "open failed" on stderr), or the forwarding process itself ended.
private struct TunnelDiagnosis: ConnectionDiagnosis {
    let tunnel: SSHTunnel
    let stderrMark: Int
    let target: String

    func explain(sawAnswer: Bool) async -> EngineError? {
        for _ in 0..<30 {
            let text = tunnel.child.stderr(since: stderrMark)
            if text.contains("open failed") || text.contains("connect failed") {
                return SSHFailure.explain(text, code: nil, target: target, stage: .connect)
            }
            if let exit = tunnel.child.exitStatus {
                return SSHFailure.classify(exit, target: target, stage: .transfer)
            }
            if sawAnswer { return nil }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }
}

/// One `ssh -L` process forwarding a private local Unix socket to the engine's socket on the remote machine.
final class SSHTunnel: Sendable {
    let child: ChildProcess
    let localPath: String
    let directory: String

    private init(child: ChildProcess, localPath: String, directory: String) {
        self.child = child
        self.localPath = localPath
        self.directory = directory
    }

    /// Starts the forwarding and waits until the local socket exists (or ssh says why it cannot).
    ///
    /// The remote command reads its stdin until end of file: if berth ends without stopping the tunnel, the pipe
    /// closes and the session, and with it ssh, ends too.
    static func start(
        arguments: [String], host: String, remotePath: String, target: String, timeout: Duration
    ) async throws -> SSHTunnel {
        let base = getenv("XDG_RUNTIME_DIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        sweepStaleDirectories(in: base)
        var template = Array("\(base)/berth-ssh-\(getpid())-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw EngineError.unreachable(
                "cannot make a private directory for the ssh forwarding: \(ErrorMapping.errnoText(errno))")
        }
        let directory = String(cString: made)
        let localPath = directory + "/engine.sock"
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(
                arguments + [
                    "-o", "ExitOnForwardFailure=yes", "-o", "StreamLocalBindUnlink=yes", "-L",
                    "\(localPath):\(remotePath)",
                    "--", host, "cat >/dev/null",
                ])
        } catch {
            rmdir(directory)
            throw EngineError.unreachable("cannot run ssh: \(error)")
        }
        close(child.output)
        let tunnel = SSHTunnel(child: child, localPath: localPath, directory: directory)
        TunnelCleanup.register(tunnel)
        let deadline = ContinuousClock.now.advanced(by: max(timeout, .seconds(10)))
        var info = stat()
        while stat(localPath, &info) != 0 {
            if let exit = child.exitStatus {
                tunnel.stop()
                throw SSHFailure.classify(exit, target: target, stage: .login)
            }
            if ContinuousClock.now >= deadline {
                tunnel.stop()
                throw EngineError.unreachable(
                    "ssh to \(target) did not set up forwarding in time (is the network dropping packets?)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return tunnel
    }

    func stop() {
        close(child.input)
        child.terminate()
        removeFiles()
    }

    func removeFiles() {
        unlink(localPath)
        rmdir(directory)
    }

    /// Removes the directories of tunnels whose berth process is gone (one that crashed or was killed could not
    /// clean up after itself): `berth-ssh-PID-XXXXXX` with no process PID.
    private static func sweepStaleDirectories(in base: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: base) else { return }
        for entry in entries where entry.hasPrefix("berth-ssh-") {
            let parts = entry.split(separator: "-")
            guard parts.count == 4, let pid = Int32(parts[2]), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            unlink("\(base)/\(entry)/engine.sock")
            rmdir("\(base)/\(entry)")
        }
    }
}

/// Removes the tunnels' private directories when berth exits normally; the ssh processes end by themselves when
/// their stdin closes with berth.
private enum TunnelCleanup {
    private static let tunnels = Mutex<[SSHTunnel]>([])
    private static let installed = Mutex(false)

    static func register(_ tunnel: SSHTunnel) {
        tunnels.withLock { $0.append(tunnel) }
        let first = installed.withLock { installed -> Bool in
            defer { installed = true }
            return !installed
        }
        if first { atexit { TunnelCleanup.removeAll() } }
    }

    private static func removeAll() {
        for tunnel in tunnels.withLock({ $0 }) { tunnel.removeFiles() }
    }
}
