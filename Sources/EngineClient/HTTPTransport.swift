import EngineAPI
import NIOCore
import NIOHTTP1
import NIOPosix

/// HTTP/1.1 to the engine over any `Connector`: request/response calls go through the host's `ConnectionPool`,
/// streamed bodies hold a connection of their own (`BodyReader`). All NIO types stay inside this module.
enum HTTPTransport {
    typealias Channel = NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>

    /// The most a non-streaming answer may hold, so a broken or hostile engine cannot exhaust memory.
    static let maxBodyBytes = 64 << 20
    /// The most of an error body kept from a streaming request.
    static let maxErrorBodyBytes = 64 << 10

    static func connect(
        _ connector: any Connector, timeout: Duration, configuration: Channel.Configuration = .init(),
        tuning: ChannelTuning = .standard, extraHandlers: @escaping @Sendable () -> [any ChannelHandler] = { [] }
    ) async throws -> Channel {
        try await connector.connect(timeout: timeout, tuning: tuning) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHTTPClientHandlers()
                for handler in extraHandlers() { try channel.pipeline.syncOperations.addHandler(handler) }
                return try Channel(wrappingChannelSynchronously: channel, configuration: configuration)
            }
        }
    }

    static func head(for request: EngineRequest, version: APIVersion) -> HTTPRequestHead {
        var headers = HTTPHeaders()
        // Go's HTTP server (Docker) rejects HTTP/1.1 requests without Host.
        headers.add(name: "Host", value: "docker")
        headers.add(name: "User-Agent", value: "berth")
        if let body = request.jsonBody {
            headers.add(name: "Content-Type", value: "application/json")
            headers.add(name: "Content-Length", value: String(body.count))
        } else if request.method == .post {
            // Without a length NIO would frame an empty POST as chunked, which some engine versions mishandle.
            headers.add(name: "Content-Length", value: "0")
        }
        return HTTPRequestHead(
            version: .http1_1, method: HTTPMethod(rawValue: request.method.rawValue),
            uri: request.uri(version: version), headers: headers)
    }

    static func write(
        _ request: EngineRequest, version: APIVersion, to outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>
    ) async throws {
        // One write for the whole request: an engine may answer (and close) as soon as it has the head, and a
        // separate later write of `.end` would then fail on a closed channel and lose a perfectly good answer.
        var parts: [HTTPClientRequestPart] = [.head(head(for: request, version: version))]
        if let body = request.jsonBody, !body.isEmpty {
            parts.append(.body(.byteBuffer(ByteBuffer(bytes: body))))
        }
        parts.append(.end(nil))
        try await outbound.write(contentsOf: parts)
    }

    /// Sends the request on a pooled connection and collects the whole answer; `timeout` covers waiting for a
    /// connection, connecting and the complete response.
    static func perform(
        _ transport: Transport, request: EngineRequest, version: APIVersion, timeout: Duration
    ) async throws -> EngineResponse {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        do {
            return try await transport.pool.perform(request, version: version, deadline: deadline, timeout: timeout)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            if ContinuousClock.now >= deadline, !(error is EngineError) {
                throw EngineError.unreachable("no complete answer within \(seconds(timeout)) for \(request.path)")
            }
            throw ErrorMapping.transferError(error)
        }
    }

    /// Reads one streaming response: hands each body chunk of a 2xx answer to `chunk`, and returns at its end.
    ///
    /// - Throws: the engine's error for a non-2xx status (its body bounded to `maxErrorBodyBytes`),
    ///   `EngineError.unreachable` when the connection ends first, `CancellationError` when cancelled.
    static func readBody(
        _ inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>,
        _ chunk: (ByteBufferView) async throws -> Void
    ) async throws {
        var status = 0
        var errorBody: [UInt8] = []
        for try await part in inbound {
            switch part {
            case .head(let head):
                status = Int(head.status.code)
            case .body(let buffer):
                if (200..<300).contains(status) {
                    try await chunk(buffer.readableBytesView)
                } else if errorBody.count < maxErrorBodyBytes {
                    errorBody.append(contentsOf: buffer.readableBytesView.prefix(maxErrorBodyBytes - errorBody.count))
                }
            case .end:
                guard (200..<300).contains(status) else {
                    throw EngineError.fromResponse(status: status, body: errorBody)
                }
                return
            }
        }
        if Task.isCancelled { throw CancellationError() }
        throw EngineError.unreachable("the engine closed the stream")
    }

    static func seconds(_ duration: Duration) -> String {
        let (whole, attoseconds) = duration.components
        let tenths = attoseconds / 100_000_000_000_000_000
        return tenths == 0 ? "\(whole) s" : "\(whole).\(tenths) s"
    }
}

