import EngineAPI
import NIOCore
import NIOPosix
import Synchronization

/// An interactive exec on a hijacked connection: after `POST /exec/{id}/start` answers `101 UPGRADED`, the
/// socket carries the process's TTY both ways as raw bytes.
///
/// `output` ends when the process exits (the engine closes the connection). `send` writes keystrokes;
/// `close` hangs up. NIO stays inside: callers see bytes and async functions only.
public final class ExecSession: Sendable {
    public let execID: String
    /// The process's output, in the order the engine sent it.
    public let output: AsyncThrowingStream<[UInt8], any Error>
    private let inputs: AsyncStream<[UInt8]>.Continuation

    init(execID: String, output: AsyncThrowingStream<[UInt8], any Error>, inputs: AsyncStream<[UInt8]>.Continuation) {
        self.execID = execID
        self.output = output
        self.inputs = inputs
    }

    /// Queues bytes for the process's stdin; they are written in order.
    public func send(_ bytes: [UInt8]) {
        inputs.yield(bytes)
    }

    /// Ends the session from this side.
    public func close() {
        inputs.finish()
    }
}

extension EngineClient {
    /// `POST /containers/{id}/exec`; returns the exec's ID.
    public func createExec(_ containerID: String, body: ExecCreateBody) async throws -> String {
        try await decode(ExecCreateResponse.self, Endpoints.createExec(containerID, body: body)).id
    }

    /// `GET /exec/{id}/json`: whether it still runs, and its exit code once it ended.
    public func inspectExec(_ execID: String) async throws -> ExecInspect {
        try await decode(ExecInspect.self, Endpoints.inspectExec(execID))
    }

    /// `POST /exec/{id}/resize`: tells the exec's TTY its new size.
    public func resizeExec(_ execID: String, rows: Int, columns: Int) async throws {
        _ = try await send(Endpoints.resizeExec(execID, rows: rows, columns: columns), timeout: .seconds(5))
    }

    /// Starts `execID` attached, upgrading the connection to a raw byte stream.
    ///
    /// `timeout` bounds connecting and the engine's answer (`101 UPGRADED` or a refusal); the session itself has
    /// none.
    /// - Throws: `EngineError` when the engine refuses (404 no such exec, 409 container not running), the upgrade
    ///   fails, or no answer comes within `timeout`.
    public func startExecSession(
        _ execID: String, tty: Bool = true, timeout: Duration = .seconds(10)
    ) async throws -> ExecSession {
        let request = Endpoints.startExec(execID, detach: false, tty: tty)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        let channel = try await ExecUpgrade.connect(connector)
        // Closing the channel at the deadline ends the wait for the answer; once the engine said 101 it is cancelled.
        let nioChannel = channel.channel
        let timer = nioChannel.eventLoop.scheduleTask(in: TimeAmount(max(deadline - clock.now, .zero))) {
            nioChannel.close(promise: nil)
        }
        defer { timer.cancel() }
        let requestBytes = ExecUpgrade.requestBytes(for: request, version: apiVersion)
        let (inputs, inputSink) = AsyncStream.makeStream(of: [UInt8].self, bufferingPolicy: .unbounded)
        let (output, outputSink) = AsyncThrowingStream.makeStream(of: [UInt8].self)
        let started = StartSignal()
        let pump = Task {
            do {
                try await channel.executeThenClose { inbound, outbound in
                    try await outbound.write(ByteBuffer(bytes: requestBytes))
                    var iterator = inbound.makeAsyncIterator()
                    let leftover = try await ExecUpgrade.readUpgrade(from: &iterator)
                    timer.cancel()
                    started.succeed()
                    if !leftover.isEmpty { outputSink.yield(leftover) }
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await bytes in inputs { try await outbound.write(ByteBuffer(bytes: bytes)) }
                            // The user side hung up: half-close, so the process sees EOF yet its output still flows.
                            outbound.finish()
                        }
                        while let buffer = try await iterator.next() {
                            outputSink.yield(Array(buffer.readableBytesView))
                        }
                        group.cancelAll()
                    }
                }
                started.fail(EngineError.unreachable("the engine closed the connection before the exec started"))
                outputSink.finish()
            } catch {
                let mapped = Task.isCancelled ? CancellationError() : ErrorMapping.transferError(error)
                started.fail(mapped)
                if mapped is CancellationError { outputSink.finish() } else { outputSink.finish(throwing: mapped) }
            }
        }
        outputSink.onTermination = { _ in pump.cancel() }
        do {
            try await started.wait()
        } catch let error as EngineError where error.isConnectionFailure && clock.now >= deadline {
            throw EngineError.unreachable("no answer to the exec start within \(HTTPTransport.seconds(timeout))")
        }
        return ExecSession(execID: execID, output: output, inputs: inputSink)
    }
}

