import EngineAPI
import NIOCore
import NIOHTTP1
import NIOPosix

extension EngineClient {
    /// Reads a streaming response body in the calling task, handing each chunk to `body` as it arrives.
    ///
    /// A chunk is everything one burst of socket reads brought (a little over 1 MiB at most), so `readAhead` chunks
    /// bound what is buffered ahead of `body`. Reads are at least 0.5 ms apart (`ReadPacer`), so a busy stream
    /// arrives in fewer, larger chunks.
    ///
    /// For high-volume streams that batch on their own (container logs). Docker flushes every log message as its
    /// own HTTP chunk of ~100 bytes, so a stream of chunks through `streamBytes` costs a task switch per line; here
    /// the chunks of one socket read arrive joined, in the task that reads them, and up to `readAhead` reads are
    /// buffered ahead. While `body` is suspended nothing more is read beyond that: the consumer's pace is the
    /// engine's, and a consumer that pauses gets larger reads.
    ///
    /// Only connecting has a deadline. Returns when the engine ends the body; cancelling the task closes the socket.
    /// - Throws: `EngineError.fromResponse` for a non-2xx status (before any chunk), `EngineError.unreachable` when
    ///   the connection breaks, `CancellationError` when cancelled.
    public func readBody(
        _ request: EngineRequest, readAhead: Int = 16, _ body: ([UInt8]) async throws -> Void
    ) async throws {
        try await exchange.readBody(request, version: apiVersion, readAhead: max(4, readAhead), body)
    }
}

enum BodyReader {
    /// `EngineTransport.readBody` over a connection of its own to the engine.
    static func read(
        _ connector: any Connector, request: EngineRequest, version: APIVersion, readAhead: Int,
        _ body: ([UInt8]) async throws -> Void
    ) async throws {
        let channel = try await connect(connector, timeout: .seconds(5), readAhead: readAhead)
        let diagnosis = await DiagnosisHandler.find(after: channel.channel)
        do {
            try await channel.executeThenClose { inbound, outbound in
                try await HTTPTransport.write(request, version: version, to: outbound)
                try await HTTPTransport.readBody(inbound) { try await body(Array($0)) }
            }
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw await ErrorMapping.explained(ErrorMapping.transferError(error), by: diagnosis, sawAnswer: true)
        }
    }

    static func connect(
        _ connector: any Connector, timeout: Duration, readAhead: Int
    ) async throws -> HTTPTransport.Channel {
        // NIO's default inbound watermarks (2/10 parts) stop reading after ten ~100-byte chunks and wait for a round
        // trip through the event loop; reading further ahead keeps the socket drained while the consumer works.
        let configuration = HTTPTransport.Channel.Configuration(
            backPressureStrategy: .init(lowWatermark: readAhead / 4, highWatermark: readAhead))
        return try await HTTPTransport.connect(
            connector, timeout: timeout, configuration: configuration, tuning: ChannelTuning(largeReads: true)
        ) {
            [BodyCoalescer(), ReadPacer(interval: .microseconds(500))]
        }
    }
}

/// Joins the body parts of one socket read into one part.
///
/// The HTTP decoder emits a part per HTTP chunk, and Docker sends every log line as its own chunk: a 64 KiB read
/// becomes hundreds of parts, each crossing from the event loop into the reading task on its own. Joined, a read
/// crosses once. Bytes are never held past the end of a read (`channelReadComplete`), so nothing waits for more.
final class BodyCoalescer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias InboundOut = HTTPClientResponsePart

    /// A joined part is passed on once it is this large, even mid-read.
    static let maxBytes = 1 << 20
    private var pending: ByteBuffer?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .body(var buffer):
            if var joined = pending {
                // Dropping the stored reference first keeps `joined` unique, so the append does not copy it.
                pending = nil
                joined.writeBuffer(&buffer)
                pending = joined
            } else {
                pending = buffer
            }
            if let joined = pending, joined.readableBytes >= Self.maxBytes { flush(context) }
        case .head, .end:
            flush(context)
            context.fireChannelRead(data)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flush(context)
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        flush(context)
        context.fireChannelInactive()
    }

    private func flush(_ context: ChannelHandlerContext) {
        guard let joined = pending else { return }
        pending = nil
        context.fireChannelRead(wrapInboundOut(.body(joined)))
    }
}
