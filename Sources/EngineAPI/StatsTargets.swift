/// What the stats sampler should sample, as the screen decides it.
public struct StatsTargets: Hashable, Sendable {
    /// Running containers whose rows are on screen: sampled about every second.
    public var onScreen: [String]
    /// Running containers listed but scrolled out of view: sampled less often.
    public var offScreen: [String]
    /// The selected container: always sampled every second.
    public var focusID: String?
    /// Whether the stats pane is open on `focusID`, which then needs its history.
    public var detail: Bool

    public init(onScreen: [String] = [], offScreen: [String] = [], focusID: String? = nil, detail: Bool = false) {
        self.onScreen = onScreen
        self.offScreen = offScreen
        self.focusID = focusID
        self.detail = detail
    }

    public var isEmpty: Bool { onScreen.isEmpty && offScreen.isEmpty && focusID == nil }

    /// Every container to sample, each once.
    public var all: Set<String> {
        var ids = Set(onScreen).union(offScreen)
        if let focusID { ids.insert(focusID) }
        return ids
    }

    /// Whether `id` is sampled at the fast rate.
    public func isFast(_ id: String) -> Bool { id == focusID || onScreen.contains(id) }
}

/// One point of a container's history, for the stats pane's graphs. `Float` keeps minutes of history for
/// hundreds of containers small.
public struct StatsHistoryPoint: Sendable, Equatable {
    /// Seconds on the sampler's monotonic clock.
    public var time: Double
    public var cpuPercent: Float
    public var memoryUsed: Float
    public var rxRate: Float
    public var txRate: Float
    public var readRate: Float
    public var writeRate: Float

    public init(
        time: Double, cpuPercent: Float = 0, memoryUsed: Float = 0, rxRate: Float = 0, txRate: Float = 0,
        readRate: Float = 0, writeRate: Float = 0
    ) {
        self.time = time
        self.cpuPercent = cpuPercent
        self.memoryUsed = memoryUsed
        self.rxRate = rxRate
        self.txRate = txRate
        self.readRate = readRate
        self.writeRate = writeRate
    }

    public init(time: Double, figures: StatsFigures) {
        self.init(
            time: time, cpuPercent: Float(figures.cpuPercent ?? 0), memoryUsed: Float(figures.memoryUsed ?? 0),
            rxRate: Float(figures.network?.rxRate ?? 0), txRate: Float(figures.network?.txRate ?? 0),
            readRate: Float(figures.blockReadRate ?? 0), writeRate: Float(figures.blockWriteRate ?? 0))
    }
}

/// How the sampler is doing, for the header line.
public struct StatsSamplerStatus: Sendable, Equatable {
    /// Containers being sampled.
    public var sampled: Int
    /// Samples per second the schedule asks for, rounded to a tenth.
    public var ratePerSecond: Double
    /// Containers read from their cgroup files.
    public var direct: Int
    /// Containers sampled through the engine API.
    public var viaAPI: Int
    /// Why the cgroup files are not used, when they are not (shown in the stats pane).
    public var fallbackReason: String?

    public init(
        sampled: Int = 0, ratePerSecond: Double = 0, direct: Int = 0, viaAPI: Int = 0, fallbackReason: String? = nil
    ) {
        self.sampled = sampled
        self.ratePerSecond = ratePerSecond
        self.direct = direct
        self.viaAPI = viaAPI
        self.fallbackReason = fallbackReason
    }
}

/// What the sampler publishes after each round: the latest figures of every target, the detail container's
/// history, and the sampler's status. Each snapshot is complete, so a consumer may skip any but the newest.
public struct StatsSnapshot: Sendable, Equatable {
    public var figures: [String: StatsFigures]
    /// The history of `detailID`, oldest first; empty unless the targets asked for detail.
    public var history: [StatsHistoryPoint]
    public var detailID: String?
    public var status: StatsSamplerStatus

    public init(
        figures: [String: StatsFigures] = [:], history: [StatsHistoryPoint] = [], detailID: String? = nil,
        status: StatsSamplerStatus = StatsSamplerStatus()
    ) {
        self.figures = figures
        self.history = history
        self.detailID = detailID
        self.status = status
    }
}
