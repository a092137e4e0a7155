import TerminalUI

/// berth's default keys, one table per mode.
///
/// One grammar across modes: `j`/`k`/`g`/`G`/PgUp/PgDn move wherever there are rows; `c`/`m` sort by CPU and memory
/// and `n` by the natural key (name, PID) in the list, the stats pane and the top pane; `n`/`N` are next/previous
/// match wherever there is a search (logs, inspect); `/` searches or filters; Esc backs out one step; Space marks
/// rows (the list). Dialogs list only the keys that work in them.
extension Keymap {
    public static let standard = Keymap(
        tables: Dictionary(
            uniqueKeysWithValues: [
                list, global, stats, logs, top, inspect, filterPrompt, execPrompt, logsPrompt, inspectSearch,
                confirm, killPicker, processSignalPicker, processConfirm, help, resources, commandPrompt, messages,
                removeConfirm, removeRefused, prunePicker, prunePreview, pruneResult, resourceInspect,
                swarm, swarmConfirm, scalePrompt, events, eventsFilter,
            ].map { ($0.mode, $0) }))

    static func bind(
        _ keys: [Key], label: String? = nil, _ command: Command, _ help: String, hint: String? = nil
    )
        -> KeyBinding
    {
        KeyBinding(keys, label: label, command.rawValue, help: help, hint: hint)
    }

    static let list = KeyTable(
        .list,
        [
            bind([.character("j"), .down], .moveDown, "move down"),
            bind([.character("k"), .up], .moveUp, "move up"),
            bind([.character("g"), .home], .top, "first container"),
            bind([.character("G"), .end], .bottom, "last container"),
            bind([.pageUp, .control("b")], label: "PgUp", .pageUp, "page up"),
            bind([.pageDown, .control("f")], label: "PgDn", .pageDown, "page down"),
            bind([.character("/")], .filter, "filter by name, image, host, Compose project or ID", hint: "filter"),
            bind([.escape], .clearFilter, "clear the filter"),
            bind([.character("a")], .toggleAll, "all, or only running ones", hint: "all"),
            bind(
                [.character(" ")], .mark,
                "mark or unmark the row, then move down (a project or pod row: all its containers)"),
            bind([.character("P")], .groupProjects, "group by Compose project and Podman pod, or not"),
            bind([.enter], .fold, "fold or unfold the selected project or pod"),
            bind([.character("s")], .startStop, "start, or stop (asks first)", hint: "start/stop"),
            bind([.character("r")], .restart, "restart (asks first)", hint: "restart"),
            bind([.character("p")], .pauseUnpause, "pause (asks first), or unpause", hint: "pause"),
            bind([.character("K")], .kill, "kill with a signal you pick (asks first)", hint: "kill"),
            bind(
                [.character("D"), .delete], label: "D/Del", .remove,
                "remove (asks first; pod row: the pod)", hint: "remove"),
            bind([.character("e")], .exec, "shell in the container", hint: "exec"),
            bind([.character("E")], .execCommand, "run a command in it"),
            bind([.character("c")], .sortByCPU, "sort by CPU (again: reverse)"),
            bind([.character("m")], .sortByMemory, "sort by memory (again: reverse)"),
            bind([.character("n")], .sortByName, "sort by name (again: reverse)"),
        ])

    static let global = KeyTable(
        .global,
        [
            bind([.character("1")], .showStats, "live stats pane (again: close)", hint: "stats"),
            bind([.character("2")], .showLogs, "logs pane (again: close)", hint: "logs"),
            bind([.character("3")], .showTop, "processes pane (again: close)", hint: "top"),
            bind([.character("4")], .showInspect, "inspect tree pane (again: close)", hint: "inspect"),
            bind(
                [.character("5")], .showEvents, "events pane: the container's timeline (again: close)", hint: "events"),
            bind([.tab], .switchFocus, "keys to the list or the pane", hint: "list/pane"),
            bind([.character("z")], .zoom, "zoom the pane", hint: "zoom"),
            bind(
                [.character(":")], .commandLine,
                "command line: :images, :volumes, :networks, :df, :events, :prune, :host (Tab completes)",
                hint: "view"),
            bind([.character("H")], .hosts, "engines: list, add, drop, switch (:host, :context)"),
            bind([.character("?")], .help, "this help", hint: "help"),
            bind(
                [.character("q"), .control("c")], label: "q", .quit, "quit (Ctrl-C too, from anywhere)", hint: "quit"),
            bind([.control("z")], .suspend, "suspend to the shell (fg returns)"),
            bind([.character("M")], .toggleMouse, "mouse on or off (off: the terminal selects text)"),
        ])

