import DashboardCore
import DashboardRenderer
import EngineAPI
import EngineClient
import EngineWatchers
import Synchronization
import TerminalUI

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How berth was started.
public struct DashboardConfiguration: Sendable {
    /// The engines to watch, in the order the list shows them.
    public var hosts: [HostConfiguration]
    public var readOnly: Bool
    /// The shell for `e`, instead of detecting the container user's login shell.
    public var shell: String?
    /// Log lines kept in memory per logs pane (`--log-lines`).
    public var logLines: Int
    /// Logs how long each key took from the event loop picking it up to its frame handed to the terminal
    /// (`BERTH_LOG_FRAMES=1`): what the scale benchmark reads.
    public var logsFrameTimes: Bool
    /// The user's keys, questions, mouse and first view (the config file).
    public var preferences = Preferences()
    /// The colours the screens are drawn in.
    public var palette = ThemePalette.dark
    /// How often stats are sampled and the container lists fetched in full.
    public var refresh = RefreshRates()
    /// Said in the status line as the dashboard opens (a config file berth could not use).
    public var notice: String?

    public init(
        hosts: [HostConfiguration], readOnly: Bool, shell: String? = nil, logLines: Int = 10_000,
        logsFrameTimes: Bool = false
    ) {
        self.hosts = hosts
        self.readOnly = readOnly
        self.shell = shell
        self.logLines = logLines
        self.logsFrameTimes = logsFrameTimes
    }
}

/// The event loop: every input becomes an `Action`, the reducer turns it into a new state and effects,
/// and the screen is redrawn only when the rendered grid changed.
public enum DashboardApp {
    /// Runs until the user quits or a termination signal arrives; returns the process exit status.
    public static func run(
        _ configuration: DashboardConfiguration, backend: some TerminalBackend, log: DiagnosticLog
    ) async -> Int32 {
        let (actions, sink) = AsyncStream.makeStream(of: Action.self)
        let hosts = HostRegistry(
            sink: sink, statsSource: StatsFeed.sourcePreference, refresh: configuration.refresh, log: log.sink)
        sink.yield(.configure(configuration.preferences))
        if let notice = configuration.notice { sink.yield(.notice(StatusMessage(notice, kind: .error))) }
        // The engines are asked for their containers while the terminal is set up, not after: their answers wait in
        // the stream for the first frame instead of the first frame waiting for them.
        for host in configuration.hosts { await hosts.add(host) }
        let size: Size
        do {
            size = try await backend.start()
        } catch {
            await hosts.removeAll()
            StandardError.write("berth: \(error)\n")
            return 1
        }
        let names = configuration.hosts.map { "\($0.id.name)=\($0.host)" }.joined(separator: ", ")
        log("screen started at \(size.width)x\(size.height) for \(names)")
        await withTaskExecutorPreference(backend.taskExecutor) {
            await loop(
                configuration, backend: backend, size: size, actions: actions, sink: sink, hosts: hosts, log: log)
        }
        await backend.stop()
        log("screen stopped")
        return 0
    }

    /// Turns inputs into actions until the user quits; runs on the backend's thread when it has one.
    static func loop(
        _ configuration: DashboardConfiguration, backend: some TerminalBackend, size: Size,
        actions: AsyncStream<Action>, sink: AsyncStream<Action>.Continuation, hosts: HostRegistry, log: DiagnosticLog
    ) async {
        var tasks: [Task<Void, Never>] = []
        tasks.append(
            Task(executorPreference: backend.taskExecutor) {
                for await event in backend.events {
                    switch event {
                    case .key(let key): sink.yield(.key(key))
                    case .resize(let size): sink.yield(.resized(size))
                    case .terminate: sink.yield(.terminate)
                    case .mouse(let event): sink.yield(.pointer(event))
                    }
                }
            })
        // Relative times ("3 minutes ago") age; a redraw happens only if the rendered text changes. While some text
        // counts seconds ("Up 5 seconds") the clock ticks every second, else every ten.
        let pace = TickPace()
        tasks.append(
            Task {
                var quiet = 0
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    quiet += 1
                    guard quiet >= 10 || pace.everySecond.load(ordering: .relaxed) else { continue }
                    quiet = 0
                    sink.yield(.tick(now: unixNow()))
                }
            })

        let feedContext = FeedContext(hosts: hosts, sink: sink, log: log.sink)
        var feeds = FeedSupervisor()
        var state = AppState(
            size: size, hosts: configuration.hosts.map(\.initialState), readOnly: configuration.readOnly,
            now: unixNow())
        state.logs = LogsPaneState(capacity: configuration.logLines)
        var shownState = state
        var youngContainers = false
        let palette = configuration.palette
        var shownGrid = palette.apply(to: DashboardView.render(state))
        backend.draw(shownGrid)
        var mouseReporting = false

