import EngineAPI
import NIOCore
import NIOHTTP1

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

    /// The meaning of a failed `connect(2)` on the engine's socket.
    static func connectError(errno code: CInt, socketPath: String) -> EngineError {
        switch code {
        case ENOENT, ENOTDIR:
            return .socketMissing(path: socketPath)
        case EACCES, EPERM:
            return .permissionDenied(path: socketPath)
        case ECONNREFUSED:
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

    static func errnoText(_ code: CInt) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return String(cString: text)
    }
}
