/// Where a container's figures come from.
public enum StatsSource: String, Sendable, Hashable, CaseIterable {
    /// berth read the container's cgroup v1 files and `/proc/<pid>/net/dev` itself.
    case cgroupV1 = "cgroup v1"
    /// berth read the container's cgroup v2 files and `/proc/<pid>/net/dev` itself.
    case cgroupV2 = "cgroup v2"
    /// A one-shot sample from `GET /containers/{id}/stats`.
    case api = "engine API"

    /// Whether the engine did no work for the sample.
    public var isDirect: Bool { self != .api }
}

/// One reading of a container's raw counters, from either source. Figures need two consecutive samples.
public struct StatsSample: Sendable, Equatable {
    public var source: StatsSource
    /// When berth took the sample, in seconds of a monotonic clock; rates divide by differences of it.
    public var time: Double
    /// The container's CPU time so far, in nanoseconds.
    public var cpuTotal: UInt64?
    /// The host's CPU time so far (all CPUs, from `/proc/stat`), in nanoseconds.
    public var systemCPU: UInt64?
    /// The host's online CPUs; 0 when the engine did not say (Podman), then `perCPUCount` stands in.
    public var onlineCPUs: Int
    /// The length of the engine's per-CPU usage array (cgroup v1 only).
    public var perCPUCount: Int
    /// The cgroup's memory usage, page cache included.
    public var memoryUsage: UInt64?
    /// `total_inactive_file` from `memory.stat`: present on cgroup v1 only.
    public var totalInactiveFile: UInt64?
    /// `inactive_file` from `memory.stat`.
    public var inactiveFile: UInt64?
    /// The memory limit as the cgroup has it (`max` and huge values mean none).
    public var memoryLimit: UInt64?
    /// Bytes received and sent over every interface but loopback; nil when there is no network at all.
    public var network: NetworkTotals?
    public var blockRead: UInt64
    public var blockWrite: UInt64
    public var pids: UInt64?
    public var pidsLimit: UInt64?
    public var throttling: Throttling?

    public init(
        source: StatsSource, time: Double, cpuTotal: UInt64? = nil, systemCPU: UInt64? = nil, onlineCPUs: Int = 0,
        perCPUCount: Int = 0, memoryUsage: UInt64? = nil, totalInactiveFile: UInt64? = nil,
        inactiveFile: UInt64? = nil, memoryLimit: UInt64? = nil, network: NetworkTotals? = nil,
        blockRead: UInt64 = 0, blockWrite: UInt64 = 0, pids: UInt64? = nil, pidsLimit: UInt64? = nil,
        throttling: Throttling? = nil
    ) {
        self.source = source
        self.time = time
        self.cpuTotal = cpuTotal
        self.systemCPU = systemCPU
        self.onlineCPUs = onlineCPUs
        self.perCPUCount = perCPUCount
        self.memoryUsage = memoryUsage
        self.totalInactiveFile = totalInactiveFile
        self.inactiveFile = inactiveFile
        self.memoryLimit = memoryLimit
        self.network = network
        self.blockRead = blockRead
        self.blockWrite = blockWrite
        self.pids = pids
        self.pidsLimit = pidsLimit
        self.throttling = throttling
    }

    /// Network byte counters summed over interfaces.
    public struct NetworkTotals: Sendable, Equatable {
        public var rxBytes: UInt64
        public var txBytes: UInt64
        public var interfaces: Int

        public init(rxBytes: UInt64, txBytes: UInt64, interfaces: Int) {
            self.rxBytes = rxBytes
            self.txBytes = txBytes
            self.interfaces = interfaces
        }
    }

    /// CFS bandwidth counters: how often the container hit its CPU quota.
    public struct Throttling: Sendable, Equatable {
        public var periods: UInt64
        public var throttledPeriods: UInt64
        /// Nanoseconds.
        public var throttledTime: UInt64

        public init(periods: UInt64, throttledPeriods: UInt64, throttledTime: UInt64) {
            self.periods = periods
            self.throttledPeriods = throttledPeriods
            self.throttledTime = throttledTime
        }
    }
}

extension StatsSample {
    /// The raw counters of an engine answer. `precpu_stats` is ignored: deltas come from berth's own consecutive
    /// samples, because one-shot answers and Podman leave it zero.
    public init(api response: ContainerStatsResponse, time: Double) {
        let cpu = response.cpuStats
        var network: NetworkTotals?
        if let networks = response.networks, !networks.isEmpty {
            var rx: UInt64 = 0
            var tx: UInt64 = 0
            for entry in networks.values {
                rx &+= entry.rxBytes ?? 0
                tx &+= entry.txBytes ?? 0
            }
            network = NetworkTotals(rxBytes: rx, txBytes: tx, interfaces: networks.count)
        }
        let (read, write) = StatsFormulas.blockIO(response.blkioStats?.ioServiceBytesRecursive ?? [])
        var throttling: Throttling?
        if let data = cpu?.throttlingData {
            throttling = Throttling(
                periods: data.periods ?? 0, throttledPeriods: data.throttledPeriods ?? 0,
                throttledTime: data.throttledTime ?? 0)
        }
        let stats = response.memoryStats?.stats
        self.init(
            source: .api, time: time, cpuTotal: cpu?.cpuUsage?.totalUsage, systemCPU: cpu?.systemCPUUsage,
            onlineCPUs: cpu?.onlineCPUs ?? 0, perCPUCount: cpu?.cpuUsage?.percpuUsage?.count ?? 0,
            memoryUsage: response.memoryStats?.usage, totalInactiveFile: stats?["total_inactive_file"],
            inactiveFile: stats?["inactive_file"], memoryLimit: response.memoryStats?.limit, network: network,
            blockRead: read, blockWrite: write, pids: response.pidsStats?.current,
            pidsLimit: response.pidsStats?.limit, throttling: throttling)
    }
}