        loop: for await action in actions {
            // A key read before a hand-over of the terminal (exec, Ctrl-Z) or before a dialog was drawn must not act.
            if case .key = action, !backend.admitNextKey() { continue }
            let began = configuration.logsFrameTimes ? ContinuousClock.now : nil
            // Messages are logged with the reducer's clock: keep it to the second, not to the last tick.
            let now = unixNow()
            if now != state.now { _ = Dashboard.reduce(&state, .tick(now: now)) }
            // What a click or the wheel is on is the layout's to say: the screen the user sees is this state's.
            var action = action
            if case .pointer(let event) = action { action = .mouse(MouseGesture.action(event, in: state)) }
            let effects = Dashboard.reduce(&state, action)
            if state.mouseReporting != mouseReporting {
                mouseReporting = state.mouseReporting
                backend.setMouseReporting(mouseReporting)
            }
            if (state.view == .containers) != (shownState.view == .containers) {
                await hosts.setContainerListShown(state.view == .containers)
            }
            // The engine words STATUS at fetch time ("Up 5 seconds"); while a container is that young, refetch its row
            // on each tick so the words keep up with CREATED instead of waiting for the 30 s reconcile.
            switch action {
            case .containersChanged:
                // Only a new list can change whether some row counts seconds.
                youngContainers = state.containers.contains(where: countsSeconds)
            case .tick where youngContainers && state.view == .containers:
                var young: [HostID: Set<String>] = [:]
                for row in state.containers where countsSeconds(row) {
                    young[row.host, default: []].insert(row.id)
                }
                await hosts.refetch(young)
            default:
                break
            }
            // Another view's "… ago" cells count seconds too, for their first minute.
            let countsSeconds = youngContainers || state.viewCountsSeconds
            if countsSeconds != pace.everySecond.load(ordering: .relaxed) {
                pace.everySecond.store(countsSeconds, ordering: .relaxed)
            }
            feeds.update(to: state.subscriptions) { Feeds.start($0, context: feedContext) }
            if state != shownState {
                // A question takes its answer only from keys typed after it is on screen.
                let asking: Set<KeyMode> = [.confirm, .processConfirm, .removeConfirm, .prunePreview]
                let mode = KeyDispatch.mode(state)
                if asking.contains(mode), mode != KeyDispatch.mode(shownState) || state.mode != shownState.mode {
                    backend.discardTypeahead()
                }
                shownState = state
                let grid = palette.apply(to: DashboardView.render(state))
                if grid != shownGrid {
                    shownGrid = grid
                    backend.draw(grid)
                }
            }
            if let began, case .key(let key) = action {
                let took = (ContinuousClock.now - began).seconds * 1000
                log("frame for key \(key): \((took * 100).rounded() / 100) ms, \(state.containers.count) rows")
            }
            for effect in effects {
                switch effect {
                case .quit:
                    break loop
                case .perform(let command, let id, let name):
                    log("perform \(command) on \(id)")
                    Task {
                        let error = await hosts.runCommand(on: id.host) { await $0.run(command, id: id.id) }
                        if let error { log("\(command.verb) \(id) failed: \(error)") }
                        // No refetch here: the engine's events for the change bring the new row.
                        sink.yield(.commandFinished(command, container: id, name: name, error: error))
                    }
                case .exec(let id, let name, let command):
                    guard let client = await hosts.client(for: id.host) else {
                        sink.yield(.execFinished(name: name, exitCode: nil, error: "the engine is not connected"))
                        continue
                    }
                    // The loop waits here: while the exec owns the terminal there is nothing to draw. The exec's own
                    // traffic runs on the pool, not on the terminal's thread.
                    let runner = ExecRunner(client: client, backend: backend, shell: configuration.shell, log: log.sink)
                    let terminalSize = state.size
                    let outcome = await Task {
                        await runner.run(containerID: id.id, command: command, size: terminalSize)
                    }
                    .value
                    log(
                        "exec in \(id) ended: code \(outcome.exitCode.map(String.init) ?? "-"), \(outcome.error ?? "ok")"
                    )
                    sink.yield(.execFinished(name: name, exitCode: outcome.exitCode, error: outcome.error))
                    if outcome.terminate { sink.yield(.terminate) }
                case .hosts(let change):
                    Task { await HostChanges.perform(change, hosts: hosts, sink: sink) }
                case .copyToClipboard(let text):
                    backend.copyToClipboard(text)
                case .suspend:
                    log("suspended to the shell")
                    await backend.suspendToShell()
                    log("continued")
                case .stats, .logs, .top, .inspect, .resources:
                    Feeds.perform(effect, context: feedContext)
                case .pods(let host, let question):
                    Task { await PodsFeed.ask(host, question: question, context: feedContext) }
                case .removePod(let pod, let force):
                    log("remove pod \(pod.id) on \(pod.host.name)")
                    Task {
                        let error = await hosts.runCommand(on: pod.host) { await $0.removePod(pod.id, force: force) }
                        if let error { log("removing pod \(pod.id) failed: \(error)") }
                        sink.yield(.pods(.removed(pod, error: error)))
                    }
                }
            }
        }
        feeds.cancelAll()
        await hosts.removeAll()
        for task in tasks { task.cancel() }
    }

    static func unixNow() -> Int64 { Int64(Date().timeIntervalSince1970) }

    /// Whether the engine's STATUS for the row counts seconds ("Up 5 seconds", "Exited (0) 3 seconds ago"): words
    /// that are a second out of date a second after they were fetched.
    static func countsSeconds(_ row: ContainerSummary) -> Bool { (row.status ?? "").contains("second") }
}

/// How often the clock ticks: shared by the event loop, which knows, and the ticker.
final class TickPace: Sendable {
    let everySecond = Atomic<Bool>(false)
}

extension Duration {
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
