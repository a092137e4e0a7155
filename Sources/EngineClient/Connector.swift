import EngineAPI
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Opens one byte channel to the engine, whatever carries it: a Unix socket, TCP (with TLS when asked), or an ssh
/// child's stdin and stdout.
///
/// The HTTP code above it is the same for every transport: `initializer` adds its handlers to a channel that is
/// already connected, TLS already negotiated.
protocol Connector: Sendable {
    /// What the engine is called in messages: a socket path, `host:port`, `ssh://...`.
    var target: String { get }

    /// How the connection is made, once it is known (ssh finds out on its first connection).
    var method: ConnectionMethod? { get }

    func connect<Output: Sendable>(
        timeout: Duration, tuning: ChannelTuning,
        _ initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Output>
    ) async throws -> Output
}

/// Channel options some callers need.
struct ChannelTuning: Sendable {
    /// Keep the channel open for reading after the engine half-closes (exec sessions).
    var allowRemoteHalfClosure = false
    /// Large reads for paced high-volume streams (`BodyReader`).
    var largeReads = false

    static let standard = ChannelTuning()
}

/// How berth reaches an engine, for the header and the log.
public enum ConnectionMethod: Sendable, Equatable, CustomStringConvertible {
    case unixSocket(path: String)
    /// Plain HTTP over TCP.
    case tcp
    /// TLS over TCP; `verified` is false for `--tls` without `--tlsverify`.
    case tls(verified: Bool)
    /// `ssh host docker system dial-stdio`: the remote docker CLI carries the connection.
    case sshDialStdio(socketPath: String?)
    /// One `ssh -L local.sock:/path/to/socket` process forwards a private local socket to the engine's socket
    /// (OpenSSH stream-local forwarding): nothing needs to be installed remotely.
    case sshStreamLocal(socketPath: String)

    public var description: String {
        switch self {
        case .unixSocket(let path): return "unix socket \(path)"
        case .tcp: return "tcp, unencrypted"
        case .tls(let verified): return verified ? "TLS, verified" : "TLS, not verified"
        case .sshDialStdio(let path):
            return "ssh, docker system dial-stdio" + (path.map { " to \($0)" } ?? "")
        case .sshStreamLocal(let path): return "ssh, forwarding \(path)"
        }
    }
}

extension ClientBootstrap {
    func applying(_ tuning: ChannelTuning) -> ClientBootstrap {
        var bootstrap = self
        if tuning.allowRemoteHalfClosure {
            bootstrap = bootstrap.channelOption(.allowRemoteHalfClosure, value: true)
        }
        if tuning.largeReads {
            // Reads are paced (`ReadPacer`), so each must be able to take everything that piled up meanwhile.
            bootstrap =
                bootstrap
                .channelOption(
                    .recvAllocator,
                    value: AdaptiveRecvByteBufferAllocator(minimum: 4096, initial: 65536, maximum: 262_144)
                )
                .channelOption(.maxMessagesPerRead, value: 8)
        }
        return bootstrap
    }
}

/// The engine's Unix socket on this machine.
struct UnixConnector: Connector {
    let path: String

    var target: String { path }
    var method: ConnectionMethod? { .unixSocket(path: path) }

    func connect<Output: Sendable>(
        timeout: Duration, tuning: ChannelTuning,
        _ initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Output>
    ) async throws -> Output {
        do {
            return try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(TimeAmount(timeout))
                .applying(tuning)
                .connect(unixDomainSocketPath: path, channelInitializer: initializer)
        } catch {
            throw ErrorMapping.connectError(error, socketPath: path)
        }
    }
}

/// TCP to `host:port`, with TLS when `tls` is set.
///
/// TCP keepalive and a user timeout make a dead network fail a connection within about ten seconds even while
/// nothing is being sent (an idle event stream), instead of the kernel's default of hours.
struct TCPConnector: Connector {
    let host: String
    let port: Int
    let tls: TLSSetup?

    var target: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    var method: ConnectionMethod? { tls.map { .tls(verified: $0.options.verify) } ?? .tcp }

    func connect<Output: Sendable>(
        timeout: Duration, tuning: ChannelTuning,
        _ initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Output>
    ) async throws -> Output {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        let context = try tls?.context()
        let serverName = host
        let target = self.target
        let connected: (Output, any Channel, EventLoopFuture<Void>?)
        do {
            connected = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(TimeAmount(timeout))
                .applying(tuning)
                .channelOption(.socketOption(.so_keepalive), value: 1)
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .channelOption(
                    ChannelOptions.Types.SocketOption(level: .tcp, name: .init(rawValue: TCP_KEEPIDLE)), value: 3
                )
                .channelOption(
                    ChannelOptions.Types.SocketOption(level: .tcp, name: .init(rawValue: TCP_KEEPINTVL)), value: 2
                )
                .channelOption(
                    ChannelOptions.Types.SocketOption(level: .tcp, name: .init(rawValue: TCP_KEEPCNT)), value: 3
                )
                .channelOption(
                    ChannelOptions.Types.SocketOption(level: .tcp, name: .init(rawValue: CInt(TCP_USER_TIMEOUT))),
                    value: 9000
                )
                .connect(host: host, port: port) { channel in
                    guard let context else { return initializer(channel).map { ($0, channel, nil) } }
                    let handshake: EventLoopFuture<Void>
                    do {
                        handshake = try TLSSetup.addHandlers(
                            to: channel, context: context, serverName: serverName, target: target)
                    } catch {
                        return channel.eventLoop.makeFailedFuture(error)
                    }
                    return initializer(channel).map { ($0, channel, handshake) }
                }
        } catch {
            throw ErrorMapping.connectError(error, target: target)
        }
        let (output, channel, handshake) = connected
        guard let handshake else { return output }
        // The handshake's outcome, with its reason, is the connection's outcome: a refused certificate must never
        // surface later as a vague "connection lost".
        let timer = channel.eventLoop.scheduleTask(deadline: .now() + TimeAmount(max(deadline - clock.now, .zero))) {
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        do {
            // Closing the channel fails the handshake (the watcher sees it end), so a cancelled connect ends too.
            try await withTaskCancellationHandler {
                try await handshake.get()
            } onCancel: {
                channel.close(promise: nil)
            }
            return output
        } catch {
            channel.close(promise: nil)
            if clock.now >= deadline {
                throw EngineError.unreachable(
                    "no TLS handshake with \(target) within \(HTTPTransport.seconds(timeout))")
            }
            throw error
        }
    }
}
