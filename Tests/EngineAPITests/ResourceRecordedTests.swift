import EngineAPI
import Foundation
import Testing

/// Volumes, networks, disk usage, removal and prune, on answers recorded from Docker 20.10 and Podman 4.3 holding
/// the same objects (see `Fixtures/README.md`).
@Suite("Volumes, networks, df and prune recordings")
struct ResourceRecordedTests {
    static func decode<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        try JSONCoding.decode(type, from: try Fixture.bytes(name))
    }

    @Test func volumeListsOfBothEngines() throws {
        let docker = try Self.decode(VolumeList.self, "volumes-docker.json").volumes ?? []
        #expect(docker.map(\.name).sorted().last == "views-unused")
        #expect(Set(docker.map(\.name)).isSuperset(of: ["views-data", "views-unused"]))
        #expect(docker.allSatisfy { $0.driver == "local" && $0.usageData == nil })
        #expect(docker.first { $0.name == "views-data" }?.mountpoint?.hasSuffix("/volumes/views-data/_data") == true)
        let podman = try Self.decode(VolumeList.self, "volumes-podman.json").volumes ?? []
        #expect(Set(podman.map(\.name)).isSuperset(of: ["pm-data", "pm-unused"]))
        #expect(podman.allSatisfy { LogTimestamp.parse($0.createdAt ?? "") != nil })
    }

    @Test func danglingVolumesAreTheUnusedOnes() throws {
        #expect(
            try Self.decode(VolumeList.self, "volumes-dangling-docker.json").volumes?.map(\.name) == ["views-unused"])
        #expect(try Self.decode(VolumeList.self, "volumes-dangling-podman.json").volumes?.map(\.name) == ["pm-unused"])
    }

    @Test func networkListsOfBothEngines() throws {
        let docker = try Self.decode([NetworkSummary].self, "networks-docker.json")
        #expect(docker.map(\.name) == ["none", "host", "views-conf", "views-conf2"])
        let conf = try #require(docker.first { $0.name == "views-conf" })
        #expect(conf.configOnly == true && conf.subnets == ["10.231.0.0/24"] && conf.gateways == ["10.231.0.1"])
        #expect(docker.allSatisfy { ($0.containers ?? [:]).isEmpty })
        let podman = try Self.decode([NetworkSummary].self, "networks-podman.json")
        #expect(podman.map(\.name) == ["views-pm", "views-pm2", "bridge"])
        #expect(podman.first { $0.name == "views-pm" }?.containers?.values.compactMap(\.name) == ["pm-onnet"])
        #expect(podman.first { $0.name == "bridge" }?.subnets == ["10.88.0.0/16"])
        // Podman's internal network has the gateway `<nil>`: none.
        #expect(podman.first { $0.name == "views-pm" }?.gateways == [])
    }

    @Test func containersSayWhatTheyMountAndWhereTheyAreAttached() throws {
        let docker = try Self.decode([ContainerSummary].self, "containers-mounts-docker.json")
        let user = try #require(docker.first { $0.displayName == "views-user" })
        #expect(user.volumeNames.contains("views-data") && user.volumeNames.count == 2)
        #expect(user.networkKeys.contains("none"))
        // A stopped Docker container names its network but has no ID for it.
        let stopped = try #require(docker.first { $0.displayName == "views-stopped" })
        #expect(stopped.networkKeys == ["none"] && stopped.volumeNames.isEmpty)
        let podman = try Self.decode([ContainerSummary].self, "containers-mounts-podman.json")
        #expect(podman.first { $0.displayName == "pm-onnet" }?.networkKeys == ["views-pm"])
        #expect(podman.first { $0.displayName == "pm-user" }?.networkKeys == [])
        #expect(podman.first { $0.displayName == "pm-user" }?.volumeNames.contains("pm-data") == true)
    }

    /// The four lines `docker system df` printed for the same engines at the same moment.
    @Test func diskUsageLinesAreTheDockerCLIs() throws {
        func cells(_ usage: DiskUsage) -> [[String]] {
            usage.lines.map { line in
                [
                    line.kind.rawValue, String(line.total), String(line.active), String(line.size),
                    String(line.reclaimable), line.reclaimablePercent.map { "\($0)%" } ?? "-",
                ]
            }
        }
        let docker = try Self.decode(DiskUsage.self, "system-df-docker.json")
        #expect(
            cells(docker) == [
                ["Images", "3", "1", "1984241", "1984241", "100%"],
                ["Containers", "2", "1", "0", "0", "-"],
                ["Local Volumes", "3", "2", "0", "0", "-"],
                ["Build Cache", "0", "0", "0", "0", "-"],
            ])
        // Podman's LayersSize is 0 (the docker CLI turns it into a negative reclaimable size): berth sums the images,
        // as `podman system df` does (2.131MB), and the one image is in use.
        let podman = try Self.decode(DiskUsage.self, "system-df-podman.json")
        #expect(
            cells(podman) == [
                ["Images", "1", "1", "2131032", "0", "0%"],
                ["Containers", "3", "1", "12", "0", "0%"],
                ["Local Volumes", "3", "2", "0", "0", "-"],
                ["Build Cache", "0", "0", "0", "0", "-"],
            ])
        #expect(podman.volumes?.allSatisfy { $0.driver == "" && $0.usageData?.size == 0 } == true)
        // Two images, one committed from the other, one in use: summed whole and half reclaimable, as `podman system
        // df` says (4.267MB, 2.136MB (50%)).
        let two = DiskUsage(
            layersSize: 0,
            images: [
                ImageSummary(id: "a", size: 2_131_032, sharedSize: 2_131_032, containers: 1),
                ImageSummary(id: "b", size: 2_136_000, sharedSize: 2_131_032, containers: 0),
            ])
        #expect(cells(two)[0] == ["Images", "2", "1", "4267032", "2136000", "50%"])
    }

    @Test func imageRemovalSaysWhatWentAndTheEnginesReasonWhenItRefuses() throws {
        let deleted = try Self.decode([ImageDeleteItem].self, "image-delete-docker.json")
        #expect(deleted.compactMap(\.untagged) == ["views/committed:v1"])
        #expect(deleted.compactMap(\.deleted).count == 2)
        #expect(try Self.decode([ImageDeleteItem].self, "image-delete-untag-podman.json").compactMap(\.deleted).isEmpty)
        let docker = EngineError.fromResponse(
            status: 409, body: try Fixture.bytes("error-409-image-in-use-docker.json"))
        #expect(docker.description.hasPrefix("conflict: unable to remove repository reference"))
        #expect(docker.description.contains("is using its referenced image"))
        let podman = EngineError.fromResponse(
            status: 409, body: try Fixture.bytes("error-409-image-in-use-podman.json"))
        #expect(podman.description.contains("is in use"))
        let volume = EngineError.fromResponse(
            status: 409, body: try Fixture.bytes("error-409-volume-in-use-docker.json"))
        #expect(
            volume
                == .conflict(
                    "remove views-data: volume is in use - [7ba38e2149698b90e557771ad47c122ef2baf906875351cb1998d8fd386f20a5]"
                ))
        let podmanVolume = EngineError.fromResponse(
            status: 409, body: try Fixture.bytes("error-409-volume-in-use-podman.json"))
        #expect(podmanVolume.description.hasPrefix("volume pm-data is being used"))
    }

    @Test func pruneReportsInEachEnginesShape() throws {
        let images = try Self.decode(PruneReport.self, "prune-images-docker.json")
        #expect(images.removed(.danglingImages) == ["e47f01303255ce7e901fcc41fbe05dd92df53ff2ed6458e40558c0393c2af9f8"])
        let podmanImages = try Self.decode(PruneReport.self, "prune-images-podman.json")
        #expect(podmanImages.removed(.danglingImages).first?.hasPrefix("81475c875ee8") == true)
        #expect(podmanImages.spaceReclaimed == 11331)
        #expect(try Self.decode(PruneReport.self, "prune-volumes-docker.json").removed(.volumes) == ["views-unused"])
        #expect(try Self.decode(PruneReport.self, "prune-volumes-podman.json").removed(.volumes) == ["pm-unused"])
        #expect(try Self.decode(PruneReport.self, "prune-networks-docker.json").removed(.networks) == [])
        #expect(try Self.decode(PruneReport.self, "prune-networks-podman.json").removed(.networks) == ["views-pm2"])
        #expect(try Self.decode(PruneReport.self, "prune-containers-podman.json").removed(.containers).count == 2)
        #expect(try Self.decode(PruneReport.self, "prune-build-docker.json").removed(.buildCache) == [])
    }

    /// The preview computed from the recorded lists names exactly what the recorded prune removed.
    @Test func previewsFromTheListsEqualWhatThePrunesRemoved() throws {
        func check(_ kind: PruneKind, _ preview: [PruneItem], _ report: String) throws {
            let outcome = PruneOutcome(kind: kind, preview: preview, report: try Self.decode(PruneReport.self, report))
            #expect(outcome.matchesPreview, "\(report): kept \(outcome.kept), unexpected \(outcome.unexpected)")
        }
        let dockerContainers = try Self.decode([ContainerSummary].self, "containers-mounts-docker.json")
        let podmanContainers = try Self.decode([ContainerSummary].self, "containers-mounts-podman.json")
        try check(
            .danglingImages,
            PrunePlan.images(
                try Self.decode([ImageSummary].self, "images-dangling-docker.json"), containers: dockerContainers),
            "prune-images-docker.json")
        try check(
            .danglingImages,
            PrunePlan.images(
                try Self.decode([ImageSummary].self, "images-dangling-podman.json"), containers: podmanContainers),
            "prune-images-podman.json")
        try check(
            .volumes, PrunePlan.volumes(try Self.decode(VolumeList.self, "volumes-dangling-docker.json").volumes ?? []),
            "prune-volumes-docker.json")
        try check(
            .volumes, PrunePlan.volumes(try Self.decode(VolumeList.self, "volumes-dangling-podman.json").volumes ?? []),
            "prune-volumes-podman.json")
        try check(
            .networks,
            PrunePlan.networks(
                try Self.decode([NetworkSummary].self, "networks-docker.json"), containers: dockerContainers,
                podman: false),
            "prune-networks-docker.json")
        try check(
            .networks,
            PrunePlan.networks(
                try Self.decode([NetworkSummary].self, "networks-podman.json"), containers: podmanContainers,
                podman: true),
            "prune-networks-podman.json")
        try check(.containers, PrunePlan.containers(dockerContainers), "prune-containers-docker.json")
        try check(.containers, PrunePlan.containers(podmanContainers), "prune-containers-podman.json")
    }

    @Test func anOutcomeSaysWhatDifferedFromThePreview() {
        let preview = [PruneItem(id: "sha256:aaa", name: "a", size: 10), PruneItem(id: "sha256:bbb", name: "b")]
        let report = PruneReport(
            imagesDeleted: [
                ImageDeleteItem(untagged: "x:1"), ImageDeleteItem(deleted: "aaa"),
                ImageDeleteItem(deleted: "sha256:ccc"),
            ], spaceReclaimed: 42)
        let outcome = PruneOutcome(kind: .danglingImages, preview: preview, report: report)
        #expect(outcome.removed.map(\.name) == ["a"])
        #expect(outcome.kept.map(\.name) == ["b"])
        #expect(outcome.unexpected == ["ccc"])
        #expect(outcome.untagged == ["x:1"])
        #expect(outcome.spaceReclaimed == 42)
        #expect(!outcome.matchesPreview)
        // Docker's report names deleted layers too: with the engine's image IDs known, a layer is no surprise.
        let layers = PruneReport(imagesDeleted: [
            ImageDeleteItem(deleted: "sha256:aaa"), ImageDeleteItem(deleted: "sha256:f00"),
        ])
        let known = PruneOutcome(kind: .unusedImages, preview: [preview[0]], report: layers, known: ["aaa", "bbb"])
        #expect(known.matchesPreview && known.unexpected.isEmpty)
        let unknown = PruneOutcome(kind: .unusedImages, preview: [preview[0]], report: layers)
        #expect(unknown.unexpected == ["f00"])
    }

    @Test func pruneRequestsCarryTheEnginesFilters() {
        let version = APIVersion(major: 1, minor: 41)
        let images = Endpoints.prune(.danglingImages, untilNanos: 1_796_518_804_000_000_042)
        #expect(images.path == "/images/prune")
        #expect(images.query.first?.1 == #"{"dangling":["true"],"until":["1796518804.000000042"]}"#)
        #expect(images.uri(version: version).hasPrefix("/v1.41/images/prune?filters=%7B%22dangling%22"))
        // Volume prune takes no `until` on API 1.41.
        #expect(Endpoints.prune(.volumes, untilNanos: 100).query.isEmpty)
        #expect(Endpoints.prune(.buildCache, untilNanos: nil).path == "/build/prune")
        #expect(
            Endpoints.removeImage("berth-test/busybox:latest", force: true).uri(
                version: APIVersion(major: 1, minor: 41))
                == "/v1.41/images/berth-test%2Fbusybox%3Alatest?force=1")
        #expect(Endpoints.listVolumes(dangling: true).query.first?.1 == #"{"dangling":["true"]}"#)
    }
}
