import EngineAPI

/// A prune, from its preview to its result. Nothing is removed before the preview has listed every item on
/// every engine and `y` was pressed on that list.
public struct PruneDialog: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        /// Asking each engine what would go.
        case previewing
        /// The preview is complete; `y` prunes.
        case ready
        /// The engines are pruning.
        case pruning
        /// Every engine answered; the result against the preview.
        case done
    }

    public var kind: PruneKind
    /// The engines asked, in the order the hosts were given.
    public var hosts: [HostID]
    public var phase: Phase = .previewing
    public var previews: [HostID: PrunePreview] = [:]
    /// Engines whose preview failed: left out of the prune, with why.
    public var previewErrors: [HostID: String] = [:]
    public var outcomes: [HostID: PruneOutcome] = [:]
    public var pruneErrors: [HostID: String] = [:]
    /// The first line of the list shown.
    public var scroll = 0

    public init(kind: PruneKind, hosts: [HostID]) {
        self.kind = kind
        self.hosts = hosts
    }

    /// Every previewed item, engine by engine.
    public var items: [(host: HostID, item: PruneItem)] {
        hosts.flatMap { host in (previews[host]?.items ?? []).map { (host, $0) } }
    }

    /// The bytes the preview's items hold, where the engines said.
    public var previewBytes: Int64 { items.reduce(0) { $0 + max(0, $1.item.size ?? 0) } }

    /// The engines with something to prune: what `y` prunes.
    public var hostsToPrune: [HostID] { hosts.filter { !(previews[$0]?.items.isEmpty ?? true) } }

    /// The bytes the engines said they gave back.
    public var reclaimedBytes: Int64 { outcomes.values.reduce(0) { $0 + max(0, $1.spaceReclaimed ?? 0) } }

    /// The one-line result for the status line: `Pruned 3 dangling images (reclaimed 12MB), as previewed`.
    public var summary: String {
        let removed = outcomes.values.reduce(0) { $0 + $1.removed.count }
        let unexpected = outcomes.values.reduce(0) { $0 + $1.unexpected.count }
        let kept = outcomes.values.reduce(0) { $0 + $1.kept.count }
        var text = "Pruned \(removed) \(removed == 1 ? kind.noun : kind.noun + "s")"
        if kind != .networks { text += " (reclaimed \(ByteFormat.decimal(reclaimedBytes)))" }
        if unexpected == 0, kept == 0, pruneErrors.isEmpty { return text + ", as previewed" }
        var differences: [String] = []
        if unexpected > 0 { differences.append("\(unexpected) not in the preview") }
        if kept > 0 { differences.append("\(kept) of the preview kept") }
        if !pruneErrors.isEmpty {
            differences.append("\(pruneErrors.count) engine\(pruneErrors.count == 1 ? "" : "s") failed")
        }
        return text + "; " + differences.joined(separator: ", ")
    }
}

/// `P`, `:prune`: the preview, the question and the result.
enum Prune {
    /// Starts the preview of `kind` on every connected engine.
    static func start(_ kind: PruneKind, _ state: inout AppState) -> [Effect] {
        guard !state.readOnly else {
            state.mode = .normal
            state.status = StatusMessage(ResourceRemoval.readOnlyMessage, kind: .error)
            return []
        }
        let connected = state.hosts.filter(\.isConnected).map(\.id)
        guard !connected.isEmpty else {
            state.mode = .normal
            state.status = StatusMessage("No engine is connected: nothing to prune", kind: .error)
            return []
        }
        // An engine that is not connected is left out, and the preview says so.
        var dialog = PruneDialog(kind: kind, hosts: state.hosts.map(\.id))
        for host in state.hosts where !host.isConnected { dialog.previewErrors[host.id] = "not connected" }
        state.mode = .resourceDialog(.prune(dialog))
        return [.resources(.previewPrune(kind, hosts: connected))]
    }

