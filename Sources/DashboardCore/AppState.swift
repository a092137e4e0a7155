import EngineAPI
import TerminalUI

/// Everything berth shows, as one value. The reducer is the only thing that changes it.
public struct AppState: Sendable, Equatable {
    public var size: Size
    /// Every engine berth watches, in the order they were given.
    public var hosts: [HostState]
    /// Every container the engines reported: host by host in `hosts` order, each in its engine's order.
    public var containers: [ContainerSummary] = [] {
        didSet { listing.containersRevision &+= 1 }
    }
    /// Whether stopped containers are listed too (`a` toggles).
    public var showAll: Bool = true
    /// The filter text typed after `/`; matched against name, image, host, Compose project and ID.
    public var filter: String = ""
    /// `/` on a kept filter shows it selected: the first character typed replaces it, an editing key keeps it.
    public var filterSelected: Bool = false
    /// The list order (`c`, `m`, `n`).
    public var sort = ListSort()
    public var mode: Mode = .normal
    /// The selected container; kept across list updates while the container exists.
    public var selection: ContainerRef?
    /// The first visible row of the list.
    public var scrollOffset: Int = 0
    /// Commands in flight, by container: the row shows `stopping…` meanwhile.
    public var pending: [ContainerRef: ContainerCommand] = [:]
    public var status: StatusMessage?
    /// When true, every key that changes a container is refused.
    public var readOnly: Bool
    /// Unix seconds, for relative times.
    public var now: Int64
    /// Set when the user asked to quit; the runtime tears down.
    public var isQuitting: Bool = false
    /// The detail pane under the list, if one is open (`1` to `4`).
    public var pane: PaneKind?
    /// Whether keys go to the list or to the open pane first (Tab switches).
    public var focus: Focus = .list
    /// Whether the open pane fills the screen (`z`).
    public var zoomed: Bool = false
    public var stats = StatsPaneState() {
        didSet { listing.figuresRevision &+= 1 }
    }
    public var logs = LogsPaneState()
    public var top = TopPaneState()
    public var inspect = InspectPaneState()
    public var events = EventsPaneState()
    /// Every mode's keys; a keymap can rebind any command.
    public var keymap: Keymap = .standard
    /// Rows marked with Space.
    public var marked: Set<ContainerRef> = []
    /// A command running on several marked rows, until each has answered.
    public var bulk: BulkProgress?
    /// Whether the list groups containers under a row per Compose project (`P`).
    public var groupsProjects = false
    /// The project rows folded (Enter): their containers are hidden.
    public var foldedProjects: Set<ContainerRef> = []
    /// Which containers of the Podman engines are in which pod, for grouping.
    public var pods = PodsState() {
        didSet { if pods.membership != oldValue.membership { listing.containersRevision &+= 1 } }
    }
    /// The list on screen: the containers, or one of `ViewRegistry.resourceViews` (`:images`).
    public var view: ViewID = .containers
    /// The Docker contexts, as last read for `:host`.
    public var contexts: [ContextChoice] = []
    /// The resource views opened so far, with their rows, cursor and order.
    public var resources: [ViewID: ResourceViewState] = [:]
    /// The service or task whose logs the logs pane shows in a Swarm view.
    public var swarmLogs: SwarmLogTarget?
    /// Engines whose container list has arrived: the views count an object's containers from it.
    public var containersKnown: Set<HostID> = []
    /// Engines that have so far listed only their running containers (the rest is on its way).
    public var containersPartial: Set<HostID> = []
    /// The status line's last messages with their times (`:messages`).
    public var messages = MessageLog()
    /// Which commands ask y/N first (the config file's `[confirm]`).
    public var confirmations = Confirmations()
    /// Whether the terminal reports clicks and the wheel to berth (`M` switches; off: the terminal selects text).
    public var mouseReporting = false
    /// `visibleContainers` as of the last action.
    var listing = ListingCache()

    public init(size: Size, hosts: [HostState], readOnly: Bool = false, now: Int64 = 0) {
        self.size = size
        self.hosts = hosts
        self.readOnly = readOnly
        self.now = now
    }

