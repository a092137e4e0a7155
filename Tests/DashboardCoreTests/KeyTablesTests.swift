import DashboardCore
import DashboardFixtures
import EngineAPI
import Foundation
import TerminalUI
import Testing

/// Every mode's keys come from one table: what the status line and help show is what dispatches, and nothing
/// dispatches that help does not show.
@Suite struct KeyTablesTests {
    /// A state in each mode, reached by keys as a user would.
    static func states(readOnly: Bool = false) throws -> [(KeyMode, AppState)] {
        var result: [(KeyMode, AppState)] = []
        let list = Fixtures.state(readOnly: readOnly)
        result.append((.list, list))
        func after(_ keys: Key..., from start: AppState = list) -> AppState {
            var state = start
            for key in keys { _ = Dashboard.reduce(&state, .key(key)) }
            return state
        }
        result.append((.stats, after(.character("1"))))
        var logs = after(.character("2"))
        let ref = try #require(logs.selectedContainer?.ref)
        _ = Dashboard.reduce(&logs, .logs(.opened(container: ref, feedID: 1)))
        _ = Dashboard.reduce(&logs, .logs(.attached(feedID: 1, tty: false, running: true)))
        let lines = (0..<50).map { LogLine(stream: .stdout, timestamp: Int64($0) * 1_000_000_000, text: "line \($0)") }
        _ = Dashboard.reduce(&logs, .logs(.lines(feedID: 1, batch: 1, lines)))
        result.append((.logs, logs))
        result.append((.logsPrompt, after(.character("/"), from: logs)))
        var top = after(.character("3"))
        _ = Dashboard.reduce(&top, .top(.loaded(container: ref, table: ProcessTableTests.top, rejection: nil)))
        result.append((.top, top))
        result.append((.processSignalPicker, after(.character("K"), from: top)))
        result.append((.processConfirm, after(.character("K"), .enter, from: top)))
        var inspect = after(.character("4"))
        _ = Dashboard.reduce(
            &inspect, .inspect(.loaded(container: ref, document: try EngineFixtures.json("inspect-podman.json"))))
        result.append((.inspect, inspect))
        result.append((.inspectSearch, after(.character("/"), from: inspect)))
        var events = after(.character("5"))
        let step = TimelineEvent(container: ref, name: "web-1", verb: "die", exitCode: 3, timeNanos: 1)
        _ = Dashboard.reduce(&events, .events(.received(host: ref.host, container: ref, [step])))
        result.append((.events, events))
        result.append((.eventsFilter, after(.character("/"), from: events)))
        result.append((.filterPrompt, after(.character("/"))))
        result.append((.execPrompt, after(.character("E"))))
        result.append((.confirm, after(.character("s"))))
        result.append((.killPicker, after(.character("K"))))
        result.append((.help, after(.character("?"))))
        result.append((.commandPrompt, after(.character(":"))))
        result.append((.resources, after(.character(":"), .character("i"), .tab, .enter)))
        result += try resourceDialogStates()
        result.append((.messages, after(.character(":"), .character("m"), .character("e"), .tab, .enter)))
        return result
    }

