import EngineAPI
import Foundation
import Testing

@testable import EngineWatchers

/// The cgroup reader on a fake `/proc` and cgroup v2 tree, and the sampler's subscription rules. No engine needed.
@Suite struct StatsReaderTests {
    static let id = "5b3b4ad2b6b1c1a6f0a1e2d3c4b5a69788796a5b4c3d2e1f0a1b2c3d4e5f6a7b"

    /// A cgroup v2 host (systemd driver) with one container whose main process is PID 4242.
    static func makeTree() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("berth-stats-\(UUID().uuidString)")
        let cgroup = root.appendingPathComponent("cgroup/system.slice/docker-\(id).scope")
        let proc = root.appendingPathComponent("proc")
        for dir in [cgroup, proc.appendingPathComponent("self"), proc.appendingPathComponent("4242/net")] {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        }
        func write(_ url: URL, _ name: String, _ text: String) throws {
            try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try write(
            proc, "self/mountinfo",
            "26 23 0:24 / \(root.path)/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw\n")
        try write(proc, "4242/cgroup", "0::/system.slice/docker-\(id).scope\n")
        try write(
            proc, "4242/net/dev",
            "Inter-|   Receive |  Transmit\n face |bytes packets|bytes\n"
                + "    lo: 500 5 0 0 0 0 0 0 500 5 0 0 0 0 0 0\n"
                + "  eth0: 1048576 900 0 0 0 0 0 0 524288 700 0 0 0 0 0 0\n")
        try write(proc, "stat", "cpu  100 0 50 1000 0 0 0 0 0 0\ncpu0 50 0 25 500 0 0 0 0 0 0\n")
        try write(proc, "meminfo", "MemTotal:       32768000 kB\nMemFree:        1000 kB\n")
        try write(
            cgroup, "cpu.stat",
            "usage_usec 2145163\nuser_usec 1608872\nsystem_usec 536291\nnr_periods 1200\nnr_throttled 30\n"
                + "throttled_usec 1500000\n")
        try write(cgroup, "memory.current", "157286400\n")
        try write(cgroup, "memory.max", "max\n")
        try write(cgroup, "memory.stat", "anon 98566144\nfile 56623104\ninactive_file 41943040\nactive_file 14680064\n")
        try write(cgroup, "io.stat", "8:0 rbytes=1339392 wbytes=8192 rios=42 wios=2 dbytes=0 dios=0\n")
        try write(cgroup, "pids.current", "12\n")
        try write(cgroup, "pids.max", "max\n")
        return root
    }

