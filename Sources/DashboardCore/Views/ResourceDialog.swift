import EngineAPI
import TerminalUI

/// A dialog over a resource view: removing one object, or pruning.
public enum ResourceDialog: Sendable, Equatable {
    /// `Remove image nginx:latest (a1b2c3d4e5f6)?`: `y` removes.
    case confirmRemove(RemovalRequest)
    /// The engine refused, and why; `F` forces where the engine has force (images).
    case removeRefused(RemovalRequest, reason: String)
    /// `:prune`: which kind; `index` is the highlighted row of the picker.
    case prunePicker(index: Int)
    /// A prune's preview, question and result.
    case prune(PruneDialog)
    /// An object's whole document (`Enter`).
    case inspect(InspectOverlay)
    /// A Swarm change: its question, or the scale prompt.
    case swarm(SwarmDialog)

    /// The key table that applies.
    var keyMode: KeyMode {
        switch self {
        case .confirmRemove: return .removeConfirm
        case .removeRefused: return .removeRefused
        case .prunePicker: return .prunePicker
        case .prune(let dialog): return dialog.phase == .done ? .pruneResult : .prunePreview
        case .inspect: return .resourceInspect
        case .swarm(.confirm): return .swarmConfirm
        case .swarm(.scale): return .scalePrompt
        }
    }
}

/// Commands of the resource dialogs (remove, prune).
public enum ResourceDialogCommand: String, Sendable, CaseIterable {
    case yes, force, down, up
    case pageDown = "page-down"
    case pageUp = "page-up"
    case choose, pick, first, last
}

/// An object's document as the engine gave it, pretty-printed, over the view.
public struct InspectOverlay: Sendable, Equatable {
    /// `image nginx:latest (a1b2c3d4e5f6)`.
    public var title: String
    /// What the overlay shows of it: `inspect` (the document), `layers of` (an image's history).
    public var kind = "inspect"
    public var host: HostID
    /// What the document was asked for by.
    public var reference: String
    /// nil until the document arrives.
    public var lines: [String]?
    public var error: String?
    public var scroll = 0

    public init(title: String, host: HostID, reference: String) {
        self.title = title
        self.host = host
        self.reference = reference
    }
}

/// Keys in the resource dialogs.
enum ResourceDialogs {
    /// A command of the dialog's table, or (`command` nil) any key the table does not list.
    static func handle(
        _ command: ResourceDialogCommand?, key: Key, _ dialog: ResourceDialog, _ state: inout AppState
    ) -> [Effect] {
        switch dialog {
        case .confirmRemove(let request):
            if command == .yes { return ResourceRemoval.perform(request, &state) }
            cancel(&state)
        case .swarm(let dialog):
            return SwarmActions.handle(command == .yes ? .yes : .other, dialog, &state)
        case .removeRefused(var request, _):
            if command == .force, ResourceRemoval.offersForce(request) {
                request.force = true
                return ResourceRemoval.perform(request, &state)
            }
            state.mode = .normal
        case .prunePicker(let index):
            let kinds = Prune.pickerKinds
            switch command {
            case .down?: state.mode = .resourceDialog(.prunePicker(index: min(index + 1, kinds.count - 1)))
            case .up?: state.mode = .resourceDialog(.prunePicker(index: max(index - 1, 0)))
            case .choose?: return Prune.start(kinds[index], &state)
            case .pick?:
                guard case .character(let c) = key, let n = c.wholeNumberValue, (1...kinds.count).contains(n) else {
                    return []
                }
                return Prune.start(kinds[n - 1], &state)
            default: cancel(&state)
            }
        case .inspect(var overlay):
            let page = max(1, state.size.height - 6)
            let last = max(0, (overlay.lines?.count ?? 0) - page)
            switch command {
            case .down?: overlay.scroll += 1
            case .up?: overlay.scroll -= 1
            case .pageDown?: overlay.scroll += page
            case .pageUp?: overlay.scroll -= page
            case .first?: overlay.scroll = 0
            case .last?: overlay.scroll = last
            default:
                state.mode = .normal
                return []
            }
            overlay.scroll = min(max(0, overlay.scroll), last)
            state.mode = .resourceDialog(.inspect(overlay))
        case .prune(var dialog):
            let page = max(1, state.size.height - 12)
            switch command {
            case .yes?:
                if dialog.phase == .ready { return Prune.confirm(dialog, &state) }
                // While the engines are still answering, `y` waits rather than cancels.
                if dialog.phase == .previewing || dialog.phase == .pruning { return [] }
                state.mode = .normal
                return []
            case .down?: dialog.scroll += 1
            case .up?: dialog.scroll = max(0, dialog.scroll - 1)
            case .pageDown?: dialog.scroll += page
            case .pageUp?: dialog.scroll = max(0, dialog.scroll - page)
            default:
                switch dialog.phase {
                case .previewing, .ready: cancel(&state)
                case .pruning:
                    // The prune goes on; its result lands in the status line.
                    state.mode = .normal
                    state.status = StatusMessage("Pruning \(dialog.kind.title) goes on; the result will show here")
                case .done: state.mode = .normal
                }
                return []
            }
            dialog.scroll = min(dialog.scroll, dialog.items.count + 2 * dialog.hosts.count)
            state.mode = .resourceDialog(.prune(dialog))
        }
        return []
    }

    static func cancel(_ state: inout AppState) {
        state.mode = .normal
        state.status = StatusMessage("Cancelled: nothing was removed")
    }
}
