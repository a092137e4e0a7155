import EngineAPI
import NIOCore
import NIOHTTP1
import NIOPosix

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
    /// - Throws: `EngineError` when the engine refuses (404 no such exec, 409 container not running) or the
    ///   upgrade fails.
    public func startExecSession(_ execID: String, tty: Bool = true) async throws -> ExecSession {
        let request = Endpoints.startExec(execID, detach: false, tty: tty)
        let upgraded = try await ExecUpgrade.connect(socketPath: socketPath, request: request, version: apiVersion)
        let (inputs, inputSink) = AsyncStream.makeStream(of: [UInt8].self, bufferingPolicy: .unbounded)
        let (output, outputSink) = AsyncThrowingStream.makeStream(of: [UInt8].self)
        let pump = Task {
            do {
                try await upgraded.executeThenClose { inbound, outbound in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await bytes in inputs { try await outbound.write(ByteBuffer(bytes: bytes)) }
                            // The user side hung up: half-close so the engine ends the process's stdin.
                            outbound.finish()
                        }
                        for try await buffer in inbound { outputSink.yield(Array(buffer.readableBytesView)) }
                        group.cancelAll()
                    }
                }
                outputSink.finish()
            } catch {
                if Task.isCancelled || error is CancellationError {
                    outputSink.finish()
                } else {
                    outputSink.finish(throwing: ErrorMapping.transferError(error))
                }
            }
        }
        outputSink.onTermination = { _ in pump.cancel() }
        return ExecSession(execID: execID, output: output, inputs: inputSink)
    }
}

/// The HTTP/1.1 upgrade dance for `/exec/{id}/start`.
///
/// NIO's typed upgrade API writes its own empty request body, but Docker needs the JSON body, so this uses the
/// classic `NIOHTTPClientUpgradeHandler`, which lets the caller write head, body and end itself.
enum ExecUpgrade {
    typealias RawChannel = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    static func connect(socketPath: String, request: EngineRequest, version: APIVersion) async throws -> RawChannel {
        let group = MultiThreadedEventLoopGroup.singleton
        let promise = group.next().makePromise(of: RawChannel.self)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(.seconds(5))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let upgrader = RawStreamUpgrader(promise: promise)
                        try channel.pipeline.syncOperations.addHTTPClientHandlers(
                            leftOverBytesStrategy: .forwardBytes,
                            withClientUpgrade: (upgraders: [upgrader], completionHandler: { _ in }))
                        try channel.pipeline.syncOperations.addHandler(
                            NotUpgradedHandler(promise: promise), name: NotUpgradedHandler.name)
                    }
                }
                .connect(unixDomainSocketPath: socketPath).get()
        } catch {
            promise.fail(error)
            throw ErrorMapping.connectError(error, socketPath: socketPath)
        }
        channel.closeFuture.whenComplete { _ in
            promise.fail(EngineError.unreachable("the engine closed the connection before the exec started"))
        }
        var head = HTTPTransport.head(for: request, version: version)
        head.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        if let body = request.jsonBody {
            channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil)
        }
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        do {
            return try await promise.futureResult.get()
        } catch {
            channel.close(promise: nil)
            throw ErrorMapping.transferError(error)
        }
    }
}

/// Accepts Docker's `101 UPGRADED` with `Upgrade: tcp` and hands the bare channel over as raw bytes.
private final class RawStreamUpgrader: NIOHTTPClientProtocolUpgrader, Sendable {
    let supportedProtocol = "tcp"
    let requiredUpgradeHeaders: [String] = []
    let promise: EventLoopPromise<ExecUpgrade.RawChannel>

    init(promise: EventLoopPromise<ExecUpgrade.RawChannel>) {
        self.promise = promise
    }

    func addCustom(upgradeRequestHeaders: inout HTTPHeaders) {}

    func shouldAllowUpgrade(upgradeResponse: HTTPResponseHead) -> Bool { true }

    func upgrade(context: ChannelHandlerContext, upgradeResponse: HTTPResponseHead) -> EventLoopFuture<Void> {
        do {
            // The HTTP codec is gone by now; what is left is the refusal detector, which must go too.
            _ = context.pipeline.syncOperations.removeHandler(name: NotUpgradedHandler.name)
            promise.succeed(try ExecUpgrade.RawChannel(wrappingChannelSynchronously: context.channel))
            return context.eventLoop.makeSucceededVoidFuture()
        } catch {
            promise.fail(error)
            return context.eventLoop.makeFailedFuture(error)
        }
    }
}

/// Turns an answer other than 101 (404 no such exec, 409 not running) into the engine's error.
private final class NotUpgradedHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    static let name = "berth-not-upgraded"

    let promise: EventLoopPromise<ExecUpgrade.RawChannel>
    private var status = 0
    private var body: [UInt8] = []

    init(promise: EventLoopPromise<ExecUpgrade.RawChannel>) {
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = Int(head.status.code)
        case .body(let buffer):
            if body.count < 64 << 10 { body.append(contentsOf: buffer.readableBytesView.prefix(64 << 10)) }
        case .end:
            let error: EngineError =
                (200..<300).contains(status)
                ? .protocolViolation("the engine did not upgrade the exec connection (status \(status))")
                : .fromResponse(status: status, body: body)
            promise.fail(error)
            context.close(promise: nil)
        }
    }
}
