import EngineAPI
import TerminalUI

/// What the stats pane and the list's CPU and MEM columns show.
public struct StatsPaneState: Sendable, Equatable {
    /// The list's figures by container, rounded to what is displayed.
    public var rows: [ContainerRef: RowFigures] = [:]
    /// The container the pane's figures and history are for (the selection, while the pane is open).
    public var detailID: ContainerRef?
    public var detail: StatsFigures?
    /// The detail container's recent figures, oldest first.
    public var history: [StatsHistoryPoint] = []
    /// How each engine's sampler is doing, for the header; a host is missing before its sampler's first report.
    public var samplers: [HostID: StatsSamplerStatus] = [:]

    public init() {}

    /// All samplers' figures added up; nil before any report.
    public var sampler: StatsSamplerStatus? { sampler(of: Set(samplers.keys)) }

    /// The figures of `hosts`' samplers added up; nil when none of them has reported.
    ///
    /// A sampler's last report outlives its feed (the feed stops when the host has nothing left to sample, or
    /// the engine goes away), so the header asks only for the hosts whose rows it is showing figures for.
    public func sampler(of hosts: Set<HostID>) -> StatsSamplerStatus? {
        let reports = samplers.filter { hosts.contains($0.key) }
        guard let first = reports.first?.value else { return nil }
        guard reports.count > 1 else { return first }
        var total = StatsSamplerStatus()
        for status in reports.values {
            total.sampled += status.sampled
            total.ratePerSecond += status.ratePerSecond
            total.direct += status.direct
            total.viaAPI += status.viaAPI
            total.fallbackReason = total.fallbackReason ?? status.fallbackReason
        }
        return total
    }
}

/// The figures a list row shows, rounded to what the row displays: a change that would not show on screen
/// leaves the state equal, so it causes no render at all.
public struct RowFigures: Sendable, Equatable {
    /// CPU % to two decimals (`docker stats` precision); nil until two samples exist.
    public var cpuPercent: Double?
    /// Memory in use, rounded to the four significant digits shown (`1.523MiB`).
    public var memoryUsed: Double?
    /// MEM % to one decimal, for the bar.
    public var memoryPercent: Double?
    public var source: StatsSource

    public init(cpuPercent: Double? = nil, memoryUsed: Double? = nil, memoryPercent: Double? = nil, source: StatsSource)
    {
        self.cpuPercent = cpuPercent
        self.memoryUsed = memoryUsed
        self.memoryPercent = memoryPercent
        self.source = source
    }

    public init(_ figures: StatsFigures) {
        self.init(
            cpuPercent: figures.cpuPercent.map { ($0 * 100).rounded() / 100 },
            memoryUsed: figures.memoryUsed.map { StatsUnits.roundedBinary(Double($0)) },
            memoryPercent: figures.memoryPercent.map { ($0 * 10).rounded() / 10 }, source: figures.source)
    }
}

/// How the container list is ordered (`c`, `m`, `n`; the same key again reverses).
public struct ListSort: Sendable, Equatable {
    public enum Key: String, Sendable, CaseIterable {
        /// Running first, then by name: the order before any sort key is pressed.
        case state
        case cpu
        case memory
        case name
    }

    public var key: Key
    public var descending: Bool

    public init(key: Key = .state, descending: Bool = false) {
        self.key = key
        self.descending = descending
    }

    /// `cpu↓`, for the header and the column title.
    public var label: String {
        key == .state ? key.rawValue : key.rawValue + (descending ? "↓" : "↑")
    }
}

/// News from the stats feed.
public enum StatsAction: Sendable, Equatable {
    /// One engine's sampler finished a round.
    case sampled(HostID, StatsSnapshot)
}

/// One-off work the stats pane asks the runtime for.
public enum StatsEffect: Sendable, Hashable {}

/// The stats pane's reducer and keys.
enum StatsPane {
    static func reduce(_ state: inout AppState, _ action: StatsAction) -> [Effect] {
        switch action {
        case .sampled(let host, let snapshot):
            guard state.host(host) != nil else { return [] }
            var rows = state.stats.rows.filter { $0.key.host != host }
            rows.reserveCapacity(rows.count + snapshot.figures.count)
            for (id, figures) in snapshot.figures { rows[ContainerRef(host: host, id: id)] = RowFigures(figures) }
            // Assign only on change: an equal state renders nothing.
            if rows != state.stats.rows { state.stats.rows = rows }
            if state.stats.samplers[host] != snapshot.status { state.stats.samplers[host] = snapshot.status }
            let paneRef = state.pane == .stats ? state.selectedContainer?.ref : nil
            if let paneRef, paneRef.host == host, snapshot.detailID == paneRef.id {
                state.stats.detailID = paneRef
                state.stats.detail = snapshot.figures[paneRef.id]
                state.stats.history = snapshot.history
            } else if state.stats.detailID != paneRef {
                clearDetail(&state)
            }
        }
        return []
    }

    /// Runs a command of the stats pane's key table: the list's sort keys, and j/k to switch containers (the pane
    /// follows the selection).
    static func run(_ command: StatsCommand, _ state: inout AppState) -> [Effect] {
        switch command {
        case .moveDown: Dashboard.move(&state, by: 1)
        case .moveUp: Dashboard.move(&state, by: -1)
        case .sortCPU: sort(by: .cpu, &state)
        case .sortMemory: sort(by: .memory, &state)
        case .sortName: sort(by: .name, &state)
        case .back:
            state.focus = .list
            state.zoomed = false
        }
        return []
    }

