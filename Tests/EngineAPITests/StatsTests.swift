import EngineAPI
import Foundation
import Testing

/// The docker CLI's stats formulas on samples recorded from the real engine (cgroup v1) and on cgroup v2 and
/// Podman-shaped samples.
@Suite struct StatsFormulaTests {
    static func sample(_ name: String, time: Double) throws -> StatsSample {
        let response = try JSONCoding.decode(ContainerStatsResponse.self, from: try Fixture.bytes(name))
        return StatsSample(api: response, time: time)
    }

    static let hostMemory: UInt64 = 25_276_510_208

    @Test func cgroupV1BusyLoopLimitedToHalfACPU() throws {
        let first = try Self.sample("stats-v1-busy-1.json", time: 0)
        let second = try Self.sample("stats-v1-busy-2.json", time: 1)
        let figures = StatsFigures.compute(previous: first, current: second, hostMemory: Self.hostMemory)
        // (508212935 / 2040000000) × 2 online CPUs × 100, worked out by hand from the two files.
        let cpu = try #require(figures.cpuPercent)
        #expect(abs(cpu - 49.824797549) < 1e-6)
        #expect(StatsUnits.percent(cpu) == "49.82%")
        #expect(figures.onlineCPUs == 2)
        #expect(figures.source == .api)
        // --cpus 0.5: the kernel throttles the busy loop in most periods.
        let throttling = try #require(figures.throttling)
        #expect(throttling.throttledPeriods > 0 && throttling.throttledPeriods <= throttling.periods)
        #expect(throttling.recentPercent != nil)
        #expect(figures.network == nil)
        #expect(figures.pids == 1)
    }

    @Test func firstSampleHasMemoryButNoCPU() throws {
        let only = try Self.sample("stats-v1-busy-1.json", time: 0)
        let figures = StatsFigures.compute(previous: nil, current: only, hostMemory: Self.hostMemory)
        #expect(figures.cpuPercent == nil)
        #expect(figures.memoryUsed != nil)
        #expect(figures.blockReadRate == nil)
    }