    /// A state watching one engine, named `main`.
    public init(size: Size, hostDescription: String, readOnly: Bool = false, now: Int64 = 0) {
        self.init(size: size, hosts: [HostState(id: .main, address: hostDescription)], readOnly: readOnly, now: now)
    }

    /// Whether rows name their engine (a HOST column): when more than one engine is watched.
    public var showsHosts: Bool { hosts.count > 1 }

    /// How dialogs, messages and pane titles name a container: `web-1`, or `web-1 (podman)` while several engines
    /// are watched, so a question never leaves open which engine it is about.
    public func label(_ container: ContainerSummary) -> String {
        showsHosts ? "\(container.displayName) (\(container.host.name))" : container.displayName
    }

    /// The state of `host`, if berth watches it.
    public func host(_ id: HostID) -> HostState? { hosts.first { $0.id == id } }

    /// The connection of the only engine, or of the first while several are watched.
    public var engine: EngineStatus { hosts.first?.status ?? .connecting }

    /// The rows the list shows, in display order: filtered, then in `sort` order (running first, then by name,
    /// until a sort key is pressed).
    ///
    /// Kept from one action to the next (`refreshListing`, at the end of every reduction): a frame reads it a
    /// dozen times, and filtering and sorting a thousand containers each time cost more than the frame budget.
    public var visibleContainers: [ContainerSummary] {
        if listing.key == listingKey { return listing.rows }
        return arrangedRows()
    }

    /// The containers filtered and sorted, under their project and pod rows while the list is grouped.
    private func arrangedRows() -> [ContainerSummary] {
        let rows = ContainerListing.visible(
            containers, showAll: showAll, filter: filter, sort: sort, figures: stats.rows)
        guard groupsProjects else { return rows }
        return ProjectGrouping.arrange(
            rows, groups: ProjectGrouping.groups(self), pods: pods.membership, folded: foldedProjects)
    }

    /// What decides `visibleContainers`: the figures only while the order uses them.
    var listingKey: ListingCache.Key {
        ListingCache.Key(
            containersRevision: listing.containersRevision,
            figuresRevision: sort.key == .cpu || sort.key == .memory ? listing.figuresRevision : 0,
            showAll: showAll, filter: filter, sort: sort, groupsProjects: groupsProjects,
            foldedProjects: groupsProjects ? foldedProjects : [])
    }

    /// Works `visibleContainers` out again if what decides it changed since.
    mutating func refreshListing() {
        let key = listingKey
        guard listing.key != key else { return }
        if let previous = listing.key, previous.narrows(to: key) {
            listing.rows = ContainerListing.narrowed(listing.rows, filter: filter)
        } else {
            listing.rows = arrangedRows()
        }
        listing.key = key
    }

    /// The selected container, if it is visible.
    public var selectedContainer: ContainerSummary? {
        guard let selection else { return nil }
        return visibleContainers.first { $0.ref == selection }
    }

    /// Where everything goes at the current size.
    public var layout: ScreenLayout { ScreenLayout(size: size, pane: pane, zoomed: zoomed) }

    /// How many container rows fit: the list area less its column titles.
    public var listHeight: Int { max(1, layout.list.height - 1) }

    /// The feeds the runtime must keep running for this state.
    public var subscriptions: Set<Subscription> {
        var feeds = Set<Subscription>()
        for (host, targets) in statsTargets where !targets.isEmpty { feeds.insert(.stats(host: host, targets)) }
        if view != .containers {
            for host in hosts { feeds.insert(.resources(view, host: host.id)) }
        }
        if SwarmActions.isSwarm(view), pane == .logs, let target = swarmLogs { feeds.insert(.swarmLogs(target)) }
        if let merged = MergedLogs.target(self) {
            feeds.insert(.mergedLogs(merged))
        } else if let id = selectedContainer?.ref, !ProjectGrouping.isProjectRow(id), let pane,
            view == .containers || !SwarmActions.isSwarm(view)
        {
            switch pane {
            case .stats: break
            case .logs: feeds.insert(.logs(container: id))
            case .top: feeds.insert(.top(container: id))
            case .inspect: feeds.insert(.inspect(container: id))
            case .events: break
            }
        }
        feeds.formUnion(EventsPane.subscriptions(self))
        return feeds
    }
}

