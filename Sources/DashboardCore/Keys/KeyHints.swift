/// One key hint for the status line: the keys as written, the word, and the command they run.
public struct KeyHint: Sendable, Equatable {
    public var label: String
    public var text: String
    public var mode: KeyMode
    public var command: String
}

/// The status-line hints and the help overlay, made from the same tables that dispatch keys.
///
/// A hint is shown only where its key works now: the mode's own table, then `global` where it applies, less what
/// does nothing in this state (`n`/`N` without a search, a zoom without a pane, a change in read-only mode).
public enum KeyHints {
    /// The hints for the keys that apply now, the mode's own first.
    public static func current(_ state: AppState) -> [KeyHint] {
        var hints: [KeyHint] = []
        for mode in KeyDispatch.modes(state) {
            for binding in state.keymap[mode].bindings {
                guard binding.hint != nil, !binding.keys.isEmpty, applies(binding.command, in: mode, state),
                    !shadowed(binding, mode: mode, state)
                else { continue }
                hints.append(
                    KeyHint(
                        label: binding.label, text: word(binding, mode: mode, state), mode: mode,
                        command: binding.command))
            }
        }
        if let other = otherKeysHint(state) { hints.append(other) }
        return hints
    }

    /// A key of `global` that the mode's own table also binds is the mode's: it is not offered twice.
    static func shadowed(_ binding: KeyBinding, mode: KeyMode, _ state: AppState) -> Bool {
        guard mode == .global else { return false }
        let own = state.keymap[KeyDispatch.mode(state)]
        return binding.keys.allSatisfy { own.command(for: $0) != nil }
    }

    /// What the keys that no binding lists do, when that is worth saying (dialogs).
    static func otherKeysHint(_ state: AppState) -> KeyHint? {
        let mode = KeyDispatch.mode(state)
        guard state.keymap[mode].otherKeys == .cancel, mode != .help, mode != .messages else { return nil }
        let word: String
        switch mode {
        case .confirm, .processConfirm, .removeConfirm: word = "no"
        case .removeRefused, .pruneResult, .resourceInspect: word = "close"
        default: word = "cancel"
        }
        return KeyHint(label: "any other key", text: word, mode: mode, command: "")
    }

    /// Whether `command` of `mode` does something in `state` (else its hint is left out).
    public static func applies(_ command: String, in mode: KeyMode, _ state: AppState) -> Bool {
        switch mode {
        case .list:
            guard let command = Command(rawValue: command) else { return true }
            return !(state.readOnly && command.changesContainer)
        case .global:
            switch Command(rawValue: command) {
            case .switchFocus?, .zoom?: return state.pane != nil
            case .showStats?, .showLogs?, .showTop?, .showInspect?, .showEvents?:
                guard state.view == .containers else { return false }
                // In a pane only its own number (which closes it) is offered.
                guard state.focus == .pane, let pane = state.pane else { return true }
                return command == Command.paneCommand(pane).rawValue
            default: return true
            }
        case .logs:
            switch LogsCommand(rawValue: command) {
            case .nextMatch?, .previousMatch?: return state.logs.search != nil
            case .newest?: return !state.logs.following
            case .back?: return state.logs.search != nil || state.logs.filterOn
            default: return true
            }
        case .inspect:
            switch InspectCommand(rawValue: command) {
            case .nextMatch?, .previousMatch?: return state.inspect.search != nil
            case .reveal?:
                return state.inspect.hiddenSecrets > 0
                    || state.inspect.container.map { state.inspect.revealed.contains($0) } == true
            default: return true
            }
        case .top:
            return !(command == TopCommand.signal.rawValue && state.readOnly)
        case .logsPrompt:
            guard command == PromptCommand.regex.rawValue else { return true }
            if case .search? = state.logs.prompt?.purpose { return true }
            return false
        case .confirm:
            guard command == DialogCommand.volumes.rawValue else { return true }
            if case .confirming(let confirmation) = state.mode { return confirmation.offersVolumeChoice }
            if case .bulk(let dialog) = state.mode { return dialog.offersVolumeChoice }
            return false
        case .filterPrompt:
            return !(command == PromptCommand.moveUp.rawValue)
        case .resources:
            return ResourceViews.applies(command, state)
        case .swarm:
            return SwarmActions.applies(command, state)
        case .removeRefused:
            guard case .resourceDialog(.removeRefused(let request, _)) = state.mode else { return false }
            return ResourceRemoval.offersForce(request)
        case .prunePreview:
            guard command == ResourceDialogCommand.yes.rawValue else { return true }
            guard case .resourceDialog(.prune(let dialog)) = state.mode else { return false }
            return dialog.phase == .ready && !dialog.hostsToPrune.isEmpty
        default:
            return true
        }
    }

