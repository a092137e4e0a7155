import EngineAPI

extension EngineClient {
    /// Streams a response body through `decoder`: a producer task reads it with `readBody` and yields what the
    /// decoder makes of each chunk.
    ///
    /// The stream's buffer holds `bufferLimit` elements; while it is full the producer waits instead of dropping, and
    /// `readBody` then stops reading the socket, so the engine feels the backpressure. Ending the consumer (cancel, or
    /// dropping the stream) cancels the producer, which closes the connection.
    func bodyStream<Decoder: StreamBodyDecoder>(
        _ request: EngineRequest, bufferLimit: Int, decoder: Decoder
    ) -> AsyncThrowingStream<Decoder.Element, any Error> {
        let (stream, continuation) = AsyncThrowingStream<Decoder.Element, any Error>.makeStream(
            bufferingPolicy: .bufferingOldest(bufferLimit))
        let producer = Task {
            var decoder = decoder
            do {
                try await readBody(request, readAhead: 4) { chunk in
                    for element in try decoder.decode(chunk) { try await Self.deliver(element, to: continuation) }
                }
                for element in try decoder.finish() { try await Self.deliver(element, to: continuation) }
                continuation.finish()
            } catch {
                if Task.isCancelled || error is CancellationError {
                    continuation.finish()
                } else {
                    continuation.finish(throwing: error)
                }
            }
        }
        continuation.onTermination = { _ in producer.cancel() }
        return stream
    }

    /// Yields without ever dropping: while the consumer's buffer is full, waits and retries.
    private static func deliver<Element: Sendable>(
        _ element: Element, to continuation: AsyncThrowingStream<Element, any Error>.Continuation
    ) async throws {
        var pending = element
        while true {
            switch continuation.yield(pending) {
            case .enqueued:
                return
            case .dropped(let rejected):
                pending = rejected
                try await Task.sleep(for: .milliseconds(5))
            case .terminated:
                throw CancellationError()
            @unknown default:
                return
            }
        }
    }
}