/// A one-shot signal from the pump: the engine said 101 (or refused).
private final class StartSignal: Sendable {
    private let state = Mutex<(done: Bool, error: (any Error)?, waiter: CheckedContinuation<Void, any Error>?)>(
        (false, nil, nil))

    func succeed() { complete(nil) }

    /// Does nothing once the session started: later failures belong to the output stream.
    func fail(_ error: any Error) { complete(error) }

    private func complete(_ error: (any Error)?) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            guard !state.done else { return nil }
            state.done = true
            state.error = error
            defer { state.waiter = nil }
            return state.waiter
        }
        if let error { waiter?.resume(throwing: error) } else { waiter?.resume() }
    }

    func wait() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let outcome = state.withLock { state -> (Bool, (any Error)?) in
                if !state.done { state.waiter = continuation }
                return (state.done, state.error)
            }
            guard outcome.0 else { return }
            if let error = outcome.1 { continuation.resume(throwing: error) } else { continuation.resume() }
        }
    }
}

/// The HTTP/1.1 upgrade for `/exec/{id}/start`, done by hand on a raw byte channel.
///
/// The connection carries HTTP only until the engine's `101 UPGRADED` head; what follows in the very same read is
/// already the process's output. Parsing that one head here keeps every byte, which NIO's upgrade handlers do not
/// guarantee, and leaves no HTTP handler in the pipeline to remove.
enum ExecUpgrade {
    typealias RawChannel = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    /// The most a response head may take before the engine is considered broken.
    static let maxHeadBytes = 64 << 10

    static func connect(_ connector: any Connector) async throws -> RawChannel {
        try await connector.connect(timeout: .seconds(5), tuning: ChannelTuning(allowRemoteHalfClosure: true)) {
            channel in
            channel.eventLoop.makeCompletedFuture {
                try RawChannel(
                    wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
            }
        }
    }

    static func requestBytes(for request: EngineRequest, version: APIVersion) -> [UInt8] {
        let body = request.jsonBody ?? []
        let head =
            "\(request.method.rawValue) \(request.uri(version: version)) HTTP/1.1\r\n"
            + "Host: docker\r\nUser-Agent: berth\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
        return Array(head.utf8) + body
    }

    /// Reads the response head; returns the bytes after it on `101`, throws the engine's error otherwise.
    static func readUpgrade(
        from iterator: inout NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    ) async throws
        -> [UInt8]
    {
        var received: [UInt8] = []
        var headEnd: Int?
        while headEnd == nil {
            guard let buffer = try await iterator.next() else {
                throw EngineError.unreachable("the engine closed the connection before answering the exec start")
            }
            received.append(contentsOf: buffer.readableBytesView)
            headEnd = ResponseHead.end(of: received)
            if headEnd == nil, received.count > maxHeadBytes {
                throw EngineError.protocolViolation("no HTTP response head in the first \(maxHeadBytes) bytes")
            }
        }
        let end = headEnd ?? received.count
        guard let head = ResponseHead(bytes: received[..<end]) else {
            throw EngineError.protocolViolation("an unreadable answer to the exec start")
        }
        var rest = Array(received[end...])
        if head.status == 101 { return rest }
        // A refusal: its body (bounded) carries the engine's message.
        let length = min(head.contentLength ?? maxHeadBytes, maxHeadBytes)
        while rest.count < length, let buffer = try await iterator.next() {
            rest.append(contentsOf: buffer.readableBytesView)
        }
        if (200..<300).contains(head.status) {
            throw EngineError.protocolViolation(
                "the engine did not upgrade the exec connection (status \(head.status))")
        }
        throw EngineError.fromResponse(status: head.status, body: Array(rest.prefix(length)))
    }
}

/// The status and length of an HTTP/1.1 response head.
struct ResponseHead {
    var status: Int
    var contentLength: Int?

    init?(bytes: ArraySlice<UInt8>) {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\r\n", omittingEmptySubsequences: true)
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/1.") else { return nil }
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { return nil }
        self.status = status
        for line in lines.dropFirst() {
            let pair = line.split(separator: ":", maxSplits: 1)
            // A negative length is no length: it would make the refusal's body a negative prefix.
            if pair.count == 2, pair[0].lowercased() == "content-length", let length = Int(pair[1].trimmingPrefix(" ")),
                length >= 0
            {
                contentLength = length
            }
        }
    }

    /// The index just past `\r\n\r\n`, if the head is complete.
    static func end(of bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 3..<bytes.count
        where bytes[index - 3] == 13 && bytes[index - 2] == 10 && bytes[index - 1] == 13 && bytes[index] == 10 {
            return index + 1
        }
        return nil
    }
}
