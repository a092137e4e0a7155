import EngineAPI
import EngineClient
import EngineWatchers
import Synchronization

/// An engine played from a script: every request goes to the test's `answer`, which replies with recorded bytes.
///
/// It records each request with the test clock's time, how many were in flight at once, and can hold answers back
/// until the test releases them, so schedules and limits can be checked exactly, without an engine or real time.
final class ScriptedTransport: EngineTransport {
    /// What the script answers to one request.
    enum Answer: Sendable {
        case response(EngineResponse)
        /// A body that streams what the test feeds in, until it ends.
        case stream(BodyFeed)
        /// The answer, once the test calls `releaseOldest()`.
        case held(EngineResponse)
        /// The connection fails.
        case failure(EngineError)
    }

    struct Record: Sendable {
        var request: EngineRequest
        /// The test clock's time when the request was made.
        var at: Duration
    }

    private struct State {
        var records: [Record] = []
        var inFlight = 0
        var maxInFlight = 0
        var held: [Mailbox<Void>] = []
    }

    private let state = Mutex(State())
    private let clock: TestClock
    private let answer: @Sendable (EngineRequest) throws -> Answer

    init(clock: TestClock, answer: @escaping @Sendable (EngineRequest) throws -> Answer) {
        self.clock = clock
        self.answer = answer
    }

    var records: [Record] { state.withLock { $0.records } }
    var requests: [EngineRequest] { records.map(\.request) }
    var maxInFlight: Int { state.withLock { $0.maxInFlight } }
    var inFlight: Int { state.withLock { $0.inFlight } }
    /// Answers waiting for `releaseOldest()`.
    var heldCount: Int { state.withLock { $0.held.count } }

    /// Requests for `path` so far.
    func requests(to path: String) -> [EngineRequest] { requests.filter { $0.path == path } }

    /// Lets the oldest held answer go.
    func releaseOldest() {
        let gate = state.withLock { state in state.held.isEmpty ? nil : state.held.removeFirst() }
        gate?.post(())
    }

    // MARK: - EngineTransport

    func perform(_ request: EngineRequest, version: APIVersion, timeout: Duration) async throws -> EngineResponse {
        try await exchange(request) { answer in
            switch answer {
            case .response(let response):
                return response
            case .stream(let feed):
                var body: [UInt8] = []
                for await chunk in feed.chunks { body += chunk }
                if let failure = feed.failure { throw failure }
                return EngineResponse(status: 200, headers: [], body: body)
            case .held, .failure:
                preconditionFailure("resolved by exchange")
            }
        }
    }

    func readBody(
        _ request: EngineRequest, version: APIVersion, readAhead: Int, _ body: ([UInt8]) async throws -> Void
    ) async throws {
        try await exchange(request) { answer in
            switch answer {
            case .response(let response):
                guard (200..<300).contains(response.status) else {
                    throw EngineError.fromResponse(status: response.status, body: response.body)
                }
                if !response.body.isEmpty { try await body(response.body) }
            case .stream(let feed):
                for await chunk in feed.chunks { try await body(chunk) }
                if Task.isCancelled { throw CancellationError() }
                if let failure = feed.failure { throw failure }
            case .held, .failure:
                preconditionFailure("resolved by exchange")
            }
        }
    }

    /// Records the request, resolves held answers and failures, and counts it in flight while `deliver` runs.
    private func exchange<T>(_ request: EngineRequest, _ deliver: (Answer) async throws -> T) async throws -> T {
        let now = clock.elapsed
        state.withLock { state in
            state.records.append(Record(request: request, at: now))
            state.inFlight += 1
            state.maxInFlight = max(state.maxInFlight, state.inFlight)
        }
        defer { state.withLock { $0.inFlight -= 1 } }
        switch try answer(request) {
        case .failure(let error):
            throw error
        case .held(let response):
            let gate = Mailbox<Void>()
            state.withLock { $0.held.append(gate) }
            guard await gate.next() != nil else { throw CancellationError() }
            return try await deliver(.response(response))
        case let other:
            return try await deliver(other)
        }
    }
}

/// A streaming body the test writes into: events as the engine would send them, or log frames.
final class BodyFeed: Sendable {
    let chunks: AsyncStream<[UInt8]>
    private let continuation: AsyncStream<[UInt8]>.Continuation
    private let failed = Mutex<EngineError?>(nil)

    init() {
        (chunks, continuation) = AsyncStream.makeStream(of: [UInt8].self)
    }

    var failure: EngineError? { failed.withLock { $0 } }

    func send(_ bytes: [UInt8]) { continuation.yield(bytes) }

    /// Sends lines of newline-delimited JSON as one chunk.
    func send(lines: [String]) { send(Array(lines.map { $0 + "\n" }.joined().utf8)) }

    /// The engine ends the body.
    func end() { continuation.finish() }

    /// The connection breaks.
    func fail(_ error: EngineError = .unreachable("connection lost: the scripted engine went away")) {
        failed.withLock { $0 = error }
        continuation.finish()
    }
}
