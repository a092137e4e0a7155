import EngineAPI
import Testing

@Suite struct HostSpecTests {
    @Test func namesComeFromTheSocketOrTheArgument() throws {
        let specs = try HostSpec.resolve(
            arguments: ["unix:///var/run/docker.sock", "pm=unix:///run/podman/podman.sock", "/tmp/x/docker.sock"],
            environment: [:])
        #expect(specs.map(\.name) == ["docker", "pm", "docker-2"])
        #expect(specs[1].host == .unixSocket(path: "/run/podman/podman.sock"))
    }

    @Test func noArgumentMeansDockerHostThenTheDefault() throws {
        #expect(try HostSpec.resolve(arguments: [], environment: [:]).map(\.name) == ["docker"])
        let fromEnvironment = try HostSpec.resolve(
            arguments: [], environment: ["DOCKER_HOST": "unix:///run/podman/podman.sock"])
        #expect(fromEnvironment == [HostSpec(name: "podman", host: .unixSocket(path: "/run/podman/podman.sock"))])
    }

    @Test func anEqualsSignInAPathIsNotAName() throws {
        let (name, host) = try HostSpec.parse("/tmp/a=b/engine.sock")
        #expect(name == nil)
        #expect(host == .unixSocket(path: "/tmp/a=b/engine.sock"))
    }

    @Test func aBadAddressThrows() {
        #expect(throws: EngineError.self) { try HostSpec.resolve(arguments: ["x=nonsense"], environment: [:]) }
    }
}