    static let stats = KeyTable(
        .stats,
        [
            KeyBinding([.character("j"), .down], StatsCommand.moveDown.rawValue, help: "next container"),
            KeyBinding([.character("k"), .up], StatsCommand.moveUp.rawValue, help: "previous container"),
            KeyBinding(
                [.character("c")], StatsCommand.sortCPU.rawValue, help: "sort the list by CPU (again: reverse)",
                hint: "sort cpu"),
            KeyBinding(
                [.character("m")], StatsCommand.sortMemory.rawValue, help: "sort the list by memory (again: reverse)",
                hint: "mem"),
            KeyBinding(
                [.character("n")], StatsCommand.sortName.rawValue, help: "sort the list by name (again: reverse)",
                hint: "name"),
            KeyBinding([.escape], StatsCommand.back.rawValue, help: "keys back to the list"),
        ])

    static func logs(
        _ keys: [Key], label: String? = nil, _ command: LogsCommand, _ help: String, hint: String? = nil
    )
        -> KeyBinding
    {
        KeyBinding(keys, label: label, command.rawValue, help: help, hint: hint)
    }

    static let logs = KeyTable(
        .logs,
        [
            logs([.character("j"), .down], .scrollDown, "scroll down a row"),
            logs([.character("k"), .up], .scrollUp, "scroll up a row (pauses following)"),
            logs([.pageDown, .control("f")], label: "PgDn/^F", .pageDown, "scroll down a page"),
            logs([.pageUp, .control("b")], label: "PgUp/^B", .pageUp, "scroll up a page"),
            logs([.control("d")], .halfPageDown, "scroll down half a page"),
            logs([.control("u")], .halfPageUp, "scroll up half a page"),
            logs([.character("g"), .home], .oldest, "oldest line held (again: fetch older lines)"),
            logs([.character("G"), .end], .newest, "live end: newest line, follow again", hint: "follow"),
            logs([.character("h"), .left], .left, "scroll left (wrap off)"),
            logs([.character("l"), .right], .right, "scroll right (wrap off)"),
            logs([.character("/")], .search, "search from the view down, wrapping", hint: "search"),
            logs([.character("n")], .nextMatch, "next match, down (wraps to the top)", hint: "next"),
            logs([.character("N")], .previousMatch, "previous match, up (wraps to the end)", hint: "prev"),
            logs([.character("F")], .filter, "only the lines matching the search", hint: "filter"),
            logs([.escape], .back, "clear search and filter; else keys back to the list", hint: "back"),
            logs([.character("t")], .timestamps, "timestamps", hint: "time"),
            logs([.character("w")], .wrap, "wrap long lines (on at start) or cut", hint: "wrap"),
            logs([.character("x")], .stderrOnly, "stderr only", hint: "stderr"),
            logs([.character("c")], .colours, "interpret the log's own colours"),
            logs([.control("s")], .save, "save the shown lines to a file", hint: "save"),
        ])

    static func top(
        _ keys: [Key], label: String? = nil, _ command: TopCommand, _ help: String, hint: String? = nil
    )
        -> KeyBinding
    {
        KeyBinding(keys, label: label, command.rawValue, help: help, hint: hint)
    }

    static let top = KeyTable(
        .top,
        [
            top([.character("j"), .down], .moveDown, "move down"),
            top([.character("k"), .up], .moveUp, "move up"),
            top([.character("g"), .home], .first, "first process"),
            top([.character("G"), .end], .last, "last process"),
            top([.pageDown, .control("f")], label: "PgDn", .pageDown, "page down"),
            top([.pageUp, .control("b")], label: "PgUp", .pageUp, "page up"),
            top([.character("c")], .sortCPU, "sort by CPU (again: reverse)", hint: "cpu"),
            top([.character("m")], .sortMemory, "sort by memory (again: reverse)", hint: "mem"),
            top([.character("n")], .sortPID, "sort by PID (again: reverse)", hint: "pid"),
            top([.character("T")], .tree, "tree by parent PID, or flat", hint: "tree"),
            top([.character("K")], .signal, "send a signal to the process (asks first)", hint: "signal"),
            top([.escape], .back, "keys back to the list"),
        ])

    static func inspect(
        _ keys: [Key], label: String? = nil, _ command: InspectCommand, _ help: String, hint: String? = nil
    ) -> KeyBinding {
        KeyBinding(keys, label: label, command.rawValue, help: help, hint: hint)
    }

