import EngineAPI
import TerminalUI

/// What the events pane shows: a timeline of the selected container's lifecycle (create, start, die with exit code,
/// oom, kill with signal, restart, health), or of every container of every engine (`:events`, `a`), taken from the
/// engine's `/events` history when the pane opens and live after that.
public struct EventsPaneState: Sendable, Equatable {
    /// Every container of every engine (`:events`), rather than the selected one.
    public var allContainers = false
    /// Whose events `entries` holds: the container, or nil with `holdsAll` for every container.
    public var scope: ContainerRef?
    /// Whether `entries` holds every container's steps.
    public var holdsAll = false
    /// The steps, oldest first, at most `capacity`.
    public var entries: [TimelineEvent] = []
    /// Only the steps whose name, event or detail contains it (`/`).
    public var filter = ""
    /// Whether the filter prompt is open and takes the keys.
    public var isEditingFilter = false
    /// How many rows the view is scrolled up from the newest step; 0 follows new steps.
    public var scrollBack = 0
    /// The last failure of an engine's stream, shown until its next events.
    public var problems: [HostID: String] = [:]

    public init() {}

    /// How many steps the pane keeps: the engine's own history is about this long (Docker keeps 256 per engine).
    public static let capacity = 2_000

    /// The steps the filter lets through, oldest first.
    public var visibleEntries: [TimelineEvent] {
        guard !filter.isEmpty else { return entries }
        let matcher = PlainTextMatcher(filter, caseSensitive: false)
        return entries.filter { event in
            matcher.matches(event.name) || matcher.matches(event.verb) || matcher.matches(event.detail)
                || matcher.matches(event.container.host.name)
        }
    }
}

/// News from the events feed.
public enum EventsAction: Sendable, Equatable {
    /// Steps from one engine's stream: first its history, then as they happen. `container` is the pane's scope the
    /// feed serves (nil: every container).
    case received(host: HostID, container: ContainerRef?, [TimelineEvent])
    case failed(host: HostID, container: ContainerRef?, message: String)
}

/// The events pane's reducer and keys.
enum EventsPane {
    /// The container the pane is about now: nil for every container.
    static func wantedScope(_ state: AppState) -> ContainerRef? {
        state.events.allContainers ? nil : state.selection
    }

    /// The feeds the pane needs: one stream per engine, for one container or for all.
    static func subscriptions(_ state: AppState) -> [Subscription] {
        guard state.pane == .events else { return [] }
        if state.events.allContainers { return state.hosts.map { .events(host: $0.id, container: nil) } }
        guard let id = state.selectedContainer?.ref, !ProjectGrouping.isProjectRow(id) else { return [] }
        return [.events(host: id.host, container: id)]
    }

    static func reduce(_ state: inout AppState, _ action: EventsAction) -> [Effect] {
        let wanted = wantedScope(state)
        switch action {
        case .received(let host, let container, let events):
            // A late batch from the feed of another scope would only mix timelines.
            guard container == wanted, (container == nil) == state.events.allContainers else { return [] }
            rescope(&state, to: wanted)
            state.events.problems[host] = nil
            merge(&state.events, events)
        case .failed(let host, let container, let message):
            guard container == wanted, (container == nil) == state.events.allContainers else { return [] }
            rescope(&state, to: wanted)
            state.events.problems[host] = message
        }
        return []
    }

    /// Forgets the steps of another scope.
    static func rescope(_ state: inout AppState, to scope: ContainerRef?) {
        let all = state.events.allContainers
        guard state.events.scope != scope || state.events.holdsAll != all else { return }
        state.events.scope = scope
        state.events.holdsAll = all
        state.events.entries = []
        state.events.problems = [:]
        state.events.scrollBack = 0
    }

    /// Adds steps in time order; a step already held (a stream replayed after a reconnect) is not added twice.
    static func merge(_ pane: inout EventsPaneState, _ events: [TimelineEvent]) {
        guard !events.isEmpty else { return }
        let held = Set(pane.entries.suffix(events.count + 256))
        let new = events.filter { !held.contains($0) }
        guard !new.isEmpty else { return }
        let before = pane.visibleEntries.count
        if let last = pane.entries.last, new.allSatisfy({ $0.timeNanos >= last.timeNanos }) {
            pane.entries += new.sorted { $0.timeNanos < $1.timeNanos }
        } else {
            // Stable: steps of the same nanosecond keep the order the engine sent them in.
            pane.entries = (pane.entries + new).enumerated()
                .sorted { ($0.element.timeNanos, $0.offset) < ($1.element.timeNanos, $1.offset) }
                .map(\.element)
        }
        if pane.entries.count > EventsPaneState.capacity {
            pane.entries.removeFirst(pane.entries.count - EventsPaneState.capacity)
        }
        // Scrolled back, the view stays on the same steps while new ones arrive below.
        if pane.scrollBack > 0 { pane.scrollBack += max(0, pane.visibleEntries.count - before) }
    }

    /// Rows of steps that fit under the summary and the column titles.
    static func listHeight(_ state: AppState) -> Int {
        max(1, (state.layout.paneContent?.height ?? 0) - 2)
    }

    static func maxScrollBack(_ state: AppState) -> Int {
        max(0, state.events.visibleEntries.count - listHeight(state))
    }

    // MARK: - Keys

    static func run(_ command: EventsCommand, _ state: inout AppState) -> [Effect] {
        let page = listHeight(state)
        switch command {
        case .scrollDown: scroll(&state, by: -1)
        case .scrollUp: scroll(&state, by: 1)
        case .pageDown: scroll(&state, by: -page)
        case .pageUp: scroll(&state, by: page)
        case .oldest: state.events.scrollBack = maxScrollBack(state)
        case .newest: state.events.scrollBack = 0
        case .filter: state.events.isEditingFilter = true
        case .allContainers:
            state.events.allContainers.toggle()
            rescope(&state, to: wantedScope(state))
            state.status = StatusMessage(
                state.events.allContainers
                    ? "Events of every container" : "Events of the selected container only")
        case .back:
            if !state.events.filter.isEmpty {
                state.events.filter = ""
                state.events.scrollBack = 0
            } else {
                state.focus = .list
                state.zoomed = false
            }
        }
        return []
    }

    static func scroll(_ state: inout AppState, by delta: Int) {
        state.events.scrollBack = min(max(0, state.events.scrollBack + delta), maxScrollBack(state))
    }

    static func editFilter(_ state: inout AppState, _ input: PromptInput) {
        if let edited = input.edited(state.events.filter) {
            state.events.filter = edited
            state.events.scrollBack = 0
            return
        }
        switch input {
        case .command(.submit): state.events.isEditingFilter = false
        case .command(.cancel):
            state.events.filter = ""
            state.events.isEditingFilter = false
            state.events.scrollBack = 0
        default: break
        }
    }

    /// `:events`: every container's timeline, the pane zoomed over the list.
    static func showAll(_ state: inout AppState) -> [Effect] {
        var effects: [Effect] = []
        if state.view != .containers { effects = ResourceViews.show(.containers, &state) }
        state.events.allContainers = true
        rescope(&state, to: nil)
        state.pane = .events
        state.focus = .pane
        state.zoomed = true
        return effects
    }
}
