#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Open descriptors of the kernel's statistics files that are read every second, each read again from offset 0.
///
/// Opening a cgroup or `/proc` file walks its path through the kernel's directory caches and sets up a new file
/// each time; at a hundred containers that walk (with the close after it) was a third of berth's idle CPU. A
/// virtual file read from offset 0 again is generated afresh, so one descriptor serves every sample.
///
/// A descriptor whose file went away (the container stopped, its cgroup removed) fails to read: that read answers
/// nil, the descriptor is closed, and the caller locates the container's files again. At most `limit` descriptors
/// are held; beyond that a file is opened, read and closed as before.
///
/// Not Sendable: it belongs to the one actor that samples.
final class HeldFiles {
    private var descriptors: [String: Int32] = [:]
    let limit: Int

    /// `limit` defaults to a quarter of the descriptors this process may open, at most 2,048: the rest stay for
    /// connections, pipes and the terminal.
    init(limit: Int = HeldFiles.defaultLimit()) {
        self.limit = limit
    }

    static func defaultLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(openFilesResource, &limit) == 0 else { return 256 }
        return Int(min(2048, limit.rlim_cur / 4))
    }

    deinit {
        for fd in descriptors.values { close(fd) }
    }

    /// How many descriptors are held now.
    var count: Int { descriptors.count }

    /// The whole file, from a held descriptor when there is one (opening and keeping it when there is room).
    func read(_ path: String) -> [UInt8]? {
        if let fd = descriptors[path] {
            if let bytes = FileBytes.whole(fd, positional: true) { return bytes }
            close(fd)
            descriptors[path] = nil
            return nil
        }
        guard descriptors.count < limit else { return FileBytes.whole(path) }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        guard let bytes = FileBytes.whole(fd, positional: true) else {
            close(fd)
            return nil
        }
        descriptors[path] = fd
        return bytes
    }

    /// Closes the descriptors of `paths` (a container no longer sampled, or whose files must be found again).
    func release(_ paths: [String]) {
        for path in paths {
            if let fd = descriptors.removeValue(forKey: path) { close(fd) }
        }
    }

    /// Closes every descriptor.
    func releaseAll() {
        for fd in descriptors.values { close(fd) }
        descriptors = [:]
    }
}

/// The process's own limits.
public enum ProcessLimits {
    /// Raises this process's soft limit on open descriptors to its hard limit, at most `ceiling`: many systems
    /// start programs with 1,024, which a few hundred held statistics files and connections would crowd.
    public static func raiseDescriptorLimit(ceiling: UInt = 8192) {
        var limit = rlimit()
        guard getrlimit(openFilesResource, &limit) == 0 else { return }
        let wanted = min(limit.rlim_max, rlim_t(ceiling))
        guard wanted > limit.rlim_cur else { return }
        limit.rlim_cur = wanted
        _ = setrlimit(openFilesResource, &limit)
    }
}

/// Reading a small virtual file whole with plain system calls.
public enum FileBytes {
    /// The whole file at `path`, opened and closed here.
    public static func whole(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return whole(fd, positional: false)
    }

    /// The whole file behind `fd`: from its current offset with `read`, or from offset 0 with `pread` (which
    /// makes the kernel generate a virtual file afresh).
    static func whole(_ fd: Int32, positional: Bool) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: 4096)
        var count = 0
        while true {
            if count == bytes.count {
                // mountinfo and memory.stat can outgrow the first guess; nothing here is legitimately huge.
                guard bytes.count < 1 << 22 else { return nil }
                bytes.append(contentsOf: repeatElement(0, count: bytes.count))
            }
            let got = bytes.withUnsafeMutableBytes { buffer in
                let start = buffer.baseAddress.map { $0 + count }
                return positional
                    ? pread(fd, start, buffer.count - count, off_t(count)) : read(fd, start, buffer.count - count)
            }
            if got < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if got == 0 { break }
            count += got
            // A virtual file answers a read with every line that fits, and these files are far smaller than the
            // buffer: a first read that leaves over half of it empty was the whole file, and asking again only to
            // hear "end of file" would double the system calls of every sample.
            if positional, count == got, count < bytes.count / 2 { break }
        }
        bytes.removeSubrange(count...)
        return bytes
    }
}

/// `RLIMIT_NOFILE` as glibc's functions take it.
private let openFilesResource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
