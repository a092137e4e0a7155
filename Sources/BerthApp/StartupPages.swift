import EngineWatchers

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Gives back the pages of berth's own binary that only start-up needed.
///
/// The kernel maps a file's pages into a process 16 at a time around each one it touches ("fault-around"; since
/// Linux 6.18, the whole of a large folio), and never unmaps them while the process runs. Argument parsing, the
/// config file, the first connection and the first frames touch code all over the 15 MB of machine code, so a
/// dashboard that has settled holds about 15 MiB of code pages of which its once-a-second work uses a few.
/// `release()`, once, 2 s after start, pages out every mapping of the binary (`MADV_PAGEOUT`: out of this process and
/// of the page cache, where nothing else maps them), then unmaps the code that paging out left (`MADV_DONTNEED`: it
/// skips a large folio it cannot split). What runs again comes back with its neighbours.
///
/// Only the code is unmapped: nothing writes it, so nothing is lost, where a private mapping's written pages would
/// be (the data, the relocated pointers). Paging out never discards data.
/// Measured with 100 containers (`scripts/bench-idle --containers 100`): 25 MiB resident before, 20 MiB settled after.
public enum StartupPages {
    /// How long after start the pages go: by then the first rows are on screen.
    public static let delay = Duration.seconds(2)

    /// Pages out this process's executable and unmaps its code; returns how many bytes those mappings span.
    @discardableResult
    public static func release() -> Int {
        guard let executable = ownExecutable() else { return 0 }
        var released = 0
        for mapping in mappings(of: executable) {
            guard let start = UnsafeMutableRawPointer(bitPattern: mapping.range.lowerBound) else { continue }
            let length = Int(mapping.range.upperBound - mapping.range.lowerBound)
            var done = madvise(start, length, pageOut) == 0
            if mapping.isCode { done = madvise(start, length, MADV_DONTNEED) == 0 || done }
            if done { released += length }
        }
        return released
    }

    /// `MADV_PAGEOUT` (Linux 5.4); older kernels answer EINVAL, which leaves everything as it was.
    private static let pageOut: Int32 = 21

    /// One mapping of the executable, as `/proc/self/maps` lists it.
    struct Mapping: Equatable {
        let range: Range<UInt>
        /// Executable and never writable: the machine code, which nothing writes, so unmapping it loses nothing.
        let isCode: Bool
    }

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

    /// The mappings `/proc/self/maps` lists for `path`.
    static func mappings(of path: String) -> [Mapping] {
        guard let bytes = FileBytes.whole("/proc/self/maps") else { return [] }
        let text = String(decoding: bytes, as: UTF8.self)
        var ranges: [Mapping] = []
        for line in text.split(separator: "\n") {
            // address perms offset dev inode path
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6, fields[5].trimmingLeadingSpaces == path[...] else { continue }
            let bounds = fields[0].split(separator: "-")
            guard bounds.count == 2, let low = UInt(bounds[0], radix: 16), let high = UInt(bounds[1], radix: 16),
                low < high
            else { continue }
            let permissions = fields[1]
            ranges.append(
                Mapping(range: low..<high, isCode: permissions.contains("x") && !permissions.contains("w")))
        }
        return ranges
    }
}

extension Substring {
    fileprivate var trimmingLeadingSpaces: Substring { drop(while: { $0 == " " }) }
}
