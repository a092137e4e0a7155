import TerminalUI

/// Decides which table a key is looked up in, and what it runs.
///
/// A key acts only in the modes whose table lists it: a pane that gives `r` no meaning does not pass it to the list
/// behind it. The list and the panes share the `global` table (panes, Tab, zoom, help, quit); prompts and dialogs
/// have only their own.
public enum KeyDispatch {
    /// The mode that has the keys in `state`.
    public static func mode(_ state: AppState) -> KeyMode {
        switch state.mode {
        case .help, .hostList: return .help
        case .messages: return .messages
        case .filtering: return .filterPrompt
        case .pickingSignal: return .killPicker
        case .confirming: return .confirm
        case .execPrompt: return .execPrompt
        case .commandLine: return .commandPrompt
        case .resourceDialog(let dialog): return dialog.keyMode
        case .bulk(let dialog): return dialog.command == nil ? .killPicker : .confirm
        case .normal: break
        }
        guard state.focus == .pane, let pane = state.pane else {
            if state.view == .containers { return .list }
            return SwarmActions.isSwarm(state.view) ? .swarm : .resources
        }
        switch pane {
        case .stats: return .stats
        case .logs: return state.logs.prompt != nil ? .logsPrompt : .logs
        case .top:
            switch state.top.dialog {
            case .pickingSignal: return .processSignalPicker
            case .confirming: return .processConfirm
            case nil: return .top
            }
        case .inspect: return state.inspect.search?.isEditing == true ? .inspectSearch : .inspect
        case .events: return state.events.isEditingFilter ? .eventsFilter : .events
        }
    }

    /// The modes whose tables apply now, first match wins.
    public static func modes(_ state: AppState) -> [KeyMode] {
        let mode = mode(state)
        // The Swarm views' own keys come first, then those of every view.
        if mode == .swarm { return [.swarm, .resources, .global] }
        return mode.includesGlobal ? [mode, .global] : [mode]
    }

    /// The mode and command `key` runs in `state`, or nil when no table that applies lists it.
    public static func resolve(_ key: Key, in state: AppState) -> (mode: KeyMode, command: String)? {
        for mode in modes(state) {
            if let command = state.keymap[mode].command(for: key) { return (mode, command) }
        }
        return nil
    }
}

/// What a prompt does with a key: an editing command, or a character typed into it.
enum PromptInput: Equatable {
    case command(PromptCommand)
    case text(Character)

    /// `text` after a typed character, Backspace or ^U; nil for the prompt's other commands.
    func edited(_ text: String) -> String? {
        switch self {
        case .text(let c): return text + String(c)
        case .command(.erase): return text.isEmpty ? text : String(text.dropLast())
        case .command(.eraseAll): return ""
        case .command: return nil
        }
    }
}

/// What a dialog does with a key: one of its commands (with the key, for `1`-`6`), or any other key, which cancels.
enum DialogInput: Equatable {
    case command(DialogCommand, Key)
    case other
}