    static let inspect = KeyTable(
        .inspect,
        [
            inspect([.character("j"), .down], .moveDown, "move down"),
            inspect([.character("k"), .up], .moveUp, "move up"),
            inspect([.character("g"), .home], .first, "first row"),
            inspect([.character("G"), .end], .last, "last row"),
            inspect([.pageDown, .control("f")], label: "PgDn", .pageDown, "page down"),
            inspect([.pageUp, .control("b")], label: "PgUp", .pageUp, "page up"),
            inspect([.enter], .toggle, "open or close the object or array", hint: "fold"),
            inspect([.character("l"), .right], .open, "open, then step in"),
            inspect([.character("h"), .left], .close, "close, then step out to the parent"),
            inspect([.character("+"), .character("*")], .expandAll, "open everything", hint: "all"),
            inspect([.character("-")], .collapseAll, "back to the first level"),
            inspect([.character("/")], .search, "search keys and values", hint: "search"),
            inspect([.character("n")], .nextMatch, "next match", hint: "next"),
            inspect([.character("N")], .previousMatch, "previous match", hint: "prev"),
            inspect([.character("y")], .copyValue, "copy the value (OSC 52)", hint: "copy"),
            inspect([.character("Y")], .copyPath, "copy its path (OSC 52)", hint: "copy path"),
            inspect(
                [.character("R")], .reveal, "reveal secret values of this container (again: hide)", hint: "reveal"),
            inspect([.escape], .back, "forget the search; else keys back to the list"),
        ])

    static func prompt(
        _ keys: [Key], label: String? = nil, _ command: PromptCommand, _ help: String, hint: String? = nil
    )
        -> KeyBinding
    {
        KeyBinding(keys, label: label, command.rawValue, help: help, hint: hint)
    }

    static let filterPrompt = KeyTable(
        .filterPrompt, otherKeys: .typed,
        [
            prompt([.enter], .submit, "keep the filter", hint: "keep"),
            prompt([.escape], .cancel, "clear the filter", hint: "clear"),
            prompt([.backspace], .erase, "erase a character"),
            prompt([.control("u")], .eraseAll, "erase everything"),
            prompt([.down], .moveDown, "move down the list", hint: "move"),
            prompt([.up], .moveUp, "move up the list"),
        ])

    static let execPrompt = KeyTable(
        .execPrompt, otherKeys: .typed,
        [
            prompt([.enter], .submit, "run the command", hint: "run"),
            prompt([.escape], .cancel, "cancel", hint: "cancel"),
            prompt([.backspace], .erase, "erase a character"),
            prompt([.control("u")], .eraseAll, "erase everything"),
        ])

    static let logsPrompt = KeyTable(
        .logsPrompt, otherKeys: .typed,
        [
            prompt([.enter], .submit, "search, or save", hint: "apply"),
            prompt([.escape], .cancel, "cancel", hint: "cancel"),
            prompt([.backspace], .erase, "erase a character"),
            prompt([.control("u")], .eraseAll, "erase everything"),
            prompt([.tab], .regex, "regular expression or plain text (search only)", hint: "regex"),
        ])

    static let inspectSearch = KeyTable(
        .inspectSearch, otherKeys: .typed,
        [
            prompt([.enter], .submit, "find", hint: "find"),
            prompt([.escape], .cancel, "cancel", hint: "cancel"),
            prompt([.backspace], .erase, "erase a character"),
            prompt([.control("u")], .eraseAll, "erase everything"),
        ])

    static func dialog(
        _ keys: [Key], label: String? = nil, _ command: DialogCommand, _ help: String, hint: String? = nil
    )
        -> KeyBinding
    {
        KeyBinding(keys, label: label, command.rawValue, help: help, hint: hint)
    }

    static let confirm = KeyTable(
        .confirm, otherKeys: .cancel,
        [
            dialog([.character("y"), .character("Y")], label: "y", .yes, "yes, do it", hint: "yes"),
            dialog([.character("v")], .volumes, "also remove anonymous volumes (remove only)", hint: "volumes"),
        ])

    static let signalPickerBindings = [
        dialog([.character("j"), .down], .down, "next signal", hint: "next"),
        dialog([.character("k"), .up], .up, "previous signal", hint: "previous"),
        dialog([.enter], .choose, "take the highlighted signal", hint: "pick"),
        dialog(
            (1...6).map { .character(Character(String($0))) }, label: "1-6", .pick, "take that signal",
            hint: "pick that one"),
    ]

