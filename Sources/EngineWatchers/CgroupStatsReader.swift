import EngineAPI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files to read for one container, worked out once when it is first sampled.
struct CgroupFiles: Sendable, Equatable {
    var source: StatsSource
    /// v1 `cpuacct.usage` (ns) or v2 `cpu.stat` (`usage_usec`).
    var cpuUsage: String
    /// v1 `cpu.stat` for throttling; nil when the cpu controller is not mounted.
    var cpuStat: String?
    /// v1 `memory.usage_in_bytes` or v2 `memory.current`.
    var memoryUsage: String
    var memoryStat: String
    /// v1 `memory.limit_in_bytes` or v2 `memory.max`.
    var memoryLimit: String
    /// The block I/O file the engine itself reads: v1 `blkio.io_service_bytes_recursive` (CFQ/BFQ kernels) or
    /// `blkio.throttle.io_service_bytes`; v2 `io.stat`.
    var blockIO: String?
    var pidsCurrent: String?
    var pidsMax: String?
    /// `/proc/<pid>/net/dev`; nil for `--network host`, whose interfaces are the host's (the engine reports none).
    var netDev: String?
    /// `/proc/<pid>/cgroup`, re-read now and then to notice a PID that now belongs to someone else.
    var processCgroup: String

    /// The files read at every sample, which ``HeldFiles`` may keep open.
    var sampledEveryTime: [String] {
        [cpuUsage, cpuStat, memoryUsage, memoryStat, blockIO, pidsCurrent, netDev].compactMap { $0 }
    }
}

/// Reads containers' figures straight from the kernel, so the engine does no work for them.
///
/// Everything here is synchronous file reading of small virtual files (a few hundred bytes each); reading all of
/// one container's files takes tens of microseconds.
struct CgroupStatsReader: Sendable {
    let mounts: [CgroupParsing.CgroupMount]
    let clockTicksPerSecond: UInt64
    let procRoot: String

    /// The reader for this host, or nil with the reason when there is no cgroup file system to read.
    static func detect(procRoot: String = "/proc") -> Result<CgroupStatsReader, ReaderUnavailable> {
        guard let text = readText("\(procRoot)/self/mountinfo") else {
            return .failure(ReaderUnavailable("cannot read \(procRoot)/self/mountinfo"))
        }
        let mounts = CgroupParsing.cgroupMounts(text)
        guard !mounts.isEmpty else { return .failure(ReaderUnavailable("no cgroup file system is mounted here")) }
        let ticks = sysconf(Int32(_SC_CLK_TCK))
        return .success(
            CgroupStatsReader(mounts: mounts, clockTicksPerSecond: ticks > 0 ? UInt64(ticks) : 100, procRoot: procRoot))
    }

    struct ReaderUnavailable: Error, Sendable {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// The host's online CPUs, as dockerd counts them.
    static func onlineCPUs() -> Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    /// The host's memory, which the engine reports as the limit of a container without one.
    func hostMemory() -> UInt64? {
        Self.readBytes("\(procRoot)/meminfo").flatMap(CgroupParsing.memTotal)
    }

    /// The host's CPU time so far, in nanoseconds.
    func systemCPU(read: (String) -> [UInt8]? = Self.readBytes) -> UInt64? {
        read("\(procRoot)/stat").flatMap {
            CgroupParsing.systemCPU($0, clockTicksPerSecond: clockTicksPerSecond)
        }
    }

    /// The files of the container whose main process is `pid`; nil when that process is not in the container's
    /// cgroup as seen from here, or its files cannot be read. `networkMode` is the container's `HostConfig.NetworkMode`.
    func locate(containerID: String, pid: Int, networkMode: String?) -> CgroupFiles? {
        guard pid > 0 else { return nil }
        let processCgroup = "\(procRoot)/\(pid)/cgroup"
        guard let text = Self.readText(processCgroup) else { return nil }
        let cgroups = CgroupParsing.processCgroups(text)
        guard let location = CgroupParsing.locate(containerID: containerID, cgroups: cgroups, mounts: mounts) else {
            return nil
        }
        // `host` shares the host's interfaces and `none` has only loopback: the engine reports no networks for
        // either, so their `net/dev` is not read at all.
        let netDev = networkMode == "host" || networkMode == "none" ? nil : "\(procRoot)/\(pid)/net/dev"
        let files: CgroupFiles
        switch location {
        case .v1(let dirs):
            let blockIO: String?
            if let blkio = dirs.blkio {
                // containerd reads the CFQ/BFQ recursive file where the kernel has it, the throttle file otherwise.
                blockIO =
                    Self.exists("\(blkio)/blkio.io_serviced_recursive")
                    ? "\(blkio)/blkio.io_service_bytes_recursive" : "\(blkio)/blkio.throttle.io_service_bytes"
            } else {
                blockIO = nil
            }
            files = CgroupFiles(
                source: .cgroupV1, cpuUsage: "\(dirs.cpuacct)/cpuacct.usage",
                cpuStat: dirs.cpu.map { "\($0)/cpu.stat" },
                memoryUsage: "\(dirs.memory)/memory.usage_in_bytes", memoryStat: "\(dirs.memory)/memory.stat",
                memoryLimit: "\(dirs.memory)/memory.limit_in_bytes", blockIO: blockIO,
                pidsCurrent: dirs.pids.map { "\($0)/pids.current" }, pidsMax: dirs.pids.map { "\($0)/pids.max" },
                netDev: netDev, processCgroup: processCgroup)
        case .v2(let dir):
            files = CgroupFiles(
                source: .cgroupV2, cpuUsage: "\(dir)/cpu.stat", cpuStat: nil, memoryUsage: "\(dir)/memory.current",
                memoryStat: "\(dir)/memory.stat", memoryLimit: "\(dir)/memory.max", blockIO: "\(dir)/io.stat",
                pidsCurrent: "\(dir)/pids.current", pidsMax: "\(dir)/pids.max", netDev: netDev,
                processCgroup: processCgroup)
        }
        // Readable now, or the API it is.
        guard Self.readBytes(files.cpuUsage) != nil, Self.readBytes(files.memoryUsage) != nil else { return nil }
        return files
    }

