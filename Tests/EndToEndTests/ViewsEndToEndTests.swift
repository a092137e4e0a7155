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

    /// Switches the running berth to `view` with the command line.
    static func show(_ view: String, in session: TmuxSession) throws {
        try session.send(":")
        try session.sendLiteral(view)
        try session.send("Enter")
    }

    static func unique(_ hint: String) -> String { "e2e-\(hint)-\(UUID().uuidString.prefix(6).lowercased())" }

    /// `:volumes` and `:networks` on both engines: each engine's objects on its own rows, with the containers using
    /// them and the measured sizes; a network removed after the question that names it.
    @Test func volumesAndNetworksOfBothEngines() throws {
        let docker = try E2E.requireHost()
        let podman = try PodmanEndToEndTests.requireHost()
        let volume = Self.unique("vol")
        let network = Self.unique("net")
        let user = Self.unique("user")
        for (address, flag) in [(docker, "--config-only"), (podman, "--internal")] {
            try E2E.docker(["volume", "create", volume], host: address)
            try E2E.docker(["network", "create", flag, "--subnet", "10.239.20.0/24", network], host: address)
            try E2E.docker(
                ["create", "--name", user, "--network", "none", "-v", "\(volume):/data", E2E.image, "true"],
                host: address)
        }
        defer {
            for address in [docker, podman] {
                _ = try? E2E.docker(["rm", "-f", user], host: address, allowFailure: true)
                _ = try? E2E.docker(["volume", "rm", volume], host: address, allowFailure: true)
                _ = try? E2E.docker(["network", "rm", network], host: address, allowFailure: true)
            }
        }
        let session = try MultiHostEndToEndTests.berthOnBoth("e2e-volumes", docker: docker, podman: podman)
        defer { session.kill() }
        try session.waitFor("NAME")
        try Self.show("volumes", in: session)
        try session.waitFor("VOLUME NAME")
        for host in ["docker", "podman"] {
            let found = try E2E.waitUntil(10) {
                let row = MultiHostEndToEndTests.row(try session.screen(), host: host, name: volume)
                return row?.contains(user) == true
            }
            let screen = try session.screen()
            #expect(found, "\(host)'s \(volume) with its user \(user) is not listed:\n\(screen)")
        }
        try session.waitFor("sizes measured")
        try Self.show("networks", in: session)
        try session.waitFor("SUBNET")
        for host in ["docker", "podman"] {
            let found = try E2E.waitUntil(10) {
                MultiHostEndToEndTests.row(try session.screen(), host: host, name: network)?.contains("10.239.20.0/24")
                    == true
            }
            let screen = try session.screen()
            #expect(found, "\(host)'s \(network) is not listed:\n\(screen)")
        }
        // Remove podman's network: rows of one name go by engine, docker's first; the question names the engine.
        try session.filter(network, thenWaitFor: network)
        try session.send("j")
        try session.send("D")
        try session.waitFor("Remove network \(network)")
        try session.waitFor("on podman?")
        try session.send("y")
        let gone = try E2E.waitUntil(10) {
            !(try E2E.docker(["network", "ls", "--format", "{{.Name}}"], host: podman)).contains(network)
        }
        #expect(gone, "podman's \(network) is still there")
        #expect(try E2E.docker(["network", "ls", "--format", "{{.Name}}"], host: docker).contains(network))
        try session.waitForAbsence("podman  \(network)")
        try session.send("q")
    }

    /// A volume in use: the engine's reason on screen, and no force offered.
    @Test func removingAVolumeInUseShowsTheEnginesReason() throws {
        let docker = try E2E.requireHost()
        let volume = Self.unique("busy")
        let user = Self.unique("busy")
        try E2E.docker(["volume", "create", volume], host: docker)
        try E2E.docker(
            ["create", "--name", user, "--network", "none", "-v", "\(volume):/data", E2E.image, "true"], host: docker)
        defer {
            _ = try? E2E.docker(["rm", "-f", user], host: docker, allowFailure: true)
            _ = try? E2E.docker(["volume", "rm", volume], host: docker, allowFailure: true)
        }
        let session = try TmuxSession.berth("e2e-volume-busy", host: docker)
        defer { session.kill() }
        try session.waitFor("NAME")
        try Self.show("volumes", in: session)
        try session.filter(volume, thenWaitFor: user)
        try session.send("D")
        try session.waitFor("Remove volume \(volume)?")
        try session.send("y")
        try session.waitFor("volume is in use")
        #expect(!(try session.screen()).contains("force"))
        try session.send("Escape")
        try session.waitForAbsence("volume is in use -")
        #expect(try E2E.docker(["volume", "ls", "--format", "{{.Name}}"], host: docker).contains(volume))
        // Enter: the volume's whole document; any other key closes it.
        try session.send("Enter")
        try session.waitFor("inspect volume \(volume)")
        try session.waitFor("\"Mountpoint\":")
        try session.send("Escape")
        try session.waitForAbsence("\"Mountpoint\":")
        try session.send("q")
    }

    /// `P` in `:volumes`: the preview lists every unused volume of both engines, `y` prunes, and the result says the
    /// engines removed exactly that.
    @Test func pruneVolumesPreviewThenPrune() throws {
        let docker = try E2E.requireHost()
        let podman = try PodmanEndToEndTests.requireHost()
        let spare = Self.unique("spare")
        let kept = Self.unique("kept")
        let user = Self.unique("keeper")
        for address in [docker, podman] {
            try E2E.docker(["volume", "create", spare], host: address)
            try E2E.docker(["volume", "create", kept], host: address)
            try E2E.docker(
                ["create", "--name", user, "--network", "none", "-v", "\(kept):/data", E2E.image, "true"],
                host: address)
        }
        defer {
            for address in [docker, podman] {
                _ = try? E2E.docker(["rm", "-f", user], host: address, allowFailure: true)
                _ = try? E2E.docker(["volume", "rm", spare, kept], host: address, allowFailure: true)
            }
        }
        let session = try MultiHostEndToEndTests.berthOnBoth("e2e-prune", docker: docker, podman: podman)
        defer { session.kill() }
        try session.waitFor("NAME")
        try Self.show("volumes", in: session)
        // Both engines' rows first: an engine still connecting would be left out of the prune.
        for host in ["docker", "podman"] {
            let listed = try E2E.waitUntil(10) {
                MultiHostEndToEndTests.row(try session.screen(), host: host, name: spare) != nil
            }
            #expect(listed, "\(host)'s \(spare) is not listed")
        }
        try session.send("P")
        try session.waitFor("A prune would remove")
        // What the dialog box says (the table's rows show through around it).
        let preview = try session.screen().split(separator: "\n").compactMap { line -> String? in
            guard let first = line.firstIndex(of: "│"), let last = line.lastIndex(of: "│"), first < last else {
                return nil
            }
            return String(line[line.index(after: first)..<last])
        }.joined(separator: "\n")
        #expect(preview.contains("docker:") && preview.contains("podman:"))
        #expect(preview.components(separatedBy: spare).count - 1 == 2, "both spares in:\n\(preview)")
        #expect(!preview.contains(kept), "a volume in use is in the preview:\n\(preview)")
        try session.send("y")
        try session.waitFor("as previewed", seconds: 30)
        for address in [docker, podman] {
            let volumes = try E2E.docker(["volume", "ls", "--format", "{{.Name}}"], host: address)
            #expect(!volumes.contains(spare) && volumes.contains(kept), "\(address): \(volumes)")
        }
        try session.send("Escape")
        try session.waitForAbsence("as previewed")
        try session.send("q")
    }
}