    /// The hint's word, worded for the state where it changes (`F filter` / `F unfilter`).
    static func word(_ binding: KeyBinding, mode: KeyMode, _ state: AppState) -> String {
        let word = binding.hint ?? ""
        switch (mode, binding.command) {
        case (.global, let command) where command.hasSuffix("-pane"):
            return state.focus == .pane && state.pane != nil ? "close" : word
        case (.logs, LogsCommand.filter.rawValue):
            return state.logs.filterOn ? "unfilter" : word
        case (.logs, LogsCommand.newest.rawValue):
            return state.logs.detached ? "reload" : word
        case (.top, TopCommand.tree.rawValue):
            return state.top.tree ? "flat" : word
        case (.logsPrompt, PromptCommand.regex.rawValue):
            if case .search(let regex, _)? = state.logs.prompt?.purpose, regex { return "plain text" }
            return word
        case (.logsPrompt, PromptCommand.submit.rawValue):
            if case .save? = state.logs.prompt?.purpose { return "save" }
            return word
        case (.filterPrompt, PromptCommand.moveDown.rawValue):
            return state.filterSelected ? "type to replace" : word
        case (.resources, ResourceCommand.refresh.rawValue):
            return state.resourceDefinition?.measure == nil ? "refresh" : word
        default:
            return word
        }
    }

    /// The help overlay's sections for `state`: the mode that has the keys, then `global` where it applies, then
    /// the list's keys when a pane has them (so the list's keys can be looked up from a pane too).
    public static func helpSections(_ state: AppState) -> [(mode: KeyMode, title: String, bindings: [KeyBinding])] {
        // Help open: the keys of where it was opened from.
        var behind = state
        if behind.mode == .help { behind.mode = .normal }
        var modes = KeyDispatch.modes(behind)
        if !modes.contains(.list), modes.contains(.global) { modes.append(.list) }
        return modes.map { mode in
            var title = mode.title
            if mode == .list, KeyDispatch.mode(behind) != .list {
                title += " (Tab gives the keys to the list)"
            }
            return (mode, title, state.keymap[mode].bindings.filter { !$0.keys.isEmpty })
        }
    }

    /// The order the README (and `berth --keys-markdown`) lists the modes in.
    public static let documentedOrder: [KeyMode] = [
        .list, .global, .stats, .logs, .top, .inspect, .events, .filterPrompt, .execPrompt, .logsPrompt, .inspectSearch,
        .eventsFilter, .confirm, .killPicker, .processSignalPicker, .processConfirm, .help, .resources, .commandPrompt,
        .messages,
        .removeConfirm, .removeRefused, .prunePicker, .prunePreview, .pruneResult, .resourceInspect,
        .swarm, .swarmConfirm, .scalePrompt,
    ]

    /// Every mode's table as Markdown, each under a heading.
    public static func markdown(_ keymap: Keymap) -> String {
        documentedOrder.map { mode in
            "#### \(mode.title.prefix(1).uppercased() + mode.title.dropFirst())\n\n\(markdown(keymap[mode]))"
        }.joined(separator: "\n\n")
    }

    /// A mode's table as Markdown, the way the README shows it.
    public static func markdown(_ table: KeyTable) -> String {
        var lines = ["| key | what it does |", "| --- | --- |"]
        for binding in table.bindings where !binding.keys.isEmpty {
            let keys = binding.keys.map { "`\(KeyBinding.name($0))`" }
            lines.append("| \(keys.joined(separator: " ")) | \(binding.help) |")
        }
        if let other = otherKeys(table) { lines.append("| \(other.keys) | \(other.help) |") }
        return lines.joined(separator: "\n")
    }

    /// What a mode does with the keys its table does not list, as a row of its documentation (the README, the
    /// manual page); nil when they are ignored.
    public static func otherKeys(_ table: KeyTable) -> (keys: String, help: String)? {
        switch table.otherKeys {
        case .typed: return ("other keys", "typed into the prompt")
        case .cancel:
            switch table.mode {
            case .help: return ("any other key", "closes help")
            case .messages: return ("any other key", "closes the messages")
            case .removeRefused, .pruneResult, .resourceInspect: return ("any other key", "closes")
            default: return ("any other key", "cancels")
            }
        case .ignored: return nil
        }
    }
}

extension Command {
    /// The global command that opens or closes `pane`.
    public static func paneCommand(_ pane: PaneKind) -> Command {
        switch pane {
        case .stats: return .showStats
        case .logs: return .showLogs
        case .top: return .showTop
        case .inspect: return .showInspect
        case .events: return .showEvents
        }
    }
}
