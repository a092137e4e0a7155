import DashboardCore
import EngineAPI
import EngineClient

/// Runs lifecycle commands against the engine and words failures for the status line.
struct CommandRunner: Sendable {
    let client: EngineClient

    /// Returns nil on success, else the engine's own message.
    func run(_ command: ContainerCommand, id: String) async -> String? {
        await wording {
            switch command {
            case .start: try await client.start(id)
            case .stop: try await client.stop(id)
            case .restart: try await client.restart(id)
            case .pause: try await client.pause(id)
            case .unpause: try await client.unpause(id)
            case .kill(let signal): try await client.kill(id, signal: signal)
            case .remove(let force, let volumes): try await client.remove(id, force: force, volumes: volumes)
            }
        }
    }

    /// Removes a Podman pod with its containers; nil on success, else the engine's own message.
    func removePod(_ id: String, force: Bool) async -> String? {
        await wording { try await client.removePod(id, force: force) }
    }

    private func wording(_ work: () async throws -> Void) async -> String? {
        do {
            try await work()
            return nil
        } catch let error as EngineError {
            return error.description
        } catch {
            return String(describing: error)
        }
    }
}

extension HostRegistry {
    /// Runs `work` with a runner for `host`'s engine: nil on success, else the engine's words, or that the engine is
    /// not connected.
    func runCommand(on host: HostID, _ work: (CommandRunner) async -> String?) async -> String? {
        guard let client = client(for: host) else { return "the engine is not connected" }
        return await work(CommandRunner(client: client))
    }
}
