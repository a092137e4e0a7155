import EngineWatchers

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Gives back the pages of berth's own binary that only start-up needed.
///
/// The kernel maps a file's pages into a process 16 at a time around each one it touches ("fault-around"), and
/// never unmaps them while the process runs. Argument parsing, the config file, the first connection and the first
/// frames touch code all over the 17 MB of machine code, so a dashboard that has settled holds about 15 MiB of code
/// pages of which its once-a-second work uses a few. `release()` tells the kernel, once, that the binary's pages
/// may go (`MADV_PAGEOUT`). What runs again comes back with its neighbours: the read-ahead of a fault in code (the
/// disk's, 128 KiB on most) and fault-around's 64 KiB. Advice against read-ahead (`MADV_RANDOM`) is not given: Linux
/// 6.16 and later ignore it for code (with it, and with the page cache emptied of the binary too, the resident set
/// measured here was the same).
///
/// Only mappings of berth's own executable are touched, and `MADV_PAGEOUT` never discards data: a page the process
/// wrote is anonymous memory, which it leaves in place (there is no swap to write it to, or it is written there).
/// Measured with 100 containers (`scripts/bench-idle --containers 100`): 25 MiB resident before, 20 MiB settled after.
public enum StartupPages {
    /// How long after start the pages go: by then the first rows are on screen.
    public static let delay = Duration.seconds(2)

    /// Pages out every mapping of this process's executable; returns how many bytes those mappings span.
    @discardableResult
    public static func release() -> Int {
        guard let executable = ownExecutable() else { return 0 }
        var released = 0
        for range in mappings(of: executable) {
            guard let start = UnsafeMutableRawPointer(bitPattern: range.lowerBound) else { continue }
            let length = Int(range.upperBound - range.lowerBound)
            if madvise(start, length, pageOut) == 0 { released += length }
        }
        return released
    }

    /// `MADV_PAGEOUT` (Linux 5.4); older kernels answer EINVAL, which leaves everything as it was.
    private static let pageOut: Int32 = 21

    /// The path `/proc/self/exe` names.
    static func ownExecutable() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                chars.baseAddress.map { readlink("/proc/self/exe", $0, chars.count - 1) } ?? -1
            }
        }
        guard count > 0 else { return nil }
        return String(decoding: buffer.prefix(count), as: UTF8.self)
    }

    /// The address ranges `/proc/self/maps` lists for `path`.
    static func mappings(of path: String) -> [Range<UInt>] {
        guard let bytes = FileBytes.whole("/proc/self/maps") else { return [] }
        let text = String(decoding: bytes, as: UTF8.self)
        var ranges: [Range<UInt>] = []
        for line in text.split(separator: "\n") {
            // address perms offset dev inode path
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6, fields[5].trimmingLeadingSpaces == path[...] else { continue }
            let bounds = fields[0].split(separator: "-")
            guard bounds.count == 2, let low = UInt(bounds[0], radix: 16), let high = UInt(bounds[1], radix: 16),
                low < high
            else { continue }
            ranges.append(low..<high)
        }
        return ranges
    }
}

extension Substring {
    fileprivate var trimmingLeadingSpaces: Substring { drop(while: { $0 == " " }) }
}
