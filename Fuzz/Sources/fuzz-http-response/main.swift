import EngineAPI
import FuzzSupport
import NIOCore
import NIOEmbedded
import NIOHTTP1

@testable import EngineClient

/// What the engine's socket may carry back, through the client's own code: NIO's HTTP/1.1 response decoder in the
/// pipeline berth builds (optionally with `BodyCoalescer`, as for logs), then `ResponseCollector` (every request)
/// and `HTTPTransport.readBody` (every stream); or, for an exec, the hand-made `101 UPGRADED` reader.
///
/// Input: a mode byte (bits 0-1 the request method, bit 2 the coalescer, bit 3 whether the engine then closes,
/// bit 4 the exec upgrade instead), the cuts, then the bytes the engine sends. Invariants: nothing traps; where the
/// answer is cut does not change what the client makes of it; a body over the limit is refused.
FuzzDriver.run { data, size in
    var input = FuzzInput(data, size)
    let mode = input.byte()
    let cuts = input.cuts()
    let bytes = input.rest()
    let pieces = FuzzInput.pieces(bytes, cuts: cuts)
    if mode & 16 != 0 {
        let whole = upgrade([bytes])
        let cut = upgrade(pieces)
        require(whole == cut, "cutting the exec answer changed it: \(whole) vs \(cut)")
    } else {
        let method: EngineRequest.Method = [.get, .head, .post, .delete][Int(mode & 3)]
        let whole = HTTPRun(method: method, coalesce: mode & 4 != 0, close: mode & 8 != 0, pieces: [bytes])
        let cut = HTTPRun(method: method, coalesce: mode & 4 != 0, close: mode & 8 != 0, pieces: pieces)
        if !whole.failed, !cut.failed {
            require(whole.outcome == cut.outcome, "cutting the answer changed it: \(whole.outcome) vs \(cut.outcome)")
        }
        cut.check()
    }
    return 0
}

/// What the client made of one answer.
struct Outcome: Equatable {
    var status: Int?
    var headers: [String] = []
    var body: [UInt8] = []
    var ended = false
}

/// One answer decoded by NIO on an embedded channel set up as `HTTPTransport` and `BodyReader` set up theirs.
struct HTTPRun {
    static let bodyLimit = 4096
    var parts: [HTTPClientResponsePart] = []
    var outcome = Outcome()
    /// NIO refused the bytes (an `HTTPParserError`); the client maps that to `protocolViolation`.
    var failed = false

    init(method: EngineRequest.Method, coalesce: Bool, close: Bool, pieces: [[UInt8]]) {
        let channel = EmbeddedChannel()
        do {
            try channel.pipeline.syncOperations.addHTTPClientHandlers()
            if coalesce { try channel.pipeline.syncOperations.addHandler(BodyCoalescer()) }
            let request = EngineRequest(method, "/containers/json", jsonBody: method == .post ? [0x7B, 0x7D] : nil)
            let head = HTTPTransport.head(for: request, version: .oldestSupported)
            try channel.writeOutbound(HTTPClientRequestPart.head(head))
            try channel.writeOutbound(HTTPClientRequestPart.end(nil))
            while try channel.readOutbound(as: IOData.self) != nil {}
            for piece in pieces {
                try channel.writeInbound(channel.allocator.buffer(bytes: piece))
                drain(channel)
            }
            if close {
                channel.pipeline.fireChannelInactive()
                drain(channel)
            }
        } catch {
            failed = true
        }
        drain(channel)
        _ = try? channel.finish()
        for part in parts {
            switch part {
            case .head(let head):
                outcome.status = Int(head.status.code)
                outcome.headers = head.headers.map { "\($0.name): \($0.value)" }
            case .body(let buffer):
                outcome.body += buffer.readableBytesView
            case .end:
                outcome.ended = true
            }
        }
    }

    private mutating func drain(_ channel: EmbeddedChannel) {
        while let part = try? channel.readInbound(as: HTTPClientResponsePart.self) { parts.append(part) }
    }

    /// Hands the parts to the client's consumers, as a request and as a stream.
    func check() {
        var collector = ResponseCollector(limit: Self.bodyLimit)
        var collected: Result<EngineResponse?, EngineError> = .success(nil)
        for part in parts {
            do {
                if let response = try collector.consume(part) {
                    collected = .success(response)
                    break
                }
            } catch {
                collected = .failure(error)
                break
            }
        }
        switch collected {
        case .success(let response?):
            require(response.body.count <= Self.bodyLimit, "a \(response.body.count)-byte body passed the limit")
            let ping = EnginePing(headers: response.headers)
            _ = ping.apiVersion.description
            if !(200..<300).contains(response.status) {
                _ = EngineError.fromResponse(status: response.status, body: response.body).description
            }
        case .success(nil):
            break
        case .failure(let error):
            require(outcome.body.count > Self.bodyLimit || !outcome.ended, "refused a complete answer: \(error)")
        }

        let parts = self.parts
        let streamed = runBlocking { () -> [UInt8] in
            let (inbound, source) = NIOAsyncChannelInboundStream<HTTPClientResponsePart>.makeTestingStream()
            for part in parts { source.yield(part) }
            source.finish()
            var body: [UInt8] = []
            do {
                try await HTTPTransport.readBody(inbound) { body += $0 }
            } catch {
                _ = ErrorMapping.transferError(error)
            }
            return body
        }
        if let status = outcome.status, (200..<300).contains(status) {
            require(streamed == outcome.body, "the stream delivered other bytes than the decoder produced")
        } else {
            require(streamed.isEmpty, "a non-2xx answer delivered body bytes to the stream")
        }
    }
}

/// What `ExecUpgrade.readUpgrade` and the session's pump make of the bytes: the process output, or the error.
enum UpgradeOutcome: Equatable {
    case output([UInt8])
    case failed(EngineError)
    case otherError(String)
}

func upgrade(_ pieces: [[UInt8]]) -> UpgradeOutcome {
    runBlocking {
        let (inbound, source) = NIOAsyncChannelInboundStream<ByteBuffer>.makeTestingStream()
        for piece in pieces { source.yield(ByteBuffer(bytes: piece)) }
        source.finish()
        var iterator = inbound.makeAsyncIterator()
        do {
            var output = try await ExecUpgrade.readUpgrade(from: &iterator)
            while let buffer = try await iterator.next() { output += buffer.readableBytesView }
            return .output(output)
        } catch let error as EngineError {
            return .failed(error)
        } catch {
            return .otherError(String(describing: error))
        }
    }
}
