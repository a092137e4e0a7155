import EngineAPI

/// A handle on one engine at one negotiated API version.
///
/// A value type: every client for the same host shares that host's connections (a bounded pool of keep-alive
/// connections for requests; streams and exec sessions hold their own), so copies can be handed to any task and
/// nothing needs shutting down. Failures arrive as `EngineError` (or `CancellationError` when the calling task is
/// cancelled).
public struct EngineClient: Sendable {
    public let host: EngineHost
    public let apiVersion: APIVersion
    let transport: Transport
    /// Carries every request and streamed body: `transport` unless the client was made with another.
    let exchange: any EngineTransport

    /// For a version already negotiated (or a test); normally `connect(host:timeout:)` makes the client.
    public init(host: EngineHost, apiVersion: APIVersion) {
        self.host = host
        self.apiVersion = apiVersion
        self.transport = Transport.shared(for: host)
        self.exchange = transport
    }

    /// A client whose requests and streams go through `exchange` instead of the engine's connections (tests answer
    /// from recordings). Exec sessions still connect to `host`.
    public init(host: EngineHost, apiVersion: APIVersion, transport exchange: any EngineTransport) {
        self.host = host
        self.apiVersion = apiVersion
        self.transport = Transport.shared(for: host)
        self.exchange = exchange
    }

    var connector: any Connector { transport.connector }

    /// How berth reaches the engine (unix socket, TLS, ssh with dial-stdio or stream-local forwarding); nil for
    /// ssh until the first connection found out.
    public var connectionMethod: ConnectionMethod? { connector.method }

    /// Closes the idle keep-alive connections to this host (for a host that is no longer shown); requests and
    /// streams still running keep theirs. The next request connects again.
    public func closeIdleConnections() {
        transport.pool.closeIdle()
    }

    // MARK: - Connecting

    /// `GET /_ping`: proves the engine answers and negotiates the API version from its `API-Version` header.
    public static func ping(host: EngineHost, timeout: Duration = .seconds(5)) async throws -> EnginePing {
        let client = EngineClient(host: host, apiVersion: .oldestSupported)
        let response = try await client.send(Endpoints.ping, timeout: timeout)
        return EnginePing(headers: response.headers)
    }

    /// GET /_ping (negotiates from the API-Version header), and GET /version when the ping's `Server` header does not
    /// name the engine; returns a client bound to the version.
    ///
    /// `timeout` applies to each of the two requests.
    public static func connect(
        host: EngineHost, timeout: Duration = .seconds(5)
    ) async throws -> (EngineClient, EngineInfo) {
        let ping = try await ping(host: host, timeout: timeout)
        let client = EngineClient(host: host, apiVersion: ping.apiVersion)
        return (client, try await client.engineInfo(after: ping, timeout: timeout))
    }

    /// The engine as `ping`'s `Server` header names it, or, when it names neither Docker nor Podman, as `GET /version`
    /// does (which costs Podman half a second of CPU).
    public func engineInfo(after ping: EnginePing, timeout: Duration = .seconds(5)) async throws -> EngineInfo {
        if let named = ping.engineInfo { return named }
        return try await engineInfo(timeout: timeout)
    }

    /// `GET /version`, summarised for the header line.
    public func engineInfo(timeout: Duration = .seconds(5)) async throws -> EngineInfo {
        let response = try await send(Endpoints.version, timeout: timeout)
        let version = try JSONCoding.decode(EngineVersionResponse.self, from: response.body)
        return EngineInfo(
            apiVersion: apiVersion, product: version.product, version: version.version ?? "", os: version.os)
    }

    // MARK: - Requests

    /// Sends one request and returns the whole answer.
    ///
    /// `timeout` covers connecting and reading the complete response. Bodies over 64 MiB are refused.
    /// - Throws: `EngineError.fromResponse` for any non-2xx status, carrying the engine's message.
    public func send(_ request: EngineRequest, timeout: Duration = .seconds(30)) async throws -> EngineResponse {
        let response = try await exchange.perform(request, version: apiVersion, timeout: timeout)
        guard (200..<300).contains(response.status) else {
            throw EngineError.fromResponse(status: response.status, body: response.body)
        }
        return response
    }

    /// Sends the request and decodes its JSON answer; a document that does not fit throws `EngineError.decoding`.
    public func decode<T: Decodable & Sendable>(_ type: T.Type, _ request: EngineRequest) async throws -> T {
        let response = try await send(request)
        return try JSONCoding.decode(type, from: response.body)
    }

