import Foundation
import Testing

/// A Podman pod under `P`, on the real binary: grouped under one row, folded, stopped as a whole, removed whole. The
/// pods are made with the podman CLI pointed at the test Podman's socket (the docker CLI cannot make pods); an infra
/// container, where there is one, runs the test image (there is no pause image to pull here).
@Suite(.serialized, .enabled(if: E2E.podmanEnabled)) struct PodsEndToEndTests {
    @discardableResult
    static func podman(_ arguments: [String], host: String, allowFailure: Bool = false) throws -> String {
        try E2E.run(["podman", "--url", host] + arguments, allowFailure: allowFailure)
    }

    @Test func podIsGroupedFoldedAndStoppedAsAWhole() throws {
        let host = try PodsEndToEndTests.requireHost()
        let pod = "e2epod"
        let names = ["web", "db", "cache"].map { "\(pod)-\($0)" }
        _ = try? Self.podman(["pod", "rm", "-f", pod], host: host, allowFailure: true)
        try Self.podman(["pod", "create", "--infra=false", "--name", pod], host: host)
        defer { _ = try? Self.podman(["pod", "rm", "-f", pod], host: host, allowFailure: true) }
        for name in names {
            try Self.podman(
                ["run", "-d", "--pod", pod, "--network", "none", "--name", name, E2E.image, "sleep", "100000"],
                host: host)
        }
        let session = try TmuxSession.berth("e2e-pods", host: host, width: 140, height: 40)
        defer { session.kill() }
        try session.filter(pod, thenWaitFor: names[0])
        try session.send("P")
        try session.waitFor("▾ pod \(pod)")
        try session.waitFor("3/3 running")
        try ProjectEndToEndTests.foldThenStopTheGroup(titled: "pod \(pod)", names: names, host: host, in: session)
    }

    /// `D` on a pod's row: the question names the pod and lists its containers, the infra container too; `y`
    /// removes the pod with all of them, the running ones included.
    @Test func removingAPodRowRemovesThePodWithItsInfraContainer() throws {
        let host = try PodsEndToEndTests.requireHost()
        let pod = "e2erm"
        _ = try? Self.podman(["pod", "rm", "-f", pod], host: host, allowFailure: true)
        // The infra container runs the test image: the default one would be a pause image built from catatonit.
        try Self.podman(
            [
                "pod", "create", "--name", pod, "--network", "none", "--infra-image", E2E.image, "--infra-command",
                "sleep 100000", "--infra-name", "\(pod)-infra",
            ], host: host)
        defer { _ = try? Self.podman(["pod", "rm", "-f", pod], host: host, allowFailure: true) }
        try Self.podman(["create", "--pod", pod, "--name", "\(pod)-web", E2E.image, "sleep", "100000"], host: host)
        try Self.podman(["create", "--pod", pod, "--name", "\(pod)-db", E2E.image, "sleep", "100000"], host: host)
        try Self.podman(["pod", "start", pod], host: host)
        try Self.podman(["stop", "-t", "0", "\(pod)-db"], host: host)

        let session = try TmuxSession.berth("e2e-pod-rm", host: host, width: 140, height: 40)
        defer { session.kill() }
        try session.filter(pod, thenWaitFor: "\(pod)-web")
        try session.send("P")
        try session.waitFor("▾ pod \(pod)")
        try session.waitFor("2/3 running")
        try session.send("g")
        try session.send("D")
        try session.waitFor("Remove pod \(pod) and its 3 containers?")
        let question = try session.screen()
        for name in ["infra", "web", "db"] {
            #expect(question.contains("  \(pod)-\(name)"), "\(pod)-\(name) is not listed:\n\(question)")
        }
        #expect(!question.contains("anonymous volumes"), "Podman's pod removal keeps volumes:\n\(question)")
        try session.send("y")
        let gone = try E2E.waitUntil(30) {
            try !Self.podman(["pod", "ps", "--format", "{{.Name}}"], host: host).contains(pod)
        }
        #expect(gone, "the pod is still there")
        try session.waitFor("Removed pod \(pod) and its containers", seconds: 15)
        // The status line names the containers removed; the list has none left.
        try session.waitFor("No containers match")
        let left = try Self.podman(["ps", "-a", "--format", "{{.Names}}"], host: host)
        #expect(!left.contains(pod), "containers left: \(left)")
        try session.send("q")
    }

    static func requireHost() throws -> String { try PodmanEndToEndTests.requireHost() }
}
