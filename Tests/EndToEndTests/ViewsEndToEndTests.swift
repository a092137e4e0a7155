import Foundation
import Testing

/// `:images` on two real engines: the view lists what `docker image ls -a` lists on each, and follows a new tag.
@Suite(.serialized, .enabled(if: E2E.enabled && E2E.podmanEnabled)) struct ViewsEndToEndTests {
    @Test func imagesOfBothEnginesAndANewTagAppears() throws {
        let docker = try E2E.requireHost()
        let podman = try PodmanEndToEndTests.requireHost()
        let tag = "e2e-views/tagged:v1"
        _ = try? E2E.docker(["rmi", tag], host: docker, allowFailure: true)
        defer { _ = try? E2E.docker(["rmi", tag], host: docker, allowFailure: true) }
        let session = try MultiHostEndToEndTests.berthOnBoth("e2e-images", docker: docker, podman: podman)
        defer { session.kill() }
        try session.waitFor("NAME")
        try session.send(":")
        try session.sendLiteral("im")
        try session.send("Tab")
        try session.waitFor(":images")
        try session.send("Enter")
        try session.waitFor("REPOSITORY:TAG")
        // Every tag each engine lists, on a row of that engine.
        for (host, address) in [("docker", docker), ("podman", podman)] {
            let listed = try E2E.docker(["image", "ls", "-a", "--format", "{{.Repository}}:{{.Tag}}"], host: address)
            for line in listed.split(separator: "\n") where !line.isEmpty {
                let name = line == "<none>:<none>" ? "<none>:<none>" : String(line)
                let found = try E2E.waitUntil(5) {
                    try session.screen().split(separator: "\n").contains { $0.hasPrefix(host) && $0.contains(name) }
                }
                let screen = try session.screen()
                #expect(found, "\(host) \(name) is not listed:\n\(screen)")
            }
        }
        // Live: a new tag on Docker shows up without a key.
        try E2E.docker(["tag", E2E.image, tag], host: docker)
        try session.waitFor(tag)
        try session.send(":")
        try session.sendLiteral("containers")
        try session.send("Enter")
        try session.waitFor("NAME")
        try session.send("q")
    }
}
