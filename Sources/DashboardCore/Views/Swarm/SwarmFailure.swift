import EngineAPI

/// How the Swarm views word an engine that cannot answer them: a worker or an engine outside any swarm is the wrong
/// place to ask, not a failure.
public enum SwarmFailure {
    public static let worker = "this node is a worker; connect to a manager for the cluster view"
    public static let notInSwarm = "this engine is not part of a swarm (docker swarm init, or join one)"

    public static let noSwarmAPI = "this engine has no Swarm (Podman keeps secrets only): nothing of this kind here"

    /// The sentence for `error`, or nil to say it as the engine did.
    @Sendable public static func explain(_ error: EngineError) -> String? {
        if error.isMissingEndpoint { return noSwarmAPI }
        guard case .server(503, let message) = error else { return nil }
        if message.contains("Worker nodes") { return worker }
        if message.contains("not a swarm manager") || message.contains("not part of a swarm") { return notInSwarm }
        return nil
    }

    /// The time of an RFC 3339 stamp in Unix seconds.
    static func seconds(_ stamp: String?) -> Int64? {
        guard let stamp, let nanos = LogTimestamp.parse(stamp), nanos > 0 else { return nil }
        return nanos / 1_000_000_000
    }

    /// `ready` → `Ready`, as the CLI prints states.
    static func capitalized(_ word: String) -> String { word.prefix(1).uppercased() + word.dropFirst() }
}
