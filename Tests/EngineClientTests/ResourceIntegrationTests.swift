import DashboardCore
import EngineAPI
import EngineClient
import Foundation
import Testing

/// The images, volumes, networks and df views, removal and prune against the real Docker engine and the real Podman:
/// each view lists what the docker CLI lists, an image in use is refused with the engine's reason, and every prune
/// removes exactly what its preview listed.
///
/// Every object is made here with the docker CLI (Podman's compatible API answers it too) under a `berth-it-views`
/// name and removed afterwards. A prune works on the whole engine: these tests run one at a time (`--no-parallel`)
/// on the private test engines, where nothing else is left lying about.
@Suite("Resource views and prune on real engines", .serialized, .enabled(if: TestEngine.shouldRun))
struct ResourceIntegrationTests {
    /// One of the two engines.
    struct Engine: CustomStringConvertible, Sendable {
        var name: String
        var address: String
        var podman: Bool
        var description: String { name }

        func client() async throws -> EngineClient {
            try await EngineClient.connect(
                host: try EngineHost.resolve(flag: address, environment: [:]), timeout: .seconds(30)
            ).0
        }

        /// Runs the docker CLI against this engine; throws with its output when it fails.
        @discardableResult
        func cli(_ arguments: [String], allowFailure: Bool = false) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["docker", "-H", address] + arguments
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("berth-it-\(UUID()).out")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            defer { try? FileManager.default.removeItem(at: output) }
            let handle = try FileHandle(forWritingTo: output)
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            try handle.close()
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if process.terminationStatus != 0, !allowFailure {
                throw CLIFailed(command: arguments.joined(separator: " "), output: text)
            }
            return text
        }

        /// The CLI's answer as trimmed, non-empty lines.
        func lines(_ arguments: [String]) throws -> [String] {
            try cli(arguments).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
        }

