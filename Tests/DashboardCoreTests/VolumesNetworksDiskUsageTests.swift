import DashboardCore
import DashboardFixtures
import EngineAPI
import TerminalUI
import Testing

/// `:volumes`, `:networks`, `:df` and the containers column of `:images`, on answers recorded from Docker 20.10 and
/// Podman 4.3 holding the same objects.
@Suite struct VolumesNetworksDiskUsageTests {
    static func containers(_ fixture: String) throws -> [ContainerSummary] {
        try JSONCoding.decode([ContainerSummary].self, from: try EngineFixtures.bytes(fixture))
    }

    /// Two engines with their recorded containers, and `view` on screen with its recorded rows.
    static func state(_ view: ViewID, docker: String, podman: String) throws -> (AppState, [Effect]) {
        var state = Fixtures.twoHosts(
            docker: try containers("containers-mounts-docker.json"),
            podman: try containers("containers-mounts-podman.json"))
        var effects = Fixtures.press(&state, .character(":"))
        for c in view.name { effects += Fixtures.press(&state, .character(c)) }
        effects += Fixtures.press(&state, .enter)
        let definition = try #require(ViewRegistry.definition(view))
        for (host, fixture) in [(Fixtures.docker, docker), (Fixtures.podman, podman)] {
            let rows = try definition.rows(try EngineFixtures.bytes(fixture), host, Fixtures.now)
            effects += Dashboard.reduce(&state, .resources(.rows(view, host, rows)))
        }
        return (state, effects)
    }

    static func row(_ state: AppState, _ view: ViewID, host: HostID, _ name: String) throws -> ResourceRow {
        try #require(state.visibleRows(view).first { $0.host == host && $0.cells.first == name }, "no \(name)")
    }