    @Test func cgroupV1MemoryIsUsageLessTotalInactiveFileAndHostLimitIsNoLimit() throws {
        let memory = try Self.sample("stats-v1-memory.json", time: 0)
        let figures = StatsFigures.compute(previous: nil, current: memory, hostMemory: Self.hostMemory)
        // The container wrote 48 MiB into /dev/shm (tmpfs: anonymous memory, not inactive file cache).
        let used = Double(try #require(figures.memoryUsed))
        let expected = 48.0 * 1_048_576
        let error = abs(used - expected) / expected
        #expect(error < 0.05)
        #expect(figures.memoryLimit == Self.hostMemory)
        #expect(figures.memoryUnlimited)
        #expect(StatsUnits.binary(Double(Self.hostMemory)) == "23.54GiB")
    }

    @Test func cgroupV2UsesInactiveFileSumsNetworksAndBlockIO() throws {
        let first = try Self.sample("stats-v2-1.json", time: 10)
        let second = try Self.sample("stats-v2-2.json", time: 11)
        let figures = StatsFigures.compute(previous: first, current: second, hostMemory: 33_000_000_000)
        // Δcpu 0.5 s over Δsystem 4 s on 4 CPUs: half a CPU.
        #expect(figures.cpuPercent == 50)
        // usage 150 MiB − inactive_file 40 MiB.
        #expect(figures.memoryUsed == 115_343_360)
        #expect(figures.memoryLimit == 536_870_912)
        #expect(!figures.memoryUnlimited)
        #expect(StatsUnits.percent(figures.memoryPercent ?? 0) == "21.48%")
        // eth0 and eth1 together.
        #expect(figures.network?.rxBytes == 1_150_976 + 1000)
        #expect(figures.network?.txBytes == 526_336 + 2000)
        #expect(figures.network?.rxRate == 102_400)
        #expect(figures.network?.interfaces == 2)
        // Lower-case `read`/`write` entries over two devices.
        #expect(figures.blockRead == 1_339_392 + 4096)
        #expect(figures.blockWrite == 1_056_768)
        #expect(figures.blockWriteRate == 1_048_576)
        #expect(figures.pids == 12)
        #expect(figures.pidsLimit == 4915)
        #expect(figures.throttling?.throttledPeriods == 30)
    }

    @Test func podmanZeroPrecpuAndMissingOnlineCPUs() throws {
        let first = try Self.sample("stats-podman-1.json", time: 0)
        let second = try Self.sample("stats-podman-2.json", time: 2)
        // precpu_stats is all zero: a tool trusting it would show garbage; berth's own deltas give 2 s over 8 s × 4.
        let figures = StatsFigures.compute(previous: first, current: second, hostMemory: 16_777_216_000)
        #expect(figures.cpuPercent == 100)
        #expect(figures.onlineCPUs == 4)
        // No memory.stat map at all: usage as is.
        #expect(figures.memoryUsed == 26_214_400)
        #expect(figures.memoryUnlimited)
        #expect(figures.blockRead == 2_048_000)
        #expect(figures.network?.rxBytes == 5000)
        // Without a previous sample of its own, berth shows no CPU rather than a made-up one.
        #expect(StatsFigures.compute(previous: nil, current: second, hostMemory: nil).cpuPercent == nil)
    }

    @Test func cpuFormulaGuardsNonPositiveDeltas() {
        #expect(
            StatsFormulas.cpuPercent(
                previousCPU: 100, previousSystem: 100, cpu: 50, system: 200, onlineCPUs: 2, perCPUCount: 0) == 0)
        #expect(
            StatsFormulas.cpuPercent(
                previousCPU: 100, previousSystem: 100, cpu: 200, system: 100, onlineCPUs: 2, perCPUCount: 0) == 0)
        // online_cpus missing: the per-CPU array length stands in.
        #expect(
            StatsFormulas.cpuPercent(
                previousCPU: 0, previousSystem: 0, cpu: 100, system: 400, onlineCPUs: 0, perCPUCount: 4) == 100)
    }

    @Test func memoryFormulaMatchesTheCLIEdgeCases() {
        // v1 key larger than usage: the CLI falls through to inactive_file.
        #expect(StatsFormulas.memoryUsed(usage: 100, totalInactiveFile: 150, inactiveFile: 30) == 70)
        #expect(StatsFormulas.memoryUsed(usage: 100, totalInactiveFile: 40, inactiveFile: 30) == 60)
        #expect(StatsFormulas.memoryUsed(usage: 100, totalInactiveFile: nil, inactiveFile: 100) == 100)
        #expect(StatsFormulas.memoryUsed(usage: 100, totalInactiveFile: nil, inactiveFile: nil) == 100)
        #expect(StatsFormulas.memoryPercent(used: 5, limit: 0) == 0)
    }

    @Test func counterResetGivesNoRate() {
        let before = StatsSample(source: .cgroupV1, time: 0, blockRead: 500)
        let after = StatsSample(source: .cgroupV1, time: 1, blockRead: 100)
        #expect(StatsFigures.compute(previous: before, current: after, hostMemory: nil).blockReadRate == nil)
    }

    @Test func malformedPartsDoNotLoseTheRest() throws {
        let json = """
            {"cpu_stats": "garbage", "memory_stats": {"usage": 1024, "limit": 2048,
             "stats": {"total_inactive_file": 0, "hierarchical_memory_limit": "1844674407370955161600"}},
             "Id": "abc"}
            """
        let response = try JSONCoding.decode(ContainerStatsResponse.self, from: Array(json.utf8))
        #expect(response.cpuStats == nil)
        #expect(response.memoryStats?.usage == 1024)
        #expect(response.memoryStats?.stats?["total_inactive_file"] == 0)
        #expect(response.memoryStats?.stats?["hierarchical_memory_limit"] == nil)
        #expect(response.id == "abc")
        #expect(throws: EngineError.self) {
            try JSONCoding.decode(ContainerStatsResponse.self, from: Array("{\"cpu_stats\": {".utf8))
        }
    }

    @Test func oneShotRequest() {
        #expect(
            Endpoints.containerStats("web 1").uri(version: APIVersion(major: 1, minor: 41))
                == "/v1.41/containers/web%201/stats?stream=false&one-shot=true")
    }
}

/// `docker stats`' wording: go-units' BytesSize and HumanSizeWithPrecision, and `%.2f%%`.
@Suite struct StatsUnitsTests {
    @Test func binaryLikeBytesSize() {
        #expect(StatsUnits.binary(0) == "0B")
        #expect(StatsUnits.binary(1023) == "1023B")
        #expect(StatsUnits.binary(1024) == "1KiB")
        #expect(StatsUnits.binary(340 * 1024) == "340KiB")
        #expect(StatsUnits.binary(1_597_000) == "1.523MiB")
        #expect(StatsUnits.binary(50_778_112) == "48.43MiB")
        #expect(StatsUnits.binary(1_048_575) == "1024KiB")
    }

    @Test func decimalLikeHumanSizeWithPrecision3() {
        #expect(StatsUnits.decimal(0) == "0B")
        #expect(StatsUnits.decimal(648) == "648B")
        #expect(StatsUnits.decimal(1234) == "1.23kB")
        #expect(StatsUnits.decimal(1_150_976) == "1.15MB")
        #expect(StatsUnits.decimal(12_000_000_000) == "12GB")
    }

