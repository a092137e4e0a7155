import EngineAPI
import EngineClient
import TerminalUI

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Runs an interactive exec in the user's terminal: the dashboard steps aside, bytes flow both ways over the
/// hijacked connection, the TTY follows every resize, and the dashboard comes back when the process ends.
struct ExecRunner: Sendable {
    let client: EngineClient
    let backend: any TerminalBackend
    /// `--shell`: the shell to run instead of detecting one.
    let shell: String?
    let log: @Sendable (String) -> Void

    /// The outcome: the exit code, an error to show, and whether berth was asked to quit meanwhile.
    struct Outcome: Sendable {
        var exitCode: Int?
        var error: String?
        var terminate = false
    }

    /// Picks the container user's login shell from /etc/passwd, else bash, else sh; written for any POSIX sh.
    static let shellPicker = """
        u=$(id -un 2>/dev/null); s=
        if [ -r /etc/passwd ]; then
          while IFS=: read -r n _ _ _ _ _ sh; do [ "$n" = "$u" ] && s=$sh && break; done < /etc/passwd
        fi
        case "$s" in */nologin|*/false|'') s= ;; esac
        if [ -z "$s" ] || [ ! -x "$s" ]; then s=$(command -v bash 2>/dev/null) || s=; fi
        [ -n "$s" ] || s=/bin/sh
        exec "$s"
        """

    /// The command lines to try, in order; a candidate that cannot start (exit 126/127 at once) yields to the next.
    func candidates(for command: String?) -> [[String]] {
        if let command { return [["/bin/sh", "-c", command], command.split(separator: " ").map(String.init)] }
        if let shell { return [[shell]] }
        return [["/bin/sh", "-c", Self.shellPicker], ["bash"], ["sh"]]
    }

    /// The runtime's reason when an exec's output says its program could not be started at all (Docker: "OCI
    /// runtime exec failed: ... executable file not found"; Podman: "executable file `x` not found"), else nil.
    static func startFailure(_ output: String) -> String? {
        let lines = output.split(whereSeparator: { $0 == "\n" || $0 == "\r" })
        guard
            let line = lines.first(where: {
                let lower = $0.lowercased()
                return lower.contains("oci runtime") || lower.contains("executable file")
                    || (lower.contains("exec") && lower.contains("no such file or directory"))
            })
        else { return nil }
        let reason = TerminalText.sanitized(String(line))
        return reason.count > 160 ? String(reason.prefix(159)) + "…" : reason
    }

    func run(containerID: String, command: String?, size: Size) async -> Outcome {
        let events = await backend.suspend()
        if let command {
            // A one-off command gets a clean screen (not whatever the terminal showed before berth), headed by
            // the command line, so its output reads on its own.
            backend.writeRaw(Array("\u{1B}[H\u{1B}[2J$ \(TerminalText.sanitized(command))\r\n".utf8))
        }
        let router = PassthroughRouter(client: client, log: log)
        let forwarder = Task { for await event in events { await router.handle(event) } }
        defer { forwarder.cancel() }
        var outcome = Outcome(error: "no shell found in the container (tried the login shell, bash and sh)")
        let term = ProcessInfo.processInfo.environment["TERM"].flatMap { $0.isEmpty ? nil : $0 } ?? "xterm-256color"
        let choices = candidates(for: command)
        for (index, argv) in choices.enumerated() {
            let isLast = index == choices.count - 1
            do {
                let execID = try await client.createExec(
                    containerID,
                    body: ExecCreateBody(
                        cmd: argv, tty: true, attachStdin: true,
                        env: ["TERM=\(term)"]))
                let session = try await client.startExecSession(execID)
                log("exec \(execID) started: \(argv.first ?? "")")
                await router.attach(session, execID: execID, size: size)
                let started = ContinuousClock.now
                var head: [UInt8] = []
                do {
                    for try await chunk in session.output {
                        backend.writeRaw(chunk)
                        if head.count < 2048 { head += chunk.prefix(2048 - head.count) }
                    }
                } catch {
                    log("exec \(execID) connection ended: \(error)")
                }
                let typed = await router.detach()
                let exitCode = (try? await client.inspectExec(execID))?.exitCode
                let quick = ContinuousClock.now - started < .seconds(2)
                // Only a program the runtime could not start yields to the next candidate: a command that ran and
                // exited 127 itself must never run twice.
                let notStarted =
                    exitCode == 126 || exitCode == 127 ? Self.startFailure(String(decoding: head, as: UTF8.self)) : nil
                if notStarted != nil, quick, !typed, !isLast { continue }
                outcome = Outcome(
                    exitCode: exitCode, error: notStarted.map { "could not start \(argv[0]): \($0)" },
                    terminate: await router.terminated)
                if command != nil, !outcome.terminate {
                    // A one-off command's output would vanish with the dashboard: let the user read it first.
                    let code = exitCode.map(String.init) ?? "?"
                    backend.writeRaw(Array("\r\n[exit code \(code): press any key to return to berth]".utf8))
                    await router.waitForKey()
                }
                break
            } catch let error as EngineError {
                outcome = Outcome(exitCode: nil, error: error.description)
                break
            } catch {
                outcome = Outcome(exitCode: nil, error: String(describing: error))
                break
            }
        }
        if await router.terminated { outcome.terminate = true }
        await backend.resume()
        return outcome
    }
}

/// Sends the user's keystrokes and terminal resizes to the exec that is running now.
private actor PassthroughRouter {
    let client: EngineClient
    let log: @Sendable (String) -> Void
    private var session: ExecSession?
    private var execID: String?
    private var typed = false
    private var keyWaiter: CheckedContinuation<Void, Never>?
    private(set) var terminated = false

    init(client: EngineClient, log: @escaping @Sendable (String) -> Void) {
        self.client = client
        self.log = log
    }

    func attach(_ session: ExecSession, execID: String, size: Size) async {
        self.session = session
        self.execID = execID
        typed = false
        try? await client.resizeExec(execID, rows: size.height, columns: size.width)
    }

    /// Forgets the session; returns whether the user typed anything into it.
    func detach() -> Bool {
        session = nil
        execID = nil
        return typed
    }

    func waitForKey() async {
        if terminated { return }
        await withCheckedContinuation { keyWaiter = $0 }
    }

    func handle(_ event: PassthroughEvent) async {
        switch event {
        case .input(let bytes):
            if let waiter = keyWaiter {
                keyWaiter = nil
                waiter.resume()
                return
            }
            typed = true
            session?.send(bytes)
        case .resize(let size):
            guard let execID else { return }
            do {
                try await client.resizeExec(execID, rows: size.height, columns: size.width)
            } catch {
                log("resize of exec \(execID) to \(size.width)x\(size.height) failed: \(error)")
            }
        case .terminate:
            terminated = true
            session?.close()
            keyWaiter?.resume()
            keyWaiter = nil
        }
    }
}
