import EngineAPI
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns NIO and POSIX failures into the typed `EngineError`s the UI knows how to explain.
enum ErrorMapping {
    /// For failures while opening the socket: the errno says whether the engine is absent, forbidden or dead.
    static func connectError(_ error: any Error, socketPath: String) -> any Error {
        switch error {
        case is CancellationError, is EngineError:
            return error
        case let io as IOError:
            return connectError(errno: io.errnoCode, socketPath: socketPath)
        case ChannelError.connectTimeout:
            return EngineError.unreachable("connecting to \(socketPath) timed out")
        case is SocketAddressError:
            return EngineError.unreachable("\(socketPath) is not a usable Unix socket path (too long?)")
        default:
            return EngineError.unreachable("cannot connect to \(socketPath): \(error)")
        }
    }

    /// For failures while connecting over TCP: refused, unreachable, timed out, a name that does not resolve.
    static func connectError(_ error: any Error, target: String) -> any Error {
        switch error {
        case is CancellationError, is EngineError:
            return error
        case let io as IOError:
            switch io.errnoCode {
            case ECONNREFUSED: return EngineError.unreachable("nothing is listening on \(target) (connection refused)")
            case EHOSTUNREACH, ENETUNREACH:
                return EngineError.unreachable("\(target) cannot be reached: \(errnoText(io.errnoCode))")
            default: return EngineError.unreachable("cannot connect to \(target): \(errnoText(io.errnoCode))")
            }
        case ChannelError.connectTimeout:
            return EngineError.unreachable("connecting to \(target) timed out (is the network dropping packets?)")
        case is NIOConnectionError:
            return EngineError.unreachable("cannot connect to \(target): \(describe(error))")
        default:
            return EngineError.unreachable("cannot connect to \(target): \(error)")
        }
    }

    /// NIO's connection error carries one error per address tried; the first says it best.
    private static func describe(_ error: any Error) -> String {
        guard let connection = error as? NIOConnectionError else { return "\(error)" }
        if let dns = connection.dnsAAAAError ?? connection.dnsAError, connection.connectionErrors.isEmpty {
            return "the name does not resolve (\(dns))"
        }
        if let first = connection.connectionErrors.first?.error {
            if let io = first as? IOError { return errnoText(io.errnoCode) }
            if case ChannelError.connectTimeout = first { return "timed out (is the network dropping packets?)" }
            return "\(first)"
        }
        return "\(error)"
    }

    /// The meaning of a failed `connect(2)` on the engine's socket.
    static func connectError(errno code: CInt, socketPath: String) -> EngineError {
        switch code {
        case ENOENT, ENOTDIR:
            return .socketMissing(path: socketPath)
        case EACCES, EPERM:
            return .permissionDenied(path: socketPath)
        case ECONNREFUSED:
            // connect(2) refuses a path that is no socket at all the same way; say what it is instead.
            if let kind = nonSocketKind(socketPath) {
                return .unreachable("\(socketPath) is \(kind), not a Unix socket")
            }
            return .unreachable("nothing is listening on \(socketPath) (connection refused)")
        default:
            return .unreachable("cannot connect to \(socketPath): \(errnoText(code))")
        }
    }

    /// For failures after the connection was made: a broken parse is the engine's fault, anything else a lost link.
    static func transferError(_ error: any Error) -> any Error {
        switch error {
        case is CancellationError, is EngineError:
            return error
        case let parse as HTTPParserError:
            return EngineError.protocolViolation("invalid HTTP from the engine (\(parse))")
        case let io as IOError:
            return EngineError.unreachable("connection lost: \(errnoText(io.errnoCode))")
        case let channel as ChannelError:
            return EngineError.unreachable("connection lost (\(channel))")
        default:
            return EngineError.unreachable("connection lost: \(error)")
        }
    }

    /// "a directory", "a regular file" or "a special file" when `path` exists but is not a socket; nil otherwise.
    static func nonSocketKind(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFSOCK: return nil
        case S_IFDIR: return "a directory"
        case S_IFREG: return "a regular file"
        default: return "a special file"
        }
    }

    static func errnoText(_ code: CInt) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return String(cString: text)
    }
}
