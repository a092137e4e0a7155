import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// berth's own diagnostics. They go to `--log-file` when given and nowhere otherwise: never to the screen.
///
/// The file is berth's alone: created with mode 0600 (an existing one is narrowed to 0600), and used only if it is a
/// regular file of berth's user with no other hard link, reached without following a symbolic link at its path. So
/// nothing planted at the path (in `/tmp`, say) can make berth append to, or create, a file somewhere else, or write
/// where another user can read.
public final class DiagnosticLog: Sendable {
    /// The file descriptor, or -1 to discard; guarded so lines from different tasks never interleave.
    private let descriptor: Mutex<Int32>

    /// The reason a log file could not be opened, worded to follow "cannot write the log file PATH: ".
    public struct OpenError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Opens (creating or appending to) `path`; a nil path discards messages.
    ///
    /// - Throws: `OpenError` when `path` is a symbolic link, not a regular file (a directory, a FIFO, a device),
    ///   another user's file or a hard link, or cannot be opened.
    public init(path: String?) throws {
        guard let path else {
            descriptor = Mutex(-1)
            return
        }
        descriptor = Mutex(try Self.open(path))
    }

    deinit {
        descriptor.withLock { fd in
            if fd >= 0 { close(fd) }
        }
    }

    static func open(_ path: String) throws(OpenError) -> Int32 {
        // O_NOFOLLOW refuses a link as the last component; O_NONBLOCK keeps a FIFO there from blocking the open until
        // someone reads it (it is refused below); O_NOCTTY keeps a terminal there from becoming berth's.
        let flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY
        let fd = Glibc.open(path, flags, 0o600)
        guard fd >= 0 else {
            let code = errno
            if code == ELOOP {
                throw OpenError(description: "it is a symbolic link, which berth does not follow")
            }
            throw OpenError(description: String(cString: strerror(code)))
        }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw OpenError(description: "it is not a regular file")
        }
        // A file someone else made there (or a hard link to one) would be readable by them, or not berth's to fill.
        guard info.st_uid == geteuid() else {
            close(fd)
            throw OpenError(description: "it belongs to another user")
        }
        guard info.st_nlink == 1 else {
            close(fd)
            throw OpenError(description: "it has other hard links")
        }
        // A file made by an earlier run under another umask, or by hand: diagnostics name containers and commands.
        if info.st_mode & 0o077 != 0, fchmod(fd, 0o600) != 0 {
            close(fd)
            throw OpenError(description: "others can read it and it cannot be made private")
        }
        // Writes to a regular file never block; the flag only mattered for the open.
        _ = fcntl(fd, F_SETFL, O_WRONLY | O_APPEND)
        return fd
    }

    /// Appends one line, stamped with UTC time.
    public func callAsFunction(_ message: String) {
        descriptor.withLock { fd in
            guard fd >= 0 else { return }
            let bytes = Array("\(Self.timestamp()) \(message)\n".utf8)
            _ = bytes.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count) }
        }
    }

    /// The logger as a plain Sendable closure, for modules that take one.
    public var sink: @Sendable (String) -> Void { { [self] in self($0) } }

    /// `2026-11-23T04:17:13Z`, from the C library so that no calendar machinery is loaded for it.
    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}

/// Writes to stderr without Foundation's file handles.
public enum StandardError {
    public static func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBufferPointer { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