    static func clearDetail(_ state: inout AppState) {
        state.stats.detailID = nil
        state.stats.detail = nil
        state.stats.history = []
    }

    /// `c`, `m`, `n`: sort by that key; the same key again reverses. CPU and memory start highest first.
    static func sort(by key: ListSort.Key, _ state: inout AppState) {
        if state.sort.key == key {
            state.sort.descending.toggle()
        } else {
            state.sort = ListSort(key: key, descending: key == .cpu || key == .memory)
        }
    }
}

extension Command {
    /// The sort key of a sort command.
    var sortKey: ListSort.Key? {
        switch self {
        case .sortByCPU: return .cpu
        case .sortByMemory: return .memory
        case .sortByName: return .name
        default: return nil
        }
    }
}

extension [ContainerSummary] {
    /// The rows in `sort` order. Rows without figures (not running, not sampled yet) stay below the others in
    /// both directions; ties keep the default order, so rows with equal values do not jump about.
    ///
    /// Each row's keys are worked out once rather than in every comparison (lower-casing names inside the
    /// comparator was the main cost at a hundred containers), and the sort moves row numbers, not rows or keys:
    /// moving summaries, then keys holding strings, in and out of the sort was most of the work at a thousand.
    func sorted(by sort: ListSort, figures: [ContainerRef: RowFigures]) -> [ContainerSummary] {
        var ranks: [Int] = []
        var names: [String] = []
        var values: [Double?] = []
        ranks.reserveCapacity(count)
        names.reserveCapacity(count)
        let usesFigures = sort.key == .cpu || sort.key == .memory
        if usesFigures { values.reserveCapacity(count) }
        for index in indices {
            ranks.append(ContainerListing.rank(self[index].lifecycle))
            names.append(self[index].displayName.lowercased())
            guard usesFigures else { continue }
            let row = figures[self[index].ref]
            // Tenths of a point: idle rows flickering between 0.00% and 0.01% keep their places instead of swapping
            // every second.
            values.append(
                sort.key == .cpu ? row?.cpuPercent.map { ($0 * 10).rounded() / 10 } : row?.memoryUsed)
        }
        func byDefault(_ a: Int, _ b: Int) -> Bool {
            if ranks[a] != ranks[b] { return ranks[a] < ranks[b] }
            if names[a] != names[b] { return names[a] < names[b] }
            return self[a].ref < self[b].ref
        }
        let order = indices.sorted { a, b in
            switch sort.key {
            case .state:
                return sort.descending ? byDefault(b, a) : byDefault(a, b)
            case .name:
                if names[a] != names[b] { return sort.descending ? names[a] > names[b] : names[a] < names[b] }
                return self[a].ref < self[b].ref
            case .cpu, .memory:
                switch (values[a], values[b]) {
                case (nil, nil): return byDefault(a, b)
                case (nil, _): return false
                case (_, nil): return true
                case (let x?, let y?):
                    if x != y { return sort.descending ? x > y : x < y }
                    return byDefault(a, b)
                }
            }
        }
        return order.map { self[$0] }
    }
}

extension AppState {
    /// What each engine's stats sampler should sample: every running (or paused) container the list shows, the
    /// rows on screen and the selection fast, the rest slowly. Filtered-out and stopped containers are not sampled.
    /// Every watched engine has an entry, empty when it has nothing to sample.
    public var statsTargets: [HostID: StatsTargets] {
        // Another view (images, volumes, a Swarm's services…) shows no container figures: nothing is sampled
        // meanwhile, which on a cluster manager or a remote engine sampled through the API is most of berth's cost.
        guard view == .containers else {
            return Dictionary(uniqueKeysWithValues: hosts.map { ($0.id, StatsTargets()) })
        }
        // Containers of folded projects are sampled off screen: their project's row adds up their figures.
        // Worked out after every action: with a thousand rows, copying them (into one array with the folded ones)
        // cost more than the rest of it.
        let visible = visibleContainers
        let folded = ProjectGrouping.foldedMembers(self)
        func sampled(_ container: ContainerSummary) -> Bool {
            container.lifecycle == .running || container.lifecycle == .paused
        }
        let shownRows = max(0, layout.list.height - 1)
        let first = min(scrollOffset, max(0, visible.count - 1))
        let shown = visible.isEmpty ? 0..<0 : first..<min(visible.count, first + shownRows)
        var targets: [HostID: StatsTargets] = [:]
        for host in hosts { targets[host.id] = StatsTargets() }
        for index in visible.indices where sampled(visible[index]) {
            let container = visible[index]
            if shown.contains(index) {
                targets[container.host, default: StatsTargets()].onScreen.append(container.id)
            } else {
                targets[container.host, default: StatsTargets()].offScreen.append(container.id)
            }
        }
        for container in folded where sampled(container) {
            targets[container.host, default: StatsTargets()].offScreen.append(container.id)
        }
        for host in targets.keys {
            // Sets in effect: sorted, so a re-sort of the rows does not look like new targets.
            targets[host]?.onScreen.sort()
            targets[host]?.offScreen.sort()
        }
        if let selection,
            let selected = visible.first(where: { $0.ref == selection })
                ?? folded.first(where: { $0.ref == selection }), sampled(selected)
        {
            targets[selected.host, default: StatsTargets()].focusID = selected.id
            targets[selected.host, default: StatsTargets()].detail = pane == .stats
        }
        return targets
    }
}
