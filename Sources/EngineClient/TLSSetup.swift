import EngineAPI
import NIOCore
import NIOSSL
import NIOTLS
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// TLS for one tcp:// engine: the `NIOSSLContext` built once from the options' files, and the reasons a handshake
/// failed, worded for the status line.
final class TLSSetup: Sendable {
    let options: TLSOptions
    private let cached = Mutex<NIOSSLContext?>(nil)

    init(options: TLSOptions) {
        self.options = options
    }

    /// The context, loading the certificate files the first time. Failures are not cached: fixing a file helps.
    func context() throws -> NIOSSLContext {
        if let context = cached.withLock({ $0 }) { return context }
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if options.verify {
            configuration.certificateVerification = .fullVerification
            if let ca = options.caCertificatePath {
                let certificates = try load("CA certificate", ca) { try NIOSSLCertificate.fromPEMFile($0) }
                guard !certificates.isEmpty else {
                    throw EngineError.unreachable("no certificate in the CA file \(ca)")
                }
                configuration.trustRoots = .certificates(certificates)
            } else {
                configuration.trustRoots = .default
            }
        } else {
            configuration.certificateVerification = .none
        }
        switch (options.certificatePath, options.keyPath) {
        case (let cert?, let key?):
            let chain = try load("client certificate", cert) { try NIOSSLCertificate.fromPEMFile($0) }
            configuration.certificateChain = chain.map { .certificate($0) }
            configuration.privateKey = .privateKey(
                try load("client key", key) { try NIOSSLPrivateKey(file: $0, format: .pem) })
        case (nil, nil):
            break
        default:
            throw EngineError.unreachable("a TLS client certificate needs both --tlscert and --tlskey")
        }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw EngineError.unreachable("cannot set up TLS: \(error)")
        }
        cached.withLock { $0 = context }
        return context
    }

    private func load<T>(_ what: String, _ path: String, _ body: (String) throws -> T) throws -> T {
        guard access(path, R_OK) == 0 else {
            throw EngineError.unreachable("cannot read the TLS \(what) \(path): \(ErrorMapping.errnoText(errno))")
        }
        do {
            return try body(path)
        } catch {
            throw EngineError.unreachable("the TLS \(what) \(path) is not a PEM file berth can use")
        }
    }

    /// Adds the TLS handler and a watcher whose future says how the handshake went.
    static func addHandlers(
        to channel: any Channel, context: NIOSSLContext, serverName: String, target: String
    ) throws -> EventLoopFuture<Void> {
        // SNI cannot carry an IP address; the certificate is still checked against it (its IP SANs).
        let sni = isIPAddress(serverName) ? nil : serverName
        let tls = try NIOSSLClientHandler(context: context, serverHostname: sni)
        let promise = channel.eventLoop.makePromise(of: Void.self)
        let watcher = HandshakeWatcher(promise: promise, target: target, serverName: serverName)
        try channel.pipeline.syncOperations.addHandler(tls)
        try channel.pipeline.syncOperations.addHandler(watcher)
        return promise.futureResult
    }

    static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    /// One sentence for a failed handshake: which check failed and what to do.
    static func explain(
        _ error: any Error, target: String, serverName: String, peer: NIOSSLCertificate?, now: time_t = time(nil)
    ) -> EngineError {
        let text = "\(error)"
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return .unreachable(
                "TLS: the certificate of \(target) is not valid for the name \(serverName) (wrong host name); "
                    + "refusing it")
        }
        if text.contains("CERTIFICATE_VERIFY_FAILED") || (error as? NIOSSLError).map(isVerifyFailure) == true {
            if let peer {
                if peer.notValidAfter < now {
                    return .unreachable(
                        "TLS: the certificate of \(target) expired on \(dateText(peer.notValidAfter)); refusing it")
                }
                if peer.notValidBefore > now {
                    return .unreachable(
                        "TLS: the certificate of \(target) is not valid before \(dateText(peer.notValidBefore)); "
                            + "refusing it")
                }
            }
            return .unreachable(
                "TLS: the certificate of \(target) is not signed by a trusted CA (unknown authority; check "
                    + "--tlscacert or ca.pem); refusing it")
        }
        if text.contains("CERTIFICATE_REQUIRED") || text.contains("HANDSHAKE_FAILURE")
            || text.contains("BAD_CERTIFICATE") || text.contains("UNKNOWN_CA")
        {
            return .unreachable(
                "TLS: \(target) refused berth's client certificate (check --tlscert and --tlskey, or cert.pem and "
                    + "key.pem in DOCKER_CERT_PATH)")
        }
        if text.contains("WRONG_VERSION_NUMBER") || text.contains("PACKET_LENGTH_TOO_LONG") {
            return .unreachable("TLS: \(target) does not speak TLS (is it a plain tcp:// engine?)")
        }
        return .unreachable("TLS handshake with \(target) failed: \(text)")
    }

    private static func isVerifyFailure(_ error: NIOSSLError) -> Bool {
        if case .handshakeFailed(let inner) = error { return "\(inner)".contains("CERTIFICATE_VERIFY_FAILED") }
        return false
    }

    static func dateText(_ time: time_t) -> String {
        var value = time
        var parts = tm()
        gmtime_r(&value, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%d %H:%M:%S UTC", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Completes a promise when the TLS handshake ends, with the reason when it failed.
private final class HandshakeWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let promise: EventLoopPromise<Void>
    private let target: String
    private let serverName: String
    private var done = false

    init(promise: EventLoopPromise<Void>, target: String, serverName: String) {
        self.promise = promise
        self.target = target
        self.serverName = serverName
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event, !done {
            done = true
            promise.succeed()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !done else {
            // Under TLS 1.3 the engine refuses a client certificate after the handshake, in an alert: that too
            // deserves its reason rather than "connection lost".
            let isTLSError = error is NIOSSLError || error is BoringSSLError
            context.fireErrorCaught(
                isTLSError ? TLSSetup.explain(error, target: target, serverName: serverName, peer: nil) : error)
            return
        }
        done = true
        let peer = try? context.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self).peerCertificate
        let explained = TLSSetup.explain(error, target: target, serverName: serverName, peer: peer)
        promise.fail(explained)
        // Later handlers (the HTTP layer) see the same sentence, not NIOSSL's error.
        context.fireErrorCaught(explained)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !done {
            done = true
            promise.fail(EngineError.unreachable("\(target) closed the connection during the TLS handshake"))
        }
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if !done {
            done = true
            promise.fail(EngineError.unreachable("the TLS handshake with \(target) was abandoned"))
        }
    }
}
