#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How to speak TLS to a tcp:// engine: whether to verify its certificate, against which CA, and with which client
/// certificate. Paths only; the files are read when connecting, so a bad file is reported there.
public struct TLSOptions: Sendable, Hashable {
    /// Verify the engine's certificate (chain to the CA, validity dates, host name). Without it any certificate
    /// is accepted, which `EngineHost.securityWarning` reports.
    public var verify: Bool
    /// The CA bundle to trust; nil trusts the system's roots.
    public var caCertificatePath: String?
    /// The client certificate and its key, for engines that require one (`dockerd --tlsverify`).
    public var certificatePath: String?
    public var keyPath: String?

    public init(verify: Bool, caCertificatePath: String? = nil, certificatePath: String? = nil, keyPath: String? = nil)
    {
        self.verify = verify
        self.caCertificatePath = caCertificatePath
        self.certificatePath = certificatePath
        self.keyPath = keyPath
    }

    /// Resolves TLS the way the docker CLI does.
    ///
    /// - `--tlsverify` (or a non-empty `DOCKER_TLS_VERIFY`) turns TLS on and verifies; `--tlsverify=false` given
    ///   explicitly still turns TLS on, unverified; `--tls` alone is TLS without verification.
    /// - Certificates default to `ca.pem`, `cert.pem` and `key.pem` in `DOCKER_CERT_PATH`, else in the config
    ///   directory (`DOCKER_CONFIG`, else `~/.docker`). A default client certificate or key that does not exist is
    ///   left out; one named by a flag is kept, so its absence is reported when connecting.
    /// - Returns: nil when TLS is off.
    public static func resolve(
        flags: TLSFlags, environment: [String: String],
        fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
    ) -> TLSOptions? {
        let verify = flags.tlsVerify ?? !(environment["DOCKER_TLS_VERIFY"] ?? "").isEmpty
        guard flags.tls || flags.tlsVerify != nil || verify else { return nil }
        let directory = certificateDirectory(environment: environment)
        let certificate = flags.certificatePath ?? existing(directory + "/cert.pem", fileExists)
        let key = flags.keyPath ?? existing(directory + "/key.pem", fileExists)
        // Without verification the docker CLI does not load the CA at all.
        let ca = verify ? (flags.caCertificatePath ?? directory + "/ca.pem") : nil
        return TLSOptions(verify: verify, caCertificatePath: ca, certificatePath: certificate, keyPath: key)
    }

    /// `DOCKER_CERT_PATH`, else the docker CLI's configuration directory.
    public static func certificateDirectory(environment: [String: String]) -> String {
        if let path = environment["DOCKER_CERT_PATH"], !path.isEmpty { return path }
        return DockerConfig.directory(environment: environment)
    }

    private static func existing(_ path: String, _ fileExists: (String) -> Bool) -> String? {
        fileExists(path) ? path : nil
    }
}

/// The docker CLI's TLS flags as given on the command line; nil or false means not given.
public struct TLSFlags: Sendable, Equatable {
    /// `--tls`: use TLS (without verification unless `--tlsverify`).
    public var tls: Bool
    /// `--tlsverify` (true) or `--tlsverify=false` (false); nil when not given, so `DOCKER_TLS_VERIFY` decides.
    public var tlsVerify: Bool?
    /// `--tlscacert`, `--tlscert`, `--tlskey`.
    public var caCertificatePath: String?
    public var certificatePath: String?
    public var keyPath: String?

    public init(
        tls: Bool = false, tlsVerify: Bool? = nil, caCertificatePath: String? = nil, certificatePath: String? = nil,
        keyPath: String? = nil
    ) {
        self.tls = tls
        self.tlsVerify = tlsVerify
        self.caCertificatePath = caCertificatePath
        self.certificatePath = certificatePath
        self.keyPath = keyPath
    }

    /// Whether any TLS flag was given (the docker CLI refuses them together with `--context`).
    public var isEmpty: Bool {
        !tls && tlsVerify == nil && caCertificatePath == nil && certificatePath == nil && keyPath == nil
    }
}