    /// The remove and prune dialogs, over the images view of two engines.
    static func resourceDialogStates() throws -> [(KeyMode, AppState)] {
        let images = try ResourceViewTests.state()
        var confirm = images
        _ = Dashboard.reduce(&confirm, .key(.character("D")))
        guard case .resourceDialog(.confirmRemove(let request)) = confirm.mode else {
            Issue.record("D did not ask: \(confirm.mode)")
            return []
        }
        var refused = images
        _ = Dashboard.reduce(&refused, .resources(.removed(request, .refused("image is in use"))))
        var picker = images
        for key: Key in [.character(":"), .character("p"), .character("r"), .tab, .enter] {
            _ = Dashboard.reduce(&picker, .key(key))
        }
        var preview = images
        _ = Dashboard.reduce(&preview, .key(.character("P")))
        let item = PruneItem(id: "sha256:842aa643e909", name: "<none>:<none> 842aa643e909", size: 1_984_241)
        for host in [Fixtures.docker, Fixtures.podman] {
            let items = host == Fixtures.docker ? [item] : []
            let action = ResourceAction.prunePreviewed(
                host, PrunePreview(kind: .danglingImages, items: items, takenAtNanos: Fixtures.now))
            _ = Dashboard.reduce(&preview, .resources(action))
        }
        var result = preview
        _ = Dashboard.reduce(&result, .key(.character("y")))
        let outcome = PruneOutcome(removed: [item], kept: [], unexpected: [], spaceReclaimed: 0)
        _ = Dashboard.reduce(&result, .resources(.pruned(.danglingImages, Fixtures.docker, outcome)))
        var inspect = images
        _ = Dashboard.reduce(&inspect, .key(.enter))
        if case .resourceDialog(.inspect(let overlay)) = inspect.mode {
            let lines = (0..<80).map { "  \"Key\($0)\": \($0)," }
            _ = Dashboard.reduce(
                &inspect, .resources(.inspected(overlay.host, reference: overlay.reference, lines: lines)))
        }
        var services = images
        _ = Dashboard.reduce(&services, .key(.character(":")))
        for c in "services" { _ = Dashboard.reduce(&services, .key(.character(c))) }
        _ = Dashboard.reduce(&services, .key(.enter))
        let serviceRows = try ServicesView.definition.rows(
            try EngineFixtures.bytes("swarm-services.json"), Fixtures.docker, Fixtures.now)
        _ = Dashboard.reduce(&services, .resources(.rows(ServicesView.id, Fixtures.docker, serviceRows)))
        // A service, not its stack's row (which has no `u` or `s`).
        services.resources[ServicesView.id]?.selection = serviceRows.first { $0.cells[0] == "web" }?.key
        var update = services
        _ = Dashboard.reduce(&update, .key(.character("u")))
        var scale = services
        _ = Dashboard.reduce(&scale, .key(.character("s")))
        return [
            (.removeConfirm, confirm), (.removeRefused, refused), (.prunePicker, picker), (.prunePreview, preview),
            (.pruneResult, result), (.resourceInspect, inspect), (.swarm, services), (.swarmConfirm, update),
            (.scalePrompt, scale),
        ]
    }

    /// Every key a terminal can send that berth knows.
    static let candidateKeys: [Key] = {
        var keys: [Key] = (0x20...0x7E).map { .character(Character(UnicodeScalar(UInt8($0)))) }
        keys += "abcdefghijklmnopqrstuvwxyz".map { .control($0) }
        keys += [
            .up, .down, .left, .right, .home, .end, .pageUp, .pageDown, .enter, .escape, .backspace, .delete, .tab,
            .backTab,
        ]
        keys += (1...12).map { .function($0) }
        return keys
    }()

    @Test func everyModeIsReachedAndHasATable() throws {
        let states = try Self.states()
        for (mode, state) in states {
            #expect(KeyDispatch.mode(state) == mode, "expected \(mode), got \(KeyDispatch.mode(state))")
        }
        let reached = Set(states.map(\.0)).union([.global])
        #expect(
            reached == Set(KeyMode.allCases),
            "modes without a test state: \(Set(KeyMode.allCases).subtracting(reached))")
        for mode in KeyMode.allCases { #expect(Keymap.standard.tables[mode] != nil, "\(mode) has no table") }
    }

