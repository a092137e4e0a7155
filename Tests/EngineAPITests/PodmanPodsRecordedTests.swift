import EngineAPI
import Testing

/// Pod membership as a real Podman 4.3.1 gives it: two pods (`web` without an infra container, `withinfra` with one)
/// and a container in no pod.
@Suite("Podman 4.3 pods")
struct PodmanPodsRecordedTests {
    @Test func compatibleListSaysNothingAboutPods() throws {
        let rows = try JSONCoding.decode(
            [ContainerSummary].self, from: try Fixture.bytes("podman43-containers-list-pods.json"))
        #expect(Set(rows.map(\.displayName)) == ["web-a", "web-b", "a3d1d39ec04c-infra", "wi-app", "loner"])
        // No label, no field: what berth reads for every engine cannot tell a pod's containers apart.
        #expect(rows.allSatisfy { ($0.labels ?? [:]).isEmpty })
    }

    @Test func podmansOwnListNamesEachContainersPod() throws {
        let membership = try PodMembership.decode(try Fixture.bytes("podman43-libpod-containers-pods.json"))
        let rows = try JSONCoding.decode(
            [ContainerSummary].self, from: try Fixture.bytes("podman43-containers-list-pods.json"))
        func pod(_ name: String) -> PodMembership.Pod? {
            rows.first { $0.displayName == name }.flatMap { membership.pods[$0.id] }
        }
        // Every container of the compatible list is covered, by the same IDs.
        #expect(membership.listed == Set(rows.map(\.id)))
        #expect(pod("web-a")?.name == "web")
        #expect(pod("web-b") == pod("web-a"))
        #expect(pod("web-a")?.id.hasPrefix("fe0adb6230a1") == true)
        #expect(pod("wi-app")?.name == "withinfra")
        #expect(pod("a3d1d39ec04c-infra")?.name == "withinfra")
        #expect(pod("loner") == nil)
        let infra = try #require(rows.first { $0.displayName == "a3d1d39ec04c-infra" })
        #expect(membership.infra == [infra.id])
    }

    @Test func oddAnswersDecodeOrFailWithoutCrashing() throws {
        #expect(try PodMembership.decode(Array("null".utf8)) == PodMembership())
        #expect(try PodMembership.decode(Array("[]".utf8)) == PodMembership())
        // Missing fields: no ID is no row; a pod without a name is named by its short ID.
        let sparse = try PodMembership.decode(
            Array(#"[{}, {"Id": "c1", "Pod": "0123456789abcdef"}, {"Id": "c2", "Pod": ""}]"#.utf8))
        #expect(sparse.listed == ["c1", "c2"])
        #expect(sparse.pods == ["c1": PodMembership.Pod(id: "0123456789abcdef", name: "0123456789ab")])
        #expect(throws: EngineError.self) { try PodMembership.decode(Array(#"{"message": "no"}"#.utf8)) }
        #expect(throws: EngineError.self) { try PodMembership.decode(Array(#"[{"Id": 7}]"#.utf8)) }
    }
}
