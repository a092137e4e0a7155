import DashboardCore
import DashboardFixtures
import EngineAPI
import TerminalUI
import Testing

/// Typing a filter narrows the list it had without sorting again; the rows must be exactly those a fresh filter and
/// sort give, whatever was typed, erased or retyped.
@Suite struct FilterNarrowingTests {
    /// Three hundred containers whose names, images and IDs share pieces, in every state.
    static func containers() -> [ContainerSummary] {
        let states = ["running", "exited", "created", "paused", "restarting", "dead"]
        return (0..<300).map { number in
            let id = String(format: "%02x", number % 256) + String(repeating: "ab\(number % 7)", count: 20)
            let name = ["web", "Web-API", "db", "cache-ab1", "worker"][number % 5] + "-\(number % 37)"
            return ContainerSummary(
                id: String(id.prefix(64)), names: ["/\(name)"], image: ["busybox", "redis:7", "ab1/app"][number % 3],
                state: states[number % states.count], status: "Up 1 hour")
        }
    }

    func expectArrangedAfresh(_ state: AppState, _ comment: Comment) {
        let afresh = ContainerListing.visible(
            state.containers, showAll: state.showAll, filter: state.filter, sort: state.sort,
            figures: state.stats.rows)
        #expect(state.visibleContainers.map(\.ref) == afresh.map(\.ref), comment)
    }

    @Test(arguments: ["web-1", "WEB-api-2", "ab1", "0aab", "1", "db-3x", "-"])
    func typingNarrowsToTheSameRowsAsAFreshFilter(typed: String) {
        var state = Fixtures.state(Self.containers(), size: Size(width: 120, height: 40))
        _ = Fixtures.press(&state, .character("/"))
        var sofar = ""
        for character in typed {
            _ = Fixtures.press(&state, .character(character))
            sofar.append(character)
            #expect(state.filter == sofar)
            expectArrangedAfresh(state, "after typing \(sofar)")
        }
        // Erasing widens again: a full filter and sort.
        _ = Fixtures.press(&state, .backspace)
        expectArrangedAfresh(state, "after erasing one character of \(typed)")
        _ = Fixtures.press(&state, .character("z"))
        expectArrangedAfresh(state, "after retyping")
    }

    /// An ID matches from its start only: the rows an ID prefix finds stay while the prefix grows.
    @Test func anIDPrefixFoundByALongerFilterIsKept() {
        var containers = Self.containers()
        containers.append(
            ContainerSummary(id: "ffab1" + String(repeating: "0", count: 59), names: ["/lone"], state: "running"))
        var state = Fixtures.state(containers, size: Size(width: 120, height: 40))
        _ = Fixtures.press(&state, .character("/"), .character("f"), .character("f"))
        #expect(state.visibleContainers.contains { $0.displayName == "lone" })
        expectArrangedAfresh(state, "ff")
    }

    @Test func aSortChangeWhileFilteredArrangesAfresh() {
        var state = Fixtures.state(Self.containers(), size: Size(width: 120, height: 40))
        _ = Fixtures.press(&state, .character("/"), .character("w"), .character("e"), .enter)
        _ = Fixtures.press(&state, .character("n"))
        expectArrangedAfresh(state, "sorted by name")
        _ = Fixtures.press(&state, .character("/"), .character("b"))
        expectArrangedAfresh(state, "filter lengthened after the sort")
    }
}
