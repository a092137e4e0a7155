import EngineAPI
import Foundation
import Testing

/// Secrets, configs, the services that use them and their events, recorded from a real three-node swarm (see
/// `Fixtures/README.md`).
@Suite("Swarm secrets and configs recordings")
struct SwarmSecretsRecordedTests {
    static func decode<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        try JSONCoding.decode(type, from: try Fixture.bytes(name))
    }

    @Test func secretsSayNameLabelsAndDatesButNoData() throws {
        let secrets = try Self.decode([SwarmSecret].self, "swarm-secrets.json")
        #expect(secrets.map(\.name).sorted() == ["api_key", "db_password"])
        let password = try #require(secrets.first { $0.name == "db_password" })
        #expect(password.labelsText == "com.example.tier=db")
        #expect(password.createdAt?.hasPrefix("2026-") == true && password.id.count == 25)
        // The engine sends no data for a secret, in the list or the document.
        #expect(!(try Fixture.text("swarm-secrets.json")).contains("Data"))
        #expect(!(try Fixture.text("swarm-secret-inspect.json")).contains("Data"))
    }

    @Test func configsCarryTheirDataAsBase64() throws {
        let configs = try Self.decode([SwarmSecret].self, "swarm-configs.json")
        #expect(configs.map(\.name) == ["shop_nginx_conf", "blob_config"])
        #expect(configs[0].labelsText == "com.docker.stack.namespace=shop")
        #expect(SwarmConfigData.text("c2VydmVyIHsKICBsaXN0ZW4gODA7Cn0K") == "server {\n  listen 80;\n}\n")
        // blob_config's bytes are \0 \377 \376 "binary": not text.
        #expect(SwarmConfigData.text("AP/+YmluYXJ5") == nil && SwarmConfigData.size("AP/+YmluYXJ5") == 9)
        #expect(SwarmConfigData.text("not base64!") == nil)
        // Valid UTF-8 holding control characters (an escape sequence) is taken for a binary file: not shown.
        #expect(SwarmConfigData.text(Data("a\u{1B}[2Jb".utf8).base64EncodedString()) == nil)
        #expect(SwarmConfigData.text(Data("héllo\tworld\r\n".utf8).base64EncodedString()) == "héllo\tworld\r\n")
    }

    @Test func aConfigsDocumentShowsItsTextDecodedAndASecretsNeverItsData() throws {
        let config = try JSONValue.parse(try Fixture.bytes("swarm-config-inspect.json"))
        let lines = SwarmConfigData.inspectLines(config, secret: false)
        #expect(lines.contains { $0.contains(#""Data": "(24 bytes of text, shown below)""#) }, "\(lines)")
        #expect(!lines.contains { $0.contains("c2VydmVy") })
        #expect(Array(lines.suffix(5)) == ["", "Data:", "  server {", "    listen 80;", "  }"])
        let blob = try JSONValue.parse(
            #"{"ID":"x","Spec":{"Name":"blob_config","Labels":{},"Data":"AP/+YmluYXJ5"}}"#)
        let blobLines = SwarmConfigData.inspectLines(blob, secret: false)
        #expect(blobLines.contains { $0.contains(#""Data": "(9 bytes, not text: not shown)""#) })
        #expect(!blobLines.contains("Data:"))
        // Were an engine ever to send a secret's data, it is counted, never shown.
        let secret = try JSONValue.parse(#"{"ID":"y","Spec":{"Name":"pw","Data":"czNjcjN0"}}"#)
        let secretLines = SwarmConfigData.inspectLines(secret, secret: true)
        #expect(secretLines.contains { $0.contains(#""Data": "(6 bytes, not shown)""#) })
        #expect(!secretLines.joined().contains("czNjcjN0") && !secretLines.joined().contains("s3cr3t"))
        let recorded = try JSONValue.parse(try Fixture.bytes("swarm-secret-inspect.json"))
        #expect(
            SwarmConfigData.inspectLines(recorded, secret: true)
                == recorded.prettyText().split(
                    separator: "\n", omittingEmptySubsequences: false
                ).map(String.init))
    }

    @Test func servicesNameTheSecretsAndConfigsTheyMount() throws {
        let services = try Self.decode([SwarmService].self, "swarm-services-secrets.json")
        let byName = Dictionary(uniqueKeysWithValues: services.map { ($0.name, $0) })
        let db = try #require(byName["shop_db"]?.spec?.taskTemplate?.containerSpec)
        #expect(db.secrets?.map(\.secretName) == ["db_password"])
        #expect(db.configs?.map(\.configName) == ["shop_nginx_conf"])
        let web = try #require(byName["shop_web"]?.spec?.taskTemplate?.containerSpec)
        #expect(web.secrets?.map(\.secretName) == ["db_password", "api_key"] && web.configs == nil)
        #expect(byName["shop_web"]?.stack == "shop")
    }

    @Test func removingOneInUseIsRefusedWithTheServicesNamed() throws {
        let error = EngineError.fromResponse(status: 400, body: try Fixture.bytes("error-400-secret-in-use.json"))
        #expect(
            error.description.contains("secret 'db_password' is in use by the following services: shop_db, shop_web"))
    }

    @Test func secretAndConfigEventsNameWhatChanged() throws {
        let values = try Fixture.lines("swarm-events-secrets.jsonl").map { try JSONValue.parse($0) }
        #expect(
            values.compactMap { $0["Type"] } == [
                .string("secret"), .string("secret"), .string("config"), .string("config"),
            ])
        #expect(
            values.compactMap { $0["Action"] } == [
                .string("create"), .string("remove"), .string("create"), .string("remove"),
            ])
    }
}
