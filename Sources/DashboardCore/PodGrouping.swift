import EngineAPI

/// What berth knows of the Podman engines' pods, for grouping the list (`P`).
public struct PodsState: Sendable, Equatable {
    /// Each Podman engine's last answer.
    public var membership: [HostID: PodMembership] = [:]
    /// Engines asked and not answered yet, with the question.
    public var asking: [HostID: PodQuestion] = [:]
    /// The number the next question gets.
    public var nextQuestion = 1
    /// Engines whose last answer was a failure: not asked again until they reconnect or `P` turns grouping on.
    public var failed: [HostID: String] = [:]

    public init() {}
}

/// A question to one engine about its pods.
public struct PodQuestion: Sendable, Equatable {
    /// Only the answer to the question still open counts: one sent before the engine reconnected may have been
    /// asked before some containers existed.
    public var number: Int
    /// The containers the list had when the question was asked: the answer covers those, even the ones it leaves
    /// out.
    public var containers: Set<String>
}

/// News about pods, from the runtime.
public enum PodsAction: Sendable, Equatable {
    /// What an engine's own container list said about pods, in answer to question `question`.
    case answered(HostID, question: Int, PodMembership)
    case failed(HostID, question: Int, String)
    /// A pod's removal (`Effect.removePod`) ended; `error` is nil when the pod is gone.
    case removed(BulkPod, error: String?)
}

/// Keeps `AppState.pods` current at the least cost: an engine is asked only while the list is grouped, only if it
/// is Podman, and only when it lists a container the last answer did not cover. A container never changes pods,
/// so an idle engine is asked once and never again: no events to follow, no timer.
enum PodGrouping {
    /// Whether `row` is a pod's infra container, as far as Podman's last answer says (asked only while grouped).
    static func isInfra(_ row: ContainerSummary, _ state: AppState) -> Bool {
        state.pods.membership[row.host]?.infra.contains(row.id) == true
    }

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
            let number = state.pods.nextQuestion
            state.pods.nextQuestion += 1
            state.pods.asking[host.id] = PodQuestion(number: number, containers: Set(ids))
            effects.append(.pods(host: host.id, question: number))
        }
        return effects
    }

    static func reduce(_ state: inout AppState, _ action: PodsAction) -> [Effect] {
        switch action {
        case .answered(let host, let question, var membership):
            guard let asked = state.pods.asking[host], asked.number == question else { return [] }
            state.pods.asking[host] = nil
            // The containers listed when the question left were there for the engine to list: one it left out is in
            // no pod.
            membership.listed.formUnion(asked.containers)
            state.pods.membership[host] = membership
            ProjectGrouping.answered(&state)
        case .failed(let host, let question, let reason):
            guard state.pods.asking[host]?.number == question else { return [] }
            state.pods.asking[host] = nil
            state.pods.failed[host] = reason
            let who = state.showsHosts ? " of \(host.name)" : ""
            state.status = StatusMessage("Could not list the pods\(who): \(reason)", kind: .error)
        case .removed(let pod, let error):
            // The engine's events bring the rows' removal.
            BulkActions.podRemoved(&state, pod, error: error)
            return []
        }
        // Containers that appeared while the question was out.
        return ask(&state)
    }

    /// An engine (re)connected: a question in flight may have been asked before some containers existed, and a
    /// failure may be over.
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
