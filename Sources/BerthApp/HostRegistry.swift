import DashboardCore
import EngineAPI
import EngineClient
import EngineWatchers

/// One engine to watch, as the command line (or a picker) names it.
public struct HostConfiguration: Sendable, Equatable {
    public var id: HostID
    public var host: EngineHost
    /// A warning the header keeps showing (plain tcp to another machine, …).
    public var warning: String?

    public init(id: HostID, host: EngineHost, warning: String? = nil) {
        self.id = id
        self.host = host
        self.warning = warning
    }

    /// Whether the engine verifiably runs on this machine, so its cgroup files and `/proc` may be read. Only a Unix
    /// socket can say so; even then the stats sampler and the process signaller check each container's files
    /// before trusting them (a socket can lead into a VM or another PID namespace).
    public var isLocal: Bool {
        if case .unixSocket = host { return true }
        return false
    }

    /// The header's and the help's view of this host before it has answered.
    public var initialState: HostState {
        HostState(id: id, address: host.description, warning: warning)
    }
}

/// Owns, per engine, its current client, its container monitor, its stats sampler and every task they run.
///
/// Nothing here is process-wide: two registries (two tests) never share a host. Adding a host starts its monitor and
/// forwards its news into the event loop tagged with the host; removing one cancels everything it started, so a
/// dead engine's tasks do not linger. A slow host holds up nobody: each has its own tasks, and the registry only
/// hands out values.
public actor HostRegistry {
    private struct Entry {
        let configuration: HostConfiguration
        let monitor: ContainerMonitor
        let sampler: StatsSampler
        var client: EngineClient?
        var tasks: [Task<Void, Never>]
        var samplerTask: Task<Void, Never>?
    }

    private var entries: [HostID: Entry] = [:]
    private let sink: AsyncStream<Action>.Continuation
    private let log: @Sendable (String) -> Void
    private let statsSource: StatsSampler.SourcePreference
    private let refresh: RefreshRates
    private var containerListShown = true
    /// Podman's first list waits for the other engines' (`FirstListTurns`).
    private let firstLists = FirstListTurns()

    init(
        sink: AsyncStream<Action>.Continuation, statsSource: StatsSampler.SourcePreference,
        refresh: RefreshRates = RefreshRates(), log: @escaping @Sendable (String) -> Void
    ) {
        self.sink = sink
        self.statsSource = statsSource
        self.refresh = refresh
        self.log = log
    }

    /// Starts watching `configuration`'s engine; a host already watched under that name is replaced.
    func add(_ configuration: HostConfiguration) {
        let id = configuration.id
        remove(id)
        let name = id.name
        let log = self.log
        let hostLog: @Sendable (String) -> Void = { log("[\(name)] \($0)") }
        // The full list is a safety net behind the event stream; across a network (77 kB for 100 containers) it is
        // fetched a quarter as often.
        let reconcileSeconds = configuration.isLocal ? refresh.reconcileSeconds : refresh.reconcileSeconds * 4
        let firstLists = self.firstLists
        firstLists.expect(id)
        let monitor = ContainerMonitor(
            host: configuration.host, reconcileInterval: .seconds(reconcileSeconds),
            beforeFirstList: { ping in
                // Docker answers from memory; another engine (Podman) lists at a cost and waits its turn.
                if !(ping.engineInfo?.isDocker ?? false) { await firstLists.waitForOthers(id) }
            }, log: hostLog)
        let sink = self.sink
        sink.yield(.hostAdded(configuration.initialState))
        let shown = containerListShown
        let run = Task {
            await monitor.setPeriodicReconcile(shown)
            await monitor.run()
        }
        let forward = Task {
            for await update in monitor.updates {
                switch update {
                case .connected(let client, let info):
                    self.setClient(client, for: id)
                    if let method = client.connectionMethod { sink.yield(.hostMethod(id, method.description)) }
                    hostLog("connected: \(info.displayName), API \(info.apiVersion)")
                    sink.yield(.engineConnected(id, info))
                case .containers(let list):
                    firstLists.listed(id)
                    sink.yield(.containersChanged(id, list))
                case .runningContainers(let list):
                    // Not yet the engine's turn done: its whole list and the first frame are still to come.
                    sink.yield(.runningContainersListed(id, list))
                case .disconnected(let reason, let retryIn):
                    firstLists.listed(id)
                    self.setClient(nil, for: id)
                    hostLog("engine unreachable: \(reason)")
                    sink.yield(.engineUnreachable(id, reason: reason, retryInSeconds: retryIn.seconds))
                }
            }
        }
        // The sampler is made once the monitor runs: finding the cgroup mounts reads /proc/self/mountinfo (a
        // hundred kilobytes on a host with many containers), which need not delay the first request.
        // Remote engines are sampled through their API; a local one from cgroup files where they prove to be its.
        let source: StatsSampler.SourcePreference = configuration.isLocal ? statsSource : .api
        var samplerConfiguration = StatsSampler.Configuration(source: source)
        samplerConfiguration.interval = .milliseconds(Int(refresh.statsSeconds * 1000))
        if !configuration.isLocal {
            // Across a network every sample is a request and an answer on the link (about 2 kB with the headers):
            // the rows share 2 samples a second, under a tenth of what `docker stats` streams for 50 containers; the
            // container whose stats pane is open is sampled every second on top.
            samplerConfiguration.rowSamplesPerSecond = 2
        }
        let sampler = StatsSampler(configuration: samplerConfiguration, log: hostLog)
        entries[id] = Entry(
            configuration: configuration, monitor: monitor, sampler: sampler, client: nil, tasks: [run, forward])
        log("host \(name): watching \(configuration.host)")
    }

    /// The hosts watched now.
    var ids: [HostID] { Array(entries.keys) }

    /// The engine each watched host is, by its address.
    var addresses: [EngineHost: HostID] {
        var addresses: [EngineHost: HostID] = [:]
        for (id, entry) in entries { addresses[entry.configuration.host] = id }
        return addresses
    }

    /// Stops watching `id`: cancels its monitor, sampler and forwarding, closes its idle connections, and tells the
    /// event loop.
    func remove(_ id: HostID) {
        guard let entry = entries.removeValue(forKey: id) else { return }
        firstLists.listed(id)
        for task in entry.tasks { task.cancel() }
        entry.samplerTask?.cancel()
        entry.client?.closeIdleConnections()
        sink.yield(.hostRemoved(id))
        log("host \(id.name): no longer watched")
    }

    /// Stops every host (on quit).
    func removeAll() {
        for entry in entries.values {
            for task in entry.tasks { task.cancel() }
            entry.samplerTask?.cancel()
        }
        entries = [:]
    }

    private func setClient(_ client: EngineClient?, for id: HostID) {
        entries[id]?.client = client
    }

    /// The client of `id`'s current connection; nil while it is down or not watched.
    func client(for id: HostID) -> EngineClient? { entries[id]?.client }

    /// Whether `id` is an engine on this machine (see `HostConfiguration.isLocal`).
    func isLocal(_ id: HostID) -> Bool { entries[id]?.configuration.isLocal ?? false }

    /// `id`'s stats sampler, its sampling loop started on first use; nil when the host is not watched.
    func sampler(for id: HostID) -> StatsSampler? {
        guard var entry = entries[id] else { return nil }
        if entry.samplerTask == nil {
            let sampler = entry.sampler
            entry.samplerTask = Task { await sampler.run(client: { await self.client(for: id) }) }
            entries[id] = entry
            log(
                "[\(id.name)] stats: sampling with source preference \(entry.configuration.isLocal ? statsSource : .api)"
            )
        }
        return entry.sampler
    }

    /// Asks each host's monitor for these containers' rows soon.
    func refetch(_ containers: [HostID: Set<String>]) async {
        for (id, ids) in containers { await entries[id]?.monitor.refetch(ids) }
    }

    /// Whether the container list is on screen: while it is not, no engine is asked for its periodic full list
    /// (`ContainerMonitor.setPeriodicReconcile`).
    func setContainerListShown(_ shown: Bool) async {
        guard shown != containerListShown else { return }
        containerListShown = shown
        for entry in entries.values { await entry.monitor.setPeriodicReconcile(shown) }
    }
}