    // MARK: - Containers

    /// `GET /containers/json`; `ids` narrows the answer to those containers, which is how single rows are refreshed
    /// with exactly the `Status` wording the full list uses.
    public func listContainers(all: Bool = true, ids: [String] = []) async throws -> [ContainerSummary] {
        // Podman has answered `null` for an empty list.
        try await decode([ContainerSummary]?.self, Endpoints.listContainers(all: all, ids: ids)) ?? []
    }

    /// The full document, for what the list row lacks (TTY mode for logs, exit code, health, start time).
    public func inspectContainer(_ id: String) async throws -> ContainerInspect {
        try await decode(ContainerInspect.self, Endpoints.inspectContainer(id))
    }

    /// Starting a running container succeeds (the engine's 304 is not an error to the user).
    public func start(_ id: String) async throws {
        try await sendIgnoringNotModified(Endpoints.start(id))
    }

    /// Stopping a stopped container succeeds; `timeout` is the grace period in seconds before SIGKILL.
    public func stop(_ id: String, timeout: Int? = nil) async throws {
        try await sendIgnoringNotModified(Endpoints.stop(id, timeout: timeout), waitingUpTo: timeout)
    }

    /// Like `stop` then `start`; `timeout` is the stop grace period.
    public func restart(_ id: String, timeout: Int? = nil) async throws {
        try await sendIgnoringNotModified(Endpoints.restart(id, timeout: timeout), waitingUpTo: timeout)
    }

    /// Sends `signal` to the container's main process; a container that is not running is a `.conflict`.
    public func kill(_ id: String, signal: ContainerSignal) async throws {
        _ = try await send(Endpoints.kill(id, signal: signal.rawValue))
    }

    /// Freezes every process (cgroup freezer); a paused or stopped container is a `.conflict`.
    public func pause(_ id: String) async throws {
        _ = try await send(Endpoints.pause(id))
    }

    /// Thaws a paused container; anything else is a `.conflict`.
    public func unpause(_ id: String) async throws {
        _ = try await send(Endpoints.unpause(id))
    }

    /// Removes the container; without `force` a running one is a `.conflict`, so the UI can ask before killing.
    /// `volumes` also removes its anonymous volumes.
    public func remove(_ id: String, force: Bool, volumes: Bool) async throws {
        _ = try await send(Endpoints.remove(id, force: force, volumes: volumes))
    }

    private func sendIgnoringNotModified(_ request: EngineRequest, waitingUpTo graceSeconds: Int? = nil) async throws {
        // Stop and restart block in the engine for the grace period (10 s unless the container says otherwise).
        let timeout = Duration.seconds(max(30, (graceSeconds ?? 10) + 20))
        do {
            _ = try await send(request, timeout: timeout)
        } catch EngineError.notModified {
            return
        }
    }

    // MARK: - Streams

    /// Streams container events; finishes/throws when the connection ends.
    ///
    /// Only connecting has a deadline: Podman sends the response head late, with the first event. `since` is in the
    /// engine's clock (see `EnginePing.engineTime`); the engine replays what happened since then before going live.
    /// Lines that do not decode are skipped, so one unusual event cannot end the stream; an event too long to read
    /// arrives as `EngineEvent.unreadable`.
    public func containerEvents(since: Int64? = nil) -> AsyncThrowingStream<EngineEvent, any Error> {
        bodyStream(
            Endpoints.containerEvents(since: since), bufferLimit: 256,
            decoder: JSONLinesDecoder<EngineEvent>(unreadable: .unreadable))
    }

    /// Generic streaming GET for later panes (logs, stats): yields raw body chunks as [UInt8]; cancelling the
    /// consumer closes the socket.
    ///
    /// Chunks are never dropped: when the consumer falls behind, reading from the engine pauses instead.
    /// The socket closes when the consuming task is cancelled or the last reference to the stream goes away
    /// (breaking out of `for try await` over a stream still held in a variable keeps it open until then).
    /// A non-2xx answer throws `EngineError.fromResponse` before any chunk.
    public func streamBytes(_ request: EngineRequest) -> AsyncThrowingStream<[UInt8], any Error> {
        bodyStream(request, bufferLimit: 64, decoder: RawChunkDecoder())
    }
}