    @Test func readsACgroupV2ContainerLikeTheEngineReportsIt() throws {
        let root = try Self.makeTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let procRoot = root.appendingPathComponent("proc").path
        let reader = try CgroupStatsReader.detect(procRoot: procRoot).get()
        #expect(reader.locate(containerID: String(repeating: "9", count: 64), pid: 4242, networkMode: "bridge") == nil)
        #expect(reader.locate(containerID: Self.id, pid: 4243, networkMode: "bridge") == nil)
        let files = try #require(reader.locate(containerID: Self.id, pid: 4242, networkMode: "bridge"))
        #expect(files.source == .cgroupV2)
        #expect(reader.stillValid(files, containerID: Self.id))
        let system = try #require(reader.systemCPU())
        #expect(system == 1150 * 1_000_000_000 / reader.clockTicksPerSecond)
        #expect(reader.hostMemory() == 32_768_000 * 1024)
        let sample = try #require(reader.sample(files, time: 5, systemCPU: system, onlineCPUs: 4))
        #expect(sample.cpuTotal == 2_145_163_000)
        #expect(sample.memoryUsage == 157_286_400)
        #expect(sample.inactiveFile == 41_943_040)
        #expect(sample.totalInactiveFile == nil)
        #expect(sample.memoryLimit == UInt64.max)
        #expect(sample.blockRead == 1_339_392 && sample.blockWrite == 8192)
        #expect(sample.network == StatsSample.NetworkTotals(rxBytes: 1_048_576, txBytes: 524_288, interfaces: 1))
        #expect(sample.pids == 12)
        #expect(
            sample.throttling
                == StatsSample.Throttling(periods: 1200, throttledPeriods: 30, throttledTime: 1_500_000_000))
        let figures = StatsFigures.compute(previous: nil, current: sample, hostMemory: reader.hostMemory())
        #expect(figures.memoryUsed == 115_343_360)
        #expect(figures.memoryUnlimited)
        #expect(figures.pidsLimit == nil)
        // --network host: the host's interfaces are not the container's.
        let host = try #require(reader.locate(containerID: Self.id, pid: 4242, networkMode: "host"))
        #expect(reader.sample(host, time: 5, systemCPU: system, onlineCPUs: 4)?.network == nil)
        // --network none: only loopback, which the engine does not count; the file is not even opened.
        let none = try #require(reader.locate(containerID: Self.id, pid: 4242, networkMode: "none"))
        #expect(none.netDev == nil)
        #expect(files.netDev != nil)
        // The container stopped: its files are gone, and the sample says so.
        try FileManager.default.removeItem(at: root.appendingPathComponent("proc/4242"))
        #expect(reader.sample(files, time: 6, systemCPU: system, onlineCPUs: 4) == nil)
        #expect(!reader.stillValid(files, containerID: Self.id))
    }

    /// `memory.stat` is read again only when the usage moved: an idle container's inactive pages come from the
    /// sample before, and the full sample (no `reuse`) reads it whatever the usage did.
    @Test func memoryStatIsReadWhenTheUsageMoves() throws {
        let root = try Self.makeTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let reader = try CgroupStatsReader.detect(procRoot: root.appendingPathComponent("proc").path).get()
        let files = try #require(reader.locate(containerID: Self.id, pid: 4242, networkMode: "bridge"))
        let first = try #require(reader.sample(files, time: 1, systemCPU: 1, onlineCPUs: 4))
        #expect(first.inactiveFile == 41_943_040)
        let stat = URL(fileURLWithPath: files.memoryStat)
        try "anon 98566144\nfile 56623104\ninactive_file 20971520\nactive_file 35651584\n".write(
            to: stat, atomically: true, encoding: .utf8)
        var read: [String] = []
        let recording: (String) -> [UInt8]? = { path in
            read.append(path)
            return CgroupStatsReader.readBytes(path)
        }
        let still = try #require(
            reader.sample(files, time: 2, systemCPU: 2, onlineCPUs: 4, reuse: first, read: recording))
        #expect(still.inactiveFile == 41_943_040)
        #expect(!read.contains(files.memoryStat))
        let full = try #require(reader.sample(files, time: 3, systemCPU: 3, onlineCPUs: 4, read: recording))
        #expect(full.inactiveFile == 20_971_520)
        read = []
        try "160000000\n".write(
            to: URL(fileURLWithPath: files.memoryUsage), atomically: true, encoding: .utf8)
        let moved = try #require(
            reader.sample(files, time: 4, systemCPU: 4, onlineCPUs: 4, reuse: first, read: recording))
        #expect(read.contains(files.memoryStat))
        #expect(moved.inactiveFile == 20_971_520)
        #expect(moved.memoryUsage == 160_000_000)
    }

    @Test func noCgroupMountsMeansNoReader() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("berth-stats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("self"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "22 1 0:21 / /proc rw - proc proc rw\n".write(
            to: root.appendingPathComponent("self/mountinfo"), atomically: true, encoding: .utf8)
        guard case .failure(let problem) = CgroupStatsReader.detect(procRoot: root.path) else {
            Issue.record("a host without cgroup mounts has no reader")
            return
        }
        #expect(problem.reason == "no cgroup file system is mounted here")
        guard case .failure = CgroupStatsReader.detect(procRoot: "/nonexistent") else {
            Issue.record("no /proc, no reader")
            return
        }
    }

    @Test func aFeedCancelledBeforeItSubscribesCannotReplaceItsSuccessor() async {
        let sampler = StatsSampler()
        let current = StatsTargets(onScreen: ["new"], focusID: "new")
        let (token, updates) = await sampler.subscribe(current)
        #expect(token > 0)
        var iterator = updates.makeAsyncIterator()
        #expect(await iterator.next() != nil)
        let stale = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await sampler.subscribe(StatsTargets(onScreen: ["old"]))
        }
        let (staleToken, staleUpdates) = await stale.value
        #expect(staleToken == 0)
        var staleIterator = staleUpdates.makeAsyncIterator()
        #expect(await staleIterator.next() == nil)
        #expect(await sampler.currentTargets == current)
        // Unsubscribing with a stale token leaves the current subscription alone; its own token ends it.
        await sampler.unsubscribe(staleToken)
        await sampler.unsubscribe(token - 1)
        #expect(await sampler.currentTargets == current)
        await sampler.unsubscribe(token)
        #expect(await sampler.currentTargets.isEmpty)
    }

    @Test func slotsSpreadOffScreenContainersOverRounds() {
        var counts = [0, 0, 0, 0, 0]
        for index in 0..<500 { counts[StatsSampler.slot(of: "container-\(index)", among: 5)] += 1 }
        #expect(counts.allSatisfy { $0 > 60 })
        #expect(StatsSampler.slot(of: "abc", among: 5) == StatsSampler.slot(of: "abc", among: 5))
    }

    @Test func historyRingKeepsTheNewestInOrder() {
        var ring = HistoryRing(capacity: 3)
        for second in 0..<5 { ring.append(StatsHistoryPoint(time: Double(second))) }
        #expect(ring.elements.map(\.time) == [2, 3, 4])
    }
}
