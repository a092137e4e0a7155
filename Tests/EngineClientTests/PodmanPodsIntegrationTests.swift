import DashboardCore
import EngineAPI
import EngineClient
import Foundation
import Testing

/// A pod on a real Podman, through the client and the core: the compatible list the monitor reads says nothing of
/// pods, Podman's own list does, and the core asks it only when a container is new.
@Suite("Real Podman pods", .serialized, .enabled(if: TestPodman.shouldRun))
struct PodmanPodsIntegrationTests {
    static let host = HostID("podman")

    static func json(_ object: [String: Any]) throws -> [UInt8] {
        Array(try JSONSerialization.data(withJSONObject: object))
    }

    /// A container made with Podman's own API: the compatible one cannot put a container in a pod.
    static func create(_ client: EngineClient, name: String, pod: String?) async throws -> String {
        var spec: [String: Any] = [
            "name": name, "image": TestEngine.image, "command": ["sleep", "100000"], "netns": ["nsmode": "none"],
        ]
        if let pod { spec["pod"] = pod }
        let response = try await client.send(
            EngineRequest(.post, "/libpod/containers/create", jsonBody: try json(spec)))
        return try JSONCoding.decode(ContainerCreateResponse.self, from: response.body).id
    }

    /// What the runtime does with `Effect.pods`: one request to Podman's own list.
    static func answer(_ effects: [Effect], _ client: EngineClient, into state: inout AppState) async throws {
        guard effects.count == 1, case .pods(host, let question) = effects[0] else {
            Issue.record("not one question to \(host.name): \(effects)")
            return
        }
        let response = try await client.send(Endpoints.podmanContainers)
        let membership = try PodMembership.decode(response.body)
        #expect(Dashboard.reduce(&state, .pods(.answered(host, question: question, membership))).isEmpty)
    }

    @Test func aPodWithoutInfraContainerIsGroupedAndANewMemberIsAskedAbout() async throws {
        let client = try await TestPodman.client()
        let pod = TestEngine.uniqueName("pod")
        // No infra container: there is no pause image to pull here.
        _ = try await client.send(
            EngineRequest(.post, "/libpod/pods/create", jsonBody: try Self.json(["name": pod, "no_infra": true])))
        var loner: String?
        do {
            let first = try await Self.create(client, name: pod + "-a", pod: pod)
            _ = try await Self.create(client, name: pod + "-b", pod: pod)
            loner = try await Self.create(client, name: pod + "-loner", pod: nil)
            try await client.start(first)

            let rows = try await client.listContainers(all: true)
            #expect(rows.filter { $0.displayName.hasPrefix(pod) }.allSatisfy { ($0.labels ?? [:]).isEmpty })
            var state = AppState(
                size: .init(width: 120, height: 40), hosts: [HostState(id: Self.host, address: "podman")])
            _ = Dashboard.reduce(&state, .engineConnected(Self.host, try await client.engineInfo()))
            #expect(Dashboard.reduce(&state, .containersChanged(Self.host, rows)).isEmpty, "not grouped yet")
            try await Self.answer(Dashboard.reduce(&state, .key(.character("P"))), client, into: &state)

            func podRow() -> ContainerSummary? {
                state.visibleContainers.first { ProjectGrouping.isPodRow($0.ref) && $0.displayName == "pod " + pod }
            }
            let row = try #require(podRow(), "no pod row in \(state.visibleContainers.map(\.displayName))")
            #expect(row.status == "1/2 running")
            let shown = state.visibleContainers
            let index = try #require(shown.firstIndex(of: row))
            #expect(Set(shown[(index + 1)...].prefix(2).map(\.displayName)) == [pod + "-a", pod + "-b"])
            #expect(!shown.contains { $0.displayName == pod + "-loner" && ProjectGrouping.isPodRow($0.ref) })

            // The same list again: nothing to ask. A container joins the pod: one question, and it is in.
            #expect(Dashboard.reduce(&state, .containersChanged(Self.host, rows)).isEmpty)
            _ = try await Self.create(client, name: pod + "-c", pod: pod)
            let effects = Dashboard.reduce(
                &state, .containersChanged(Self.host, try await client.listContainers(all: true)))
            try await Self.answer(effects, client, into: &state)
            #expect(podRow()?.status == "1/3 running")
        } catch {
            Issue.record("\(error)")
        }
        _ = try? await client.send(
            EngineRequest(.delete, "/libpod/pods/\(pod)", query: [("force", "true")]))
        if let loner { try? await client.remove(loner, force: true, volumes: true) }
    }

