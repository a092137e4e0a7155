import EngineAPI
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// Keep-alive connections for request/response calls, at most `limit` in use at once.
///
/// A remote engine must not cost a TLS handshake or an ssh process per request, so answered connections go back to
/// an idle list and the next request takes one. The limit also bounds concurrency: request `limit + 1` waits for a
/// connection to come back (within its own deadline). Streams and exec sessions do not come from here: they hold
/// a connection of their own for as long as they run.
final class ConnectionPool: Sendable {
    struct Limits: Sendable {
        /// Requests in flight at once (each needs its own connection under HTTP/1.1).
        var inFlight: Int
        /// Answered connections kept for reuse; the rest are closed.
        var idle: Int
        /// An idle connection is closed after this long, except the first `kept` of them.
        var idleTimeout: Duration
        /// Idle connections that stay open however long they wait. A request that comes back at a steady period
        /// (the container list's safety-net refetch: every 30 s, every 2 min for a long list) then finds one, where
        /// a timeout near that period raced it and, when the timer won, closed a connection only to open another.
        /// The engine may still close a kept connection: the request then goes again on a fresh one.
        var kept = 0
    }

    let connector: any Connector
    let limits: Limits
    private let state = Mutex(State())

    private struct State {
        var inUse = 0
        var idle: [PooledConnection] = []
        var waiters: [(id: Int, continuation: CheckedContinuation<Void, any Error>)] = []
        var nextWaiter = 0
    }

    init(connector: any Connector, limits: Limits) {
        self.connector = connector
        self.limits = limits
    }

    /// Sends `request` on a pooled connection and collects the whole answer before `deadline`.
    ///
    /// A connection taken from the idle list may have been closed by the engine meanwhile; when it fails before
    /// any byte of the answer arrived, the request goes once more on a fresh connection. (Engines close idle
    /// connections when they like; an answer that never started means the engine did not act on the request.)
    func perform(
        _ request: EngineRequest, version: APIVersion, deadline: ContinuousClock.Instant, timeout: Duration
    ) async throws -> EngineResponse {
        try await acquirePermit(deadline: deadline, path: request.path, timeout: timeout)
        defer { releasePermit() }
        var attempt = 0
        while true {
            attempt += 1
            let (connection, reused) = try await checkout(deadline: deadline)
            do {
                let outcome = try await connection.execute(
                    request, version: version, deadline: deadline, timeout: timeout)
                checkin(connection, reusable: outcome.keepAlive)
                return outcome.response
            } catch let failure as PooledConnection.Failure {
                connection.close()
                if reused, attempt == 1, !failure.receivedAnswer, !Task.isCancelled,
                    ContinuousClock.now < deadline
                {
                    continue
                }
                throw failure.error
            } catch {
                connection.close()
                throw error
            }
        }
    }

    /// Closes every idle connection (in-use ones close when their request ends).
    func closeIdle() {
        let idle = state.withLock { state in
            defer { state.idle = [] }
            return state.idle
        }
        for connection in idle { connection.close() }
    }

    /// How many connections are idle now (for tests and the benchmark).
    var idleCount: Int { state.withLock { $0.idle.count } }

    // MARK: - Connections

    private func checkout(deadline: ContinuousClock.Instant) async throws -> (PooledConnection, reused: Bool) {
        while let connection = state.withLock({ $0.idle.popLast() }) {
            if connection.claim() { return (connection, true) }
            connection.close()
        }
        let remaining = max(deadline - ContinuousClock.now, .milliseconds(1))
        let connection = try await PooledConnection.open(using: connector, timeout: remaining)
        _ = connection.claim()
        return (connection, false)
    }

    private func checkin(_ connection: PooledConnection, reusable: Bool) {
        guard reusable, connection.isActive else {
            connection.close()
            return
        }
        // nil: not kept at all; .some(nil): kept with no timeout.
        let timeout = state.withLock { state -> Duration?? in
            guard state.idle.count < limits.idle else { return nil }
            state.idle.append(connection)
            return .some(state.idle.count <= limits.kept ? nil : limits.idleTimeout)
        }
        guard let timeout else {
            connection.close()
            return
        }
        connection.parkIdle(for: timeout) { [weak self] connection in
            self?.state.withLock { state in state.idle.removeAll { $0 === connection } }
        }
    }

    // MARK: - Permits

