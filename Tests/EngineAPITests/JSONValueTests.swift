import EngineAPI
import Foundation
import Testing

@Suite("Order-preserving JSON")
struct JSONValueTests {
    @Test func keepsTheEnginesKeyOrder() throws {
        let document = try JSONValue.parse(Fixture.bytes("inspect-health-labels.json"))
        let keys = try #require(document.members).map(\.key)
        #expect(Array(keys.prefix(5)) == ["Id", "Created", "Path", "Args", "State"])
        let state = try #require(document["State"]?.members).map(\.key)
        #expect(Array(state.prefix(7)) == ["Status", "Running", "Paused", "Restarting", "OOMKilled", "Dead", "Pid"])
        #expect(document["State"]?["Health"]?["Status"] == .string("healthy"))
    }

    @Test func numbersKeepTheirDigits() throws {
        let document = try JSONValue.parse(Fixture.bytes("inspect-podman.json"))
        #expect(document["HostConfig"]?["MemorySwappiness"] == .number("18446744073709551615"))
        #expect(document["Ratio"] == .number("1.5e-3"))
        #expect(document["HostConfig"]?["CpuQuota"] == .number("-1"))
    }

    @Test func decodesEscapes() throws {
        let document = try JSONValue.parse(Fixture.bytes("inspect-podman.json"))
        guard case .array(let env) = try #require(document["Config"]?["Env"]) else {
            Issue.record("Env is not an array")
            return
        }
        #expect(env.last == .string("NOTE=tab\there é🐳 quote\" backslash\\"))
        #expect(try JSONValue.parse(#""\ud83d""#) == .string("\u{FFFD}"))
        #expect(try JSONValue.parse(#""a\/b\u0041\b\f\n\r""#) == .string("a/bA\u{08}\u{0C}\n\r"))
    }

    /// Every recorded answer parses to the same structure Foundation sees, and prints back to itself.
    @Test(arguments: [
        "inspect-running.json", "inspect-paused.json", "inspect-health-labels.json", "inspect-podman.json",
        "containers-list.json", "containers-list-edge.json", "version.json", "top-ps-args.json", "top-podman.json",
    ])
    func agreesWithFoundation(name: String) throws {
        let bytes = try Fixture.bytes(name)
        let document = try JSONValue.parse(bytes)
        let ours = try JSONSerialization.jsonObject(with: Data(document.compactText.utf8), options: [.fragmentsAllowed])
        let theirs = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        #expect(NSDictionaryOrArray(ours) == NSDictionaryOrArray(theirs))
        #expect(try JSONValue.parse(document.compactText) == document)
        #expect(try JSONValue.parse(document.prettyText()) == document)
    }

    @Test(arguments: [
        "", "{", "[1,", #"{"a" 1}"#, #"{"a":1,}"#, "[1 2]", "01", "1.", "-", "1e", "tru", "nul", #""abc"#,
        "\"a\u{01}b\"", #""\x""#, #""\u12G4""#, "{} x", "[", #"{"a":"#,
    ])
    func refusesBrokenDocuments(text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect((try? JSONValue.parse(fine)) != nil)
    }

    @Test func truncatedEngineAnswerIsAnError() throws {
        let bytes = try Fixture.bytes("inspect-health-labels.json")
        for cut in stride(from: 1, to: bytes.count - 1, by: 97) {
            #expect(throws: JSONParseError.self) { try JSONValue.parse(Array(bytes.prefix(cut))) }
        }
    }

    @Test func quotedEscapesWhatJSONNeeds() {
        #expect(JSONValue.quoted("a\"b\\c\nd\u{1B}é") == #""a\"b\\c\nd\u001bé""#)
        #expect(
            JSONValue.object([JSONMember("b", .number("1")), JSONMember("a", .null)]).compactText
                == #"{"b":1,"a":null}"#)
        #expect(JSONValue.array([]).prettyText() == "[]")
        #expect(
            JSONValue.object([JSONMember("k", .array([.bool(true)]))]).prettyText()
                == "{\n  \"k\": [\n    true\n  ]\n}")
    }
}

/// Foundation's parse as a comparable value (NSDictionary equality ignores key order).
private struct NSDictionaryOrArray: Equatable {
    let object: NSObject

    init(_ value: Any) {
        object = (value as? NSObject) ?? NSNull()
    }

    static func == (a: Self, b: Self) -> Bool { a.object.isEqual(b.object) }
}

@Suite("Process top answers")
struct TopResponseTests {
    @Test func dockerWithBerthsOptions() throws {
        let top = try JSONCoding.decode(ContainerTop.self, from: Fixture.bytes("top-ps-args.json"))
        #expect(top.titles == ["PID", "PPID", "USER", "%CPU", "%MEM", "RSS", "ELAPSED", "COMMAND"])
        #expect(top.processes.count == 3)
        #expect(top.processes.allSatisfy { $0.count == 8 })
        #expect(top.processes[0].last == "sh -c sleep 1001 & sleep 100000 & wait")
        #expect(top.processes[1] == ["31404", "31376", "root", "0.0", "0.0", "1376", "00:03", "sleep 1001"])
    }

    @Test func dockerDefault() throws {
        let top = try JSONCoding.decode(ContainerTop.self, from: Fixture.bytes("top-default.json"))
        #expect(top.titles == ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"])
        #expect(top.processes.map { $0[1] } == ["31376", "31404", "31405"])
    }

