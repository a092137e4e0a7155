/// Parsers for the kernel files berth reads to sample a local container without asking the engine: cgroup v1 and
/// v2 files, `/proc/stat`, `/proc/<pid>/net/dev`, `/proc/<pid>/cgroup`, `/proc/self/mountinfo`, `/proc/meminfo`.
///
/// Pure functions over the files' bytes, so they are tested on files recorded from real hosts. They work on bytes
/// rather than `String` because the sampler calls them hundreds of times a second.
public enum CgroupParsing {
    static let newline = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let colon = UInt8(ascii: ":")

    /// A file holding one number (`memory.current`, `pids.current`); `max` reads as `UInt64.max`.
    public static func integer(_ bytes: [UInt8]) -> UInt64? {
        var start = 0
        var end = bytes.count
        while start < end, isBlank(bytes[start]) { start += 1 }
        while end > start, isBlank(bytes[end - 1]) { end -= 1 }
        guard start < end else { return nil }
        if end - start == 3, bytes[start] == UInt8(ascii: "m"), bytes[start + 1] == UInt8(ascii: "a"),
            bytes[start + 2] == UInt8(ascii: "x")
        {
            return UInt64.max
        }
        return number(bytes, start, end)
    }

    /// The values of `keys` in a `key value` file (`memory.stat`, `cpu.stat`), in the order asked; nil for a
    /// missing key.
    public static func keyValues(_ bytes: [UInt8], keys: [String]) -> [UInt64?] {
        let wanted = keys.map { Array($0.utf8) }
        var values = [UInt64?](repeating: nil, count: keys.count)
        forEachLine(bytes) { start, end in
            var keyEnd = start
            while keyEnd < end, bytes[keyEnd] != space { keyEnd += 1 }
            guard keyEnd < end else { return }
            for (index, key) in wanted.enumerated() where values[index] == nil && key.count == keyEnd - start {
                if equal(bytes, start, key) {
                    values[index] = number(bytes, keyEnd + 1, end)
                    break
                }
            }
        }
        return values
    }

    /// cgroup v1 `blkio.*io_service_bytes*`: `8:0 Read 4096` lines; read and write summed over devices with the
    /// CLI's rule (op starting with r/R or w/W).
    public static func blkioV1(_ bytes: [UInt8]) -> (read: UInt64, write: UInt64) {
        var read: UInt64 = 0
        var write: UInt64 = 0
        forEachLine(bytes) { start, end in
            let fields = split(bytes, start, end)
            guard fields.count == 3, let value = number(bytes, fields[2].0, fields[2].1) else { return }
            switch bytes[fields[1].0] {
            case UInt8(ascii: "r"), UInt8(ascii: "R"): read &+= value
            case UInt8(ascii: "w"), UInt8(ascii: "W"): write &+= value
            default: break
            }
        }
        return (read, write)
    }

    /// cgroup v2 `io.stat`: `8:0 rbytes=4096 wbytes=0 rios=1 ...` lines, summed over devices.
    public static func ioStatV2(_ bytes: [UInt8]) -> (read: UInt64, write: UInt64) {
        let rbytes = Array("rbytes=".utf8)
        let wbytes = Array("wbytes=".utf8)
        var read: UInt64 = 0
        var write: UInt64 = 0
        forEachLine(bytes) { start, end in
            for (fieldStart, fieldEnd) in split(bytes, start, end).dropFirst() {
                if fieldEnd - fieldStart > rbytes.count, equal(bytes, fieldStart, rbytes) {
                    read &+= number(bytes, fieldStart + rbytes.count, fieldEnd) ?? 0
                } else if fieldEnd - fieldStart > wbytes.count, equal(bytes, fieldStart, wbytes) {
                    write &+= number(bytes, fieldStart + wbytes.count, fieldEnd) ?? 0
                }
            }
        }
        return (read, write)
    }

    /// The host's CPU time from `/proc/stat` the way dockerd computes `system_cpu_usage`: the first seven fields
    /// of the `cpu` line (user, nice, system, idle, iowait, irq, softirq), clock ticks converted to nanoseconds.
    public static func systemCPU(_ bytes: [UInt8], clockTicksPerSecond: UInt64) -> UInt64? {
        guard clockTicksPerSecond > 0 else { return nil }
        var result: UInt64?
        forEachLine(bytes) { start, end in
            guard result == nil else { return }
            let fields = split(bytes, start, end)
            guard fields.count >= 8, fields[0].1 - fields[0].0 == 3, equal(bytes, fields[0].0, Array("cpu".utf8))
            else { return }
            var ticks: UInt64 = 0
            for field in fields[1..<8] {
                guard let value = number(bytes, field.0, field.1) else { return }
                ticks &+= value
            }
            result = ticks &* 1_000_000_000 / clockTicksPerSecond
        }
        return result
    }

