import EngineAPI

/// What berth knows of the Podman engines' pods, for grouping the list (`P`).
public struct PodsState: Sendable, Equatable {
    /// Each Podman engine's last answer.
    public var membership: [HostID: PodMembership] = [:]
    /// Engines asked and not answered yet, with the containers the list had when they were asked: the answer
    /// covers those, even the ones it does not list.
    public var asking: [HostID: Set<String>] = [:]
    /// Engines whose last answer was a failure: not asked again until they reconnect or `P` turns grouping on.
    public var failed: [HostID: String] = [:]

    public init() {}
}

/// News about pods, from the runtime.
public enum PodsAction: Sendable, Equatable {
    /// What an engine's own container list said about pods.
    case answered(HostID, PodMembership)
    case failed(HostID, String)
}

/// Keeps `AppState.pods` current at the least cost: an engine is asked only while the list is grouped, only if it
/// is Podman, and only when it lists a container the last answer did not cover. A container never changes pods,
/// so an idle engine is asked once and never again: no events to follow, no timer.
enum PodGrouping {
    /// Whether `host` is a connected Podman.
    static func isPodman(_ host: HostState) -> Bool {
        if case .connected(let info) = host.status { return info.product.hasPrefix("Podman") }
        return false
    }

    /// The questions to send now: one per Podman engine that lists a container no answer covers and is not being
    /// asked already.
    static func ask(_ state: inout AppState) -> [Effect] {
        guard state.groupsProjects else { return [] }
        var effects: [Effect] = []
        for host in state.hosts where isPodman(host) {
            guard state.pods.asking[host.id] == nil, state.pods.failed[host.id] == nil else { continue }
            let listed = state.pods.membership[host.id]?.listed ?? []
            let ids = state.containers.lazy.filter { $0.host == host.id }.map(\.id)
            guard ids.contains(where: { !listed.contains($0) }) else { continue }
            state.pods.asking[host.id] = Set(ids)
            effects.append(.pods(host: host.id))
        }
        return effects
    }

    static func reduce(_ state: inout AppState, _ action: PodsAction) -> [Effect] {
        switch action {
        case .answered(let host, var membership):
            guard state.host(host) != nil, let asked = state.pods.asking.removeValue(forKey: host) else { return [] }
            // The containers listed when the question left were there for the engine to list: one it left out is in
            // no pod.
            membership.listed.formUnion(asked)
            state.pods.membership[host] = membership
        case .failed(let host, let reason):
            guard state.host(host) != nil, state.pods.asking.removeValue(forKey: host) != nil else { return [] }
            state.pods.failed[host] = reason
            let who = state.showsHosts ? " of \(host.name)" : ""
            state.status = StatusMessage("Could not list the pods\(who): \(reason)", kind: .error)
        }
        // Containers that appeared while the question was out.
        return ask(&state)
    }

    /// An engine (re)connected: a question in flight may never be answered, and a failure may be over.
    static func connected(_ state: inout AppState, host: HostID) -> [Effect] {
        state.pods.asking[host] = nil
        state.pods.failed[host] = nil
        return ask(&state)
    }

    /// An engine left the dashboard.
    static func removed(_ state: inout AppState, host: HostID) {
        state.pods.membership[host] = nil
        state.pods.asking[host] = nil
        state.pods.failed[host] = nil
    }
}
