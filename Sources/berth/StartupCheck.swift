import EngineAPI

#if canImport(Glibc)
import Glibc
#endif

/// What can be known about an engine before the screen starts without waiting for it: a Unix socket that is missing
/// or that this user may not open will not fix itself, so berth says so and exits instead of retrying forever.
enum StartupCheck {
    /// A sentence for the user when `host` cannot work, else nil (including when it may still answer later).
    static func problem(with host: EngineHost) -> String? {
        guard case .unixSocket(let path) = host else { return nil }
        var info = stat()
        guard stat(path, &info) == 0 else {
            return errno == EACCES
                ? EngineError.permissionDenied(path: path).description
                : EngineError.socketMissing(path: path).description
        }
        // connect(2) on a Unix socket needs write permission on it.
        if access(path, W_OK) != 0, errno == EACCES {
            return EngineError.permissionDenied(path: path).description
        }
        return nil
    }
}
