import EngineAPI
import TerminalUI

/// The reducer: `(state, action) -> (state', effects)`. Pure; all I/O is returned as `Effect`s.
public enum Dashboard {
    /// Applies `action` to `state` and returns the work the runtime must do.
    public static func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
        var effects: [Effect] = []
        let status = state.status
        defer {
            MessageLog.note(&state, after: action, before: status)
            state.refreshListing()
        }
        switch action {
        case .key(let key):
            // A message stays until the next key: read, it gives its line back to the key hints.
            state.status = nil
            effects = handleKey(&state, key)
        case .resized(let size):
            state.size = size
        case .engineConnected(let host, let info):
            guard let index = state.hosts.firstIndex(where: { $0.id == host }) else { break }
            if state.hosts[index].isStale {
                state.status = StatusMessage(
                    backMessage(state, host, firstTime: !state.containersKnown.contains(host)), kind: .success)
            }
            state.hosts[index].status = .connected(info)
            effects = PodGrouping.connected(&state, host: host)
        case .containersChanged(let host, let containers):
            guard state.host(host) != nil else { break }
            replaceContainers(&state, host: host, containers)
            state.containersKnown.insert(host)
            state.containersPartial.remove(host)
            ResourceViews.containersChanged(&state, host: host)
            effects = PodGrouping.ask(&state)
        case .runningContainersListed(let host, let containers):
            // Shown at once, but not counted as the engine's list: the views' container counts and the header's
            // total wait for the whole list.
            guard state.host(host) != nil, !state.containersKnown.contains(host) else { break }
            replaceContainers(&state, host: host, containers)
            state.containersPartial.insert(host)
        case .engineUnreachable(let host, let reason, let retry):
            guard let index = state.hosts.firstIndex(where: { $0.id == host }) else { break }
            state.hosts[index].status = .unreachable(reason: reason, retryInSeconds: retry)
            // "is back" is no longer true: the status line gives the reason instead.
            if let text = state.status?.text,
                [false, true].contains(where: { backMessage(state, host, firstTime: $0) == text })
            {
                state.status = nil
            }
        case .hostAdded(let host):
            if let index = state.hosts.firstIndex(where: { $0.id == host.id }) {
                state.hosts[index] = host
            } else {
                state.hosts.append(host)
            }
        case .hostMethod(let host, let method):
            if let index = state.hosts.firstIndex(where: { $0.id == host }) { state.hosts[index].method = method }
        case .contextsListed(let contexts):
            state.contexts = contexts
        case .hostsRejected(let message):
            state.status = StatusMessage(message, kind: .error)
        case .hostRemoved(let host):
            state.hosts.removeAll { $0.id == host }
            replaceContainers(&state, host: host, [])
            state.containersKnown.remove(host)
            state.containersPartial.remove(host)
            PodGrouping.removed(&state, host: host)
            state.pending = state.pending.filter { $0.key.host != host }
            state.marked = state.marked.filter { $0.host != host }
            for view in state.resources.keys {
                state.resources[view]?.rows.removeAll { $0.host == host }
                state.resources[view]?.loaded.remove(host)
                state.resources[view]?.errors[host] = nil
            }
            state.stats.rows = state.stats.rows.filter { $0.key.host != host }
            state.stats.samplers[host] = nil
        case .commandFinished(let command, let id, let name, let error):
            state.pending[id] = nil
            let own =
                error.map { StatusMessage("Could not \(command.verb) \(name): \($0)", kind: .error) }
                ?? StatusMessage(command.doneMessage(name: name), kind: .success)
            state.status = own
            BulkActions.finished(&state, container: id, name: name, error: error)
            // The last row of a bulk command gives the status line to the summary: its own result still goes to
            // `:messages`, before the summary, as every other row's did.
            if state.status != own { state.messages.record(own, at: state.now) }
        case .tick(let now):
            state.now = now
            ResourceViews.age(&state)
        case .terminate:
            state.isQuitting = true
            effects = [.quit]
        case .execFinished(let name, let exitCode, let error):
            if let error {
                state.status = StatusMessage("Exec in \(name) failed: \(error)", kind: .error)
            } else {
                let code = exitCode.map { "exit code \($0)" } ?? "unknown exit code"
                state.status = StatusMessage(
                    "Exec in \(name) ended with \(code)", kind: exitCode == 0 ? .success : .info)
            }
        case .stats(let action): effects = StatsPane.reduce(&state, action)
        case .logs(let action): effects = LogsPane.reduce(&state, action)
        case .top(let action): effects = TopPane.reduce(&state, action)
        case .inspect(let action): effects = InspectPane.reduce(&state, action)
        case .resources(let action): effects = ResourceViews.reduce(&state, action)
        case .pods(let action): effects = PodGrouping.reduce(&state, action)
        case .configure(let preferences): effects = configure(&state, preferences)
        case .notice(let message): state.status = message
        case .mouse(let action):
            state.status = nil
            effects = MouseInput.reduce(&state, action)
        case .pointer: break
        case .events(let action): effects = EventsPane.reduce(&state, action)
        }
        keepSelectionVisible(&state)
        ResourceViews.refreshShown(&state)
        return effects
    }

    /// What the status line says when an engine answers after it was unreachable: back, or connected for the first
    /// time (its containers were never listed).
    static func backMessage(_ state: AppState, _ host: HostID, firstTime: Bool) -> String {
        let what = firstTime ? "is connected" : "is back"
        return state.showsHosts ? "Engine \(host.name) \(what)" : "Engine \(what)"
    }

    // MARK: - Keys by mode

    static func handleKey(_ state: inout AppState, _ key: Key) -> [Effect] {
        // Ctrl-C quits from anywhere, prompts and dialogs included.
        if key == .control("c") {
            state.isQuitting = true
            return [.quit]
        }
        let mode = KeyDispatch.mode(state)
        guard let (table, command) = KeyDispatch.resolve(key, in: state) else {
            return otherKey(&state, key, mode: mode)
        }
        switch table {
        case .list, .global:
            guard let command = Command(rawValue: command) else { return [] }
            return run(command, &state)
        case .stats:
            guard let command = StatsCommand(rawValue: command) else { return [] }
            return StatsPane.run(command, &state)
        case .logs:
            guard let command = LogsCommand(rawValue: command) else { return [] }
            return LogsPane.run(command, &state)
        case .top:
            guard let command = TopCommand(rawValue: command) else { return [] }
            return TopPane.run(command, &state)
        case .inspect:
            guard let command = InspectCommand(rawValue: command) else { return [] }
            return InspectPane.run(command, &state)
        case .resources:
            guard let command = ResourceCommand(rawValue: command) else { return [] }
            return ResourceViews.run(command, &state)
        case .swarm:
            guard let command = SwarmCommand(rawValue: command) else { return [] }
            return SwarmActions.run(command, &state)
        case .removeConfirm, .removeRefused, .prunePicker, .prunePreview, .pruneResult, .resourceInspect,
            .swarmConfirm:
            guard case .resourceDialog(let dialog) = state.mode else { return [] }
            return ResourceDialogs.handle(ResourceDialogCommand(rawValue: command), key: key, dialog, &state)
        case .events:
            guard let command = EventsCommand(rawValue: command) else { return [] }
            return EventsPane.run(command, &state)
        case .filterPrompt, .execPrompt, .logsPrompt, .inspectSearch, .commandPrompt, .scalePrompt,
            .eventsFilter:
            guard let command = PromptCommand(rawValue: command) else { return [] }
            return prompt(&state, .command(command), mode: table)
        case .confirm, .killPicker, .processSignalPicker, .processConfirm, .help, .messages:
            guard let command = DialogCommand(rawValue: command) else { return [] }
            return dialog(&state, .command(command, key), mode: table)
        }
    }

    /// A key no table that applies lists: typed into a prompt, cancels a dialog, else ignored.
    static func otherKey(_ state: inout AppState, _ key: Key, mode: KeyMode) -> [Effect] {
        switch state.keymap[mode].otherKeys {
        case .ignored:
            return []
        case .typed:
            guard case .character(let c) = key else { return [] }
            return prompt(&state, .text(c), mode: mode)
        case .cancel:
            return dialog(&state, .other, mode: mode)
        }
    }

    static func prompt(_ state: inout AppState, _ input: PromptInput, mode: KeyMode) -> [Effect] {
        switch mode {
        case .filterPrompt:
            editFilter(&state, input)
            return []
        case .execPrompt:
            guard case .execPrompt(let id, let name, let text) = state.mode else { return [] }
            return editExecPrompt(&state, input, id: id, name: name, text: text)
        case .logsPrompt: return LogsPane.prompt(&state, input)
        case .inspectSearch:
            InspectPane.editSearch(&state, input)
            return []
        case .commandPrompt:
            guard case .commandLine(let text) = state.mode else { return [] }
            return CommandLinePrompt.edit(&state, input, text: text)
        case .scalePrompt:
            guard case .resourceDialog(.swarm(let dialog)) = state.mode else { return [] }
            return SwarmActions.handle(.prompt(input), dialog, &state)
        case .eventsFilter:
            EventsPane.editFilter(&state, input)
            return []
        default: return []
        }
    }

    static func dialog(_ state: inout AppState, _ input: DialogInput, mode: KeyMode) -> [Effect] {
        switch (mode, state.mode) {
        case (.help, _), (.messages, _):
            // The help overlay, the `:host` list and the messages all close on any key.
            state.mode = .normal
            return []
        case (.killPicker, .bulk(let dialog)), (.confirm, .bulk(let dialog)):
            return BulkActions.handle(&state, input, dialog)
        case (.killPicker, .pickingSignal(let id, let name, let index)):
            return pickSignal(&state, input, id: id, name: name, index: index)
        case (.confirm, .confirming(let confirmation)):
            return confirm(&state, input, confirmation)
        case (.processSignalPicker, _), (.processConfirm, _):
            guard let dialog = state.top.dialog else { return [] }
            return TopPane.handleDialog(&state, input, dialog)
        case (_, .resourceDialog(let dialog)):
            guard case .other = input else { return [] }
            return ResourceDialogs.handle(nil, key: .escape, dialog, &state)
        default:
            return []
        }
    }

    static func editExecPrompt(
        _ state: inout AppState, _ input: PromptInput, id: ContainerRef, name: String, text: String
    ) -> [Effect] {
        if let edited = input.edited(text) {
            state.mode = .execPrompt(container: id, name: name, text: edited)
            return []
        }
        switch input {
        case .command(.cancel):
            state.mode = .normal
        case .command(.submit):
            state.mode = .normal
            let command = String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
            guard !command.isEmpty else { return [] }
            return [.exec(container: id, name: name, command: command)]
        default: break
        }
        return []
    }

    static func editFilter(_ state: inout AppState, _ input: PromptInput) {
        defer { state.filterSelected = false }
        switch input {
        case .text(let c):
            if state.filterSelected { state.filter = "" }
            state.filter.append(c)
        case .command(.erase): if !state.filter.isEmpty { state.filter.removeLast() }
        case .command(.eraseAll): state.filter = ""
        case .command(.submit): state.mode = .normal
        case .command(.cancel):
            state.filter = ""
            state.mode = .normal
        case .command(.moveDown):
            if state.view == .containers {
                move(&state, by: 1)
            } else {
                _ = ResourceViews.run(.moveDown, &state)
            }
        case .command(.moveUp):
            if state.view == .containers {
                move(&state, by: -1)
            } else {
                _ = ResourceViews.run(.moveUp, &state)
            }
        case .command(.regex), .command(.complete): break
        }
        if state.view == .containers {
            selectFirstIfLost(&state)
        } else {
            ResourceViews.keepSelection(&state, state.view)
        }
    }

    /// The index `input` picks in a signal picker showing `count` signals at `index`, or the new highlighted index;
    /// nil when the picker is cancelled.
    static func signalChoice(_ input: DialogInput, index: Int, count: Int) -> (highlight: Int, chosen: Int?)? {
        switch input {
        case .command(.down, _): return (min(index + 1, count - 1), nil)
        case .command(.up, _): return (max(index - 1, 0), nil)
        case .command(.choose, _): return (index, index)
        case .command(.pick, .character(let c)):
            guard let n = c.wholeNumberValue, (1...count).contains(n) else { return (index, nil) }
            return (n - 1, n - 1)
        case .command, .other: return nil
        }
    }

    static func pickSignal(
        _ state: inout AppState, _ input: DialogInput, id: ContainerRef, name: String, index: Int
    ) -> [Effect] {
        let signals = ContainerSignal.allCases
        guard let (highlight, chosen) = signalChoice(input, index: index, count: signals.count) else {
            state.mode = .normal
            state.status = StatusMessage("Kill cancelled")
            return []
        }
        state.mode = .pickingSignal(container: id, name: name, index: highlight)
        if let chosen, !state.confirmations.kill {
            state.mode = .normal
            return perform(&state, .kill(signals[chosen]), id: id, name: name)
        }
        if let chosen {
            let isRunning = state.containers.first { $0.ref == id }?.lifecycle.isAlive ?? false
            state.mode = .confirming(
                Confirmation(command: .kill(signals[chosen]), container: id, name: name, isRunning: isRunning))
        }
        return []
    }

    static func confirm(_ state: inout AppState, _ input: DialogInput, _ confirmation: Confirmation) -> [Effect] {
        switch input {
        case .command(.yes, _):
            state.mode = .normal
            return perform(&state, confirmation.command, id: confirmation.container, name: confirmation.name)
        case .command(.volumes, _) where confirmation.offersVolumeChoice:
            var changed = confirmation
            if case .remove(let force, let volumes) = confirmation.command {
                changed.command = .remove(force: force, volumes: !volumes)
            }
            state.mode = .confirming(changed)
            return []
        default:
            state.mode = .normal
            state.status = StatusMessage("Cancelled: nothing was changed")
            return []
        }
    }

    // MARK: - Commands

    static func run(_ command: Command, _ state: inout AppState) -> [Effect] {
        if command.changesContainer, state.readOnly {
            state.status = StatusMessage("Read-only mode: changing containers is disabled (--read-only)", kind: .error)
            return []
        }
        switch command {
        case .moveDown: move(&state, by: 1)
        case .moveUp: move(&state, by: -1)
        case .pageDown: move(&state, by: state.listHeight)
        case .pageUp: move(&state, by: -state.listHeight)
        case .top: state.selection = state.visibleContainers.first?.ref
        case .bottom: state.selection = state.visibleContainers.last?.ref
        case .filter:
            state.mode = .filtering
            state.filterSelected = !state.filter.isEmpty
        case .clearFilter:
            state.filter = ""
            state.status = nil
            selectFirstIfLost(&state)
        case .toggleAll:
            state.showAll.toggle()
            state.status = StatusMessage(state.showAll ? "Showing all containers" : "Showing running containers only")
            selectFirstIfLost(&state)
        case .help: state.mode = .help
        case .commandLine: state.mode = .commandLine(text: "")
        case .hosts:
            state.mode = .hostList
            return [.hosts(.listContexts)]
        case .mark:
            guard let selection = state.selection else { break }
            if let members = ProjectGrouping.selectedMembers(state) {
                let refs = Set(members.map(\.ref))
                if refs.isSubset(of: state.marked) { state.marked.subtract(refs) } else { state.marked.formUnion(refs) }
            } else if state.marked.remove(selection) == nil {
                state.marked.insert(selection)
            }
            move(&state, by: 1)
        case .groupProjects: return ProjectGrouping.toggle(&state)
        case .fold: ProjectGrouping.fold(&state)
        case .back:
            state.focus = .list
            state.zoomed = false
        case .quit:
            state.isQuitting = true
            return [.quit]
        case .suspend:
            return [.suspend]
        case .toggleMouse:
            state.mouseReporting.toggle()
            state.status = StatusMessage(
                state.mouseReporting
                    ? "Mouse on: click selects and sorts, the wheel scrolls"
                    : "Mouse off: the terminal selects text again")
        case .startStop, .restart, .pauseUnpause, .kill, .remove:
            return lifecycle(command, &state)
        case .exec, .execCommand:
            guard let container = state.selectedContainer, !ProjectGrouping.isProjectRow(container.ref) else {
                state.status = StatusMessage("No container selected", kind: .error)
                return []
            }
            let name = state.label(container)
            switch container.lifecycle {
            case .running: break
            case .paused:
                state.status = StatusMessage("\(name) is paused: unpause it (p) to exec into it", kind: .error)
                return []
            default:
                state.status = StatusMessage("\(name) is not running: start it (s) to exec into it", kind: .error)
                return []
            }
            if command == .execCommand {
                state.mode = .execPrompt(container: container.ref, name: name, text: "")
                return []
            }
            return [.exec(container: container.ref, name: name, command: nil)]
        case .showStats where state.view != .containers, .showLogs where state.view != .containers,
            .showTop where state.view != .containers, .showInspect where state.view != .containers,
            .showEvents where state.view != .containers:
            state.status = StatusMessage("Panes show containers: :containers goes back to them", kind: .error)
        case .showStats: togglePane(.stats, &state)
        case .showLogs: togglePane(.logs, &state)
        case .showTop: togglePane(.top, &state)
        case .showInspect: togglePane(.inspect, &state)
        case .showEvents: togglePane(.events, &state)
        case .switchFocus:
            if state.pane != nil { state.focus = state.focus == .list ? .pane : .list }
        case .zoom:
            if state.pane != nil { state.zoomed.toggle() }
        case .sortByCPU, .sortByMemory, .sortByName:
            if let key = command.sortKey { StatsPane.sort(by: key, &state) }
        }
        return []
    }

    static func lifecycle(_ command: Command, _ state: inout AppState) -> [Effect] {
        // With rows marked, the command is for all of them (after one question that lists them).
        if let effects = BulkActions.start(command, &state) { return effects }
        guard let container = state.selectedContainer else {
            state.status = StatusMessage("No container selected", kind: .error)
            return []
        }
        let name = state.label(container)
        if let busy = state.pending[container.ref] {
            state.status = StatusMessage("\(name) is busy (\(busy.progressLabel))", kind: .error)
            return []
        }
        let lifecycle = container.lifecycle
        switch command {
        case .startStop:
            if lifecycle.isAlive {
                guard state.confirmations.stop else { return perform(&state, .stop, id: container.ref, name: name) }
                state.mode = .confirming(
                    Confirmation(command: .stop, container: container.ref, name: name, isRunning: true))
                return []
            }
            return perform(&state, .start, id: container.ref, name: name)
        case .restart:
            // A restart costs the same downtime as a stop: it asks too.
            guard state.confirmations.restart else { return perform(&state, .restart, id: container.ref, name: name) }
            state.mode = .confirming(
                Confirmation(command: .restart, container: container.ref, name: name, isRunning: lifecycle.isAlive))
            return []
        case .pauseUnpause:
            switch lifecycle {
            case .paused: return perform(&state, .unpause, id: container.ref, name: name)
            case .running:
                guard state.confirmations.pause else { return perform(&state, .pause, id: container.ref, name: name) }
                state.mode = .confirming(
                    Confirmation(command: .pause, container: container.ref, name: name, isRunning: true))
                return []
            default:
                state.status = StatusMessage("\(name) is not running: nothing to pause", kind: .error)
                return []
            }
        case .kill:
            guard lifecycle.isAlive else {
                state.status = StatusMessage("\(name) is not running: nothing to kill", kind: .error)
                return []
            }
            state.mode = .pickingSignal(container: container.ref, name: name, index: 0)
            return []
        case .remove:
            if PodGrouping.isInfra(container, state) {
                // Podman refuses it on its own: it goes with its pod.
                state.status = StatusMessage(
                    "\(name) is a pod's infra container: Podman removes it only with its pod (D on the pod's row)",
                    kind: .error)
                return []
            }
            let running = lifecycle.isAlive
            state.mode = .confirming(
                Confirmation(
                    command: .remove(force: running, volumes: false), container: container.ref, name: name,
                    isRunning: running))
            return []
        default:
            return []
        }
    }

    static func perform(
        _ state: inout AppState, _ command: ContainerCommand, id: ContainerRef, name: String
    ) -> [Effect] {
        state.pending[id] = command
        state.status = StatusMessage("\(command.progressLabel.dropLast()) \(name)…".capitalizedFirst)
        return [.perform(command, container: id, name: name)]
    }

    // MARK: - Panes

    /// Opens `pane` with the keys on it, or closes it when it is already open. Tab or Esc hands the keys
    /// back to the list, where j/k switch containers and the pane follows the selection.
    static func togglePane(_ pane: PaneKind, _ state: inout AppState) {
        if state.pane == pane {
            state.pane = nil
            state.focus = .list
            state.zoomed = false
        } else {
            state.pane = pane
            state.focus = .pane
        }
    }

    // MARK: - Selection

    static func move(_ state: inout AppState, by delta: Int) {
        state.refreshListing()
        let rows = state.visibleContainers
        guard !rows.isEmpty else {
            state.selection = nil
            return
        }
        let current = rows.firstIndex { $0.ref == state.selection } ?? 0
        let target = min(max(current + delta, 0), rows.count - 1)
        state.selection = rows[target].ref
    }

    static func selectFirstIfLost(_ state: inout AppState) {
        state.refreshListing()
        let rows = state.visibleContainers
        if state.selection == nil || !rows.contains(where: { $0.ref == state.selection }) {
            state.selection = rows.first?.ref
        }
    }

    /// Replaces the rows of one engine, keeping the other engines' rows and the host order.
    static func replaceContainers(_ state: inout AppState, host: HostID, _ containers: [ContainerSummary]) {
        state.refreshListing()
        let before = state.visibleContainers
        let oldIndex = before.firstIndex { $0.ref == state.selection }
        var stamped = containers
        for index in stamped.indices { stamped[index].host = host }
        let refs = Set(stamped.map(\.ref))
        let gone = oldIndex.map { before[$0] }.flatMap { old in
            old.host != host || refs.contains(old.ref) ? nil : old
        }
        state.containers = merged(state.containers, replacing: host, with: stamped, order: state.hosts.map(\.id))
        state.refreshListing()
        let after = state.visibleContainers
        guard !after.contains(where: { $0.ref == state.selection }) else { return }
        // The selected container went away: keep the cursor at the same place in the list.
        if let oldIndex, !after.isEmpty {
            state.selection = after[min(oldIndex, after.count - 1)].ref
        } else {
            state.selection = after.first?.ref
        }
        // An open pane follows the selection to another container: say so, or it looks like the same one.
        if let gone, let pane = state.pane {
            let next = state.selectedContainer.map { "; the \(pane.title) pane now shows \(state.label($0))" } ?? ""
            state.status = StatusMessage("\(state.label(gone)) was removed\(next)", kind: .info)
        }
    }

    /// `all` with the rows of `host` replaced by `rows`, hosts in `order` (a host missing from it goes last).
    static func merged(
        _ all: [ContainerSummary], replacing host: HostID, with rows: [ContainerSummary], order: [HostID]
    ) -> [ContainerSummary] {
        if all.allSatisfy({ $0.host == host }) { return rows }
        let rank = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let mine = rank[host] ?? order.count
        var result: [ContainerSummary] = []
        result.reserveCapacity(all.count + rows.count)
        var inserted = false
        for row in all where row.host != host {
            if !inserted, (rank[row.host] ?? order.count) > mine {
                result.append(contentsOf: rows)
                inserted = true
            }
            result.append(row)
        }
        if !inserted { result.append(contentsOf: rows) }
        return result
    }

    static func keepSelectionVisible(_ state: inout AppState) {
        state.refreshListing()
        let rows = state.visibleContainers
        let height = state.listHeight
        guard let index = rows.firstIndex(where: { $0.ref == state.selection }) else {
            state.scrollOffset = min(state.scrollOffset, max(0, rows.count - height))
            return
        }
        if index < state.scrollOffset { state.scrollOffset = index }
        if index >= state.scrollOffset + height { state.scrollOffset = index - height + 1 }
        state.scrollOffset = max(0, min(state.scrollOffset, max(0, rows.count - height)))
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
