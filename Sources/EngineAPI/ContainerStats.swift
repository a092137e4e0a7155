/// The body of `GET /containers/{id}/stats`, limited to what berth shows.
///
/// Every field is optional: Docker on cgroup v1 and v2 and Podman's compat API all leave out different parts
/// (no `percpu_usage` on cgroup v2, no `online_cpus` on some Podman versions, no `stats` map in Podman's memory,
/// no `networks` for `--network none`).
public struct ContainerStatsResponse: Decodable, Sendable, Equatable {
    public var read: String?
    public var pidsStats: PidsStats?
    public var networks: [String: NetworkStats]?
    public var blkioStats: BlkioStats?
    public var cpuStats: CPUStats?
    public var precpuStats: CPUStats?
    public var memoryStats: MemoryStats?
    public var name: String?
    public var id: String?

    public struct PidsStats: Decodable, Sendable, Equatable {
        public var current: UInt64?
        public var limit: UInt64?
    }

    public struct NetworkStats: Decodable, Sendable, Equatable {
        public var rxBytes: UInt64?
        public var txBytes: UInt64?
        enum CodingKeys: String, CodingKey {
            case rxBytes = "rx_bytes"
            case txBytes = "tx_bytes"
        }
    }

    public struct BlkioStats: Decodable, Sendable, Equatable {
        public var ioServiceBytesRecursive: [BlkioEntry]?
        enum CodingKeys: String, CodingKey { case ioServiceBytesRecursive = "io_service_bytes_recursive" }
    }

    public struct BlkioEntry: Decodable, Sendable, Equatable {
        public var major: UInt64?
        public var minor: UInt64?
        public var op: String?
        public var value: UInt64?
    }

    public struct CPUStats: Decodable, Sendable, Equatable {
        public var cpuUsage: CPUUsage?
        public var systemCPUUsage: UInt64?
        public var onlineCPUs: Int?
        public var throttlingData: ThrottlingData?
        enum CodingKeys: String, CodingKey {
            case cpuUsage = "cpu_usage"
            case systemCPUUsage = "system_cpu_usage"
            case onlineCPUs = "online_cpus"
            case throttlingData = "throttling_data"
        }
    }

    public struct CPUUsage: Decodable, Sendable, Equatable {
        public var totalUsage: UInt64?
        public var percpuUsage: [UInt64]?
        enum CodingKeys: String, CodingKey {
            case totalUsage = "total_usage"
            case percpuUsage = "percpu_usage"
        }
    }

    public struct ThrottlingData: Decodable, Sendable, Equatable {
        public var periods: UInt64?
        public var throttledPeriods: UInt64?
        public var throttledTime: UInt64?
        enum CodingKeys: String, CodingKey {
            case periods
            case throttledPeriods = "throttled_periods"
            case throttledTime = "throttled_time"
        }
    }

    public struct MemoryStats: Decodable, Sendable, Equatable {
        public var usage: UInt64?
        public var limit: UInt64?
        /// The cgroup's `memory.stat` keys. Values that are not unsigned integers are left out rather than
        /// failing the whole sample (old engines sent some as strings).
        public var stats: [String: UInt64]?

        enum CodingKeys: String, CodingKey {
            case usage, limit, stats
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            usage = try? container.decodeIfPresent(UInt64.self, forKey: .usage)
            limit = try? container.decodeIfPresent(UInt64.self, forKey: .limit)
            guard let map = try? container.nestedContainer(keyedBy: StatsMapKey.self, forKey: .stats) else {
                stats = nil
                return
            }
            var values: [String: UInt64] = [:]
            for key in map.allKeys {
                if let value = try? map.decode(UInt64.self, forKey: key) { values[key.stringValue] = value }
            }
            stats = values
        }
    }

    enum CodingKeys: String, CodingKey {
        case read
        case pidsStats = "pids_stats"
        case networks
        case blkioStats = "blkio_stats"
        case cpuStats = "cpu_stats"
        case precpuStats = "precpu_stats"
        case memoryStats = "memory_stats"
        case name
        case id
        // Podman spells it `Id`.
        case podmanID = "Id"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // One part the engine got wrong must not cost the rest of the sample.
        read = try? container.decodeIfPresent(String.self, forKey: .read)
        pidsStats = try? container.decodeIfPresent(PidsStats.self, forKey: .pidsStats)
        networks = try? container.decodeIfPresent([String: NetworkStats].self, forKey: .networks)
        blkioStats = try? container.decodeIfPresent(BlkioStats.self, forKey: .blkioStats)
        cpuStats = try? container.decodeIfPresent(CPUStats.self, forKey: .cpuStats)
        precpuStats = try? container.decodeIfPresent(CPUStats.self, forKey: .precpuStats)
        memoryStats = try? container.decodeIfPresent(MemoryStats.self, forKey: .memoryStats)
        name = try? container.decodeIfPresent(String.self, forKey: .name)
        let lower = try? container.decodeIfPresent(String.self, forKey: .id)
        let upper = try? container.decodeIfPresent(String.self, forKey: .podmanID)
        id = lower ?? upper
    }
}

/// A coding key for maps whose keys are data.
struct StatsMapKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// The parts of `GET /info` the stats need: the host's memory, which the engine reports as the limit of a
/// container without one.
public struct EngineSystemInfo: Decodable, Sendable, Equatable {
    public var memTotal: UInt64?
    public var ncpu: Int?

    public init(memTotal: UInt64? = nil, ncpu: Int? = nil) {
        self.memTotal = memTotal
        self.ncpu = ncpu
    }

    enum CodingKeys: String, CodingKey {
        case memTotal = "MemTotal"
        case ncpu = "NCPU"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        memTotal = try? container.decodeIfPresent(UInt64.self, forKey: .memTotal)
        ncpu = try? container.decodeIfPresent(Int.self, forKey: .ncpu)
    }
}

extension Endpoints {
    /// `GET /containers/{id}/stats?stream=false&one-shot=true`: one sample, answered at once.
    ///
    /// Without `one-shot` the engine waits about a second to fill `precpu_stats`; berth computes its deltas from
    /// its own consecutive samples, so it never needs that wait.
    public static func containerStats(_ id: String) -> EngineRequest {
        EngineRequest(
            .get, "/containers/\(pathSegment(id))/stats", query: [("stream", "false"), ("one-shot", "true")])
    }

    /// `GET /info`.
    public static let systemInfo = EngineRequest(.get, "/info")
}
