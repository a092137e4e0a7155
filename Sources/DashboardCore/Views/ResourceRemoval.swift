import EngineAPI

/// A kind of engine object `D` can remove from its view.
public enum ResourceKind: String, Sendable, Hashable {
    case image, volume, network
    /// A Swarm service (its tasks go with it) or node (only a down one).
    case service, node
    /// A Swarm secret or config (the engine refuses one a service uses).
    case secret, config
    /// A stack's services, each removed in turn (`RemovalTarget.parts`).
    case stack

    /// Whether the engine can be told to remove it anyway (`DELETE /images/{name}?force=1`); volumes and networks
    /// in use cannot be forced out.
    public var canForce: Bool { self == .image }
}

/// What `D` removes for one row: the engine's name for it, and how the question names it.
public struct RemovalTarget: Sendable, Equatable, Hashable {
    public var kind: ResourceKind
    /// What the `DELETE` names: an image's `repository:tag` or ID, a volume's name, a network's ID.
    public var reference: String
    /// How the question names it: `image nginx:latest (a1b2c3d4e5f6)`.
    public var label: String
    /// What the question adds: `It has 2 more tags: only this one goes.`
    public var note: String?
    /// For a group (a stack): what each of its objects is removed as, in the order they go.
    public var parts: [RemovalTarget] = []
    /// The object's own name where `reference` is its ID (a service's `web`), for a note fetched later.
    public var objectName: String?

    public init(
        kind: ResourceKind, reference: String, label: String, note: String? = nil, objectName: String? = nil
    ) {
        self.objectName = objectName
        self.kind = kind
        self.reference = reference
        self.label = label
        self.note = note
    }
}

/// A removal asked for: the target on its engine, and whether it is forced.
public struct RemovalRequest: Sendable, Equatable, Hashable {
    public var target: RemovalTarget
    public var host: HostID
    /// The view it was asked from, whose row shows `removing…` meanwhile.
    public var view: ViewID
    public var rowID: String
    public var force: Bool
    /// `image nginx:latest (a1b2c3d4e5f6)`, with its engine while several are watched: `… on podman`.
    public var name: String

    public init(target: RemovalTarget, host: HostID, view: ViewID, rowID: String, force: Bool, name: String) {
        self.target = target
        self.host = host
        self.view = view
        self.rowID = rowID
        self.force = force
        self.name = name
    }

    /// The question before anything is removed.
    public var question: String {
        let forced = force ? "Force-remove" : "Remove"
        return "\(forced) \(name)?" + (target.note.map { " \($0)" } ?? "")
    }
}

/// How a removal went.
public enum RemovalOutcome: Sendable, Equatable {
    /// Done; what the engine did (`Untagged nginx:latest, deleted 2 layers`).
    case removed(String)
    /// The engine said no, with its reason (in use, one of its own networks, …).
    case refused(String)
    /// The engine could not be reached or answered nonsense.
    case failed(String)
}

/// `D` in a resource view: asks, removes, and on a refusal shows the engine's reason, offering force as a second,
/// explicit choice where the engine has one.
enum ResourceRemoval {
    static let readOnlyMessage = "Read-only mode: removing and pruning are disabled (--read-only)"

    /// `D`: the question for the selected row. Where the view has more to say than its rows carry
    /// (`ResourceViewDefinition.removalDetail`), the question opens with the row's own note and that is fetched.
    static func ask(_ state: inout AppState) -> [Effect] {
        guard !state.readOnly else {
            state.status = StatusMessage(readOnlyMessage, kind: .error)
            return []
        }
        let view = state.view
        guard let viewState = state.resources[view],
            let row = state.visibleRows(view).first(where: { $0.key == viewState.selection })
        else {
            state.status = StatusMessage("Nothing selected", kind: .error)
            return []
        }
        guard let target = row.removal else {
            state.status = StatusMessage("\(row.cells.first ?? row.id) cannot be removed here", kind: .error)
            return []
        }
        if let busy = viewState.removing[row.key] {
            state.status = StatusMessage("\(busy) is being removed already", kind: .error)
            return []
        }
        let name = state.showsHosts ? "\(target.label) on \(row.host.name)" : target.label
        let request = RemovalRequest(
            target: target, host: row.host, view: view, rowID: row.id, force: false, name: name)
        state.mode = .resourceDialog(.confirmRemove(request))
        guard let detail = ViewRegistry.definition(view)?.removalDetail, detail.applies(target) else { return [] }
        return [.resources(.removalDetail(request))]
    }

    /// The fetched note, into the question it was fetched for if that is still open.
    static func detailed(_ request: RemovalRequest, note: String?, _ state: inout AppState) {
        guard let note, case .resourceDialog(.confirmRemove(var asked)) = state.mode, asked.host == request.host,
            asked.view == request.view, asked.rowID == request.rowID
        else { return }
        asked.target.note = note
        state.mode = .resourceDialog(.confirmRemove(asked))
    }

    /// `y` on the question, or `F` on a refusal: the removal goes to the engine.
    static func perform(_ request: RemovalRequest, _ state: inout AppState) -> [Effect] {
        state.mode = .normal
        guard !state.readOnly else {
            state.status = StatusMessage(readOnlyMessage, kind: .error)
            return []
        }
        state.resources[request.view]?.removing[RowKey(host: request.host, id: request.rowID)] = request.name
        state.status = StatusMessage((request.force ? "Force-removing " : "Removing ") + "\(request.name)…")
        return [.resources(.remove(request))]
    }

    /// The engine's answer. After a removal the view's list is fetched again from that engine: not every engine
    /// sends an event for every removal (Podman 4.3 sends none for a network).
    static func finished(_ request: RemovalRequest, _ outcome: RemovalOutcome, _ state: inout AppState) -> [Effect] {
        state.resources[request.view]?.removing[RowKey(host: request.host, id: request.rowID)] = nil
        switch outcome {
        case .removed(let what):
            state.status = StatusMessage(what, kind: .success)
            return [.resources(.fetch(request.view, hosts: [request.host]))]
        case .refused(let reason):
            state.status = StatusMessage("Could not remove \(request.name): \(reason)", kind: .error)
            // The reason, and force where the engine has it, in a dialog, unless another one is open by now.
            if state.mode == .normal { state.mode = .resourceDialog(.removeRefused(request, reason: reason)) }
        case .failed(let reason):
            state.status = StatusMessage("Could not remove \(request.name): \(reason)", kind: .error)
        }
        return []
    }

    /// Whether a refusal of `request` may be forced: the engine has force for it, and it was not forced already.
    static func offersForce(_ request: RemovalRequest) -> Bool { request.target.kind.canForce && !request.force }
}