    @Test func podmanUnsplitLines() throws {
        let top = try JSONCoding.decode(ContainerTop.self, from: Fixture.bytes("top-podman.json"))
        #expect(top.processes.count == 2)
        #expect(
            top.processes[0] == [
                "root", "1", "0", "0.000", "2h3m4.5s", "?", "0s", "nginx: master process nginx -g daemon off;",
            ])
        #expect(top.processes[1][7] == "nginx: worker process")
    }

    @Test func podmanBareStrings() throws {
        let top = try JSONCoding.decode(ContainerTop.self, from: Fixture.bytes("top-podman-strings.json"))
        #expect(top.processes[0] == ["root", "1", "0", "0.000", "5m", "?", "0s", "sleep 1000"])
        // The command keeps its own spacing.
        #expect(top.processes[1][7] == "sh -c  echo hi")
    }

    @Test func rejectedPsArgsError() throws {
        let error = EngineError.fromResponse(status: 500, body: try Fixture.bytes("error-500-top-ps-args.json"))
        #expect(error == .server(status: 500, message: "ps: error: unknown gnu long option"))
    }

    @Test func oddRowsAreFittedToTheTitles() throws {
        let json = #"{"Titles":["PID","CMD"],"Processes":[["1"],["2","a","b"],null,[null,"x"]]}"#
        let top = try JSONCoding.decode(ContainerTop.self, from: Array(json.utf8))
        #expect(top.processes == [["1", ""], ["2", "a b"], ["", "x"]])
        let empty = try JSONCoding.decode(ContainerTop.self, from: Array(#"{"Titles":null,"Processes":null}"#.utf8))
        #expect(empty.titles.isEmpty && empty.processes.isEmpty)
        #expect(ContainerTop.split("  1   2  ", into: 3) == ["1", "2", ""])
        #expect(ContainerTop.split("", into: 2) == ["", ""])
    }

    @Test func requests() {
        let v141 = APIVersion(major: 1, minor: 41)
        #expect(Endpoints.top("web-1").uri(version: v141) == "/v1.41/containers/web-1/top")
        #expect(
            Endpoints.top("web-1", psArgs: Endpoints.topProcessArguments).uri(version: v141)
                == "/v1.41/containers/web-1/top?ps_args=-eo%20pid%2Cppid%2Cuser%2Cpcpu%2Cpmem%2Crss%2Cetime%2Cargs")
        #expect(
            Endpoints.containerEvents(containerID: "abc").uri(version: v141)
                == "/v1.41/events?filters=%7B%22container%22%3A%5B%22abc%22%5D%2C%22type%22%3A%5B%22container%22%5D%7D"
        )
    }
}

@Suite("Signalling a process inside a container")
struct ProcessSignalTests {
    static let status = """
        Name:\tsleep
        State:\tS (sleeping)
        Tgid:\t31404
        Pid:\t31404
        PPid:\t31376
        NSpid:\t31404\t7
        """
    let cmdline = Array("sleep\u{0}1001\u{0}".utf8)

    @Test func nestedNamespaceGivesTheInnerPID() {
        #expect(
            ProcessSignal.containerPID(
                status: Self.status, cmdline: cmdline, expectingParent: "31376", commandLine: "sleep 1001") == "7")
        #expect(
            ProcessSignal.containerPID(
                status: Self.status, cmdline: cmdline, expectingParent: nil, commandLine: "sleep 1001 ")
                == "7")
    }

    @Test func anythingElseFallsBackToMatchingInside() {
        // Another parent or command: the PID was reused, or it is not the process top showed.
        #expect(
            ProcessSignal.containerPID(
                status: Self.status, cmdline: cmdline, expectingParent: "1", commandLine: "sleep 1001")
                == nil)
        #expect(
            ProcessSignal.containerPID(
                status: Self.status, cmdline: cmdline, expectingParent: "31376", commandLine: "sleep 1002") == nil)
        // Not in a nested namespace (or a kernel without NSpid).
        let host = Self.status.replacingOccurrences(of: "NSpid:\t31404\t7", with: "NSpid:\t31404")
        #expect(
            ProcessSignal.containerPID(status: host, cmdline: cmdline, expectingParent: nil, commandLine: "sleep 1001")
                == nil)
        let old = Self.status.replacingOccurrences(of: "NSpid:\t31404\t7", with: "")
        #expect(
            ProcessSignal.containerPID(status: old, cmdline: cmdline, expectingParent: nil, commandLine: "sleep 1001")
                == nil)
    }

    @Test func commands() {
        #expect(ProcessSignal.killCommand(.term, containerPID: "7") == ["kill", "-s", "TERM", "7"])
        let matching = ProcessSignal.matchingCommand(.kill, pid: "31404", commandLine: "sleep 1001")
        #expect(matching.first == "sh")
        #expect(Array(matching.suffix(4)) == ["berth-signal", "KILL", "31404", "sleep 1001"])
        #expect(ProcessSignal.commandLine(Array("a\u{0}b c\u{0}".utf8)) == "a b c")
        #expect(ProcessSignal.failure(status: 3, usedMatching: true, commandLine: "x") == "the process is gone")
        #expect(ProcessSignal.failure(status: 3, usedMatching: false, commandLine: "x") == "kill exited with status 3")
    }
}
