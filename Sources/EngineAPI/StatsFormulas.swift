/// The docker CLI's stats formulas (`cli/command/container/stats_helpers.go`), so berth's numbers match
/// `docker stats` to the digit.
public enum StatsFormulas {
    /// CPU % = Δcontainer / Δsystem × online CPUs × 100, falling back to the per-CPU array length when the engine
    /// does not report online CPUs; 0 when either delta is not positive (a counter reset, or no time passed).
    public static func cpuPercent(
        previousCPU: UInt64, previousSystem: UInt64, cpu: UInt64, system: UInt64, onlineCPUs: Int, perCPUCount: Int
    ) -> Double {
        let cpuDelta = Double(cpu) - Double(previousCPU)
        let systemDelta = Double(system) - Double(previousSystem)
        var online = Double(onlineCPUs)
        if online == 0 { online = Double(perCPUCount) }
        guard systemDelta > 0, cpuDelta > 0 else { return 0 }
        return cpuDelta / systemDelta * online * 100
    }

    /// Whether Δsystem looks like the host's CPU time over `seconds` (it should be seconds × CPUs, in
    /// nanoseconds). Podman 4.3 reports a counter that grows about 60 times slower, which made a container idling
    /// at 0.08 % of a core read 5 %; off by more than a factor of four, berth uses the wall time instead. The
    /// margin is wide because `seconds` is when berth received each sample, not when the engine read it: a slow
    /// answer must not switch a Docker engine's correct figures to the wall clock.
    /// Without a wall time to compare with, the counter is trusted.
    public static func systemCounterIsPlausible(delta: Double, seconds: Double, onlineCPUs: Int) -> Bool {
        guard seconds > 0, onlineCPUs > 0 else { return true }
        let expected = seconds * 1e9 * Double(onlineCPUs)
        return delta >= expected / 4 && delta <= expected * 4
    }

    /// Memory without the page cache the kernel can drop: usage − `total_inactive_file` on cgroup v1, usage −
    /// `inactive_file` on cgroup v2, each only when smaller than usage.
    public static func memoryUsed(usage: UInt64, totalInactiveFile: UInt64?, inactiveFile: UInt64?) -> UInt64 {
        if let cache = totalInactiveFile, cache < usage { return usage - cache }
        // The CLI reads a missing key as 0.
        let cache = inactiveFile ?? 0
        if cache < usage { return usage - cache }
        return usage
    }

    /// MEM % of the limit; 0 when the limit is unknown (the CLI's rule).
    public static func memoryPercent(used: UInt64, limit: UInt64) -> Double {
        guard limit != 0 else { return 0 }
        return Double(used) / Double(limit) * 100
    }

    /// Bytes read and written, summed over devices: entries whose op starts with r/R or w/W (cgroup v1 says
    /// `Read`/`Write`, Docker on cgroup v2 says `read`/`write`); `Total`, `Sync` and `Async` are skipped.
    public static func blockIO(_ entries: [ContainerStatsResponse.BlkioEntry]) -> (read: UInt64, write: UInt64) {
        var read: UInt64 = 0
        var write: UInt64 = 0
        for entry in entries {
            guard let first = entry.op?.first else { continue }
            switch first {
            case "r", "R": read &+= entry.value ?? 0
            case "w", "W": write &+= entry.value ?? 0
            default: break
            }
        }
        return (read, write)
    }

    /// Bytes per second between two counter readings; nil when the counter went backwards or no time passed.
    public static func rate(from previous: UInt64, to current: UInt64, seconds: Double) -> Double? {
        guard seconds > 0, current >= previous else { return nil }
        return Double(current - previous) / seconds
    }

    /// Limits at or above this are "no limit" even when the host's memory size is unknown (cgroup v1 writes
    /// 9223372036854771712, cgroup v2 `max`).
    public static let unlimitedThreshold: UInt64 = 1 << 60
}

/// What berth shows for one container: computed from two consecutive samples (or one, for what needs no delta).
public struct StatsFigures: Sendable, Equatable {
    public var source: StatsSource
    /// nil until two samples with CPU counters exist.
    public var cpuPercent: Double?
    /// The CPUs the percentage is relative to (100% is one CPU).
    public var onlineCPUs: Int?
    public var memoryUsed: UInt64?
    /// The limit the percentage is relative to: the host's memory when the container has none.
    public var memoryLimit: UInt64?
    /// True when the container has no memory limit of its own.
    public var memoryUnlimited: Bool
    public var memoryPercent: Double?
    public var network: Network?
    public var blockRead: UInt64
    public var blockWrite: UInt64
    public var blockReadRate: Double?
    public var blockWriteRate: Double?
    public var pids: UInt64?
    public var pidsLimit: UInt64?
    public var throttling: Throttling?

    public init(
        source: StatsSource, cpuPercent: Double? = nil, onlineCPUs: Int? = nil, memoryUsed: UInt64? = nil,
        memoryLimit: UInt64? = nil, memoryUnlimited: Bool = false, memoryPercent: Double? = nil,
        network: Network? = nil, blockRead: UInt64 = 0, blockWrite: UInt64 = 0, blockReadRate: Double? = nil,
        blockWriteRate: Double? = nil, pids: UInt64? = nil, pidsLimit: UInt64? = nil, throttling: Throttling? = nil
    ) {
        self.source = source
        self.cpuPercent = cpuPercent
        self.onlineCPUs = onlineCPUs
        self.memoryUsed = memoryUsed
        self.memoryLimit = memoryLimit
        self.memoryUnlimited = memoryUnlimited
        self.memoryPercent = memoryPercent
        self.network = network
        self.blockRead = blockRead
        self.blockWrite = blockWrite
        self.blockReadRate = blockReadRate
        self.blockWriteRate = blockWriteRate
        self.pids = pids
        self.pidsLimit = pidsLimit
        self.throttling = throttling
    }

