import EngineAPI
import EngineClient
import Testing

/// tcp:// with TLS against a real dockerd started with `--tlsverify` on loopback (`scripts/test-tls`).
@Suite("TLS engine", .enabled(if: RemoteTestEnvironment.hasTLS), .serialized)
struct TLSIntegrationTests {
    @Test func verifiedConnectionWorksAndReusesConnections() async throws {
        let host = try RemoteTestEnvironment.tcpHost(
            "BERTH_TEST_TLS_HOST", tls: try RemoteTestEnvironment.verifiedTLS())
        let (client, info) = try await EngineClient.connect(host: host, timeout: .seconds(10))
        #expect(info.product.isEmpty == false || info.version.isEmpty == false)
        #expect(client.connectionMethod == .tls(verified: true))
        #expect(host.securityWarning == nil)
        for _ in 0..<20 { _ = try await client.listContainers() }
        #expect(try await client.send(Endpoints.ping).status == 200)
    }

    @Test func wrongCAIsRefusedWithTheReason() async throws {
        let host = try RemoteTestEnvironment.tcpHost(
            "BERTH_TEST_TLS_HOST", tls: try RemoteTestEnvironment.verifiedTLS(ca: "other-ca.pem"))
        let error = await engineError(within: .seconds(10)) { _ = try await EngineClient.connect(host: host) }
        #expect(error?.description.contains("not signed by a trusted CA") == true, "\(String(describing: error))")
    }

    @Test func expiredCertificateIsRefusedWithTheDate() async throws {
        let host = try RemoteTestEnvironment.tcpHost(
            "BERTH_TEST_TLS_EXPIRED_HOST", tls: try RemoteTestEnvironment.verifiedTLS())
        let error = await engineError(within: .seconds(10)) { _ = try await EngineClient.connect(host: host) }
        #expect(error?.description.contains("expired on 2020-01-02") == true, "\(String(describing: error))")
    }

    @Test func wrongHostNameIsRefused() async throws {
        let host = try RemoteTestEnvironment.tcpHost(
            "BERTH_TEST_TLS_ALT_HOST", tls: try RemoteTestEnvironment.verifiedTLS())
        let error = await engineError(within: .seconds(10)) { _ = try await EngineClient.connect(host: host) }
        #expect(error?.description.contains("wrong host name") == true, "\(String(describing: error))")
    }

    @Test func missingClientCertificateIsRefusedByTheEngine() async throws {
        let tls = TLSOptions(verify: true, caCertificatePath: try RemoteTestEnvironment.certificate("ca.pem"))
        let host = try RemoteTestEnvironment.tcpHost("BERTH_TEST_TLS_HOST", tls: tls)
        let error = await engineError(within: .seconds(10)) { _ = try await EngineClient.connect(host: host) }
        #expect(error?.description.contains("client certificate") == true, "\(String(describing: error))")
    }

    @Test func unverifiedTLSConnectsButWarns() async throws {
        let tls = TLSOptions(
            verify: false, certificatePath: try RemoteTestEnvironment.certificate("cert.pem"),
            keyPath: try RemoteTestEnvironment.certificate("key.pem"))
        // Even the expired certificate is accepted when verification is off, as with `docker --tls`.
        let host = try RemoteTestEnvironment.tcpHost("BERTH_TEST_TLS_ALT_HOST", tls: tls)
        let (client, _) = try await EngineClient.connect(host: host, timeout: .seconds(10))
        #expect(client.connectionMethod == .tls(verified: false))
        #expect(host.securityWarning?.contains("without verification") == true)
    }

    @Test func plainHTTPToATLSPortIsExplained() async throws {
        let host = try RemoteTestEnvironment.tcpHost("BERTH_TEST_TLS_HOST", tls: nil)
        let error = await engineError(within: .seconds(10)) { _ = try await EngineClient.connect(host: host) }
        #expect(error?.description.contains("HTTPS") == true, "\(String(describing: error))")
    }

    @Test func missingCertificateFileIsNamed() async throws {
        let tls = TLSOptions(verify: true, caCertificatePath: "/nonexistent/ca.pem")
        let host = try RemoteTestEnvironment.tcpHost("BERTH_TEST_TLS_HOST", tls: tls)
        let error = await engineError(within: .seconds(5)) { _ = try await EngineClient.connect(host: host) }
        #expect(error?.description.contains("/nonexistent/ca.pem") == true, "\(String(describing: error))")
    }
}

extension TLSIntegrationTests {
    @Test func everyOperationWorksOverTLS() async throws {
        let host = try RemoteTestEnvironment.tcpHost(
            "BERTH_TEST_TLS_HOST", tls: try RemoteTestEnvironment.verifiedTLS())
        let (client, _) = try await EngineClient.connect(host: host, timeout: .seconds(10))
        try await RemoteExercise.run(client, hint: "tls")
    }
}
