import EngineAPI
import Synchronization

/// Everything berth keeps per engine address: how to connect, and the pool of keep-alive connections.
///
/// One per `EngineHost` for the whole process, so every `EngineClient` value for the same host (the monitor's, the
/// sampler's, a command's) shares one pool: copies of a client stay cheap and nothing needs shutting down.
final class Transport: Sendable {
    let host: EngineHost
    let connector: any Connector
    let pool: ConnectionPool

    private init(host: EngineHost) {
        self.host = host
        switch host {
        case .unixSocket(let path):
            connector = UnixConnector(path: path)
            // Connections are cheap here; the limit only keeps a burst of one-shot stats requests in bounds. One
            // stays open for the list's periodic refetch (a 30 s timeout raced its 30 s period: when the timer won,
            // berth closed a connection and opened another, and kept the code for both resident, 2.5 MiB).
            pool = ConnectionPool(
                connector: connector, limits: .init(inFlight: 64, idle: 8, idleTimeout: .seconds(30), kept: 1))
        case .tcp(let address, let port, let tls):
            connector = TCPConnector(host: address, port: port, tls: tls.map(TLSSetup.init))
            // One stays open for the periodic refetch: a TLS handshake it does not pay each time.
            pool = ConnectionPool(
                connector: connector, limits: .init(inFlight: 16, idle: 8, idleTimeout: .seconds(60), kept: 1))
        case .ssh(let destination):
            connector = SSHConnector(destination: destination)
            // Each connection is an ssh process (a channel of the user's ControlMaster, when one is configured),
            // and each sends a keep-alive on the link every 2 s: the ones a burst opened (the first stats of every
            // row) close 10 s after it, leaving the two or three the steady trickle reuses. None is kept open for
            // good: it would send those keep-alives for as long as berth runs.
            pool = ConnectionPool(
                connector: connector, limits: .init(inFlight: 8, idle: 8, idleTimeout: .seconds(10)))
        }
    }

    private static let all = Mutex<[EngineHost: Transport]>([:])

    /// The transport for `host`, made on first use.
    static func shared(for host: EngineHost) -> Transport {
        all.withLock { all in
            if let transport = all[host] { return transport }
            let transport = Transport(host: host)
            all[host] = transport
            return transport
        }
    }
}