    public struct Network: Sendable, Equatable {
        public var rxBytes: UInt64
        public var txBytes: UInt64
        public var rxRate: Double?
        public var txRate: Double?
        public var interfaces: Int

        public init(rxBytes: UInt64, txBytes: UInt64, rxRate: Double? = nil, txRate: Double? = nil, interfaces: Int) {
            self.rxBytes = rxBytes
            self.txBytes = txBytes
            self.rxRate = rxRate
            self.txRate = txRate
            self.interfaces = interfaces
        }
    }

    public struct Throttling: Sendable, Equatable {
        public var periods: UInt64
        public var throttledPeriods: UInt64
        /// Nanoseconds.
        public var throttledTime: UInt64
        /// The share of CFS periods throttled since the previous sample, in percent.
        public var recentPercent: Double?

        public init(periods: UInt64, throttledPeriods: UInt64, throttledTime: UInt64, recentPercent: Double? = nil) {
            self.periods = periods
            self.throttledPeriods = throttledPeriods
            self.throttledTime = throttledTime
            self.recentPercent = recentPercent
        }
    }

    /// The figures for `current`, with deltas and rates against `previous` (berth's own earlier sample of the same
    /// container). `hostMemory` is the engine host's memory: a limit at or above it means "no limit".
    public static func compute(previous: StatsSample?, current: StatsSample, hostMemory: UInt64?) -> StatsFigures {
        var figures = StatsFigures(source: current.source)
        let online = current.onlineCPUs != 0 ? current.onlineCPUs : current.perCPUCount
        figures.onlineCPUs = online > 0 ? online : nil
        let seconds = previous.map { current.time - $0.time } ?? 0
        if let previous, let cpu = current.cpuTotal, let previousCPU = previous.cpuTotal {
            if let system = current.systemCPU, let previousSystem = previous.systemCPU, online > 0,
                StatsFormulas.systemCounterIsPlausible(
                    delta: Double(system) - Double(previousSystem), seconds: seconds, onlineCPUs: online)
            {
                figures.cpuPercent = StatsFormulas.cpuPercent(
                    previousCPU: previousCPU, previousSystem: previousSystem, cpu: cpu, system: system,
                    onlineCPUs: current.onlineCPUs, perCPUCount: current.perCPUCount)
            } else if seconds > 0 {
                // An engine without a usable system counter: the elapsed wall time stands in for Δsystem / online
                // CPUs.
                figures.cpuPercent = cpu > previousCPU ? Double(cpu - previousCPU) / (seconds * 1e9) * 100 : 0
            }
        }
        if let usage = current.memoryUsage {
            let used = StatsFormulas.memoryUsed(
                usage: usage, totalInactiveFile: current.totalInactiveFile, inactiveFile: current.inactiveFile)
            figures.memoryUsed = used
            if var limit = current.memoryLimit {
                // The engine itself reports the host's memory for a container without a limit.
                if let hostMemory, hostMemory > 0, limit > hostMemory { limit = hostMemory }
                figures.memoryLimit = limit
                figures.memoryUnlimited =
                    (hostMemory.map { $0 > 0 && limit == $0 } ?? false) || limit >= StatsFormulas.unlimitedThreshold
                figures.memoryPercent = StatsFormulas.memoryPercent(used: used, limit: limit)
            }
        }
        if let network = current.network {
            var entry = StatsFigures.Network(
                rxBytes: network.rxBytes, txBytes: network.txBytes, interfaces: network.interfaces)
            if let before = previous?.network {
                entry.rxRate = StatsFormulas.rate(from: before.rxBytes, to: network.rxBytes, seconds: seconds)
                entry.txRate = StatsFormulas.rate(from: before.txBytes, to: network.txBytes, seconds: seconds)
            }
            figures.network = entry
        }
        figures.blockRead = current.blockRead
        figures.blockWrite = current.blockWrite
        if let previous {
            figures.blockReadRate = StatsFormulas.rate(
                from: previous.blockRead, to: current.blockRead, seconds: seconds)
            figures.blockWriteRate = StatsFormulas.rate(
                from: previous.blockWrite, to: current.blockWrite, seconds: seconds)
        }
        figures.pids = current.pids
        if let limit = current.pidsLimit, limit > 0, limit < StatsFormulas.unlimitedThreshold {
            figures.pidsLimit = limit
        }
        if let throttling = current.throttling, throttling.periods > 0 {
            var entry = StatsFigures.Throttling(
                periods: throttling.periods, throttledPeriods: throttling.throttledPeriods,
                throttledTime: throttling.throttledTime)
            if let before = previous?.throttling, throttling.periods > before.periods,
                throttling.throttledPeriods >= before.throttledPeriods
            {
                entry.recentPercent =
                    Double(throttling.throttledPeriods - before.throttledPeriods)
                    / Double(throttling.periods - before.periods) * 100
            }
            figures.throttling = entry
        }
        return figures
    }
}