/// The list's rows as the last action left them, and what they were worked out from. Derived data: two states
/// that are otherwise equal are equal whatever their caches hold.
struct ListingCache: Sendable, Equatable {
    struct Key: Sendable, Equatable {
        var containersRevision: UInt64
        var figuresRevision: UInt64
        var showAll: Bool
        var filter: String
        var sort: ListSort
        var groupsProjects: Bool
        var foldedProjects: Set<ContainerRef>

        /// Whether the rows for `next` are the rows for `self` narrowed by `next`'s filter: only the filter changed,
        /// by more text at its end, and the list is not grouped (group rows come and go with their members).
        func narrows(to next: Key) -> Bool {
            guard !groupsProjects, !next.groupsProjects, next.filter.count > filter.count else { return false }
            var widened = next
            widened.filter = filter
            return widened == self && Self.folded(next.filter).starts(with: Self.folded(filter))
        }

        private static func folded(_ text: String) -> [UInt8] { text.utf8.map(PlainTextMatcher.fold) }
    }

    /// Counts changes of `AppState.containers` and of the figures.
    var containersRevision: UInt64 = 0
    var figuresRevision: UInt64 = 0
    var key: Key?
    var rows: [ContainerSummary] = []

    static func == (_: ListingCache, _: ListingCache) -> Bool { true }
}

/// Filtering and ordering of the container list: pure functions shared by reducer and renderer.
public enum ContainerListing {
    public static func visible(
        _ containers: [ContainerSummary], showAll: Bool, filter: String, sort: ListSort = ListSort(),
        figures: [ContainerRef: RowFigures] = [:]
    ) -> [ContainerSummary] {
        kept(containers, showAll: showAll, filter: filter).sorted(by: sort, figures: figures)
    }

    /// The rows `filter` matches (and, unless `showAll`, only the live ones), in their order. One pass, reading the
    /// rows in place: each copy of a summary retains a dozen strings.
    static func kept(_ rows: [ContainerSummary], showAll: Bool, filter: String) -> [ContainerSummary] {
        let matcher = PlainTextMatcher(filter, caseSensitive: false)
        var kept: [ContainerSummary] = []
        kept.reserveCapacity(rows.count)
        for index in rows.indices
        where (showAll || rows[index].lifecycle.isAlive) && (matcher.needle.isEmpty || matches(rows[index], matcher)) {
            kept.append(rows[index])
        }
        return kept
    }

    /// The rows of `arranged` (the list as arranged for a shorter filter) that `filter` keeps, in the same order.
    ///
    /// Typing a filter a character at a time lengthens it at the end, and what matches the longer filter matches
    /// the shorter one too (names contain it, IDs start with it): the list narrows without sorting again.
    static func narrowed(_ arranged: [ContainerSummary], filter: String) -> [ContainerSummary] {
        kept(arranged, showAll: true, filter: filter)
    }

    /// Names, images, host names and Compose project names match anywhere, IDs from the start; ASCII letters in
    /// any case (names are ASCII).
    static func matches(_ container: ContainerSummary, _ matcher: PlainTextMatcher) -> Bool {
        matcher.matches(container.displayName) || matcher.matches(container.image ?? "")
            || matcher.matches(container.host.name)
            || container.id.utf8.starts(with: matcher.needle)
            || (container.names ?? []).contains(where: matcher.matches)
            || ProjectGrouping.project(of: container).map(matcher.matches) == true
    }

    /// Running and paused first, then restarting, created, exited and dead; by name within a group.
    static func order(_ a: ContainerSummary, _ b: ContainerSummary) -> Bool {
        let ra = rank(a.lifecycle)
        let rb = rank(b.lifecycle)
        if ra != rb { return ra < rb }
        let na = a.displayName.lowercased()
        let nb = b.displayName.lowercased()
        if na != nb { return na < nb }
        return a.ref < b.ref
    }

    static func rank(_ lifecycle: ContainerLifecycle) -> Int {
        switch lifecycle {
        case .running, .paused: return 0
        case .restarting: return 1
        case .removing: return 2
        case .created: return 3
        case .exited: return 4
        case .dead: return 5
        case .unknown: return 6
        }
    }
}
