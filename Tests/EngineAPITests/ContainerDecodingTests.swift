import EngineAPI
import Foundation
import Testing

@Suite("Decoding recorded container JSON")
struct ContainerDecodingTests {
    @Test func listFromRealEngineHasEveryState() throws {
        let rows = try JSONCoding.decode([ContainerSummary].self, from: Fixture.bytes("containers-list.json"))
        #expect(rows.count == 12)
        let byName = Dictionary(uniqueKeysWithValues: rows.map { ($0.displayName, $0) })
        #expect(byName["web-1"]?.lifecycle == .running)
        #expect(byName["idle-paused"]?.lifecycle == .paused)
        #expect(byName["idle-paused"]?.status == "Up 2 minutes (Paused)")
        #expect(byName["fresh-created"]?.lifecycle == .created)
        #expect(byName["batch-ok"]?.status == "Exited (0) 4 minutes ago")
        #expect(byName["batch-killed"]?.status == "Exited (137) 4 minutes ago")
        let web = try #require(byName["web-1"])
        #expect(web.image == "berth-test/busybox:latest")
        #expect(web.command == "sleep 100000")
        #expect(web.ports == [])
        #expect(web.labels?["com.docker.compose.service"] == "web")
        #expect(web.shortID.count == 12)
        #expect(web.imageID?.hasPrefix("sha256:") == true)
    }

    @Test func edgeCasesDecodeWithoutLosingRows() throws {
        let rows = try JSONCoding.decode([ContainerSummary].self, from: Fixture.bytes("containers-list-edge.json"))
        #expect(rows.count == 4)

        let ports = rows[0]
        #expect(ports.ports?.count == 3)
        #expect(ports.ports?.first == PortBinding(ip: "0.0.0.0", privatePort: 80, publicPort: 8080, type: "tcp"))
        #expect(ports.ports?.last == PortBinding(privatePort: 443, type: "tcp"))
        #expect(ports.status == "Up 3 hours (healthy)")

        let unnamed = rows[1]
        #expect(unnamed.names == [])
        #expect(unnamed.displayName == "222222222222")
        #expect(unnamed.ports == nil)
        #expect(unnamed.labels == nil)
        #expect(unnamed.imageID == nil)

        let podman = rows[2]
        #expect(podman.displayName == "podman-style")
        #expect(podman.lifecycle == .created)

        let bare = rows[3]
        #expect(bare.names == nil)
        #expect(bare.state == nil)
        #expect(bare.lifecycle == .unknown)
    }

    @Test func truncatedListIsADecodingErrorAtEveryLength() throws {
        // Without the trailing newline, so that every proper prefix is incomplete JSON.
        let full = Array(try Fixture.text("containers-list-edge.json").trimmingTrailingWhitespace().utf8)
        for length in 0..<full.count {
            #expect(throws: EngineError.self) {
                _ = try JSONCoding.decode([ContainerSummary].self, from: Array(full.prefix(length)))
            }
        }
        let real = Array(try Fixture.text("containers-list.json").trimmingTrailingWhitespace().utf8)
        for length in stride(from: 0, to: real.count, by: 97) {
            do {
                _ = try JSONCoding.decode([ContainerSummary].self, from: Array(real.prefix(length)))
                Issue.record("a list cut at \(length) bytes decoded")
            } catch {
                guard case .decoding = error else {
                    Issue.record("expected .decoding, got \(error)")
                    return
                }
            }
        }
    }

    @Test func wrongShapeNamesTheType() {
        #expect(
            throws: EngineError.decoding(
                "Array<ContainerSummary>: Expected to decode Array<Any> but found a dictionary instead.")
        ) {
            _ = try JSONCoding.decode([ContainerSummary].self, from: Array(#"{"message":"x"}"#.utf8))
        }
        do {
            _ = try JSONCoding.decode([ContainerSummary].self, from: Array(#"[{"Names":[]}]"#.utf8))
            Issue.record("a row without Id decoded")
        } catch {
            #expect(error == .decoding("Array<ContainerSummary>: missing Id at [0]"))
        }
    }

    @Test func inspectOfRunningAndPausedContainers() throws {
        let running = try JSONCoding.decode(ContainerInspect.self, from: Fixture.bytes("inspect-running.json"))
        #expect(running.name == "/web-1")
        #expect(running.state?.status == "running")
        #expect(running.state?.running == true)
        #expect(running.state?.paused == false)
        #expect((running.state?.pid ?? 0) > 0)
        #expect(running.config?.tty == false)
        #expect(running.config?.image == "berth-test/busybox:latest")
        #expect(running.state?.health == nil)

        let paused = try JSONCoding.decode(ContainerInspect.self, from: Fixture.bytes("inspect-paused.json"))
        #expect(paused.state?.status == "paused")
        #expect(paused.state?.paused == true)
        #expect(paused.state?.running == true)
    }

    @Test func versionAndProduct() throws {
        let version = try JSONCoding.decode(EngineVersionResponse.self, from: Fixture.bytes("version.json"))
        #expect(version.version == "20.10.24+dfsg1")
        #expect(version.apiVersion == "1.41")
        #expect(version.os == "linux")
        #expect(version.product == "Docker Engine")
        let podman = EngineVersionResponse(
            version: "5.2.0", apiVersion: "1.41", os: "linux",
            components: [.init(name: "Podman Engine", version: "5.2.0")])
        #expect(podman.product == "Podman Engine")
        #expect(EngineVersionResponse().product == "Engine")
    }
}

extension String {
    fileprivate func trimmingTrailingWhitespace() -> String {
        var text = Substring(self)
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