    @Test func volumesSayWhoUsesThemAndSizesComeWhenMeasured() throws {
        let (opened, effects) = try Self.state(
            VolumesView.id, docker: "volumes-docker.json", podman: "volumes-podman.json")
        var state = opened
        // Opening the view measures once, on every connected engine.
        #expect(effects == [.resources(.measure(VolumesView.id, hosts: [Fixtures.docker, Fixtures.podman]))])
        let data = try Self.row(state, VolumesView.id, host: Fixtures.docker, "views-data")
        #expect(data.cells[5] == "views-user")
        #expect(data.cells[3] == "-" && data.tone == .normal)
        let unused = try Self.row(state, VolumesView.id, host: Fixtures.docker, "views-unused")
        #expect(unused.cells[5] == "-" && unused.tone == .dim)
        #expect(try Self.row(state, VolumesView.id, host: Fixtures.podman, "pm-data").cells[5] == "pm-user")
        // The measurement fills size and references, and the header says how old it is.
        let usage = try JSONCoding.decode(DiskUsage.self, from: try EngineFixtures.bytes("system-df-docker.json"))
        let measured = Measurement(at: Fixtures.now - 120, figures: VolumesView.figures(usage))
        _ = Dashboard.reduce(&state, .resources(.measured(VolumesView.id, Fixtures.docker, measured)))
        let sized = try Self.row(state, VolumesView.id, host: Fixtures.docker, "views-data")
        #expect(sized.cells[3] == "0B" && sized.cells[4] == "1")
        #expect(try Self.row(state, VolumesView.id, host: Fixtures.docker, "views-unused").cells[4] == "0")
        #expect(state.resources[VolumesView.id]?.measuring == [Fixtures.podman])
        // Leaving and coming back measures nothing again; R does, on the engines not measuring already.
        // `:cont` (`:c` would be containers or configs).
        _ = Fixtures.press(
            &state, .character(":"), .character("c"), .character("o"), .character("n"), .character("t"), .tab, .enter)
        var again = Fixtures.press(&state, .character(":"))
        for c in "volumes" { again += Fixtures.press(&state, .character(c)) }
        again += Fixtures.press(&state, .enter)
        #expect(again.isEmpty)
        #expect(
            Fixtures.press(&state, .character("R")) == [.resources(.measure(VolumesView.id, hosts: [Fixtures.docker]))])
    }

    @Test func aVolumeLosesItsUserWhenTheContainerGoes() throws {
        var (state, _) = try Self.state(VolumesView.id, docker: "volumes-docker.json", podman: "volumes-podman.json")
        let remaining = try Self.containers("containers-mounts-docker.json").filter { $0.displayName != "views-user" }
        _ = Dashboard.reduce(&state, .containersChanged(Fixtures.docker, remaining))
        let data = try Self.row(state, VolumesView.id, host: Fixtures.docker, "views-data")
        #expect(data.cells[5] == "-" && data.tone == .dim)
    }

    @Test func networksCountTheirContainersFromBothSources() throws {
        let (state, effects) = try Self.state(
            NetworksView.id, docker: "networks-docker.json", podman: "networks-podman.json")
        #expect(effects.isEmpty)
        // Docker's list names no container: the container list does (running and stopped ones on `none`).
        let none = try Self.row(state, NetworksView.id, host: Fixtures.docker, "none")
        #expect(none.cells[7] == "2" && none.cells[8] == "views-stopped, views-user")
        let conf = try Self.row(state, NetworksView.id, host: Fixtures.docker, "views-conf")
        #expect(conf.cells[4] == "10.231.0.0/24" && conf.cells[5] == "10.231.0.1" && conf.cells[6] == "config-only")
        #expect(conf.tone == .dim)
        // Podman's list names its containers too; the same container from both sources counts once.
        let pm = try Self.row(state, NetworksView.id, host: Fixtures.podman, "views-pm")
        #expect(pm.cells[7] == "1" && pm.cells[8] == "pm-onnet")
        #expect(try Self.row(state, NetworksView.id, host: Fixtures.podman, "views-pm2").cells[7] == "0")
    }

    @Test func diskUsageReadsAsDockerSystemDf() throws {
        var (state, effects) = try Self.state(
            DiskUsageView.id, docker: "system-df-docker.json", podman: "system-df-podman.json")
        #expect(effects.isEmpty)
        let docker = state.visibleRows(DiskUsageView.id).filter { $0.host == Fixtures.docker }.map(\.cells)
        #expect(
            docker == [
                ["Images", "3", "1", "1.984MB", "1.984MB (100%)"], ["Containers", "2", "1", "0B", "0B"],
                ["Local Volumes", "3", "2", "0B", "0B"], ["Build Cache", "0", "0", "0B", "0B"],
            ])
        let podman = state.visibleRows(DiskUsageView.id).filter { $0.host == Fixtures.podman }.map(\.cells)
        #expect(podman[1] == ["Containers", "3", "1", "12B", "0B (0%)"])
        // Not live: R fetches it again, on every connected engine.
        #expect(
            Fixtures.press(&state, .character("R")) == [
                .resources(.fetch(DiskUsageView.id, hosts: [Fixtures.docker, Fixtures.podman]))
            ])
        // P prunes the kind of the selected row.
        _ = Fixtures.press(&state, .character("g"))
        #expect(
            Fixtures.press(&state, .character("P")) == [
                .resources(.previewPrune(.danglingImages, hosts: [Fixtures.docker, Fixtures.podman]))
            ])
    }

    @Test func imagesCountTheirContainersFromTheContainerList() throws {
        var images = Fixtures.twoHosts(
            docker: try Self.containers("containers-mounts-docker.json"),
            podman: try Self.containers("containers-mounts-podman.json"))
        _ = Fixtures.press(&images, .character(":"), .character("i"), .tab, .enter)
        let usage = try JSONCoding.decode(DiskUsage.self, from: try EngineFixtures.bytes("system-df-docker.json"))
        let rows = ImagesView.rows(usage.images ?? [], host: Fixtures.docker, now: Fixtures.now)
        _ = Dashboard.reduce(&images, .resources(.rows(ImagesView.id, Fixtures.docker, rows)))
        // Both recorded containers run busybox; /system/df's own count says 2 as well.
        #expect(try Self.row(images, ImagesView.id, host: Fixtures.docker, "berth-test/busybox:latest").cells[4] == "2")
        #expect(try Self.row(images, ImagesView.id, host: Fixtures.docker, "views/committed:v1").cells[4] == "0")
    }

    @Test func byteFormatsAreTheCLIs() {
        #expect(ByteFormat.docker(0) == "0B")
        #expect(ByteFormat.docker(12) == "12B")
        #expect(ByteFormat.docker(1_984_241) == "1.984MB")
        #expect(ByteFormat.docker(11_331) == "11.33kB")
        #expect(ByteFormat.docker(100_000) == "100kB")
        #expect(ByteFormat.docker(2_131_032) == "2.131MB")
        #expect(ByteFormat.docker(1_000_000_000) == "1GB")
    }
}