    /// Whether `files` still belong to the container (its main process is still alive and in that cgroup).
    func stillValid(_ files: CgroupFiles, containerID: String) -> Bool {
        guard let text = Self.readText(files.processCgroup) else { return false }
        return text.contains(containerID)
    }

    /// One sample; nil when the essential files are gone (the container stopped or restarted).
    ///
    /// With `reuse`, the limits (which only `docker update` changes), for a container without a CPU quota the
    /// throttling counters (which then stay zero), and while the memory usage is unchanged the inactive file pages
    /// are taken from that earlier sample instead of read again: half the files per sample of an idle container.
    ///
    /// `read` reads the files sampled every time (``HeldFiles/read(_:)`` keeps them open); the limits, read now
    /// and then, are opened and closed.
    func sample(
        _ files: CgroupFiles, time: Double, systemCPU: UInt64?, onlineCPUs: Int, reuse previous: StatsSample? = nil,
        read: (String) -> [UInt8]? = Self.readBytes
    ) -> StatsSample? {
        var sample = StatsSample(source: files.source, time: time, systemCPU: systemCPU, onlineCPUs: onlineCPUs)
        let rereadThrottling = previous.map { ($0.throttling?.periods ?? 0) > 0 } ?? true
        switch files.source {
        case .cgroupV1:
            guard let usage = read(files.cpuUsage).flatMap(CgroupParsing.integer) else { return nil }
            sample.cpuTotal = usage
            if !rereadThrottling {
                sample.throttling = previous?.throttling
            } else if let path = files.cpuStat, let bytes = read(path) {
                let values = CgroupParsing.keyValues(bytes, keys: ["nr_periods", "nr_throttled", "throttled_time"])
                sample.throttling = throttling(values[0], values[1], values[2], scale: 1)
            }
        case .cgroupV2, .api:
            guard let bytes = read(files.cpuUsage) else { return nil }
            let values = CgroupParsing.keyValues(
                bytes, keys: ["usage_usec", "nr_periods", "nr_throttled", "throttled_usec"])
            guard let usage = values[0] else { return nil }
            sample.cpuTotal = usage &* 1000
            sample.throttling = throttling(values[1], values[2], values[3], scale: 1000)
        }
        guard let usage = read(files.memoryUsage).flatMap(CgroupParsing.integer) else { return nil }
        sample.memoryUsage = usage
        if let previous, previous.memoryUsage == usage,
            previous.inactiveFile != nil || previous.totalInactiveFile != nil
        {
            // The usage has not moved by a byte: the inactive file pages are taken as unmoved too. `memory.stat` is
            // the costliest file here (the kernel formats forty figures to hand over one), and an idle container's
            // usage stays put for minutes. A page can still turn active without the usage moving; the sample
            // without `previous`, every tenth, reads everything.
            sample.totalInactiveFile = previous.totalInactiveFile
            sample.inactiveFile = previous.inactiveFile
        } else if let bytes = read(files.memoryStat) {
            if files.source == .cgroupV1 {
                let values = CgroupParsing.keyValues(bytes, keys: ["total_inactive_file", "inactive_file"])
                sample.totalInactiveFile = values[0]
                sample.inactiveFile = values[1]
            } else {
                sample.inactiveFile = CgroupParsing.keyValues(bytes, keys: ["inactive_file"])[0]
            }
        }
        if let previous {
            sample.memoryLimit = previous.memoryLimit
        } else {
            sample.memoryLimit = Self.readBytes(files.memoryLimit).flatMap(CgroupParsing.integer)
        }
        if let path = files.blockIO, let bytes = read(path) {
            let (read, write) = files.source == .cgroupV1 ? CgroupParsing.blkioV1(bytes) : CgroupParsing.ioStatV2(bytes)
            sample.blockRead = read
            sample.blockWrite = write
        }
        sample.pids = files.pidsCurrent.flatMap(read).flatMap(CgroupParsing.integer)
        sample.pidsLimit =
            previous != nil ? previous?.pidsLimit : files.pidsMax.flatMap(Self.readBytes).flatMap(CgroupParsing.integer)
        if let path = files.netDev {
            // The main process is gone: the container stopped or restarted, so its files must be found again.
            guard let bytes = read(path) else { return nil }
            sample.network = CgroupParsing.netDev(bytes)
        }
        return sample
    }

    private func throttling(
        _ periods: UInt64?, _ throttled: UInt64?, _ time: UInt64?, scale: UInt64
    )
        -> StatsSample.Throttling?
    {
        guard let periods else { return nil }
        return StatsSample.Throttling(
            periods: periods, throttledPeriods: throttled ?? 0, throttledTime: (time ?? 0) &* scale)
    }

    // MARK: - Files

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func readText(_ path: String) -> String? {
        readBytes(path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The whole file, read with plain system calls: these virtual files are small, and Foundation's file APIs
    /// cost more than the read itself at hundreds of files a second.
    static func readBytes(_ path: String) -> [UInt8]? { FileBytes.whole(path) }
}