    /// `/proc/<pid>/net/dev`: received and sent bytes summed over every interface but `lo` (the engine reports
    /// only the container's own interfaces); nil when there is none.
    public static func netDev(_ bytes: [UInt8]) -> StatsSample.NetworkTotals? {
        var rx: UInt64 = 0
        var tx: UInt64 = 0
        var interfaces = 0
        forEachLine(bytes) { start, end in
            var colon = start
            while colon < end, bytes[colon] != Self.colon { colon += 1 }
            guard colon < end else { return }
            var nameStart = start
            while nameStart < colon, isBlank(bytes[nameStart]) { nameStart += 1 }
            let name = String(decoding: bytes[nameStart..<colon], as: UTF8.self)
            guard name != "lo", !name.contains("|") else { return }
            let fields = split(bytes, colon + 1, end)
            guard fields.count >= 9, let received = number(bytes, fields[0].0, fields[0].1),
                let sent = number(bytes, fields[8].0, fields[8].1)
            else { return }
            rx &+= received
            tx &+= sent
            interfaces += 1
        }
        return interfaces > 0 ? StatsSample.NetworkTotals(rxBytes: rx, txBytes: tx, interfaces: interfaces) : nil
    }

    /// `MemTotal` from `/proc/meminfo`, in bytes.
    public static func memTotal(_ bytes: [UInt8]) -> UInt64? {
        let key = Array("MemTotal:".utf8)
        var result: UInt64?
        forEachLine(bytes) { start, end in
            guard result == nil, end - start > key.count, equal(bytes, start, key) else { return }
            let fields = split(bytes, start + key.count, end)
            guard let first = fields.first, let kib = number(bytes, first.0, first.1) else { return }
            result = kib &* 1024
        }
        return result
    }

    /// One line of `/proc/<pid>/cgroup`: `4:memory:/docker/<id>` (v1) or `0::/system.slice/docker-<id>.scope` (v2).
    public struct ProcessCgroup: Sendable, Equatable {
        public var hierarchy: Int
        /// Empty for the v2 unified hierarchy; `name=systemd` style entries keep their prefix.
        public var controllers: [String]
        public var path: String

        public init(hierarchy: Int, controllers: [String], path: String) {
            self.hierarchy = hierarchy
            self.controllers = controllers
            self.path = path
        }
    }

