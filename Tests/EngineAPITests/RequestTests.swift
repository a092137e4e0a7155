import EngineAPI
import Foundation
import Testing

@Suite("Requests, versions and hosts")
struct RequestTests {
    let v141 = APIVersion(major: 1, minor: 41)

    @Test func uris() {
        #expect(Endpoints.ping.uri(version: v141) == "/_ping")
        #expect(Endpoints.version.uri(version: v141) == "/v1.41/version")
        #expect(Endpoints.listContainers().uri(version: v141) == "/v1.41/containers/json?all=1")
        #expect(Endpoints.listContainers(all: false).uri(version: v141) == "/v1.41/containers/json?all=0")
        #expect(
            Endpoints.listContainers(ids: ["abc", "def"]).uri(version: v141)
                == "/v1.41/containers/json?all=1&filters=%7B%22id%22%3A%5B%22abc%22%2C%22def%22%5D%7D")
        #expect(Endpoints.inspectContainer("web-1").uri(version: v141) == "/v1.41/containers/web-1/json")
        #expect(Endpoints.inspectContainer("a/b c?").uri(version: v141) == "/v1.41/containers/a%2Fb%20c%3F/json")
        #expect(Endpoints.inspectContainer("한").uri(version: v141) == "/v1.41/containers/%ED%95%9C/json")
        #expect(Endpoints.stop("x").uri(version: v141) == "/v1.41/containers/x/stop")
        #expect(Endpoints.stop("x", timeout: 3).uri(version: v141) == "/v1.41/containers/x/stop?t=3")
        #expect(Endpoints.restart("x", timeout: 0).uri(version: v141) == "/v1.41/containers/x/restart?t=0")
        #expect(Endpoints.kill("x", signal: "SIGHUP").uri(version: v141) == "/v1.41/containers/x/kill?signal=SIGHUP")
        #expect(
            Endpoints.remove("x", force: true, volumes: false).uri(version: v141) == "/v1.41/containers/x?force=1&v=0")
        #expect(Endpoints.remove("x", force: true, volumes: false).method == .delete)
        #expect(Endpoints.pause("x").method == .post)
        #expect(
            Endpoints.containerEvents(since: 17).uri(version: APIVersion(major: 1, minor: 47))
                == "/v1.47/events?since=17&filters=%7B%22type%22%3A%5B%22container%22%5D%7D")
        #expect(
            Endpoints.containerEvents().uri(version: v141)
                == "/v1.41/events?filters=%7B%22type%22%3A%5B%22container%22%5D%7D")
    }

    @Test func createContainerBody() throws {
        let request = Endpoints.createContainer(
            name: "berth-it-1", image: "berth-test/busybox:latest", cmd: ["sleep", "100"], labels: ["k": "v"])
        #expect(request.method == .post)
        #expect(request.uri(version: v141) == "/v1.41/containers/create?name=berth-it-1")
        let body = try #require(request.jsonBody)
        #expect(
            String(decoding: body, as: UTF8.self)
                == #"{"Cmd":["sleep","100"],"HostConfig":{"NetworkMode":"none"},"Image":"berth-test\/busybox:latest","#
                + #""Labels":{"k":"v"},"Tty":false}"#)
        let unnamed = Endpoints.createContainer(image: "busybox")
        #expect(unnamed.uri(version: v141) == "/v1.41/containers/create")
        let decoded = try JSONCoding.decode(ContainerCreateBody.self, from: unnamed.jsonBody ?? [])
        #expect(decoded == ContainerCreateBody(image: "busybox", tty: false, hostConfig: .init(networkMode: "none")))
        let response = try JSONCoding.decode(
            ContainerCreateResponse.self, from: Array(#"{"Id":"abc","Warnings":[]}"#.utf8))
        #expect(response == ContainerCreateResponse(id: "abc", warnings: []))
    }

    @Test func negotiate() {
        #expect(APIVersion.negotiate(engineVersion: "1.41") == v141)
        #expect(APIVersion.negotiate(engineVersion: "1.43") == APIVersion(major: 1, minor: 43))
        #expect(APIVersion.negotiate(engineVersion: "1.51") == APIVersion.newestKnown)
        #expect(APIVersion.negotiate(engineVersion: "2.0") == APIVersion.newestKnown)
        #expect(APIVersion.negotiate(engineVersion: nil) == APIVersion.oldestSupported)
        #expect(APIVersion.negotiate(engineVersion: "banana") == APIVersion.oldestSupported)
        #expect(APIVersion.negotiate(engineVersion: "1.41.2") == APIVersion.oldestSupported)
        #expect(APIVersion("1.44\n") == APIVersion(major: 1, minor: 44))
        #expect(APIVersion(major: 1, minor: 9) < APIVersion(major: 1, minor: 10))
        #expect(APIVersion(major: 1, minor: 41).description == "1.41")
    }

    @Test func resolveHost() throws {
        #expect(try EngineHost.resolve(flag: nil, environment: [:]) == .unixSocket(path: "/var/run/docker.sock"))
        #expect(
            try EngineHost.resolve(flag: nil, environment: ["DOCKER_HOST": ""])
                == .unixSocket(path: "/var/run/docker.sock"))
        #expect(
            try EngineHost.resolve(flag: "unix:///tmp/e/docker.sock", environment: [:])
                == .unixSocket(path: "/tmp/e/docker.sock"))
        #expect(try EngineHost.resolve(flag: "unix://", environment: [:]) == .unixSocket(path: "/var/run/docker.sock"))
        #expect(
            try EngineHost.resolve(flag: "/run/podman/podman.sock", environment: [:])
                == .unixSocket(path: "/run/podman/podman.sock"))
        // The flag wins over the environment, the environment over the default.
        let env = ["DOCKER_HOST": "unix:///from/env.sock"]
        #expect(
            try EngineHost.resolve(flag: "/from/flag.sock", environment: env) == .unixSocket(path: "/from/flag.sock"))
        #expect(try EngineHost.resolve(flag: nil, environment: env) == .unixSocket(path: "/from/env.sock"))
        #expect(
            try EngineHost.resolve(flag: "tcp://127.0.0.1:2375", environment: [:])
                == .tcp(host: "127.0.0.1", port: 2375, tls: nil))
        #expect(
            try EngineHost.resolve(flag: nil, environment: ["DOCKER_HOST": "ssh://me@box"])
                == .ssh(SSHDestination(user: "me", host: "box")))
        // A flag that is unsupported is not silently replaced by a usable environment.
        #expect(throws: EngineError.unsupportedHost("npipe:////./pipe/docker_engine")) {
            try EngineHost.resolve(flag: "npipe:////./pipe/docker_engine", environment: env)
        }
        #expect(EngineHost.unixSocket(path: "/x.sock").description == "unix:///x.sock")
    }

    @Test func pingHeaders() throws {
        let lines = try Fixture.text("ping-headers.txt").split(separator: "\r\n").dropFirst()
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingPrefix(" ").description)
        }
        let ping = EnginePing(headers: headers)
        #expect(ping.apiVersion == v141)
        #expect(ping.announcedAPIVersion == "1.41")
        #expect(ping.osType == "linux")
        // Date: Mon, 23 Nov 2026 04:12:27 GMT
        #expect(ping.engineTime == 1_795_407_147)
        let bare = EnginePing(headers: [])
        #expect(bare.apiVersion == APIVersion.oldestSupported)
        #expect(bare.engineTime == nil)
        #expect(EnginePing(headers: [("API-VERSION", "1.45")]).apiVersion == APIVersion(major: 1, minor: 45))
    }

    /// The ping's `Server` header names the engine exactly as `/version` does, on both engines (headers and version
    /// bodies recorded from Docker 20.10 and Podman 4.3), so a connect needs no `/version`.
    @Test func pingNamesTheEngineAsVersionDoes() throws {
        for (ping, version) in [
            ("ping-headers.txt", "version.json"), ("podman43-ping-headers.txt", "podman43-version.json"),
        ] {
            let lines = try Fixture.text(ping).split(separator: "\r\n").dropFirst()
            let headers = lines.compactMap { line -> (String, String)? in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line[..<colon]), line[line.index(after: colon)...].trimmingPrefix(" ").description)
            }
            let named = try #require(EnginePing(headers: headers).engineInfo, "\(ping)")
            let body = try JSONCoding.decode(EngineVersionResponse.self, from: Fixture.bytes(version))
            #expect(named.product == body.product, "\(ping)")
            #expect(named.version == body.version, "\(ping)")
            #expect(named.os == body.os, "\(ping)")
        }
    }

    @Test func pingWithoutAKnownServerLeavesTheNameToVersion() {
        for server in [nil, "", "Docker", "Docker/", "nginx/1.25.3", "Libpod"] {
            let headers = [("Api-Version", "1.41")] + (server.map { [("Server", $0)] } ?? [])
            #expect(EnginePing(headers: headers).engineInfo == nil, "\(server ?? "no header")")
        }
        let docker = EnginePing(headers: [("Server", "Docker/24.0.7")]).engineInfo
        #expect(docker?.displayName == "Docker Engine 24.0.7")
        #expect(docker?.os == nil)
    }

    @Test func httpDates() {
        #expect(HTTPDate.epochSeconds(from: "Thu, 01 Jan 1970 00:00:00 GMT") == 0)
        #expect(HTTPDate.epochSeconds(from: "Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
        #expect(HTTPDate.epochSeconds(from: "Tue, 29 Feb 2000 12:00:00 GMT") == 951_825_600)
        #expect(HTTPDate.epochSeconds(from: "Fri, 31 Dec 2038 23:59:59 GMT") == 2_177_452_799)
        for bad in [
            "", "yesterday", "Sun, 06 Nov 1994 08:49:37 UTC", "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 32 Nov 1994 08:49:37 GMT",
        ] {
            #expect(HTTPDate.epochSeconds(from: bad) == nil, "\(bad)")
        }
    }
}
