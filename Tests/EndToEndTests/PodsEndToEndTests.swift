import Foundation
import Testing

/// A Podman pod under `P`, on the real binary: grouped under one row, folded, stopped as a whole. The pod is made
/// with the podman CLI pointed at the test Podman's socket (the docker CLI cannot make pods), without an infra
/// container (there is no pause image to pull here).
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

    static func requireHost() throws -> String { try PodmanEndToEndTests.requireHost() }
}