    static let killPicker = KeyTable(.killPicker, otherKeys: .cancel, signalPickerBindings)
    static let processSignalPicker = KeyTable(.processSignalPicker, otherKeys: .cancel, signalPickerBindings)

    static let processConfirm = KeyTable(
        .processConfirm, otherKeys: .cancel,
        [dialog([.character("y"), .character("Y")], label: "y", .yes, "yes, send it", hint: "send")])

    static let help = KeyTable(.help, otherKeys: .cancel, [])

    static let messages = KeyTable(.messages, otherKeys: .cancel, [])

    static func resource(
        _ keys: [Key], label: String? = nil, _ command: ResourceCommand, _ help: String, hint: String? = nil
    ) -> KeyBinding {
        KeyBinding(keys, label: label, command.rawValue, help: help, hint: hint)
    }

    static let resources = KeyTable(
        .resources,
        [
            resource([.character("j"), .down], .moveDown, "move down"),
            resource([.character("k"), .up], .moveUp, "move up"),
            resource([.character("g"), .home], .first, "first row"),
            resource([.character("G"), .end], .last, "last row"),
            resource([.pageUp, .control("b")], label: "PgUp", .pageUp, "page up"),
            resource([.pageDown, .control("f")], label: "PgDn", .pageDown, "page down"),
            resource([.character("/")], .filter, "filter by any column, host or ID", hint: "filter"),
            resource([.escape], .clearFilter, "clear the filter"),
            resource([.character("n")], .sortName, "sort by the first column (again: reverse)", hint: "name"),
            resource([.character("o")], .sortNext, "sort by the next column", hint: "sort"),
            resource([.character("O")], .sortReverse, "reverse the order"),
            resource(
                [.character("D"), .delete], label: "D/Del", .remove,
                "remove the selected object (asks first; a stack's row: each of its services)", hint: "remove"),
            resource([.character("P")], .prune, "prune what the view shows (lists it first)", hint: "prune"),
            resource([.character("R")], .refresh, "measure sizes again (/system/df)", hint: "measure"),
            resource(
                [.enter], .inspect,
                "the object's whole document (inspect); in :tasks the task's container, where berth watches its node;"
                    + " a stack's row: fold or unfold it",
                hint: "inspect"),
            resource([.character("L")], .history, "an image's layers: each one's size and build step", hint: "layers"),
        ])

    static func resourceDialog(
        _ keys: [Key], label: String? = nil, _ command: ResourceDialogCommand, _ help: String, hint: String? = nil
    ) -> KeyBinding {
        KeyBinding(keys, label: label, command.rawValue, help: help, hint: hint)
    }

    static let removeConfirm = KeyTable(
        .removeConfirm, otherKeys: .cancel,
        [resourceDialog([.character("y"), .character("Y")], label: "y", .yes, "yes, remove it", hint: "remove")])

    static let removeRefused = KeyTable(
        .removeRefused, otherKeys: .cancel,
        [resourceDialog([.character("F")], .force, "force the removal (images only)", hint: "force")])

    static let prunePicker = KeyTable(
        .prunePicker, otherKeys: .cancel,
        [
            resourceDialog([.character("j"), .down], .down, "next kind", hint: "next"),
            resourceDialog([.character("k"), .up], .up, "previous kind", hint: "previous"),
            resourceDialog([.enter], .choose, "preview the highlighted kind", hint: "preview"),
            resourceDialog(
                (1...6).map { .character(Character(String($0))) }, label: "1-6", .pick, "preview that kind"),
        ])

    static let prunePreview = KeyTable(
        .prunePreview, otherKeys: .cancel,
        [
            resourceDialog(
                [.character("y"), .character("Y")], label: "y", .yes, "prune what the preview lists", hint: "prune"),
            resourceDialog([.character("j"), .down], .down, "scroll down", hint: "scroll"),
            resourceDialog([.character("k"), .up], .up, "scroll up"),
            resourceDialog([.pageDown, .control("f")], label: "PgDn", .pageDown, "page down"),
            resourceDialog([.pageUp, .control("b")], label: "PgUp", .pageUp, "page up"),
        ])

    static let resourceInspect = KeyTable(
        .resourceInspect, otherKeys: .cancel,
        [
            resourceDialog([.character("j"), .down], .down, "scroll down", hint: "scroll"),
            resourceDialog([.character("k"), .up], .up, "scroll up"),
            resourceDialog([.pageDown, .control("f")], label: "PgDn", .pageDown, "page down"),
            resourceDialog([.pageUp, .control("b")], label: "PgUp", .pageUp, "page up"),
            resourceDialog([.character("g"), .home], .first, "top"),
            resourceDialog([.character("G"), .end], .last, "bottom"),
        ])