    public static func processCgroups(_ text: String) -> [ProcessCgroup] {
        text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, let hierarchy = Int(parts[0]) else { return nil }
            let controllers = parts[1].split(separator: ",").map(String.init)
            return ProcessCgroup(hierarchy: hierarchy, controllers: controllers, path: String(parts[2]))
        }
    }

    /// A cgroup file system mounted on this host, from `/proc/self/mountinfo`.
    public struct CgroupMount: Sendable, Equatable {
        /// Where it is mounted, e.g. `/sys/fs/cgroup/memory`.
        public var mountPoint: String
        /// The cgroup that is the mount's root (`/` unless a sub-tree was bind-mounted).
        public var root: String
        /// v1 controllers (`cpu`, `cpuacct`, `memory`...); empty for v2.
        public var controllers: [String]
        public var isV2: Bool

        public init(mountPoint: String, root: String, controllers: [String], isV2: Bool) {
            self.mountPoint = mountPoint
            self.root = root
            self.controllers = controllers
            self.isV2 = isV2
        }
    }

    public static func cgroupMounts(_ text: String) -> [CgroupMount] {
        var mounts: [CgroupMount] = []
        var text = text
        text.withUTF8 { bytes in
            // A host running a few hundred containers has a mountinfo of hundreds of kilobytes, nearly all overlay
            // and proc mounts: lines are told apart by their bytes, and only a cgroup line is parsed as text.
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != newline { end += 1 }
                if mountsCgroup(bytes, start, end) {
                    let line = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                    if let mount = cgroupMount(line) { mounts.append(mount) }
                }
                start = end + 1
            }
        }
        return mounts
    }

    private static let fileSystemMarker = Array(" - cgroup".utf8)

    /// Whether the mountinfo line in `bytes[start..<end]` has ` - cgroup` (the file system type `cgroup` or
    /// `cgroup2` after the separator).
    private static func mountsCgroup(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let marker = fileSystemMarker
        var index = start
        while index + marker.count <= end {
            if bytes[index] == marker[0] {
                var matched = 1
                while matched < marker.count, bytes[index + matched] == marker[matched] { matched += 1 }
                if matched == marker.count { return true }
            }
            index += 1
        }
        return false
    }

    private static func cgroupMount(_ line: String) -> CgroupMount? {
        let halves = line.split(separator: " - ", maxSplits: 1)
        guard halves.count == 2 else { return nil }
        let head = halves[0].split(separator: " ")
        let tail = halves[1].split(separator: " ")
        guard head.count >= 5, tail.count >= 3 else { return nil }
        let type = tail[0]
        guard type == "cgroup" || type == "cgroup2" else { return nil }
        let options = tail[2].split(separator: ",").map(String.init)
        let known: Set<String> = ["cpu", "cpuacct", "memory", "blkio", "pids", "cpuset", "devices", "freezer"]
        return CgroupMount(
            mountPoint: unescape(head[4]), root: unescape(head[3]),
            controllers: options.filter { known.contains($0) }, isV2: type == "cgroup2")
    }

    /// Where a container's cgroup files are.
    public enum Location: Sendable, Equatable {
        case v1(V1Directories)
        case v2(directory: String)
    }

    /// The cgroup v1 directory of each controller berth reads.
    public struct V1Directories: Sendable, Equatable {
        public var cpuacct: String
        public var cpu: String?
        public var memory: String
        public var blkio: String?
        public var pids: String?

        public init(cpuacct: String, cpu: String?, memory: String, blkio: String?, pids: String?) {
            self.cpuacct = cpuacct
            self.cpu = cpu
            self.memory = memory
            self.blkio = blkio
            self.pids = pids
        }
    }

    /// Finds the container's cgroup directories from its main process's `/proc/<pid>/cgroup` and the host's
    /// cgroup mounts. nil unless the process really is in that container's cgroup (its path names the container
    /// ID): a PID from another PID namespace (an engine in a VM, berth in a container) is someone else's process.
    public static func locate(containerID: String, cgroups: [ProcessCgroup], mounts: [CgroupMount]) -> Location? {
        guard containerID.count >= 12 else { return nil }
        func directory(_ controller: String) -> String? {
            guard let entry = cgroups.first(where: { $0.controllers.contains(controller) }),
                let mount = mounts.first(where: { !$0.isV2 && $0.controllers.contains(controller) })
            else { return nil }
            return join(mount, entry.path)
        }
        let memoryPath = cgroups.first { $0.controllers.contains("memory") }?.path
        if let memoryPath, memoryPath.contains(containerID), let memory = directory("memory"),
            let cpuacct = directory("cpuacct")
        {
            return .v1(
                V1Directories(
                    cpuacct: cpuacct, cpu: directory("cpu"), memory: memory, blkio: directory("blkio"),
                    pids: directory("pids")))
        }
        if let unified = cgroups.first(where: { $0.hierarchy == 0 && $0.controllers.isEmpty }),
            unified.path.contains(containerID), let mount = mounts.first(where: { $0.isV2 }),
            let path = join(mount, unified.path)
        {
            return .v2(directory: path)
        }
        return nil
    }

    static func join(_ mount: CgroupMount, _ path: String) -> String? {
        var relative = path
        if mount.root != "/" {
            guard path == mount.root || path.hasPrefix(mount.root + "/") else { return nil }
            relative = String(path.dropFirst(mount.root.count))
        }
        if relative.isEmpty || relative == "/" { return mount.mountPoint }
        return mount.mountPoint + (relative.hasPrefix("/") ? relative : "/" + relative)
    }

    /// mountinfo escapes space, tab, newline and backslash as `\040`-style octal.
    static func unescape(_ field: Substring) -> String {
        guard field.contains("\\") else { return String(field) }
        var bytes: [UInt8] = []
        let source = Array(field.utf8)
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "\\"), index + 3 < source.count,
                let value = UInt8(String(decoding: source[index + 1...index + 3], as: UTF8.self), radix: 8)
            {
                bytes.append(value)
                index += 4
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: - Bytes

    static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab || byte == newline || byte == 13 }

    static func forEachLine(_ bytes: [UInt8], _ body: (Int, Int) -> Void) {
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != newline { end += 1 }
            if end > start { body(start, end) }
            start = end + 1
        }
    }

    /// Blank-separated fields of `bytes[start..<end]` as (start, end) pairs.
    static func split(_ bytes: [UInt8], _ start: Int, _ end: Int) -> [(Int, Int)] {
        var fields: [(Int, Int)] = []
        var index = start
        while index < end {
            while index < end, isBlank(bytes[index]) { index += 1 }
            let fieldStart = index
            while index < end, !isBlank(bytes[index]) { index += 1 }
            if index > fieldStart { fields.append((fieldStart, index)) }
        }
        return fields
    }

    static func equal(_ bytes: [UInt8], _ start: Int, _ expected: [UInt8]) -> Bool {
        guard start + expected.count <= bytes.count else { return false }
        for offset in 0..<expected.count where bytes[start + offset] != expected[offset] { return false }
        return true
    }

    /// A decimal number filling `bytes[start..<end]` (blanks trimmed); nil for anything else or an overflow.
    static func number(_ bytes: [UInt8], _ start: Int, _ end: Int) -> UInt64? {
        var index = start
        var last = end
        while index < last, isBlank(bytes[index]) { index += 1 }
        while last > index, isBlank(bytes[last - 1]) { last -= 1 }
        guard index < last else { return nil }
        var value: UInt64 = 0
        while index < last {
            let byte = bytes[index]
            guard byte >= 48, byte <= 57 else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(byte - 48))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
            index += 1
        }
        return value
    }
}
