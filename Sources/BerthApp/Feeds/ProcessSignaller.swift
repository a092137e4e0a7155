import DashboardCore
import EngineAPI
import EngineClient

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Sends a signal to one process of a container by running `kill` inside it (see `ProcessSignal` for how the
/// PID inside the container is found).
struct ProcessSignaller: Sendable {
    let client: EngineClient
    let log: @Sendable (String) -> Void
    /// This machine's `/proc`, when the engine runs here; nil for a remote engine.
    var procRoot: String? = "/proc"

    /// Returns nil on success, else a sentence for the status line.
    func send(_ signal: ContainerSignal, to target: ProcessTarget, in containerID: String) async -> String? {
        let command: [String]
        let inner = containerPID(ofHostPID: target)
        if let inner {
            log("signal: host PID \(target.pid) is PID \(inner) in \(containerID.prefix(12))")
            command = ProcessSignal.killCommand(signal, containerPID: inner)
        } else {
            log("signal: PID \(target.pid) is not a local container process; matching its command line inside")
            command = ProcessSignal.matchingCommand(signal, pid: target.pid, commandLine: target.command)
        }
        do {
            // As root in the container: the user asked for this process, whoever runs it there.
            let status = try await client.runExec(containerID: containerID, command: command, user: "0")
            guard status != 0 else { return nil }
            return ProcessSignal.failure(status: status, usedMatching: inner == nil, commandLine: target.command)
        } catch let error as EngineError {
            return error.description
        } catch {
            return String(describing: error)
        }
    }

    /// The PID inside the container of a process `top` listed by host PID, if this machine's `/proc` shows it.
    func containerPID(ofHostPID target: ProcessTarget) -> String? {
        guard let procRoot, let pid = Int(target.pid), pid > 0,
            let status = try? String(contentsOfFile: "\(procRoot)/\(pid)/status", encoding: .utf8),
            let cmdline = FileManager.default.contents(atPath: "\(procRoot)/\(pid)/cmdline")
        else { return nil }
        return ProcessSignal.containerPID(
            status: status, cmdline: Array(cmdline), expectingParent: target.ppid, commandLine: target.command)
    }
}
