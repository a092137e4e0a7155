import EngineAPI

#if canImport(Glibc)
import Glibc
#endif

/// What can be known about an engine before the screen starts without waiting for it: a Unix socket that is missing
/// or that this user may not open will not fix itself, so berth says so and exits instead of retrying forever.
public enum StartupProblem {
    /// A sentence for the user when `host` cannot work, else nil (including when it may still answer later).
    public static func check(_ host: EngineHost) -> String? {
        guard case .unixSocket(let path) = host else { return nil }
        var info = stat()
        guard stat(path, &info) == 0 else {
            return errno == EACCES
                ? "Permission denied on \(path): a directory on the way is closed to you; run berth as a user who can "
                    + "reach it (or with sudo)."
                : EngineError.socketMissing(path: path).description
        }
        // connect(2) on a Unix socket needs write permission on it.
        if access(path, W_OK) != 0, errno == EACCES {
            return permissionAdvice(path: path, info: info)
        }
        return nil
    }

    /// Names the socket's owner, group and mode, and the command that gives this user access.
    static func permissionAdvice(path: String, info: stat) -> String {
        let owner = getpwuid(info.st_uid).flatMap { $0.pointee.pw_name }.map { String(cString: $0) } ?? "\(info.st_uid)"
        let group = getgrgid(info.st_gid).flatMap { $0.pointee.gr_name }.map { String(cString: $0) } ?? "\(info.st_gid)"
        let mode = String(info.st_mode & 0o777, radix: 8)
        let user = getpwuid(geteuid()).flatMap { $0.pointee.pw_name }.map { String(cString: $0) } ?? "you"
        var text = "Permission denied on \(path) (owner \(owner), group \(group), mode \(mode)). "
        if info.st_mode & 0o020 != 0, group != "root" {
            text += "Members of the \(group) group may use it: sudo usermod -aG \(group) \(user), then log in again "
            text += "(or run: newgrp \(group)). "
        } else {
            text +=
                "Only \(owner) may use it: run berth as \(owner) (sudo berth), or give a group access to the socket. "
        }
        return text + "Note that access to an engine's socket is equivalent to root on that host."
    }
}
