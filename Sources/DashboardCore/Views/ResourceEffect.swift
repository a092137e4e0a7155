import EngineAPI

/// Work a resource view asks of the engines.
public enum ResourceEffect: Hashable, Sendable {
    /// Fetch the view's list again now (`R` in a view that does not follow events, such as `:df`).
    case fetch(ViewID, hosts: [HostID])
    /// Run the view's expensive measurement (`/system/df` for volume sizes).
    case measure(ViewID, hosts: [HostID])
    /// Fetch one object's whole document (`Enter`), named as its `RemovalTarget` names it.
    case inspect(ViewID, host: HostID, reference: String)
    /// Fetch an image's layers (`L`); the lines come back as `ResourceAction.inspected`.
    case history(host: HostID, reference: String)
    /// Remove one object; the answer comes back as `ResourceAction.removed`.
    case remove(RemovalRequest)
    /// Fetch what the question before a removal adds (`ResourceViewDefinition.removalDetail`); the answer comes
    /// back as `ResourceAction.removalDetailed`.
    case removalDetail(RemovalRequest)
    /// Work out what a prune would remove on each engine, removing nothing.
    case previewPrune(PruneKind, hosts: [HostID])
    /// Prune on each engine what its preview listed (the engine's prune, limited to what existed at the preview
    /// where the engine takes `until`).
    case prune([HostPrune])
    /// A Swarm change (scale, force update, rollback, node availability); the answer comes back as
    /// `ResourceAction.swarmFinished`.
    case swarm(SwarmRequest)
}