        /// The test image's ID on this engine.
        func testImageID() throws -> String {
            try cli(["image", "inspect", "-f", "{{.Id}}", TestEngine.image]).trimmingCharacters(
                in: .whitespacesAndNewlines)
        }
    }

    struct CLIFailed: Error, CustomStringConvertible {
        var command: String
        var output: String
        var description: String { "docker \(command): \(output)" }
    }

    static func engines() throws -> [Engine] {
        var engines: [Engine] = []
        if let docker = TestEngine.hostSetting {
            engines.append(Engine(name: "docker", address: docker, podman: false))
        }
        if let podman = TestPodman.hostSetting { engines.append(Engine(name: "podman", address: podman, podman: true)) }
        if TestPodman.shouldRun, TestPodman.hostSetting == nil {
            Issue.record("BERTH_REQUIRE_PODMAN=1 but BERTH_TEST_PODMAN_HOST is not set")
        }
        if engines.isEmpty { _ = try TestEngine.host() }
        return engines
    }

    static let prefix = "berth-it-views"

    /// An empty tar archive: `docker import` of it makes a small image without a process to run (none is run).
    static func emptyArchive() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("berth-it-empty.tar").path
        // Two 512-byte zero blocks end a tar archive.
        _ = FileManager.default.createFile(atPath: path, contents: Data(count: 1024))
        return path
    }

    /// The rows `definition` makes of the engine's answer to its own request.
    static func rows(_ definition: ResourceViewDefinition, _ client: EngineClient) async throws -> [ResourceRow] {
        let response = try await client.send(definition.request)
        return try definition.rows(response.body, HostID("it"), Int64(Date().timeIntervalSince1970))
    }

    static func unixNanos() -> Int64 { Int64(Date().timeIntervalSince1970 * 1_000_000) * 1000 }

    // MARK: - The views list what the CLI lists

    @Test func eachViewListsWhatTheCLIlists() async throws {
        for engine in try Self.engines() {
            let client = try await engine.client()
            let volume = "\(Self.prefix)-vol-\(UUID().uuidString.prefix(6).lowercased())"
            let network = "\(Self.prefix)-net-\(UUID().uuidString.prefix(6).lowercased())"
            let container = "\(Self.prefix)-user-\(UUID().uuidString.prefix(6).lowercased())"
            try engine.cli(["volume", "create", volume])
            // Docker's test engine may make no bridge: a config-only network holds only configuration.
            try engine.cli(
                ["network", "create"] + (engine.podman ? ["--internal"] : ["--config-only"])
                    + ["--subnet", "10.239.7.0/24", network])
            try engine.cli([
                "create", "--name", container, "--network", "none", "-v", "\(volume):/data", TestEngine.image, "true",
            ])
            defer {
                _ = try? engine.cli(["rm", "-f", container], allowFailure: true)
                _ = try? engine.cli(["volume", "rm", volume], allowFailure: true)
                _ = try? engine.cli(["network", "rm", network], allowFailure: true)
            }

            let images = try await Self.rows(ImagesView.definition, client).map { $0.cells[0] }
            let cliImages = try engine.lines(["image", "ls", "-a", "--format", "{{.Repository}}:{{.Tag}}"])
            #expect(images.sorted() == cliImages.sorted(), "\(engine): images")

            let volumes = try await Self.rows(VolumesView.definition, client)
            let cliVolumes = try engine.lines(["volume", "ls", "--format", "{{.Name}}"])
            #expect(volumes.map(\.id).sorted() == cliVolumes.sorted(), "\(engine): volumes")
            #expect(volumes.first { $0.id == volume }?.cells[1] == "local")

            let networks = try await Self.rows(NetworksView.definition, client)
            let cliNetworks = try engine.lines(["network", "ls", "--format", "{{.ID}} {{.Name}} {{.Driver}}"])
            #expect(
                networks.map { "\($0.cells[1]) \($0.cells[0]) \($0.cells[2])" }.sorted() == cliNetworks.sorted(),
                "\(engine): networks")
            #expect(networks.first { $0.cells[0] == network }?.cells[4] == "10.239.7.0/24")

            // The containers column, as the reducer completes it from the container list.
            let usage = ContainerUsage(try await client.listContainers(all: true))
            #expect(usage.volume(volume) == [container], "\(engine): the volume's user")
            #expect(usage.image(try engine.testImageID()).contains(container))

            // df: the same four lines as `docker system df` (Podman's image sizes aside: its LayersSize is 0 and the
            // CLI prints a negative reclaimable size, which berth shows as 0B).
            let df = try await Self.rows(DiskUsageView.definition, client).map(\.cells)
            let cliDf = try engine.lines([
                "system", "df", "--format", "{{.Type}}|{{.TotalCount}}|{{.Active}}|{{.Size}}|{{.Reclaimable}}",
            ]).map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
            #expect(df.count == 4 && cliDf.count == 4, "\(engine): \(df) vs \(cliDf)")
            for (ours, theirs) in zip(df, cliDf) {
                if engine.podman && ours[0] == "Images" {
                    #expect(Array(ours.prefix(3)) == Array(theirs.prefix(3)), "\(engine): df \(ours) vs \(theirs)")
                } else {
                    #expect(ours == theirs, "\(engine): df")
                }
            }
        }
    }

    // MARK: - Removing

    @Test func removingAnImageInUseIsRefusedWithTheEnginesReasonAndForceIsTheEnginesOwn() async throws {
        for engine in try Self.engines() {
            let client = try await engine.client()
            let tag = "\(Self.prefix)/solo:\(UUID().uuidString.prefix(6).lowercased())"
            let container = "\(Self.prefix)-solo-\(UUID().uuidString.prefix(6).lowercased())"
            try engine.cli(["import", try Self.emptyArchive(), tag])
            let imageID = try engine.cli(["image", "inspect", "-f", "{{.Id}}", tag]).trimmingCharacters(
                in: .whitespacesAndNewlines)
            try engine.cli(["create", "--name", container, "--network", "none", tag, "true"])
            defer {
                _ = try? engine.cli(["rm", "-f", container], allowFailure: true)
                _ = try? engine.cli(["rmi", "-f", imageID], allowFailure: true)
            }
            do {
                try await client.removeImage(tag, force: false)
                Issue.record("\(engine): removing \(tag) in use by \(container) was not refused")
            } catch let error as EngineError {
                guard case .conflict(let message) = error else {
                    Issue.record("\(engine): refused with \(error), not a conflict")
                    continue
                }
                #expect(message.contains("in use") || message.contains("is using"), "\(engine): \(message)")
                #expect(!message.isEmpty)
            }
            #expect(try engine.lines(["image", "ls", "--format", "{{.Repository}}:{{.Tag}}"]).contains(tag))
            // Force is a second, explicit request; the engine's own force removes the tag.
            try await client.removeImage(tag, force: true)
            #expect(!(try engine.lines(["image", "ls", "--format", "{{.Repository}}:{{.Tag}}"]).contains(tag)))
        }
    }

    @Test func removingAVolumeInUseIsRefusedAndAnUnusedOneGoes() async throws {
        for engine in try Self.engines() {
            let client = try await engine.client()
            let volume = "\(Self.prefix)-busy-\(UUID().uuidString.prefix(6).lowercased())"
            let container = "\(Self.prefix)-busy-\(UUID().uuidString.prefix(6).lowercased())"
            try engine.cli(["volume", "create", volume])
            try engine.cli([
                "create", "--name", container, "--network", "none", "-v", "\(volume):/d", TestEngine.image, "true",
            ])
            defer {
                _ = try? engine.cli(["rm", "-f", container], allowFailure: true)
                _ = try? engine.cli(["volume", "rm", volume], allowFailure: true)
            }
            await #expect(throws: EngineError.self, "\(engine)") { try await client.removeVolume(volume) }
            try engine.cli(["rm", container])
            try await client.removeVolume(volume)
            #expect(!(try engine.lines(["volume", "ls", "--format", "{{.Name}}"]).contains(volume)))
        }
    }

    // MARK: - Prune

    /// Previews `kind`, checks the preview holds `expected` and nothing protected, prunes, and checks the engine
    /// removed exactly the preview.
    static func pruneMatchesPreview(
        _ kind: PruneKind, on engine: Engine, expected: [String], absent: [String] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let client = try await engine.client()
        let preview = try await client.prunePreview(kind, podman: engine.podman, clock: Self.unixNanos)
        let ids = Set(preview.items.flatMap { [$0.id, ImageID.bare($0.id), $0.name] })
        for item in expected {
            #expect(
                ids.contains(item), "\(engine) \(kind.rawValue): \(item) not in the preview \(preview.items)",
                sourceLocation: sourceLocation)
        }
        // Never prune what must stay (the test image): stop before anything is removed.
        for item in absent where ids.contains(item) {
            Issue.record(
                "\(engine) \(kind.rawValue): the preview holds \(item); not pruning", sourceLocation: sourceLocation)
            return
        }
        let report = try await client.prune(kind, untilNanos: preview.takenAtNanos)
        let outcome = PruneOutcome(kind: kind, preview: preview.items, report: report, known: preview.known)
        #expect(
            outcome.matchesPreview,
            "\(engine) \(kind.rawValue): previewed \(preview.items.map(\.id)), removed \(report.removed(kind))",
            sourceLocation: sourceLocation)
        // And the next preview is empty: nothing the prune should have taken is left.
        let after = try await client.prunePreview(kind, podman: engine.podman, clock: Self.unixNanos)
        #expect(after.items.isEmpty, "\(engine) \(kind.rawValue): left \(after.items)", sourceLocation: sourceLocation)
    }

    @Test func pruningStoppedContainersRemovesThePreview() async throws {
        for engine in try Self.engines() {
            let stopped = "\(Self.prefix)-stopped-\(UUID().uuidString.prefix(6).lowercased())"
            let running = "\(Self.prefix)-running-\(UUID().uuidString.prefix(6).lowercased())"
            try engine.cli(["create", "--name", stopped, "--network", "none", TestEngine.image, "true"])
            try engine.cli(["run", "-d", "--name", running, "--network", "none", TestEngine.image, "sleep", "100000"])
            defer {
                _ = try? engine.cli(["rm", "-f", stopped, running], allowFailure: true)
            }
            let stoppedID = try engine.cli(["inspect", "-f", "{{.Id}}", stopped]).trimmingCharacters(
                in: .whitespacesAndNewlines)
            let runningID = try engine.cli(["inspect", "-f", "{{.Id}}", running]).trimmingCharacters(
                in: .whitespacesAndNewlines)
            try await Self.pruneMatchesPreview(.containers, on: engine, expected: [stoppedID], absent: [runningID])
            #expect(try engine.lines(["ps", "-a", "--format", "{{.Names}}"]).contains(running))
        }
    }

    @Test func pruningDanglingImagesRemovesThePreviewAndSparesImagesInUse() async throws {
        for engine in try Self.engines() {
            let archive = try Self.emptyArchive()
            // A dangling image nobody uses, and one a container uses.
            // Podman says `sha256:ID: sha256:ID`, Docker `sha256:ID`.
            let imported = try engine.cli(["import", archive]).split(whereSeparator: \.isWhitespace)
            let loose = try #require(imported.last.map(String.init))
            let usedTag = "\(Self.prefix)/used:\(UUID().uuidString.prefix(6).lowercased())"
            try engine.cli(["import", archive, usedTag])
            let used = try engine.cli(["image", "inspect", "-f", "{{.Id}}", usedTag]).trimmingCharacters(
                in: .whitespacesAndNewlines)
            let container = "\(Self.prefix)-img-\(UUID().uuidString.prefix(6).lowercased())"
            try engine.cli(["create", "--name", container, "--network", "none", usedTag, "true"])
            // Untagged now, but a container uses it.
            try engine.cli(["rmi", usedTag], allowFailure: true)
            defer {
                _ = try? engine.cli(["rm", "-f", container], allowFailure: true)
                _ = try? engine.cli(["rmi", "-f", used], allowFailure: true)
                _ = try? engine.cli(["rmi", "-f", loose], allowFailure: true)
            }
            try await Self.pruneMatchesPreview(
                .danglingImages, on: engine, expected: [ImageID.bare(loose)],
                absent: [ImageID.bare(used), ImageID.bare(try engine.testImageID())])
        }
    }

    @Test func pruningUnusedImagesNeverTouchesAnImageInUse() async throws {
        for engine in try Self.engines() {
            if engine.podman {
                // Podman's compatible prune cannot be asked for more than dangling images: the preview says so.
                let client = try await engine.client()
                await #expect(throws: EngineError.self) {
                    _ = try await client.prunePreview(.unusedImages, podman: true, clock: Self.unixNanos)
                }
                continue
            }
            let archive = try Self.emptyArchive()
            let tag = "\(Self.prefix)/unused:\(UUID().uuidString.prefix(6).lowercased())"
            try engine.cli(["import", archive, tag])
            let unused = try engine.cli(["image", "inspect", "-f", "{{.Id}}", tag]).trimmingCharacters(
                in: .whitespacesAndNewlines)
            // The test image is in use for the length of this test, so the prune must leave it.
            let keeper = "\(Self.prefix)-keeper-\(UUID().uuidString.prefix(6).lowercased())"
            try engine.cli(["create", "--name", keeper, "--network", "none", TestEngine.image, "true"])
            defer {
                _ = try? engine.cli(["rm", "-f", keeper], allowFailure: true)
                _ = try? engine.cli(["rmi", "-f", unused], allowFailure: true)
            }
            try await Self.pruneMatchesPreview(
                .unusedImages, on: engine, expected: [ImageID.bare(unused)],
                absent: [ImageID.bare(try engine.testImageID())])
            #expect(
                try engine.lines(["image", "ls", "--format", "{{.Repository}}:{{.Tag}}"]).contains {
                    $0.hasSuffix(TestEngine.image)
                })
        }
    }

    @Test func pruningVolumesRemovesThePreview() async throws {
        for engine in try Self.engines() {
            let unused = "\(Self.prefix)-spare-\(UUID().uuidString.prefix(6).lowercased())"
            let used = "\(Self.prefix)-kept-\(UUID().uuidString.prefix(6).lowercased())"
            let container = "\(Self.prefix)-vol-\(UUID().uuidString.prefix(6).lowercased())"
            try engine.cli(["volume", "create", unused])
            try engine.cli(["volume", "create", used])
            try engine.cli([
                "create", "--name", container, "--network", "none", "-v", "\(used):/d", TestEngine.image, "true",
            ])
            defer {
                _ = try? engine.cli(["rm", "-f", container], allowFailure: true)
                _ = try? engine.cli(["volume", "rm", used, unused], allowFailure: true)
            }
            try await Self.pruneMatchesPreview(.volumes, on: engine, expected: [unused], absent: [used])
        }
    }

    @Test func pruningNetworksRemovesThePreview() async throws {
        for engine in try Self.engines() {
            let unused = "\(Self.prefix)-idle-\(UUID().uuidString.prefix(6).lowercased())"
            let used = "\(Self.prefix)-busy-\(UUID().uuidString.prefix(6).lowercased())"
            let container = "\(Self.prefix)-net-\(UUID().uuidString.prefix(6).lowercased())"
            // Docker: config-only networks (no bridge may be made), which its prune leaves alone. Podman: networks
            // whose plugins refuse to run; one named by a created container.
            let flag = engine.podman ? "--internal" : "--config-only"
            try engine.cli(["network", "create", flag, "--subnet", "10.239.8.0/24", unused])
            try engine.cli(["network", "create", flag, "--subnet", "10.239.9.0/24", used])
            if engine.podman {
                try engine.cli(["create", "--name", container, "--network", used, TestEngine.image, "true"])
            }
            defer {
                _ = try? engine.cli(["rm", "-f", container], allowFailure: true)
                _ = try? engine.cli(["network", "rm", unused, used], allowFailure: true)
            }
            try await Self.pruneMatchesPreview(
                .networks, on: engine, expected: engine.podman ? [unused] : [],
                absent: engine.podman ? [used, "bridge"] : [unused, used, "none", "host"])
        }
    }

    @Test func pruningBuildCacheMatchesOrSaysTheEngineHasNone() async throws {
        for engine in try Self.engines() {
            if engine.podman {
                // Podman 4.3 has no build cache prune: the engine says so (404), which berth reports.
                let client = try await engine.client()
                await #expect(throws: EngineError.self) { _ = try await client.prune(.buildCache, untilNanos: nil) }
            } else {
                try await Self.pruneMatchesPreview(.buildCache, on: engine, expected: [])
            }
        }
    }
}
