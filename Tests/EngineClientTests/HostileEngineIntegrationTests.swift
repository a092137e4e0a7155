import EngineAPI
import EngineClient
import Foundation
import Testing

/// What real engines do that is large or odd: a 10 MB inspect document (a container with 10,000 labels of 1 KB), and
/// API versions the engine does not speak.
@Suite("Large and odd answers from real engines", .serialized)
struct HostileEngineIntegrationTests {
    /// 10,000 labels of 1,000 bytes: the list row and the inspect document are each over 10 MB.
    static let bigLabels = Dictionary(
        uniqueKeysWithValues: (0..<10_000).map { ("berth.test.big.\($0)", String(repeating: "x", count: 1000)) })

    static func tenMegabyteDocument(_ client: EngineClient) async throws {
        let created = try await client.decode(
            ContainerCreateResponse.self,
            Endpoints.createContainer(
                name: TestEngine.uniqueName("big"), image: TestEngine.image, cmd: ["sleep", "100000"],
                labels: bigLabels.merging(["berth.test": "1"]) { $1 }))
        do {
            try await readBack(created.id, from: client)
        } catch {
            try? await client.remove(created.id, force: true, volumes: true)
            throw error
        }
        try await client.remove(created.id, force: true, volumes: true)
    }

    static func readBack(_ id: String, from client: EngineClient) async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let row = try await client.listContainers(ids: [id])
        #expect(row.first?.labels?.count == bigLabels.count + 1)
        let inspect = try await client.inspectContainer(id)
        #expect(inspect.config?.image?.hasSuffix(TestEngine.image) == true)
        let document = try await client.inspectDocument(id)
        #expect(document.count > 10_000_000)
        let value = try JSONValue.parse(document)
        #expect(value["Config"]?["Labels"]?.members?.count == bigLabels.count + 1)
        #expect(value["Id"] == .string(id))
        // Far inside the 30 s request deadline even in a debug build on a loaded machine.
        #expect(clock.now - start < .seconds(25))
    }

    @Test(.enabled(if: TestEngine.shouldRun)) func tenMegabyteInspectFromDocker() async throws {
        try await Self.tenMegabyteDocument(try await TestEngine.client())
    }

    @Test(.enabled(if: TestPodman.shouldRun)) func tenMegabyteInspectFromPodman() async throws {
        try await Self.tenMegabyteDocument(try await TestPodman.client())
    }

    /// Docker refuses versions outside its range with its own message, which berth shows as it is.
    @Test(.enabled(if: TestEngine.shouldRun)) func dockerRefusesVersionsItDoesNotSpeak() async throws {
        let host = try TestEngine.host()
        let newer = EngineClient(host: host, apiVersion: APIVersion(major: 1, minor: 99))
        await #expect(
            throws: EngineError.badRequest("client version 1.99 is too new. Maximum supported API version is 1.41")
        ) {
            _ = try await newer.listContainers()
        }
        let older = EngineClient(host: host, apiVersion: APIVersion(major: 1, minor: 0))
        do {
            _ = try await older.listContainers()
            Issue.record("Docker accepted API 1.0")
        } catch let error as EngineError {
            guard case .badRequest(let message) = error else {
                Issue.record("expected .badRequest, got \(error)")
                return
            }
            #expect(message.hasPrefix("client version 1.0 is too old. Minimum supported API version is"))
        }
        // Negotiation never asks for more than the engine announced.
        let (client, _) = try await EngineClient.connect(host: host)
        #expect(client.apiVersion <= APIVersion(major: 1, minor: 41))
    }

    /// Podman 4.3 answers any version the same way.
    @Test(.enabled(if: TestPodman.shouldRun)) func podmanAnswersVersionsItDoesNotKnow() async throws {
        let host = try await TestPodman.client().host
        for version in [APIVersion(major: 1, minor: 99), APIVersion(major: 1, minor: 0)] {
            _ = try await EngineClient(host: host, apiVersion: version).listContainers()
        }
    }
}
