import EngineAPI
import FuzzSupport

/// The kernel files berth reads itself to sample a local container, and the `/proc` files it reads to signal one of
/// a container's processes. Some of these a container controls: its processes' command lines, its own
/// `/proc/<pid>/net/dev`.
///
/// Input: a byte choosing the file, then its bytes. Invariants: nothing traps; a one-number file reads exactly as a
/// plain decimal reading of it would; a located cgroup directory lies under a cgroup mount point.
FuzzDriver.run { data, size in
    var input = FuzzInput(data, size)
    let kind = input.byte()
    let bytes = input.rest()
    let text = String(decoding: bytes, as: UTF8.self)
    switch kind % 8 {
    case 0:
        require(CgroupParsing.integer(bytes) == plainInteger(bytes), "integer disagrees with a plain reading")
    case 1:
        let keys = ["total_inactive_file", "inactive_file", "usage_usec", "nr_periods", "nr_throttled", ""]
        require(CgroupParsing.keyValues(bytes, keys: keys).count == keys.count, "keyValues lost a key")
    case 2:
        _ = CgroupParsing.blkioV1(bytes)
        _ = CgroupParsing.ioStatV2(bytes)
    case 3:
        _ = CgroupParsing.systemCPU(bytes, clockTicksPerSecond: [0, 1, 100, 250][Int(kind >> 3) & 3])
        _ = CgroupParsing.memTotal(bytes)
    case 4:
        if let totals = CgroupParsing.netDev(bytes) { require(totals.interfaces > 0, "no interfaces but totals") }
    case 5:
        // `/proc/<pid>/cgroup` and mountinfo, separated by a NUL byte; the container ID is the first long hex run.
        let parts = bytes.split(separator: 0, maxSplits: 1).map { String(decoding: $0, as: UTF8.self) }
        let cgroups = CgroupParsing.processCgroups(parts.first ?? "")
        let mounts = CgroupParsing.cgroupMounts(parts.count > 1 ? parts[1] : "")
        let id = (parts.first ?? "").split { !$0.isHexDigit }.first { $0.count >= 12 }.map(String.init) ?? ""
        let points = mounts.map(\.mountPoint)
        switch CgroupParsing.locate(containerID: id, cgroups: cgroups, mounts: mounts) {
        case .v1(let directories):
            for directory in [directories.cpuacct, directories.memory] {
                require(points.contains { directory.hasPrefix($0) }, "\(directory) is under no mount")
            }
        case .v2(let directory):
            require(points.contains { directory.hasPrefix($0) }, "\(directory) is under no mount")
        case nil:
            break
        }
    default:
        // `/proc/<pid>/status` and `cmdline`, separated by the first NUL byte.
        let split = bytes.firstIndex(of: 0) ?? bytes.count
        let status = String(decoding: bytes[..<split], as: UTF8.self)
        let cmdline = Array(bytes[min(split + 1, bytes.count)...])
        let line = ProcessSignal.commandLine(cmdline)
        _ = ProcessSignal.containerPID(status: status, cmdline: cmdline, expectingParent: "1", commandLine: line)
        _ = ProcessSignal.matchingCommand(.term, pid: "7", commandLine: text)
    }
    return 0
}

/// The reference reading of a one-number file: blanks around ASCII digits, or `max`.
func plainInteger(_ bytes: [UInt8]) -> UInt64? {
    let blanks: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
    let trimmed = bytes.drop { blanks.contains($0) }.reversed().drop { blanks.contains($0) }.reversed()
    let text = String(decoding: Array(trimmed), as: UTF8.self)
    if text == "max" { return UInt64.max }
    guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
    return UInt64(text)
}