    @Test func everyShownHintDispatchesToItsCommand() throws {
        for (mode, state) in try Self.states() {
            for hint in KeyHints.current(state) where !hint.command.isEmpty {
                let binding = try #require(state.keymap[hint.mode].binding(hint.command), "\(mode): \(hint)")
                for key in binding.keys {
                    let resolved = KeyDispatch.resolve(key, in: state)
                    #expect(
                        resolved?.mode == hint.mode && resolved?.command == hint.command,
                        "\(mode): hint \(hint.label) \(hint.text) shows \(hint.command), but \(key) runs \(String(describing: resolved))"
                    )
                }
            }
        }
    }

    @Test func everyKeyThatDispatchesIsInTheHelp() throws {
        for (mode, state) in try Self.states() where mode != .help {
            // The mode's own table and global; the Swarm views also have the resources table between them.
            let sections = mode == .swarm ? 3 : 2
            let helpKeys = Set(KeyHints.helpSections(state).prefix(sections).flatMap { $0.bindings.flatMap(\.keys) })
            for key in Self.candidateKeys {
                guard let resolved = KeyDispatch.resolve(key, in: state) else { continue }
                #expect(helpKeys.contains(key), "\(mode): \(key) runs \(resolved.command) but help does not list it")
            }
        }
    }

    /// The other side of the walk: a key no table that applies lists does nothing at all (it is not handled by
    /// some code path the tables do not know about), except where the table says other keys are typed or cancel.
    @Test func aKeyNoTableListsChangesNothing() throws {
        for (mode, state) in try Self.states() where state.keymap[mode].otherKeys == .ignored {
            for key in Self.candidateKeys where KeyDispatch.resolve(key, in: state) == nil && key != .control("c") {
                var after = state
                let effects = Dashboard.reduce(&after, .key(key))
                after.status = state.status
                #expect(effects.isEmpty, "\(mode): \(key) is in no table but gave \(effects)")
                #expect(after == state, "\(mode): \(key) is in no table but changed the state")
            }
        }
    }

    @Test func eachTableBindsEachKeyOnceAndEveryCommandHasAKey() {
        let commands: [KeyMode: [String]] = [
            .list: Command.allCases.filter { !Self.globalCommands.contains($0) && $0 != .back }.map(\.rawValue),
            .global: Self.globalCommands.map(\.rawValue),
            .logs: LogsCommand.allCases.map(\.rawValue), .top: TopCommand.allCases.map(\.rawValue),
            .inspect: InspectCommand.allCases.map(\.rawValue), .stats: StatsCommand.allCases.map(\.rawValue),
            .resources: ResourceCommand.allCases.map(\.rawValue), .events: EventsCommand.allCases.map(\.rawValue),
        ]
        for (mode, table) in Keymap.standard.tables {
            var seen = Set<Key>()
            for binding in table.bindings {
                for key in binding.keys {
                    #expect(!seen.contains(key), "\(mode): \(key) is bound twice")
                    seen.insert(key)
                }
            }
            for command in commands[mode] ?? [] {
                #expect(table.binding(command) != nil, "\(mode): \(command) has no key")
            }
        }
    }

    static let globalCommands: [Command] = [
        .showStats, .showLogs, .showTop, .showInspect, .showEvents, .switchFocus, .zoom, .help, .quit, .suspend,
        .commandLine, .hosts, .toggleMouse,
    ]

    @Test func oneGrammarAcrossModes() {
        let keymap = Keymap.standard
        for mode in [KeyMode.logs, .inspect] {
            #expect(keymap[mode].command(for: .character("n")) == "next-match")
            #expect(keymap[mode].command(for: .character("N")) == "previous-match")
            #expect(keymap[mode].command(for: .character("/")) == "search")
        }
        // Space marks rows in the list and means nothing else anywhere.
        for (mode, table) in keymap.tables {
            let command = table.command(for: .character(" "))
            #expect(command == nil || (mode == .list && command == "mark"), "\(mode) binds Space to \(command ?? "")")
        }
    }

    @Test func aPaneDoesNotPassTheListsKeysThrough() throws {
        let states = try Self.states()
        for (mode, state) in states where [KeyMode.stats, .logs, .top, .inspect].contains(mode) {
            var after = state
            let effects = Dashboard.reduce(&after, .key(.character("r")))
            #expect(effects.isEmpty && after.mode == .normal, "\(mode): r reached the list")
        }
    }

    /// With --read-only, no key in any mode (followed by any answer a dialog could take) asks the runtime to change
    /// anything on an engine: no lifecycle command, no exec, no process signal.
    @Test func readOnlyNoKeyInAnyModeWritesToAnEngine() throws {
        func writes(_ effect: Effect) -> Bool {
            switch effect {
            case .perform, .exec, .top(.signal): return true
            default: return false
            }
        }
        for (mode, state) in try Self.states(readOnly: true) {
            for key in Self.candidateKeys where key != .control("c") {
                for answer in [Key.character("y"), .enter, .character("1")] {
                    var after = state
                    let effects = Dashboard.reduce(&after, .key(key)) + Dashboard.reduce(&after, .key(answer))
                    #expect(!effects.contains(where: writes), "\(mode): \(key) then \(answer) gave \(effects)")
                }
            }
        }
    }

    @Test func rebindingACommandMovesDispatchHintAndHelp() {
        var state = Fixtures.state()
        state.keymap.rebind(Command.restart.rawValue, in: .list, to: [.character("R")])
        #expect(KeyDispatch.resolve(.character("r"), in: state) == nil)
        #expect(KeyDispatch.resolve(.character("R"), in: state)?.command == "restart")
        #expect(KeyHints.current(state).contains { $0.label == "R" && $0.text == "restart" })
        #expect(KeyHints.helpSections(state)[0].bindings.contains { $0.label == "R" && $0.command == "restart" })
    }

    @Test func theReadmesKeyTablesAreTheTables() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        for mode in KeyMode.allCases {
            let table = KeyHints.markdown(Keymap.standard[mode])
            #expect(readme.contains(table), "README lacks the \(mode.rawValue) table:\n\(table)")
        }
    }
}
