import DashboardCore
import DashboardFixtures
import EngineAPI
import Testing

@Suite struct SecretMaskTests {
    @Test func namesThatSaySecret() {
        for name in [
            "PASSWORD", "DB_PASSWORD", "MYSQL_ROOT_PASSWORD", "POSTGRES_PASSWD", "GITHUB_TOKEN", "API_KEY", "APIKEY",
            "AWS_SECRET_ACCESS_KEY", "SECRETKEY", "GOOGLE_APPLICATION_CREDENTIALS", "REDIS_PASS", "SENTRY_DSN",
            "private_key", "Session-Cookie",
        ] {
            #expect(SecretMask.isSecretName(name), "\(name) should be hidden")
        }
        for name in ["PATH", "HOME", "PWD", "MONKEY", "KEYBOARD_LAYOUT", "HOSTNAME", "LANG", "TZ", "PASSENGER_APP"] {
            #expect(!SecretMask.isSecretName(name), "\(name) is not a secret")
        }
    }

    @Test func urlsWithAPasswordAreSecretWhateverTheirName() {
        #expect(SecretMask.carriesPassword("postgres://app:s3cret@db:5432/app"))
        #expect(SecretMask.carriesPassword("redis://:hunter2@cache:6379"))
        #expect(!SecretMask.carriesPassword("https://example.org/path"))
        #expect(!SecretMask.carriesPassword("postgres://app@db/app"))
        #expect(
            SecretMask.maskedEntry("DATABASE_URL=postgres://app:s3cret@db/app") == "DATABASE_URL="
                + SecretMask.placeholder)
        #expect(SecretMask.maskedEntry("PATH=/usr/bin") == nil)
        #expect(SecretMask.maskedEntry("EMPTY_PASSWORD=") == nil)
    }

    static func document() throws -> JSONValue {
        try JSONValue.parse(
            """
            {"Id":"abc","Config":{"Env":["PATH=/usr/bin","DB_PASSWORD=hunter2","DATABASE_URL=mysql://u:pw@db/x"],
             "Labels":{"API_KEY":"not-an-env"}}}
            """)
    }

    @Test func theTreeAndCopiesHideSecretsUntilRevealedForThatContainerOnly() throws {
        var state = Fixtures.state(size: .init(width: 120, height: 40))
        _ = Fixtures.press(&state, .character("4"))
        let first = try #require(state.selection)
        _ = Dashboard.reduce(&state, .inspect(.loaded(container: first, document: try Self.document())))
        #expect(state.inspect.hiddenSecrets == 2)
        let text = state.inspect.tree.map { tree in tree.nodes.indices.map { tree.copyText(of: $0) }.joined() } ?? ""
        #expect(!text.contains("hunter2") && !text.contains(":pw@"))
        #expect(text.contains("PATH=/usr/bin"))
        _ = Fixtures.press(&state, .character("R"))
        let revealed =
            state.inspect.tree.map { tree in tree.nodes.indices.map { tree.copyText(of: $0) }.joined() } ?? ""
        #expect(revealed.contains("hunter2"))
        // Another container: hidden again.
        _ = Fixtures.press(&state, .tab, .character("j"))
        let second = try #require(state.selection)
        #expect(second != first)
        _ = Dashboard.reduce(&state, .inspect(.loaded(container: second, document: try Self.document())))
        #expect(state.inspect.hiddenSecrets == 2)
    }
}
