import DashboardCore
import DashboardFixtures
import EngineAPI
import TerminalUI
import Testing

@testable import DashboardRenderer

/// The one rule for narrow screens: columns go by usefulness, never by position; an empty column goes first and
/// STATUS last.
@Suite struct ColumnRuleTests {
    static let usefulness: [TableColumn] = [.name, .status, .cpu, .memory, .image, .ports, .created, .id]

    /// The list measures its columns in an array indexed by `TableColumn.index`.
    @Test func eachColumnsIndexIsItsPlaceAmongAllColumns() {
        #expect(TableColumn.allCases.map(\.index) == Array(0..<TableColumn.allCases.count))
    }
    static let widest: [TableColumn: Int] = [
        .name: 20, .status: 24, .cpu: 13, .memory: 14, .image: 30, .ports: 22, .created: 17, .id: 12,
    ]

    static func shown(_ width: Int, widest: [TableColumn: Int] = widest, empty: Set<TableColumn> = []) -> [TableColumn]
    {
        ColumnLayout.layout(width: width, widest: widest, emptyColumns: empty, hidden: [.host]).map(\.0)
    }

    /// At every width, what shows is the most useful columns: never a less useful one in place of a more useful
    /// one that was dropped. And the columns fit.
    @Test func aLessUsefulColumnNeverShowsWhileAMoreUsefulOneIsDropped() {
        for width in 1...220 {
            let shown = Set(Self.shown(width))
            let kept = Self.usefulness.filter { shown.contains($0) }
            let dropped = Self.usefulness.filter { !shown.contains($0) }
            if let firstDropped = dropped.first, let index = Self.usefulness.firstIndex(of: firstDropped) {
                #expect(
                    kept.allSatisfy { Self.usefulness.firstIndex(of: $0)! < index || $0 == .status },
                    "width \(width): \(kept)")
            }
            let layout = ColumnLayout.layout(width: width, widest: Self.widest, hidden: [.host])
            #expect(layout.reduce(0) { $0 + $1.1 } + ColumnLayout.gap * (layout.count - 1) <= width, "width \(width)")
        }
    }

    /// STATUS is the last column standing: at any width it shows, the name shrinking and going before it.
    @Test func statusGoesLast() {
        for width in 1...220 {
            #expect(Self.shown(width).contains(.status), "width \(width)")
        }
        #expect(Self.shown(30) == [.name, .status])
        // Twelve for STATUS, the gap, and at least four of the name.
        #expect(Self.shown(18) == [.name, .status])
        #expect(Self.shown(17) == [.status])
    }

    /// A column no row uses is dropped before any other, even a less useful one.
    @Test func anEmptyColumnGoesFirst() {
        var widest = Self.widest
        widest[.ports] = 5
        let full = Self.shown(220, widest: widest, empty: [.ports])
        #expect(full.contains(.ports))
        for width in 1...219 {
            let shown = Self.shown(width, widest: widest, empty: [.ports])
            if shown.contains(.ports) { #expect(shown.count == full.count, "width \(width): \(shown)") }
        }
        #expect(Self.shown(150, widest: widest, empty: [.ports]).contains(.id))
        #expect(!Self.shown(150, widest: widest, empty: [.ports]).contains(.ports))
    }

    /// At 40 columns a running and an exited container read differently: their STATUS words show.
    @Test func atFortyColumnsRunningAndExitedRowsDiffer() {
        let long = "a-rather-long-container-name-for-forty-columns"
        let containers = [
            Fixtures.container(long + "-1", state: "running", status: "Up 3 hours", image: "registry.example/app:1"),
            Fixtures.container(long + "-2", state: "exited", status: "Exited (0) 3 hours ago", image: "app:1"),
        ]
        for width in [40, 30, 24] {
            let state = Fixtures.state(containers, size: Size(width: width, height: 10))
            let rows = DashboardView.render(state).plainText.split(separator: "\n").map(String.init)
            let running = rows.first { $0.contains("-1") || $0.contains("Up 3") } ?? ""
            let exited = rows.first { $0.contains("Exited") } ?? ""
            #expect(running.contains("Up 3"), "width \(width):\n\(rows.joined(separator: "\n"))")
            #expect(exited.contains("Exited"), "width \(width):\n\(rows.joined(separator: "\n"))")
        }
    }

    /// The resource lists follow the same rule: an empty column goes first, the first column last.
    @Test func resourceListsFollowTheSameRule() {
        let specs = [
            ColumnSpec("REPOSITORY:TAG", minimum: 16, maximum: 60, priority: 0),
            ColumnSpec("IMAGE ID", minimum: 12, maximum: 12, priority: 1),
            ColumnSpec("SIZE", minimum: 8, maximum: 10, alignRight: true, priority: 2),
            ColumnSpec("NOTES", minimum: 8, maximum: 20, priority: 3),
            ColumnSpec("CREATED", minimum: 14, maximum: 22, priority: 4),
        ]
        let cells = [["busybox:latest", "0123456789ab", "4.3MB", "", "3 days ago"]]
        let wide = ResourceTable.layout(specs, cells: cells, width: 120).map(\.0)
        #expect(wide == [0, 1, 2, 3, 4])
        // NOTES is empty in every row: at a width that drops one column, it is the one.
        let narrower = ResourceTable.layout(specs, cells: cells, width: 60).map(\.0)
        #expect(narrower == [0, 1, 2, 4])
        #expect(ResourceTable.layout(specs, cells: cells, width: 10).map(\.0) == [0])
    }

    /// A last column of figures aligned on the right keeps to its widest cell: what is left of a wide screen is not
    /// given to it, or its figures would drift to the far edge, away from their title (`:df`'s RECLAIMABLE).
    @Test func aLastColumnOfFiguresDoesNotDriftToTheEdge() {
        let specs = [
            ColumnSpec("HOST", minimum: 6, maximum: 20, priority: 1),
            ColumnSpec("TYPE", minimum: 13, maximum: 14, priority: 0),
            ColumnSpec("SIZE", minimum: 8, maximum: 10, alignRight: true, priority: 3),
            ColumnSpec("RECLAIMABLE", minimum: 11, maximum: 18, alignRight: true, priority: 4),
        ]
        let cells = [["docker", "Images", "1.984MB", "0B (0%)"], ["podman", "Containers", "0B", "12B (12%)"]]
        let widths = ResourceTable.layout(specs, cells: cells, width: 140)
        #expect(widths.map(\.0) == [0, 1, 2, 3])
        #expect(widths.last?.1 == 12, "RECLAIMABLE is as wide as its title and a gap: \(widths)")
        // A last column of words still takes what is left, as the container list's does.
        var words = specs
        words[3] = ColumnSpec("NOTES", minimum: 11, maximum: 18, priority: 4)
        let stretched = ResourceTable.layout(words, cells: cells, width: 140)
        #expect(stretched.map(\.1).reduce(0, +) + 3 * ColumnLayout.gap == 140)
    }
}
