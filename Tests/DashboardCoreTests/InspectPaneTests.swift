import DashboardCore
import DashboardFixtures
import EngineAPI
import TerminalUI
import Testing

@Suite("Inspect tree")
struct JSONTreeTests {
    @Test func buildsFromARecordedDockerDocument() throws {
        let tree = JSONTree(try EngineFixtures.json("inspect-health-labels.json"))
        let rows = tree.visibleRows(expanded: [])
        // Only the first level shows: every member of the root, nothing deeper.
        #expect(rows.allSatisfy { tree.nodes[$0].depth == 0 })
        #expect(rows.prefix(5).map { tree.nodes[$0].labelText } == ["Id", "Created", "Path", "Args", "State"])
        let pid = try #require(tree.index(ofPath: ".State.Pid"))
        #expect(tree.nodes[pid].kind == .number("31376"))
        #expect(tree.nodes[pid].depth == 1)
        let label = try #require(tree.index(ofPath: #".Config.Labels["com.example.role"]"#))
        #expect(tree.nodes[label].kind == .string("web"))
        let health = try #require(tree.index(ofPath: ".State.Health.Log[1].ExitCode"))
        #expect(tree.nodes[health].displayPath == ".State.Health.Log[1].ExitCode")
        // Subtree ends let folded rows be skipped in one step.
        let state = try #require(tree.index(ofPath: ".State"))
        #expect(tree.nodes[tree.nodes[state].end].path == ".Image")
    }

    @Test func buildsFromAPodmanShapedDocument() throws {
        let tree = JSONTree(try EngineFixtures.json("inspect-podman.json"))
        let port = try #require(tree.index(ofPath: #".NetworkSettings.Ports["80/tcp"][0].HostPort"#))
        #expect(tree.nodes[port].kind == .string("8080"))
        #expect(tree.nodes[port].displayPath == #".NetworkSettings.Ports["80/tcp"][0].HostPort"#)
        let none = try #require(tree.index(ofPath: #".NetworkSettings.Ports["443/tcp"]"#))
        #expect(tree.nodes[none].kind == .null)
        #expect(tree.index(ofPath: #".Config.Labels["io.containers.autoupdate"]"#) != nil)
        #expect(tree.index(ofPath: #".Config.Labels["com.example/weird key"]"#) != nil)
        #expect(tree.index(ofPath: #".Config.Labels["ключ"]"#) != nil)
        #expect(tree.index(ofPath: ".State.ConmonPid") != nil)
        let execs = try #require(tree.index(ofPath: ".ExecIDs"))
        #expect(tree.nodes[execs].isFoldable == false)
    }

    @Test func pathsQuoteKeysThatAreNotIdentifiers() {
        #expect(JSONPath.component(key: "HostPort") == ".HostPort")
        #expect(JSONPath.component(key: "_x1") == "._x1")
        #expect(JSONPath.component(key: "1abc") == #"["1abc"]"#)
        #expect(JSONPath.component(key: "80/tcp") == #"["80/tcp"]"#)
        #expect(JSONPath.component(key: "a.b") == #"["a.b"]"#)
        #expect(JSONPath.component(key: "") == #"[""]"#)
        #expect(JSONPath.component(key: "say \"hi\"\n") == #"["say \"hi\"\n"]"#)
        #expect(JSONPath.component(key: "é") == #"["é"]"#)
        let array = JSONTree(.array([.object([JSONMember("k", .bool(true))])]))
        #expect(array.nodes.map(\.displayPath) == [".", ".[0]", ".[0].k"])
    }

    @Test func searchMatchesKeysAndValuesIgnoringCase() throws {
        let tree = JSONTree(try EngineFixtures.json("inspect-health-labels.json"))
        let paths = tree.matches("pid").map { tree.nodes[$0].path }
        #expect(paths.first == ".State.Pid")
        #expect(paths.contains(".HostConfig.PidMode"))
        #expect(tree.matches("HEALTHY").map { tree.nodes[$0].path } == [".State.Health.Status"])
        #expect(tree.matches("").isEmpty)
    }

    @Test func copyTextOfScalarsAndContainers() throws {
        let tree = JSONTree(try EngineFixtures.json("inspect-podman.json"))
        let env = try #require(tree.index(ofPath: ".Config.Env[2]"))
        #expect(tree.copyText(of: env) == "NOTE=tab\there é🐳 quote\" backslash\\")
        let ports = try #require(tree.index(ofPath: #".NetworkSettings.Ports["80/tcp"]"#))
        #expect(tree.copyText(of: ports) == "[\n  {\n    \"HostIp\": \"\",\n    \"HostPort\": \"8080\"\n  }\n]")
        let ratio = try #require(tree.index(ofPath: ".Ratio"))
        #expect(tree.copyText(of: ratio) == "1.5e-3")
    }

    @Test func textMatchOffsets() {
        #expect(TextMatch.range(of: "pid", in: "ConmonPid") == 6..<9)
        #expect(TextMatch.range(of: "x", in: "abc") == nil)
        #expect(TextMatch.range(of: "", in: "abc") == nil)
    }
}

