import EngineAPI

/// How an `EngineClient` exchanges HTTP messages with its engine.
///
/// The default is the host's `Transport` (HTTP/1.1 on SwiftNIO over a Unix socket, TCP or ssh). Another transport can
/// be given to `EngineClient(host:apiVersion:transport:)`: tests answer from bytes recorded from real engines, so the
/// watchers built on the client can be tested without an engine and without waiting.
///
/// Every stream the client offers (events, logs, raw bodies) is built on `readBody`, so these two calls are all a
/// transport needs.
public protocol EngineTransport: Sendable {
    /// Sends one request and returns the whole answer, whatever its status.
    ///
    /// `timeout` covers connecting and reading the complete answer.
    /// - Throws: `EngineError` when the engine cannot be reached or breaks the protocol, `CancellationError` when the
    ///   calling task is cancelled.
    func perform(_ request: EngineRequest, version: APIVersion, timeout: Duration) async throws -> EngineResponse

    /// Sends one request and hands the body of a 2xx answer to `body` as it arrives, in the calling task; returns at
    /// the body's end.
    ///
    /// Only connecting has a deadline. At most `readAhead` chunks are read ahead of `body`: while it is suspended,
    /// reading stops, so the engine feels a slow consumer.
    /// - Throws: `EngineError.fromResponse` for a non-2xx status (before any chunk), `EngineError.unreachable` when the
    ///   connection breaks, `CancellationError` when the calling task is cancelled.
    func readBody(
        _ request: EngineRequest, version: APIVersion, readAhead: Int, _ body: ([UInt8]) async throws -> Void
    ) async throws
}

/// The default: HTTP/1.1 to the engine through its `Connector` (Unix socket, TCP with or without TLS, ssh), requests
/// on the host's pool of keep-alive connections, streamed bodies each on a connection of its own.
extension Transport: EngineTransport {
    func perform(_ request: EngineRequest, version: APIVersion, timeout: Duration) async throws -> EngineResponse {
        try await HTTPTransport.perform(self, request: request, version: version, timeout: timeout)
    }

    func readBody(
        _ request: EngineRequest, version: APIVersion, readAhead: Int, _ body: ([UInt8]) async throws -> Void
    ) async throws {
        try await BodyReader.read(connector, request: request, version: version, readAhead: readAhead, body)
    }
}