/// Accumulates the parts of one HTTP response, refusing bodies over a limit.
struct ResponseCollector {
    let limit: Int
    private var status = 0
    private var headers: [(String, String)] = []
    private var body: [UInt8] = []
    private var sawHead = false

    init(limit: Int) {
        self.limit = limit
    }

    /// Returns the response once its end arrives.
    mutating func consume(_ part: HTTPClientResponsePart) throws(EngineError) -> EngineResponse? {
        switch part {
        case .head(let head):
            sawHead = true
            status = Int(head.status.code)
            headers = head.headers.map { ($0.name, $0.value) }
            return nil
        case .body(let buffer):
            guard body.count + buffer.readableBytes <= limit else {
                throw EngineError.protocolViolation("the answer is larger than \(limit >> 20) MiB")
            }
            body.append(contentsOf: buffer.readableBytesView)
            return nil
        case .end:
            guard sawHead else { throw EngineError.protocolViolation("the answer ended before its status line") }
            return EngineResponse(status: status, headers: headers, body: body)
        }
    }
}

/// Turns a streamed body into elements; each stream gets its own copy, so state needs no locking.
protocol StreamBodyDecoder: Sendable {
    associatedtype Element: Sendable
    mutating func decode(_ chunk: [UInt8]) throws -> [Element]
    mutating func finish() throws -> [Element]
}

/// Passes body chunks through as they arrive.
struct RawChunkDecoder: StreamBodyDecoder {
    func decode(_ chunk: [UInt8]) -> [[UInt8]] { chunk.isEmpty ? [] : [chunk] }
    func finish() -> [[UInt8]] { [] }
}

/// Decodes newline-delimited JSON objects, skipping the odd line it cannot read.
///
/// Engines add fields and Podman words some events differently, so one strange line must not tear down the event
/// stream (a reconnect with `since` would replay it and fail again). A run of bad lines means the stream is not
/// what berth expects at all, and that is reported. A line too long to hold is dropped by the splitter and, when
/// `unreadable` is given, yields that element in its place, so that the reader knows it missed something.
struct JSONLinesDecoder<Element: Decodable & Sendable>: StreamBodyDecoder {
    static var maxConsecutiveFailures: Int { 16 }
    private var splitter = JSONLineSplitter()
    private var consecutiveFailures = 0
    private let unreadable: Element?

    init(unreadable: Element? = nil) {
        self.unreadable = unreadable
    }

    mutating func decode(_ chunk: [UInt8]) throws -> [Element] {
        var elements = try splitter.append(chunk).compactMap { try decodeLine($0) }
        // One stand-in per chunk is enough: it asks for everything to be fetched again.
        if splitter.droppedByLastAppend > 0, let unreadable { elements.append(unreadable) }
        return elements
    }

    mutating func finish() throws -> [Element] {
        guard let last = splitter.finish() else { return [] }
        return try decodeLine(last).map { [$0] } ?? []
    }

    private mutating func decodeLine(_ line: [UInt8]) throws -> Element? {
        do {
            let element = try JSONCoding.decode(Element.self, from: line)
            consecutiveFailures = 0
            return element
        } catch {
            consecutiveFailures += 1
            if consecutiveFailures >= Self.maxConsecutiveFailures { throw error }
            return nil
        }
    }
}
