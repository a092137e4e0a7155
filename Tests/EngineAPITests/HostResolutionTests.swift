import EngineAPI
import Foundation
import Testing

@Suite("Engine addresses, TLS settings and Docker contexts")
struct HostResolutionTests {
    @Test func sha256MatchesKnownDigests() {
        #expect(SHA256.hexDigest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hexDigest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // Two blocks.
        #expect(
            SHA256.hexDigest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // The directory the docker CLI made for a context called "local".
        #expect(
            DockerContextStore.directoryName(for: "local")
                == "25bf8e1a2393f1108d37029b3df5593236c755742ec93465bbafa9b290bddcf6")
    }

    @Test func tcpAddresses() throws {
        #expect(try EngineHost.parse("tcp://10.0.0.5:2375") == .tcp(host: "10.0.0.5", port: 2375, tls: nil))
        #expect(try EngineHost.parse("tcp://box") == .tcp(host: "box", port: 2375, tls: nil))
        let tls = TLSOptions(verify: true, caCertificatePath: "/c/ca.pem")
        #expect(try EngineHost.parse("tcp://box", tls: tls) == .tcp(host: "box", port: 2376, tls: tls))
        #expect(try EngineHost.parse("tcp://[::1]:2376/") == .tcp(host: "::1", port: 2376, tls: nil))
        #expect(try EngineHost.parse("tcp://:2375") == .tcp(host: "localhost", port: 2375, tls: nil))
        for bad in [
            "tcp://box:0", "tcp://box:99999", "tcp://box:x", "tcp://a/b", "tcp://u@box:1", "tcp://[::1", "fd://",
        ] {
            #expect(throws: EngineError.unsupportedHost(bad)) { try EngineHost.parse(bad) }
        }
        #expect(EngineHost.tcp(host: "::1", port: 2376, tls: nil).description == "tcp://[::1]:2376")
    }

    @Test func sshAddresses() throws {
        #expect(try EngineHost.parse("ssh://box") == .ssh(SSHDestination(host: "box")))
        #expect(
            try EngineHost.parse("ssh://me@box:2222/run/podman/podman.sock")
                == .ssh(SSHDestination(user: "me", host: "box", port: 2222, socketPath: "/run/podman/podman.sock")))
        #expect(
            try EngineHost.parse("ssh://me@[fe80::1]:22") == .ssh(SSHDestination(user: "me", host: "fe80::1", port: 22))
        )
        #expect(try EngineHost.parse("ssh://box/") == .ssh(SSHDestination(host: "box")))
        for bad in [
            "ssh://", "ssh://me:secret@box", "ssh://box:abc", "ssh://-oProxyCommand=x", "ssh://box?x=1", "ssh://@box",
        ] {
            #expect(throws: EngineError.unsupportedHost(bad)) { try EngineHost.parse(bad) }
        }
        let destination = SSHDestination(user: "me", host: "fe80::1", port: 2222, socketPath: "/s.sock")
        #expect(destination.description == "ssh://me@[fe80::1]:2222/s.sock")
        #expect(SSHDestination(url: destination.description) == destination)
    }

    @Test func warnings() {
        #expect(EngineHost.tcp(host: "127.0.0.1", port: 2375, tls: nil).securityWarning == nil)
        #expect(EngineHost.tcp(host: "localhost", port: 2375, tls: nil).securityWarning == nil)
        #expect(EngineHost.tcp(host: "::1", port: 2375, tls: nil).securityWarning == nil)
        let plain = EngineHost.tcp(host: "10.1.2.3", port: 2375, tls: nil)
        #expect(plain.securityWarning?.contains("unencrypted tcp to 10.1.2.3") == true)
        #expect(EngineHost.tcp(host: "10.1.2.3", port: 2376, tls: TLSOptions(verify: true)).securityWarning == nil)
        #expect(
            EngineHost.tcp(host: "127.0.0.1", port: 2376, tls: TLSOptions(verify: false)).securityWarning?.contains(
                "without verification") == true)
        #expect(EngineHost.unixSocket(path: "/x").securityWarning == nil)
        #expect(EngineHost.ssh(SSHDestination(host: "box")).securityWarning == nil)
        #expect(EngineHost.isLoopback("127.8.9.10") && EngineHost.isLoopback("::ffff:127.0.0.1"))
        #expect(
            !EngineHost.isLoopback("128.0.0.1") && !EngineHost.isLoopback("127.0.0") && !EngineHost.isLoopback("box"))
        #expect(EngineHost.ssh(SSHDestination(host: "box")).isRemote && !EngineHost.unixSocket(path: "/x").isRemote)
    }

    @Test func tlsResolvesLikeTheDockerCLI() throws {
        let home = ["HOME": "/home/u"]
        let everything: (String) -> Bool = { _ in true }
        let nothing: (String) -> Bool = { _ in false }
        // Off unless something turns it on.
        #expect(TLSOptions.resolve(flags: TLSFlags(), environment: home, fileExists: everything) == nil)
        // DOCKER_TLS_VERIFY: verified, certificates from ~/.docker.
        #expect(
            TLSOptions.resolve(
                flags: TLSFlags(), environment: home.merging(["DOCKER_TLS_VERIFY": "1"]) { $1 }, fileExists: everything)
                == TLSOptions(
                    verify: true, caCertificatePath: "/home/u/.docker/ca.pem",
                    certificatePath: "/home/u/.docker/cert.pem",
                    keyPath: "/home/u/.docker/key.pem"))
        // DOCKER_CERT_PATH moves them; missing default client files are left out, the CA is not.
        let certPath = home.merging(["DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": "/certs"]) { $1 }
        #expect(
            TLSOptions.resolve(flags: TLSFlags(), environment: certPath, fileExists: nothing)
                == TLSOptions(verify: true, caCertificatePath: "/certs/ca.pem"))
        // --tls alone: TLS without verification and without a CA.
        #expect(
            TLSOptions.resolve(flags: TLSFlags(tls: true), environment: home, fileExists: nothing)
                == TLSOptions(verify: false))
        // --tlsverify=false given explicitly still means TLS, unverified, even with DOCKER_TLS_VERIFY set.
        #expect(
            TLSOptions.resolve(flags: TLSFlags(tlsVerify: false), environment: certPath, fileExists: nothing)
                == TLSOptions(verify: false))
        // Flags name files, which are kept even when missing (connecting reports them).
        let flags = TLSFlags(tlsVerify: true, caCertificatePath: "/x/ca", certificatePath: "/x/c", keyPath: "/x/k")
        #expect(
            TLSOptions.resolve(flags: flags, environment: home, fileExists: nothing)
                == TLSOptions(verify: true, caCertificatePath: "/x/ca", certificatePath: "/x/c", keyPath: "/x/k"))
        // DOCKER_CONFIG moves the default directory.
        #expect(
            TLSOptions.certificateDirectory(environment: ["DOCKER_CONFIG": "/cfg", "HOME": "/home/u"]) == "/cfg")
        // EngineHost.resolve reads the TLS variables for tcp:// only.
        let env = ["DOCKER_HOST": "tcp://box", "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": "/nonexistent"]
        #expect(
            try EngineHost.resolve(flag: nil, environment: env)
                == .tcp(
                    host: "box", port: 2376, tls: TLSOptions(verify: true, caCertificatePath: "/nonexistent/ca.pem")))
        #expect(try EngineHost.resolve(flag: "unix:///s", environment: env) == .unixSocket(path: "/s"))
    }

    /// A docker CLI configuration directory with contexts, laid out as `docker context create` lays it out.
    struct ConfigDirectory {
        let path: String

        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("berth-ctx-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }

        func write(_ text: String, to relative: String) throws {
            let url = URL(fileURLWithPath: path + "/" + relative)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }

        func addContext(
            _ name: String, host: String, description: String = "", skipTLSVerify: Bool = false, tlsFiles: [String] = []
        )
            throws
        {
            let digest = SHA256.hexDigest(name)
            try write(
                """
                {"Name":"\(name)","Metadata":{"Description":"\(description)"},\
                "Endpoints":{"docker":{"Host":"\(host)","SkipTLSVerify":\(skipTLSVerify)}}}
                """, to: "contexts/meta/\(digest)/meta.json")
            for file in tlsFiles { try write("PEM", to: "contexts/tls/\(digest)/docker/\(file)") }
        }

        func remove() { try? FileManager.default.removeItem(atPath: path) }
    }

    @Test func contextPrecedence() throws {
        let config = try ConfigDirectory()
        defer { config.remove() }
        try config.addContext("remote", host: "ssh://me@box", description: "the box")
        try config.addContext("secure", host: "tcp://box:2376", tlsFiles: ["ca.pem", "cert.pem", "key.pem"])
        try config.addContext("current", host: "unix:///current.sock")
        try config.write(#"{"auths":{},"currentContext":"current"}"#, to: "config.json")
        let base = ["DOCKER_CONFIG": config.path]
        func resolve(_ flags: HostFlags, _ extra: [String: String] = [:]) throws -> ResolvedHost {
            try HostResolution.resolve(flags, environment: base.merging(extra) { $1 })
        }
        let ssh = EngineHost.ssh(SSHDestination(user: "me", host: "box"))

        // currentContext from config.json when nothing else is said.
        #expect(
            try resolve(HostFlags())
                == ResolvedHost(
                    host: .unixSocket(path: "/current.sock"), contextName: "current", source: .currentContext))
        // DOCKER_CONTEXT wins over currentContext.
        #expect(
            try resolve(HostFlags(), ["DOCKER_CONTEXT": "remote"])
                == ResolvedHost(host: ssh, contextName: "remote", source: .contextEnvironment))
        // DOCKER_HOST wins over DOCKER_CONTEXT and currentContext.
        #expect(
            try resolve(HostFlags(), ["DOCKER_CONTEXT": "remote", "DOCKER_HOST": "unix:///env.sock"])
                == ResolvedHost(host: .unixSocket(path: "/env.sock"), contextName: "default", source: .hostEnvironment))
        // --host wins over DOCKER_HOST.
        #expect(
            try resolve(HostFlags(host: "/flag.sock"), ["DOCKER_HOST": "unix:///env.sock"])
                == ResolvedHost(host: .unixSocket(path: "/flag.sock"), contextName: "default", source: .hostFlag))
        // --context wins over DOCKER_HOST and DOCKER_CONTEXT.
        #expect(
            try resolve(HostFlags(context: "remote"), ["DOCKER_HOST": "unix:///env.sock", "DOCKER_CONTEXT": "current"])
                == ResolvedHost(host: ssh, contextName: "remote", source: .contextFlag))
        // --context with --host is refused, as by the docker CLI.
        #expect(throws: HostConfigurationError.conflictingOptions("either --host or --context, not both")) {
            try resolve(HostFlags(host: "/x", context: "remote"))
        }
        // The default context is DOCKER_HOST, else the default socket, with the TLS flags.
        #expect(
            try resolve(HostFlags(context: "default", tls: TLSFlags(tls: true)), ["DOCKER_HOST": "tcp://h:1"])
                == ResolvedHost(
                    host: .tcp(host: "h", port: 1, tls: TLSOptions(verify: false)), contextName: "default",
                    source: .contextFlag))
        #expect(try resolve(HostFlags(context: "default")).host == .unixSocket(path: "/var/run/docker.sock"))
        // A stored context brings its TLS files.
        let tlsDir = "\(config.path)/contexts/tls/\(SHA256.hexDigest("secure"))/docker"
        #expect(
            try resolve(HostFlags(context: "secure")).host
                == .tcp(
                    host: "box", port: 2376,
                    tls: TLSOptions(
                        verify: true, caCertificatePath: "\(tlsDir)/ca.pem", certificatePath: "\(tlsDir)/cert.pem",
                        keyPath: "\(tlsDir)/key.pem")))
        #expect(throws: HostConfigurationError.contextNotFound("nope")) { try resolve(HostFlags(context: "nope")) }
        #expect(throws: HostConfigurationError.contextNotFound("nope")) {
            try resolve(HostFlags(), ["DOCKER_CONTEXT": "nope"])
        }
        // Nothing at all: the default socket.
        let empty = try ConfigDirectory()
        defer { empty.remove() }
        #expect(
            try HostResolution.resolve(HostFlags(), environment: ["DOCKER_CONFIG": empty.path])
                == ResolvedHost(
                    host: .unixSocket(path: "/var/run/docker.sock"), contextName: "default", source: .defaultSocket))
    }

    @Test func contextTLSVariants() throws {
        let config = try ConfigDirectory()
        defer { config.remove() }
        try config.addContext("skip", host: "tcp://box:2376", skipTLSVerify: true, tlsFiles: ["ca.pem"])
        try config.addContext("systemroots", host: "tcp://box:2376", tlsFiles: ["cert.pem", "key.pem"])
        try config.addContext("plain", host: "tcp://10.0.0.9:2375")
        try config.addContext("halfpair", host: "tcp://box:2376", tlsFiles: ["ca.pem", "cert.pem"])
        let store = DockerContextStore(configDirectory: config.path)
        let tlsDir = { (name: String) in "\(config.path)/contexts/tls/\(SHA256.hexDigest(name))/docker" }
        #expect(try store.context(named: "skip")?.tls == TLSOptions(verify: false))
        #expect(
            try store.context(named: "systemroots")?.tls
                == TLSOptions(
                    verify: true, certificatePath: tlsDir("systemroots") + "/cert.pem",
                    keyPath: tlsDir("systemroots") + "/key.pem"))
        #expect(try store.context(named: "plain")?.tls == nil)
        #expect(try store.context(named: "plain")?.engineHost().securityWarning != nil)
        #expect(
            try store.context(named: "halfpair")?.tls
                == TLSOptions(verify: true, caCertificatePath: tlsDir("halfpair") + "/ca.pem"))
    }

    @Test func listingContexts() throws {
        let config = try ConfigDirectory()
        defer { config.remove() }
        try config.addContext("zeta", host: "ssh://z", description: "last")
        try config.addContext("alpha", host: "tcp://a:2376", description: "first", tlsFiles: ["ca.pem"])
        // A broken context does not hide the others.
        try config.write("{not json", to: "contexts/meta/\(SHA256.hexDigest("broken"))/meta.json")
        let listed = HostResolution.contexts(environment: [
            "DOCKER_CONFIG": config.path, "DOCKER_HOST": "unix:///e.sock",
        ])
        #expect(listed.map(\.name) == ["default", "alpha", "zeta"])
        #expect(listed.map(\.endpoint) == ["unix:///e.sock", "tcp://a:2376", "ssh://z"])
        #expect(listed.map(\.description) == ["Current DOCKER_HOST based configuration", "first", "last"])
        #expect(listed[1].tls?.verify == true && listed[2].tls == nil)
        #expect(
            HostResolution.contexts(environment: ["DOCKER_CONFIG": config.path])[0].endpoint
                == "unix:///var/run/docker.sock")
        // The broken one is reported when asked for by name.
        #expect(throws: HostConfigurationError.self) {
            try DockerContextStore(configDirectory: config.path).context(named: "broken")
        }
        try config.write("[", to: "config.json")
        #expect(throws: HostConfigurationError.self) {
            try HostResolution.resolve(HostFlags(), environment: ["DOCKER_CONFIG": config.path])
        }
    }
}