    /// `y` on a complete preview: prunes on every engine that has something to prune.
    static func confirm(_ dialog: PruneDialog, _ state: inout AppState) -> [Effect] {
        guard dialog.phase == .ready else { return [] }
        guard !state.readOnly else {
            state.mode = .normal
            state.status = StatusMessage(ResourceRemoval.readOnlyMessage, kind: .error)
            return []
        }
        let hosts = dialog.hostsToPrune
        guard !hosts.isEmpty else {
            state.mode = .normal
            state.status = StatusMessage("Nothing to prune: no \(dialog.kind.title)")
            return []
        }
        var dialog = dialog
        dialog.phase = .pruning
        dialog.scroll = 0
        state.mode = .resourceDialog(.prune(dialog))
        state.status = StatusMessage("Pruning \(dialog.kind.title)…")
        let previews = hosts.compactMap { host in dialog.previews[host].map { HostPrune(host: host, preview: $0) } }
        return [.resources(.prune(previews))]
    }

    /// News from an engine: its preview, or its prune's outcome. After an engine pruned, the view on screen is
    /// fetched again from it (not every removal makes an event).
    static func reduce(_ action: ResourceAction, _ state: inout AppState) -> [Effect] {
        var effects: [Effect] = []
        if case .pruned(_, let host, _) = action, state.view != .containers {
            effects.append(.resources(.fetch(state.view, hosts: [host])))
        }
        guard case .resourceDialog(.prune(var dialog)) = state.mode else {
            // The dialog was closed while the engines pruned: the result still reaches the status line.
            if case .pruned(let kind, _, _) = action {
                state.status = StatusMessage("Pruned \(kind.title)", kind: .success)
            }
            if case .pruneFailed(let kind, let host, let message) = action {
                state.status = StatusMessage("Could not prune \(kind.title) on \(host.name): \(message)", kind: .error)
            }
            return effects
        }
        switch action {
        case .prunePreviewed(let host, let preview):
            guard dialog.phase == .previewing, preview.kind == dialog.kind, dialog.hosts.contains(host) else {
                return effects
            }
            dialog.previews[host] = preview
        case .prunePreviewFailed(let kind, let host, let message):
            guard dialog.phase == .previewing, kind == dialog.kind, dialog.hosts.contains(host) else {
                return effects
            }
            dialog.previewErrors[host] = message
        case .pruned(let kind, let host, let outcome):
            guard dialog.phase == .pruning, kind == dialog.kind else { return effects }
            dialog.outcomes[host] = outcome
        case .pruneFailed(let kind, let host, let message):
            guard dialog.phase == .pruning, kind == dialog.kind else { return effects }
            dialog.pruneErrors[host] = message
        default:
            return effects
        }
        if dialog.phase == .previewing,
            dialog.hosts.allSatisfy({ dialog.previews[$0] != nil || dialog.previewErrors[$0] != nil })
        {
            dialog.phase = .ready
        }
        if dialog.phase == .pruning,
            dialog.hostsToPrune.allSatisfy({ dialog.outcomes[$0] != nil || dialog.pruneErrors[$0] != nil })
        {
            dialog.phase = .done
            dialog.scroll = 0
            let failed = !dialog.pruneErrors.isEmpty
            state.status = StatusMessage(dialog.summary, kind: failed ? .error : .success)
        }
        state.mode = .resourceDialog(.prune(dialog))
        return effects
    }

    /// Which kind `:prune WORD` names: `containers`, `images`, `all-images`, `volumes`, `networks`, `build-cache`.
    static func kind(named word: String) -> PruneKind? {
        switch word {
        case "containers": return .containers
        case "images", "dangling-images": return .danglingImages
        case "all-images", "unused-images": return .unusedImages
        case "volumes": return .volumes
        case "networks": return .networks
        case "build-cache", "cache": return .buildCache
        default: return nil
        }
    }

    /// The words `:prune` takes, in the picker's order.
    static let words = ["containers", "images", "all-images", "volumes", "networks", "build-cache"]

    /// The picker's kinds, in order.
    static let pickerKinds: [PruneKind] = [
        .containers, .danglingImages, .unusedImages, .volumes, .networks, .buildCache,
    ]
}

/// One engine's part of a prune: what its preview listed, and when.
public struct HostPrune: Sendable, Equatable, Hashable {
    public var host: HostID
    public var preview: PrunePreview

    public init(host: HostID, preview: PrunePreview) {
        self.host = host
        self.preview = preview
    }
}
