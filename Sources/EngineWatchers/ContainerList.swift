import EngineAPI

/// What the monitor does with one event, decided by its verb alone.
public enum EventEffect: Sendable, Equatable {
    /// Fetch that container's row again: its state or status text may have changed.
    case refetch
    /// The container is gone: drop its row without asking the engine.
    case remove
    /// Nothing in the list can have changed (exec, attach, archive and other noise).
    case ignore

    /// The effect of an event verb as `EngineEvent.verb` gives it (details already cut off, Podman's `died` mapped).
    public init(verb: String) {
        switch verb {
        case "create", "start", "die", "stop", "kill", "pause", "unpause", "rename", "health_status", "restart",
            "oom", "update",
            // Podman's extra lifecycle steps.
            "init", "cleanup", "exited", "stopped":
            self = .refetch
        case "destroy", "remove":
            self = .remove
        default:
            self = .ignore
        }
    }
}

/// The current container list and the pure rules for changing it.
///
/// Kept apart from the monitor actor so the merging rules are testable without an engine. Rows are kept newest
/// first (the engine's own order for `/containers/json`), with the ID as a tie-break, so two lists with the same
/// rows always compare equal and "changed" means the user would see a difference.
public struct ContainerList: Sendable, Equatable {
    public private(set) var rows: [ContainerSummary] = []

    public init(rows: [ContainerSummary] = []) {
        self.rows = Self.ordered(rows)
    }

    /// Replaces everything with a full list from the engine. Returns whether anything changed.
    @discardableResult
    public mutating func replaceAll(_ fetched: [ContainerSummary]) -> Bool {
        commit(Self.ordered(Self.uniqued(fetched)))
    }

    /// Applies the answer to a narrowed list request for `requested` IDs: returned rows are inserted or replaced,
    /// requested IDs the engine did not return are removed (the container went away in the meantime).
    /// Returns whether anything changed.
    @discardableResult
    public mutating func apply(fetched: [ContainerSummary], requested: Set<String>) -> Bool {
        var byID = Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        for id in requested { byID[id] = nil }
        for row in fetched { byID[row.id] = row }
        return commit(Self.ordered(Array(byID.values)))
    }

    /// Removes a container. Returns whether it was listed.
    @discardableResult
    public mutating func remove(id: String) -> Bool {
        commit(rows.filter { $0.id != id })
    }

    private mutating func commit(_ new: [ContainerSummary]) -> Bool {
        guard new != rows else { return false }
        rows = new
        return true
    }

    private static func uniqued(_ rows: [ContainerSummary]) -> [ContainerSummary] {
        var seen = Set<String>()
        return rows.filter { seen.insert($0.id).inserted }
    }

    private static func ordered(_ rows: [ContainerSummary]) -> [ContainerSummary] {
        rows.sorted { lhs, rhs in
            let left = lhs.created ?? 0
            let right = rhs.created ?? 0
            return left != right ? left > right : lhs.id < rhs.id
        }
    }
}

/// How long to wait between attempts to reach an engine that went away.
public enum ReconnectBackoff {
    /// 0.5 s after the first failure, then 1, 2, 4 and 5 s for good: fast enough to notice a restarted daemon at
    /// once, slow enough not to spin on a socket that is gone for good.
    public static func delay(afterFailures failures: Int) -> Duration {
        let steps: [Duration] = [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4)]
        return failures < steps.count ? steps[max(failures, 0)] : .seconds(5)
    }
}