    /// `D` on a pod's row, then what the runtime does with its effect: Podman removes the pod with its containers,
    /// the running ones and the infra container too, which it refuses to remove on its own.
    @Test func removingAPodRowRemovesThePodItsInfraContainerAndItsMembers() async throws {
        let client = try await TestPodman.client()
        let pod = TestEngine.uniqueName("pod")
        // An infra container from the test image: the default one would be a pause image built from catatonit.
        let created = try await client.send(
            EngineRequest(
                .post, "/libpod/pods/create",
                jsonBody: try Self.json([
                    "name": pod, "infra_image": TestEngine.image, "infra_command": ["sleep", "100000"],
                    "netns": ["nsmode": "none"],
                ])))
        let podID = try JSONCoding.decode(ContainerCreateResponse.self, from: created.body).id
        do {
            let running = try await Self.create(client, name: pod + "-a", pod: pod)
            _ = try await Self.create(client, name: pod + "-b", pod: pod)
            try await client.start(running)

            var state = AppState(
                size: .init(width: 120, height: 40), hosts: [HostState(id: Self.host, address: "podman")])
            _ = Dashboard.reduce(&state, .engineConnected(Self.host, try await client.engineInfo()))
            _ = Dashboard.reduce(&state, .containersChanged(Self.host, try await client.listContainers(all: true)))
            try await Self.answer(Dashboard.reduce(&state, .key(.character("P"))), client, into: &state)
            let row = try #require(
                state.visibleContainers.first { ProjectGrouping.isPodRow($0.ref) && $0.displayName == "pod " + pod })
            let members = try #require(ProjectGrouping.groups(state)[row.ref]?.members)
            #expect(members.count == 3, "the infra container is one of the pod's: \(members.map(\.displayName))")
            // Removing the infra container alone is what Podman refuses.
            let infra = try #require(members.first { $0.displayName.hasSuffix("-infra") })
            await #expect(throws: EngineError.self) { try await client.remove(infra.id, force: true, volumes: false) }

            state.selection = row.ref
            _ = Dashboard.reduce(&state, .key(.character("D")))
            let effects = Dashboard.reduce(&state, .key(.character("y")))
            guard effects.count == 1, case .removePod(let target, let force) = effects[0] else {
                Issue.record("not one pod removal: \(effects)")
                return
            }
            #expect(target.id == podID)
            #expect(force, "a member and the infra container run")
            try await client.removePod(target.id, force: force)
            _ = Dashboard.reduce(&state, .pods(.removed(target, error: nil)))
            #expect(state.status?.kind == .success)

            let left = try await client.listContainers(all: true).filter { $0.displayName.hasPrefix(pod) }
            #expect(left.isEmpty, "still listed: \(left.map(\.displayName))")
            let exists = try? await client.send(EngineRequest(.get, "/libpod/pods/\(pod)/exists"))
            #expect(exists == nil, "the pod is still there")
            // Asked again, Podman says there is no such pod, and berth words it.
            await #expect(throws: EngineError.self) { try await client.removePod(podID, force: true) }
        } catch {
            Issue.record("\(error)")
        }
        _ = try? await client.send(EngineRequest(.delete, "/libpod/pods/\(pod)", query: [("force", "true")]))
    }
}