    private func acquirePermit(deadline: ContinuousClock.Instant, path: String, timeout: Duration) async throws {
        let id: Int? = state.withLock { state in
            if state.inUse < limits.inFlight, state.waiters.isEmpty {
                state.inUse += 1
                return nil
            }
            state.nextWaiter += 1
            return state.nextWaiter
        }
        guard let id else { return }
        let loop = MultiThreadedEventLoopGroup.singleton.any()
        let remaining = max(deadline - ContinuousClock.now, .zero)
        let timer = loop.scheduleTask(in: TimeAmount(remaining)) { [self] in
            cancelWaiter(
                id,
                with: EngineError.unreachable(
                    "no complete answer within \(HTTPTransport.seconds(timeout)) for \(path) (all \(limits.inFlight) "
                        + "connections to the engine were busy)"))
        }
        defer { timer.cancel() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let admitted = state.withLock { state -> Bool in
                    // Admitted meanwhile? (A permit freed between the two locks.)
                    if state.inUse < limits.inFlight, state.waiters.isEmpty {
                        state.inUse += 1
                        return true
                    }
                    state.waiters.append((id, continuation))
                    return false
                }
                if admitted { continuation.resume() }
            }
        } onCancel: {
            cancelWaiter(id, with: CancellationError())
        }
    }

    private func cancelWaiter(_ id: Int, with error: any Error) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index).continuation
        }
        waiter?.resume(throwing: error)
    }

    private func releasePermit() {
        // The permit passes straight to the first waiter, so `inUse` stays as it is.
        let next = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            if state.waiters.isEmpty {
                state.inUse -= 1
                return nil
            }
            return state.waiters.removeFirst().continuation
        }
        next?.resume()
    }
}

/// One HTTP/1.1 connection that carries requests one at a time.
final class PooledConnection: Sendable {
    /// A failed request, and whether any of the answer had arrived (if not, the engine did not act on it).
    struct Failure: Error {
        var error: any Error
        var receivedAnswer: Bool
    }

    struct Outcome: Sendable {
        var response: EngineResponse
        var keepAlive: Bool
    }

    let channel: any Channel
    let diagnosis: (any ConnectionDiagnosis)?
    /// The first error a handler reported on this connection (a TLS alert, the ssh child's reason), kept here
    /// because the pipeline and its handlers are gone once the channel closes.
    private let closeReason: CloseReason
    private let idleTimer = Mutex<(timer: Scheduled<Void>?, claimed: Bool)>((nil, false))

    private init(channel: any Channel, diagnosis: (any ConnectionDiagnosis)?, closeReason: CloseReason) {
        self.channel = channel
        self.diagnosis = diagnosis
        self.closeReason = closeReason
    }

    static func open(using connector: any Connector, timeout: Duration) async throws -> PooledConnection {
        let closeReason = CloseReason()
        let (channel, diagnosis) = try await connector.connect(timeout: timeout, tuning: .standard) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHTTPClientHandlers()
                try channel.pipeline.syncOperations.addHandler(ResponseHandler(closeReason: closeReason))
                return (channel, DiagnosisHandler.find(in: channel))
            }
        }
        return PooledConnection(channel: channel, diagnosis: diagnosis, closeReason: closeReason)
    }

    var isActive: Bool { channel.isActive }

    /// Takes the connection off the idle list's timer; false when the timer already closed it.
    func claim() -> Bool {
        let claimed = idleTimer.withLock { state -> Bool in
            guard !state.claimed else { return false }
            state.claimed = true
            state.timer?.cancel()
            state.timer = nil
            return true
        }
        return claimed && channel.isActive
    }

    /// Makes the connection claimable again, and starts the idle timer unless `timeout` is nil; when the timer fires
    /// first, the connection closes and `expired` removes it from the list.
    func parkIdle(for timeout: Duration?, expired: @escaping @Sendable (PooledConnection) -> Void) {
        idleTimer.withLock { state in
            state.claimed = false
            guard let timeout else { return }
            state.timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) { [self] in
                let fire = idleTimer.withLock { state -> Bool in
                    guard !state.claimed else { return false }
                    state.claimed = true
                    return true
                }
                guard fire else { return }
                expired(self)
                close()
            }
        }
    }

    func close() {
        channel.close(promise: nil)
    }

    func execute(
        _ request: EngineRequest, version: APIVersion, deadline: ContinuousClock.Instant, timeout: Duration
    ) async throws -> Outcome {
        let promise = channel.eventLoop.makePromise(of: Outcome.self)
        let pending = ResponseHandler.Pending(
            head: HTTPTransport.head(for: request, version: version), body: request.jsonBody, promise: promise)
        let remaining = max(deadline - ContinuousClock.now, .zero)
        let channel = self.channel
        // The deadline, a cancellation and a write that never reached `ResponseHandler` (the engine closed the
        // connection between checkout and this write, so the pipeline is already torn down) each fail the promise
        // themselves: closing an already closed channel fails nothing, and waiting on it would never end. A promise
        // completed twice keeps its first result.
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(remaining)) {
            promise.fail(Failure(error: ChannelError.ioOnClosedChannel, receivedAnswer: true))
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        let closeReason = self.closeReason
        channel.writeAndFlush(pending).whenFailure { error in
            promise.fail(Failure(error: closeReason.error ?? error, receivedAnswer: false))
        }
        do {
            return try await withTaskCancellationHandler {
                try await promise.futureResult.get()
            } onCancel: {
                promise.fail(Failure(error: CancellationError(), receivedAnswer: true))
                channel.close(promise: nil)
            }
        } catch let failure as Failure {
            if Task.isCancelled { throw Failure(error: CancellationError(), receivedAnswer: true) }
            if ContinuousClock.now >= deadline {
                throw Failure(
                    error: EngineError.unreachable(
                        "no complete answer within \(HTTPTransport.seconds(timeout)) for \(request.path)"),
                    receivedAnswer: true)
            }
            let explained = await ErrorMapping.explained(
                ErrorMapping.transferError(failure.error), by: diagnosis, sawAnswer: failure.receivedAnswer)
            throw Failure(error: explained, receivedAnswer: failure.receivedAnswer)
        }
    }
}