    @Test func percentAndRates() {
        #expect(StatsUnits.percent(49.824797) == "49.82%")
        #expect(StatsUnits.percent(0.004) == "0.00%")
        #expect(StatsUnits.percent(.nan) == "0.00%")
        #expect(StatsUnits.binaryRate(102_400) == "100KiB/s")
        #expect(StatsUnits.binaryRate(0) == "0B/s")
    }

    @Test func roundedBinaryEqualsForEqualText() {
        #expect(StatsUnits.roundedBinary(1_597_000) == StatsUnits.roundedBinary(1_597_100))
        #expect(StatsUnits.roundedBinary(1_597_000) != StatsUnits.roundedBinary(1_600_000))
        #expect(StatsUnits.binary(StatsUnits.roundedBinary(1_597_000)) == "1.523MiB")
    }
}

/// The kernel-file parsers on files recorded from this host (cgroup v1) and written from the kernel's
/// documentation (cgroup v2).
@Suite struct CgroupParsingTests {
    static func bytes(_ name: String) throws -> [UInt8] { try Fixture.bytes(name) }

    @Test func v1MemoryFilesMatchTheAPISampleOfTheSameContainer() throws {
        let usage = CgroupParsing.integer(try Self.bytes("cgroup-v1/memory.usage_in_bytes"))
        let values = CgroupParsing.keyValues(
            try Self.bytes("cgroup-v1/memory.stat"), keys: ["total_inactive_file", "inactive_file", "missing"])
        let api = try JSONCoding.decode(ContainerStatsResponse.self, from: try Fixture.bytes("stats-v1-memory.json"))
        #expect(usage == api.memoryStats?.usage)
        #expect(values[0] == api.memoryStats?.stats?["total_inactive_file"])
        #expect(values[1] == api.memoryStats?.stats?["inactive_file"])
        #expect(values[2] == nil)
        #expect(CgroupParsing.integer(try Self.bytes("cgroup-v1/memory.limit_in_bytes")) == 9_223_372_036_854_771_712)
        #expect(CgroupParsing.integer(try Self.bytes("cgroup-v1/pids.max")) == UInt64.max)
        #expect(CgroupParsing.integer(try Self.bytes("cgroup-v1/pids.current")) == 1)
    }

