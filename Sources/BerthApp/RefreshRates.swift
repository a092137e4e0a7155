/// How often berth asks the engines: stats samples, and the full container list behind the events.
public struct RefreshRates: Sendable, Equatable {
    /// Seconds between two stats samples of a container.
    public var statsSeconds: Double = 1
    /// Seconds between two full fetches of the container list (a safety net for missed events).
    public var reconcileSeconds: Int = 30

    public init(statsSeconds: Double = 1, reconcileSeconds: Int = 30) {
        self.statsSeconds = statsSeconds
        self.reconcileSeconds = reconcileSeconds
    }
}