    static let pruneResult = KeyTable(
        .pruneResult, otherKeys: .cancel,
        [
            resourceDialog([.character("j"), .down], .down, "scroll down", hint: "scroll"),
            resourceDialog([.character("k"), .up], .up, "scroll up"),
            resourceDialog([.pageDown, .control("f")], label: "PgDn", .pageDown, "page down"),
            resourceDialog([.pageUp, .control("b")], label: "PgUp", .pageUp, "page up"),
        ])

    static func swarm(
        _ keys: [Key], label: String? = nil, _ command: SwarmCommand, _ help: String, hint: String? = nil
    ) -> KeyBinding {
        KeyBinding(keys, label: label, command.rawValue, help: help, hint: hint)
    }

    static let swarm = KeyTable(
        .swarm,
        [
            swarm(
                [.character("t")], .tasks, "tasks of the service or node (in :tasks: all tasks again)",
                hint: "tasks"),
            swarm([.character("s")], .scale, "scale the service: type the number of replicas", hint: "scale"),
            swarm(
                [.character("u")], .forceUpdate, "force a rolling update of the service (asks first)", hint: "update"),
            swarm(
                [.character("b")], .rollback, "roll the service back to its previous spec (asks first)",
                hint: "rollback"),
            swarm([.character("d")], .drain, "drain the node: its tasks move elsewhere (asks first)", hint: "drain"),
            swarm([.character("p")], .pause, "pause the node: no new tasks (asks first)", hint: "pause"),
            swarm([.character("a")], .activate, "make the node active again", hint: "active"),
            swarm([.character("l")], .logs, "logs of the service (every task) or of the task", hint: "logs"),
        ])

    static let swarmConfirm = KeyTable(
        .swarmConfirm, otherKeys: .cancel,
        [resourceDialog([.character("y"), .character("Y")], label: "y", .yes, "yes, do it", hint: "yes")])

    static let scalePrompt = KeyTable(
        .scalePrompt, otherKeys: .typed,
        [
            prompt([.enter], .submit, "scale to the number typed", hint: "scale"),
            prompt([.escape], .cancel, "cancel", hint: "cancel"),
            prompt([.backspace], .erase, "erase a digit"),
            prompt([.control("u")], .eraseAll, "erase everything"),
        ])

    static let commandPrompt = KeyTable(
        .commandPrompt, otherKeys: .typed,
        [
            prompt(
                [.enter], .submit,
                "run: a view (containers, images, volumes, …), prune …, host …, context …, messages, or q",
                hint: "go"),
            prompt([.escape], .cancel, "cancel", hint: "cancel"),
            prompt([.tab], .complete, "complete the name", hint: "complete"),
            prompt([.backspace], .erase, "erase a character"),
            prompt([.control("u")], .eraseAll, "erase everything"),
        ])

    static func events(
        _ keys: [Key], label: String? = nil, _ command: EventsCommand, _ help: String, hint: String? = nil
    ) -> KeyBinding {
        KeyBinding(keys, label: label, command.rawValue, help: help, hint: hint)
    }

    static let events = KeyTable(
        .events,
        [
            events([.character("j"), .down], .scrollDown, "scroll down a row (towards the newest)"),
            events([.character("k"), .up], .scrollUp, "scroll up a row (pauses following)"),
            events([.pageDown, .control("f")], label: "PgDn", .pageDown, "page down"),
            events([.pageUp, .control("b")], label: "PgUp", .pageUp, "page up"),
            events([.character("g"), .home], .oldest, "oldest event held"),
            events([.character("G"), .end], .newest, "newest event, follow again", hint: "follow"),
            events([.character("/")], .filter, "only events whose container, event or detail match", hint: "filter"),
            events([.character("a")], .allContainers, "every container's events, or the selected one's", hint: "all"),
            events([.escape], .back, "clear the filter; else keys back to the list"),
        ])

    static let eventsFilter = KeyTable(
        .eventsFilter, otherKeys: .typed,
        [
            prompt([.enter], .submit, "keep the filter", hint: "keep"),
            prompt([.escape], .cancel, "clear the filter", hint: "clear"),
            prompt([.backspace], .erase, "erase a character"),
            prompt([.control("u")], .eraseAll, "erase everything"),
        ])
}