@Suite("Inspect pane keys and reloads")
struct InspectPaneTests {
    /// The sample list with the inspect pane open on the selected container and its document loaded.
    static func opened(
        _ name: String = "inspect-health-labels.json", size: Size = Size(width: 80, height: 24)
    ) throws
        -> AppState
    {
        var state = Fixtures.state(size: size)
        _ = Fixtures.press(&state, .character("4"))
        let id = try #require(state.selection)
        _ = Dashboard.reduce(&state, .inspect(.loaded(container: id, document: try EngineFixtures.json(name))))
        return state
    }

    static func selected(_ state: AppState) -> String? { state.inspect.selectedPath }

    @Test func opensWithTheFirstRowSelectedAndTheFirstLevelOpen() throws {
        let state = try Self.opened()
        #expect(state.focus == .pane)
        #expect(
            state.subscriptions.filter { if case .inspect = $0 { true } else { false } } == [
                .inspect(container: Fixtures.sample[1].ref)
            ])
        #expect(Self.selected(state) == ".Id")
        #expect(state.inspect.expanded.isEmpty)
    }

    @Test func foldAndUnfold() throws {
        var state = try Self.opened()
        _ = Fixtures.press(&state, .down, .down, .down, .down)
        #expect(Self.selected(state) == ".State")
        _ = Fixtures.press(&state, .enter)
        #expect(state.inspect.expanded == [".State"])
        _ = Fixtures.press(&state, .enter)
        #expect(state.inspect.expanded.isEmpty)
        // l/→ opens, then steps into the first child; h/← closes, then steps out to the parent.
        _ = Fixtures.press(&state, .character("l"))
        #expect(state.inspect.expanded == [".State"])
        _ = Fixtures.press(&state, .right)
        #expect(Self.selected(state) == ".State.Status")
        _ = Fixtures.press(&state, .character("h"))
        #expect(Self.selected(state) == ".State")
        _ = Fixtures.press(&state, .left)
        #expect(state.inspect.expanded.isEmpty)
        // Enter on a scalar changes nothing.
        _ = Fixtures.press(&state, .character("g"), .enter)
        #expect(state.inspect.expanded.isEmpty)
    }

    @Test func expandAndCollapseAll() throws {
        var state = try Self.opened()
        _ = Fixtures.press(&state, .character("+"))
        let tree = try #require(state.inspect.tree)
        #expect(state.inspect.expanded == tree.foldablePaths)
        #expect(tree.visibleRows(expanded: state.inspect.expanded).count == tree.nodes.count - 1)
        _ = Fixtures.press(&state, .character("G"))
        #expect(Self.selected(state)?.hasPrefix(".NetworkSettings") == true)
        // Collapsing everything moves the selection to the first-level row it was under.
        _ = Fixtures.press(&state, .character("-"))
        #expect(state.inspect.expanded.isEmpty)
        #expect(Self.selected(state) == ".NetworkSettings")
        let rows = tree.visibleRows(expanded: [])
        let settings = try #require(tree.index(ofPath: ".NetworkSettings"))
        let position = try #require(rows.firstIndex(of: settings))
        #expect(state.inspect.scroll <= position)
        #expect(position < state.inspect.scroll + InspectPaneLayout.treeHeight(state))
    }

    @Test func searchJumpsToMatchesUnfoldingTheirAncestors() throws {
        var state = try Self.opened()
        _ = Fixtures.press(&state, .character("/"), .character("P"), .character("i"), .character("d"))
        #expect(state.inspect.search == InspectSearch(query: "Pid", isEditing: true))
        #expect(Self.selected(state) == ".Id")
        _ = Fixtures.press(&state, .enter)
        #expect(Self.selected(state) == ".State.Pid")
        #expect(state.inspect.expanded == [".State"])
        #expect(state.status?.text == "Match 1 of 3 for Pid")
        _ = Fixtures.press(&state, .character("n"))
        #expect(Self.selected(state) == ".HostConfig.PidMode")
        #expect(state.inspect.expanded == [".State", ".HostConfig"])
        _ = Fixtures.press(&state, .character("n"))
        #expect(Self.selected(state) == ".HostConfig.PidsLimit")
        // Past the last match it wraps to the first; N goes back.
        _ = Fixtures.press(&state, .character("n"))
        #expect(Self.selected(state) == ".State.Pid")
        _ = Fixtures.press(&state, .character("N"))
        #expect(Self.selected(state) == ".HostConfig.PidsLimit")
        // The selected row is on screen.
        let tree = try #require(state.inspect.tree)
        let rows = tree.visibleRows(expanded: state.inspect.expanded)
        let limit = try #require(tree.index(ofPath: ".HostConfig.PidsLimit"))
        let position = try #require(rows.firstIndex(of: limit))
        #expect(
            state.inspect.scroll <= position && position < state.inspect.scroll + InspectPaneLayout.treeHeight(state))
        // Esc forgets the search; a second Esc gives the keys back to the list.
        _ = Fixtures.press(&state, .escape)
        #expect(state.inspect.search == nil)
        #expect(state.focus == .pane)
        _ = Fixtures.press(&state, .escape)
        #expect(state.focus == .list)
    }

    @Test func searchWithoutMatchSaysSoAndEscCancelsTyping() throws {
        var state = try Self.opened()
        _ = Fixtures.press(&state, .character("/"), .character("z"), .character("z"), .character("q"), .enter)
        #expect(state.status == StatusMessage("No match for zzq", kind: .error))
        #expect(Self.selected(state) == ".Id")
        _ = Fixtures.press(&state, .character("/"), .character("q"))
        // While typing, global keys are text: q does not quit.
        #expect(state.isQuitting == false)
        _ = Fixtures.press(&state, .backspace, .escape)
        #expect(state.inspect.search == nil)
    }

    @Test func copyValueAndPath() throws {
        var state = try Self.opened("inspect-podman.json")
        _ = Fixtures.press(&state, .character("/"))
        for c in "HostPort" { _ = Fixtures.press(&state, .character(c)) }
        _ = Fixtures.press(&state, .enter)
        #expect(Self.selected(state) == #".HostConfig.PortBindings["80/tcp"][0].HostPort"#)
        _ = Fixtures.press(&state, .character("n"))
        #expect(Self.selected(state) == #".NetworkSettings.Ports["80/tcp"][0].HostPort"#)
        #expect(Fixtures.press(&state, .character("y")) == [.copyToClipboard("8080")])
        #expect(state.status?.kind == .success)
        #expect(
            Fixtures.press(&state, .character("Y")) == [
                .copyToClipboard(#".NetworkSettings.Ports["80/tcp"][0].HostPort"#)
            ])
        #expect(state.status?.text.contains("Sent the path") == true)
    }

    @Test func reloadKeepsFoldsAndSelection() throws {
        var state = try Self.opened()
        _ = Fixtures.press(&state, .character("/"), .character("P"), .character("i"), .character("d"), .enter)
        _ = Fixtures.press(&state, .escape)
        let expanded = state.inspect.expanded
        // The same container, stopped: State.Pid is still there (0), Health is gone.
        let id = try #require(state.selection)
        var document = try EngineFixtures.json("inspect-health-labels.json")
        document = Self.replacing(
            document, key: "State",
            with: .object([
                JSONMember("Status", .string("exited")), JSONMember("Pid", .number("0")),
            ]))
        _ = Dashboard.reduce(&state, .inspect(.loaded(container: id, document: document)))
        #expect(state.inspect.expanded == expanded)
        #expect(Self.selected(state) == ".State.Pid")
        // When the selected node disappears, its nearest surviving ancestor is selected.
        document = Self.replacing(document, key: "State", with: .object([JSONMember("Status", .string("exited"))]))
        _ = Dashboard.reduce(&state, .inspect(.loaded(container: id, document: document)))
        #expect(Self.selected(state) == ".State")
        // A failed reload keeps the tree and says why.
        _ = Dashboard.reduce(&state, .inspect(.failed(container: id, message: "connection lost")))
        #expect(state.inspect.tree != nil)
        #expect(state.inspect.error == "connection lost")
    }

    @Test func anotherContainerKeepsFoldsByPath() throws {
        var state = try Self.opened()
        _ = Fixtures.press(&state, .down, .down, .down, .down, .enter, .down)
        #expect(Self.selected(state) == ".State.Status")
        _ = Fixtures.press(&state, .tab, .character("j"))
        let web = Fixtures.sample[0].ref
        #expect(
            state.subscriptions.filter { if case .inspect = $0 { true } else { false } } == [.inspect(container: web)]
        )
        _ = Dashboard.reduce(
            &state, .inspect(.loaded(container: web, document: try EngineFixtures.json("inspect-podman.json"))))
        #expect(state.inspect.container == web)
        #expect(state.inspect.expanded == [".State"])
        #expect(Self.selected(state) == ".State.Status")
    }

    @Test func hostileDocumentsDoNotBreakTheTree() throws {
        var state = Fixtures.state()
        _ = Fixtures.press(&state, .character("4"))
        let long = String(repeating: "x", count: 100_000)
        let document = JSONValue.object([
            JSONMember("\u{1B}]52;c;evil\u{07}", .string("\u{1B}[2J" + long)),
            JSONMember("", .array([])), JSONMember("e", .object([])),
        ])
        _ = Dashboard.reduce(&state, .inspect(.loaded(container: try #require(state.selection), document: document)))
        _ = Fixtures.press(&state, .character("+"), .enter, .character("j"), .character("j"), .character("j"))
        #expect(Self.selected(state) == ".e")
        #expect(InspectPaneLayout.footerHeight(state) == 1)
        _ = Fixtures.press(&state, .character("g"))
        #expect(InspectPaneLayout.footerHeight(state) > 1)
    }

    static func replacing(_ document: JSONValue, key: String, with value: JSONValue) -> JSONValue {
        guard case .object(let members) = document else { return document }
        return .object(members.map { $0.key == key ? JSONMember(key, value) : $0 })
    }
}
