import EngineWatchers

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Gives back the file pages that only start-up needed: berth's own binary, the shared libraries, the locale.
///
/// The kernel maps a file's pages into a process 16 at a time around each one it touches ("fault-around"; since
/// Linux 6.18, the whole of a large folio), and never unmaps them while the process runs. Argument parsing, the
/// config file, the first connection and the first frames touch code all over the 15 MB of machine code, so a
/// dashboard that has settled holds about 15 MiB of code pages of which its once-a-second work uses a few. The same
/// goes for libc, whose 1.3 MB of code the page cache holds in large folios: 1.2 MiB of it was mapped, to a
/// dashboard that calls a few dozen of its functions.
///
/// `release()`, once, 2 s after start:
/// - pages out every mapping of the binary (`MADV_PAGEOUT`: out of this process and of the page cache, where nothing
///   else maps them), then unmaps its code, which paging out leaves where it cannot split a large folio;
/// - marks the binary's data for random access (`MADV_RANDOM`), so that the constant data it reads again comes back a
///   page at a time, not in the large folio that read-around brings (0.7 MiB less with 100 containers);
/// - unmaps every other file's mapping that is not writable and holds no page this process wrote (`MADV_DONTNEED`):
///   the code and constant data of the shared libraries, the locale files. Other processes map those pages too, so
///   paging out would skip them.
///
/// What runs again comes back with its neighbours. Nothing written is ever unmapped: a private mapping's written
/// page (a relocated pointer, an initialised global) would fall back to the file's bytes. The data of the binary is
/// only paged out, which never discards data, and a shared library's relocated data shows as written (its
/// `Anonymous` pages in `/proc/self/smaps`), so it is left alone. A mapping without write permission cannot be
/// written until something changes its protection, which only the dynamic loader does, to a library it is loading.
///
/// Measured with 100 containers (`scripts/bench-idle --containers 100`): 25 MiB resident before, 20 MiB settled after
/// the binary's pages went; the shared libraries' pages and random access to the data took another 1.9 MiB off.
public enum StartupPages {
    /// How long after start the pages go: by then the first rows are on screen.
    public static let delay = Duration.seconds(2)

    /// What `release()` gave back, in bytes of the mappings it advised (not all of them were resident).
    public struct Released: Equatable, Sendable {
        /// The mappings of berth's own executable.
        public var executable = 0
        /// The mappings of other files: shared libraries, locale files.
        public var otherFiles = 0
    }

    /// Gives back the pages, as the type's documentation says; returns how many bytes those mappings span.
    @discardableResult
    public static func release() -> Released {
        guard let executable = ownExecutable(), let bytes = FileBytes.whole("/proc/self/smaps") else {
            return Released()
        }
        var released = Released()
        for mapping in mappings(smaps: String(decoding: bytes, as: UTF8.self)) {
            guard let start = UnsafeMutableRawPointer(bitPattern: mapping.range.lowerBound) else { continue }
            let length = Int(mapping.range.upperBound - mapping.range.lowerBound)
            switch mapping.advice(executable: executable) {
            case .pageOut:
                // No read-around from here on: a fault reads its own page, not the megabytes around it, which the
                // kernel would then map whole. (A fault in code reads ahead whatever this says.)
                _ = madvise(start, length, MADV_RANDOM)
                if madvise(start, length, pageOut) == 0 { released.executable += length }
            case .pageOutAndUnmap:
                let pagedOut = madvise(start, length, pageOut) == 0
                if madvise(start, length, MADV_DONTNEED) == 0 || pagedOut { released.executable += length }
            case .unmap:
                if madvise(start, length, MADV_DONTNEED) == 0 { released.otherFiles += length }
            case .keep:
                continue
            }
        }
        return released
    }

    /// `MADV_PAGEOUT` (Linux 5.4); older kernels answer EINVAL, which leaves everything as it was.
    private static let pageOut: Int32 = 21

    /// What `release()` does to one mapping.
    enum Advice: Equatable {
        /// The binary's data: paged out, which never discards a written page.
        case pageOut
        /// The binary's code.
        case pageOutAndUnmap
        /// Another file's pages that nothing in this process wrote.
        case unmap
        /// Anonymous memory, kernel mappings, and whatever holds written pages.
        case keep
    }

    /// One mapping, as `/proc/self/smaps` lists it.
    struct Mapping: Equatable {
        let range: Range<UInt>
        /// `r-xp` and the like.
        let permissions: Substring
        /// The file mapped; empty for anonymous memory, `[heap]` and the like for the kernel's own.
        let path: Substring
        /// Pages of the mapping this process wrote (copy-on-write), in KiB.
        let writtenKiB: Int

        /// Executable and never writable: machine code, which nothing writes.
        var isCode: Bool { permissions.contains("x") && !permissions.contains("w") }

        func advice(executable: String) -> Advice {
            guard path.hasPrefix("/") else { return .keep }
            if path == executable[...] { return isCode ? .pageOutAndUnmap : .pageOut }
            return !permissions.contains("w") && writtenKiB == 0 ? .unmap : .keep
        }
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

    /// The mappings of `/proc/self/smaps` text: a header line per mapping (`address perms offset dev inode path`),
    /// then `Key: value` lines, of which `Anonymous` counts the written pages.
    static func mappings(smaps text: String) -> [Mapping] {
        var mappings: [Mapping] = []
        var header: (range: Range<UInt>, permissions: Substring, path: Substring)?
        var written = 0
        func flush() {
            if let header {
                mappings.append(
                    Mapping(
                        range: header.range, permissions: header.permissions, path: header.path, writtenKiB: written))
            }
        }
        for line in text.split(separator: "\n") {
            if line.hasPrefix("Anonymous:") {
                let figure = line.dropFirst("Anonymous:".count).split(separator: " ").first
                written = figure.flatMap { Int($0) } ?? Int.max
                continue
            }
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            let bounds = fields.first?.split(separator: "-") ?? []
            guard fields.count >= 5, bounds.count == 2, let low = UInt(bounds[0], radix: 16),
                let high = UInt(bounds[1], radix: 16), low < high
            else { continue }
            flush()
            // Until its `Anonymous` line says otherwise, a mapping counts as written: it is kept.
            written = Int.max
            header = (low..<high, fields[1], fields.count == 6 ? fields[5].trimmingLeadingSpaces : "")
        }
        flush()
        return mappings
    }
}

extension Substring {
    fileprivate var trimmingLeadingSpaces: Substring { drop(while: { $0 == " " }) }
}
