import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// berth's own diagnostics. They go to `--log-file` when given and nowhere otherwise: never to the screen.
public final class DiagnosticLog: Sendable {
    /// The file descriptor, or -1 to discard; guarded so lines from different tasks never interleave.
    private let descriptor: Mutex<Int32>

    /// The reason a log file could not be opened.
    public struct OpenError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Opens (creating or appending to) `path`; a nil path discards messages.
    public init(path: String?) throws {
        guard let path else {
            descriptor = Mutex(-1)
            return
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw OpenError(description: String(cString: strerror(errno))) }
        descriptor = Mutex(fd)
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