/// Writes one request and completes its promise with the answer; fails it when the connection breaks first.
private final class ResponseHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = Pending
    typealias OutboundOut = HTTPClientRequestPart

    struct Pending: Sendable {
        var head: HTTPRequestHead
        var body: [UInt8]?
        var promise: EventLoopPromise<PooledConnection.Outcome>
    }

    private var current: EventLoopPromise<PooledConnection.Outcome>?
    /// Mutated in place: a copy per body part would copy the whole body each time.
    private var collector = ResponseCollector(limit: HTTPTransport.maxBodyBytes)
    private var keepAlive = true
    private var receivedAnswer = false
    /// The error some handler reported before the close (the ssh child's reason, a TLS failure), shared with the
    /// connection so that it outlives this handler.
    private let closeReason: CloseReason

    init(closeReason: CloseReason) {
        self.closeReason = closeReason
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let pending = unwrapOutboundIn(data)
        guard current == nil, context.channel.isActive else {
            let error = closeReason.error ?? EngineError.unreachable("the connection was closed")
            pending.promise.fail(PooledConnection.Failure(error: error, receivedAnswer: false))
            promise?.fail(error)
            return
        }
        current = pending.promise
        collector = ResponseCollector(limit: HTTPTransport.maxBodyBytes)
        keepAlive = true
        receivedAnswer = false
        context.write(wrapOutboundOut(.head(pending.head)), promise: nil)
        if let body = pending.body, !body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
        }
        // From here the request's promise is this handler's to complete (with the answer, or the reason the
        // connection ended); a failed write alone must not fail it, since an engine may answer and close before
        // the last write of the request lands.
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        promise?.succeed()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        guard let promise = current else { return }
        receivedAnswer = true
        if case .head(let head) = part { keepAlive = head.isKeepAlive }
        do {
            if let response = try collector.consume(part) {
                current = nil
                collector = ResponseCollector(limit: HTTPTransport.maxBodyBytes)
                promise.succeed(PooledConnection.Outcome(response: response, keepAlive: keepAlive))
            }
        } catch {
            current = nil
            collector = ResponseCollector(limit: HTTPTransport.maxBodyBytes)
            promise.fail(PooledConnection.Failure(error: error, receivedAnswer: true))
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        closeReason.record(error)
        fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(
            closeReason.error
                ?? EngineError.unreachable("the engine closed the connection before the answer was complete"))
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        fail(closeReason.error ?? EngineError.unreachable("the connection was closed"))
    }

    private func fail(_ error: any Error) {
        guard let promise = current else { return }
        current = nil
        collector = ResponseCollector(limit: HTTPTransport.maxBodyBytes)
        promise.fail(PooledConnection.Failure(error: error, receivedAnswer: receivedAnswer))
    }
}

/// The first error reported on a connection, readable after its handlers are gone.
final class CloseReason: Sendable {
    private let first = Mutex<(any Error)?>(nil)

    var error: (any Error)? { first.withLock { $0 } }

    func record(_ error: any Error) {
        first.withLock { value in
            if value == nil { value = error }
        }
    }
}