    @Test func v1LocationFromProcAndMountinfo() throws {
        let id = try Fixture.text("cgroup-v1/container-id.txt").trimmingCharacters(in: .whitespacesAndNewlines)
        let cgroups = CgroupParsing.processCgroups(try Fixture.text("cgroup-v1/proc-pid-cgroup.txt"))
        let mounts = CgroupParsing.cgroupMounts(try Fixture.text("cgroup-v1/mountinfo.txt"))
        #expect(mounts.count == 10)
        #expect(mounts.filter(\.isV2).count == 1)
        let location = CgroupParsing.locate(containerID: id, cgroups: cgroups, mounts: mounts)
        #expect(
            location
                == .v1(
                    .init(
                        cpuacct: "/sys/fs/cgroup/cpuacct/docker/\(id)", cpu: "/sys/fs/cgroup/cpu/docker/\(id)",
                        memory: "/sys/fs/cgroup/memory/docker/\(id)", blkio: "/sys/fs/cgroup/blkio/docker/\(id)",
                        pids: "/sys/fs/cgroup/pids/docker/\(id)")))
        // Someone else's process (a PID from another namespace) is refused.
        #expect(
            CgroupParsing.locate(containerID: String(repeating: "f", count: 64), cgroups: cgroups, mounts: mounts)
                == nil)
    }

    @Test func v1CPUStatAndHostCounters() throws {
        let values = CgroupParsing.keyValues(
            try Self.bytes("cgroup-v1/cpu.stat"), keys: ["nr_periods", "nr_throttled", "throttled_time"])
        #expect(values == [583, 549, 23_082_658_985])
        let system = try #require(
            CgroupParsing.systemCPU(try Self.bytes("cgroup-v1/proc-stat.txt"), clockTicksPerSecond: 100))
        #expect(system > 0 && system % 10_000_000 == 0)
        #expect(CgroupParsing.memTotal(try Self.bytes("cgroup-v1/meminfo.txt")) == 25_276_510_208)
        // --network none: only loopback, which the engine does not report either.
        #expect(CgroupParsing.netDev(try Self.bytes("cgroup-v1/net-dev-none.txt")) == nil)
    }

    @Test func v1BlkioSumsReadAndWriteOverDevicesAndSkipsTotals() {
        let text =
            "8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 12288\n8:0 Async 0\n8:0 Discard 0\n8:0 Total 12288\n"
            + "8:16 Read 100\n8:16 Write 0\nTotal 12388\n"
        let (read, write) = CgroupParsing.blkioV1(Array(text.utf8))
        #expect(read == 4196)
        #expect(write == 8192)
        #expect(CgroupParsing.blkioV1(Array("Total 0\n".utf8)) == (0, 0))
    }

    @Test func v2FilesAgreeWithTheV2APISample() throws {
        let id = "5b3b4ad2b6b1c1a6f0a1e2d3c4b5a69788796a5b4c3d2e1f0a1b2c3d4e5f6a7b"
        let location = CgroupParsing.locate(
            containerID: id, cgroups: CgroupParsing.processCgroups(try Fixture.text("cgroup-v2/proc-pid-cgroup.txt")),
            mounts: CgroupParsing.cgroupMounts(try Fixture.text("cgroup-v2/mountinfo.txt")))
        #expect(location == .v2(directory: "/sys/fs/cgroup/system.slice/docker-\(id).scope"))
        let api = try JSONCoding.decode(ContainerStatsResponse.self, from: try Fixture.bytes("stats-v2-1.json"))
        let cpu = CgroupParsing.keyValues(try Self.bytes("cgroup-v2/cpu.stat"), keys: ["usage_usec"])[0]
        #expect(cpu.map { $0 * 1000 } == api.cpuStats?.cpuUsage?.totalUsage)
        #expect(CgroupParsing.integer(try Self.bytes("cgroup-v2/memory.current")) == api.memoryStats?.usage)
        #expect(CgroupParsing.integer(try Self.bytes("cgroup-v2/memory.max")) == api.memoryStats?.limit)
        #expect(
            CgroupParsing.keyValues(try Self.bytes("cgroup-v2/memory.stat"), keys: ["inactive_file"])[0]
                == api.memoryStats?.stats?["inactive_file"])
        let io = CgroupParsing.ioStatV2(try Self.bytes("cgroup-v2/io.stat"))
        let apiIO = StatsFormulas.blockIO(api.blkioStats?.ioServiceBytesRecursive ?? [])
        #expect(io == apiIO)
        let net = try #require(CgroupParsing.netDev(try Self.bytes("cgroup-v2/net-dev.txt")))
        #expect(net.rxBytes == 1_048_576 + 1000)
        #expect(net.txBytes == 524_288 + 2000)
        #expect(net.interfaces == 2)
        #expect(CgroupParsing.integer(Array("max\n".utf8)) == UInt64.max)
    }

    @Test func systemdDriverAndBindMountedRoots() {
        let id = String(repeating: "ab", count: 32)
        let cgroups = CgroupParsing.processCgroups(
            "12:pids:/system.slice/docker-\(id).scope\n4:cpu,cpuacct:/system.slice/docker-\(id).scope\n"
                + "9:memory:/system.slice/docker-\(id).scope\n0::/system.slice/docker-\(id).scope\n")
        let mounts = CgroupParsing.cgroupMounts(
            "30 25 0:26 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
                + "31 25 0:27 /system.slice /mnt/mem\\040cg rw - cgroup cgroup rw,memory\n")
        #expect(mounts.map(\.mountPoint) == ["/sys/fs/cgroup/cpu,cpuacct", "/mnt/mem cg"])
        let location = CgroupParsing.locate(containerID: id, cgroups: cgroups, mounts: mounts)
        #expect(
            location
                == .v1(
                    .init(
                        cpuacct: "/sys/fs/cgroup/cpu,cpuacct/system.slice/docker-\(id).scope",
                        cpu: "/sys/fs/cgroup/cpu,cpuacct/system.slice/docker-\(id).scope",
                        memory: "/mnt/mem cg/docker-\(id).scope", blkio: nil, pids: nil)))
    }

    @Test func garbageNeverCrashes() {
        let junk: [[UInt8]] = [
            [], Array("\n\n".utf8), Array("cpu x y\n".utf8), Array("99999999999999999999999".utf8),
            [0xFF, 0x00, 0x3A, 0x0A], Array(repeating: 0x3A, count: 10000),
        ]
        for bytes in junk {
            _ = CgroupParsing.integer(bytes)
            _ = CgroupParsing.keyValues(bytes, keys: ["a"])
            _ = CgroupParsing.blkioV1(bytes)
            _ = CgroupParsing.ioStatV2(bytes)
            _ = CgroupParsing.systemCPU(bytes, clockTicksPerSecond: 100)
            _ = CgroupParsing.netDev(bytes)
            _ = CgroupParsing.memTotal(bytes)
            let text = String(decoding: bytes, as: UTF8.self)
            _ = CgroupParsing.processCgroups(text)
            _ = CgroupParsing.cgroupMounts(text)
        }
        #expect(CgroupParsing.integer(Array("99999999999999999999999".utf8)) == nil)
    }
}
