import DashboardCore
import TerminalUI

/// What the header says about figures that are not live: how old the measured sizes are (`:volumes`), or the whole
/// list (`:df`), so an old number is never taken for a current one.
enum ResourceViewNotes {
    static func age(_ definition: ResourceViewDefinition, _ state: AppState) -> String? {
        guard let viewState = state.resources[definition.id] else { return nil }
        if let measure = definition.measure {
            if !viewState.measuring.isEmpty { return "measuring \(measure.what)…" }
            if let (host, error) = viewState.measureErrors.min(by: { $0.key < $1.key }) {
                return state.showsHosts ? "\(measure.what) on \(host.name): \(error)" : "\(measure.what): \(error)"
            }
            guard let oldest = viewState.measurements.values.map(\.at).min() else {
                return "\(measure.what) not measured (R)"
            }
            return "\(measure.what) measured \(ago(oldest, state.now))"
        }
        guard !definition.isLive, let oldest = viewState.fetchedAt.values.min() else { return nil }
        return "measured \(ago(oldest, state.now))"
    }

    /// `just now` for the first seconds, then the docker CLI's steps.
    static func ago(_ at: Int64, _ now: Int64) -> String {
        now - at < 5 ? "just now" : RelativeTime.ago(at, now: now)
    }
}
