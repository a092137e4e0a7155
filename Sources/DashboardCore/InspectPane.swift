import EngineAPI
import TerminalUI

/// What the inspect pane shows: the selected container's inspect document as a folding tree.
///
/// Folds and the selection are kept by path, so they survive reloads (the document is fetched again on the
/// container's events) and carry over when another container is selected.
public struct InspectPaneState: Sendable, Equatable {
    /// The container whose document `tree` holds.
    public var container: ContainerRef?
    public var tree: JSONTree?
    /// The document as the engine sent it; `tree` shows it with secret values hidden unless revealed.
    public var document: JSONValue?
    /// Secret environment values hidden in `tree` (0 when revealed or none).
    public var hiddenSecrets = 0
    /// Containers whose secret values the user revealed (`R`), until berth quits or `R` again.
    public var revealed: Set<ContainerRef> = []
    /// Why the last load failed; the previous tree, if any, stays on screen.
    public var error: String?
    /// Paths of the unfolded objects and arrays; the root's members are always shown.
    public var expanded: Set<String> = []
    /// The selected node's path.
    public var selectedPath: String?
    /// The first visible row.
    public var scroll: Int = 0
    /// The search being typed or the last one, for `n`/`N` and highlighting.
    public var search: InspectSearch?

    public init() {}
}

/// A search in the inspect tree.
public struct InspectSearch: Sendable, Equatable {
    public var query: String
    /// Whether the prompt is open and takes the keys.
    public var isEditing: Bool

    public init(query: String, isEditing: Bool) {
        self.query = query
        self.isEditing = isEditing
    }
}

/// News from the inspect feed.
public enum InspectAction: Sendable, Equatable {
    /// The document of `container`, fetched on open and after each of its events.
    case loaded(container: ContainerRef, document: JSONValue)
    case failed(container: ContainerRef, message: String)
}

/// One-off work the inspect pane asks the runtime for (copying goes through `Effect.copyToClipboard`).
public enum InspectEffect: Sendable, Hashable {}

/// The inspect pane's reducer and keys.
enum InspectPane {
    static func reduce(_ state: inout AppState, _ action: InspectAction) -> [Effect] {
        switch action {
        case .loaded(let id, _), .failed(let id, _):
            // A late answer from the feed of a container no longer selected would only cause a flicker.
            guard id == state.selection else { return [] }
        }
        switch action {
        case .loaded(let id, let document):
            let old = state.inspect.tree
            state.inspect.container = id
            state.inspect.document = document
            buildTree(&state.inspect)
            state.inspect.error = nil
            keepSelection(&state.inspect, previous: old)
            keepSelectedRowVisible(&state)
        case .failed(let id, let message):
            if state.inspect.container != id {
                state.inspect.container = id
                state.inspect.tree = nil
                state.inspect.document = nil
            }
            state.inspect.error = message
        }
        return []
    }

    /// The tree of the document, its secrets hidden unless this container's were revealed.
    static func buildTree(_ pane: inout InspectPaneState) {
        guard let document = pane.document else { return }
        if let container = pane.container, pane.revealed.contains(container) {
            pane.tree = JSONTree(document)
            pane.hiddenSecrets = 0
        } else {
            let (masked, hidden) = SecretMask.masked(document)
            pane.tree = JSONTree(masked)
            pane.hiddenSecrets = hidden
        }
    }

    /// The selected node if it still exists, else its nearest surviving ancestor, else the first row; always a
    /// visible one.
    static func keepSelection(_ pane: inout InspectPaneState, previous: JSONTree?) {
        guard let tree = pane.tree else { return }
        var candidates: [String] = []
        if let path = pane.selectedPath {
            candidates.append(path)
            if let previous, let index = previous.index(ofPath: path) {
                candidates += previous.ancestors(of: index).map { previous.nodes[$0].path }
            }
        }
        let visible = Set(tree.visibleRows(expanded: pane.expanded))
        for path in candidates {
            guard let index = tree.index(ofPath: path) else { continue }
            pane.selectedPath = tree.nodes[nearestVisible(index, in: tree, visible: visible)].path
            return
        }
        pane.selectedPath = tree.visibleRows(expanded: pane.expanded).first.map { tree.nodes[$0].path }
    }

    static func nearestVisible(_ index: Int, in tree: JSONTree, visible: Set<Int>) -> Int {
        if visible.contains(index) { return index }
        // The outermost folded ancestor is the row the node is hidden under.
        return tree.ancestors(of: index).last { visible.contains($0) } ?? tree.ancestors(of: index).last ?? index
    }

    static func selectedNode(_ pane: InspectPaneState) -> JSONTree.Node? {
        guard let tree = pane.tree, let path = pane.selectedPath, let index = tree.index(ofPath: path) else {
            return nil
        }
        return tree.nodes[index]
    }

    // MARK: - Keys

    /// Runs a command of the inspect pane's key table.
    static func run(_ command: InspectCommand, _ state: inout AppState) -> [Effect] {
        if command == .back {
            guard state.inspect.search != nil else {
                state.focus = .list
                state.zoomed = false
                return []
            }
            state.inspect.search = nil
            return []
        }
        guard let tree = state.inspect.tree else { return [] }
        let rows = tree.visibleRows(expanded: state.inspect.expanded)
        let current = state.inspect.selectedPath.flatMap { tree.index(ofPath: $0) }
        let position = current.flatMap { rows.firstIndex(of: $0) } ?? 0
        var effects: [Effect] = []
        switch command {
        case .moveDown: select(&state, rows, position + 1)
        case .moveUp: select(&state, rows, position - 1)
        case .first: select(&state, rows, 0)
        case .last: select(&state, rows, rows.count - 1)
        case .pageDown: select(&state, rows, position + max(1, InspectPaneLayout.treeHeight(state) - 1))
        case .pageUp: select(&state, rows, position - max(1, InspectPaneLayout.treeHeight(state) - 1))
        case .toggle:
            guard let current, tree.nodes[current].isFoldable else { break }
            toggle(&state.inspect, tree.nodes[current].path)
        case .open:
            guard let current, tree.nodes[current].isFoldable else { break }
            if state.inspect.expanded.contains(tree.nodes[current].path) {
                select(&state, rows, position + 1)
            } else {
                state.inspect.expanded.insert(tree.nodes[current].path)
            }
        case .close:
            guard let current else { break }
            let node = tree.nodes[current]
            if node.isFoldable, state.inspect.expanded.contains(node.path) {
                state.inspect.expanded.remove(node.path)
            } else if let parent = node.parent, parent != 0 {
                state.inspect.selectedPath = tree.nodes[parent].path
            }
        case .expandAll:
            state.inspect.expanded = tree.foldablePaths
        case .collapseAll:
            state.inspect.expanded = []
            keepSelection(&state.inspect, previous: tree)
        case .search:
            state.inspect.search = InspectSearch(query: "", isEditing: true)
        case .nextMatch: jumpToMatch(&state, forward: true, includingCurrent: false)
        case .previousMatch: jumpToMatch(&state, forward: false, includingCurrent: false)
        case .copyValue:
            guard let current else { break }
            let text = tree.copyText(of: current)
            effects = [.copyToClipboard(text)]
            state.status = StatusMessage(
                "Sent the value of \(tree.nodes[current].displayPath) (\(describeLength(text))) to the terminal's clipboard",
                kind: .success)
        case .copyPath:
            guard let current else { break }
            let path = tree.nodes[current].displayPath
            effects = [.copyToClipboard(path)]
            state.status = StatusMessage("Sent the path \(path) to the terminal's clipboard", kind: .success)
        case .reveal:
            guard let container = state.inspect.container else { break }
            if state.inspect.revealed.remove(container) == nil {
                state.inspect.revealed.insert(container)
                state.status = StatusMessage("Secret values of this container are shown (R hides them)")
            } else {
                state.status = StatusMessage("Secret values are hidden again")
            }
            let old = state.inspect.tree
            buildTree(&state.inspect)
            keepSelection(&state.inspect, previous: old)
        case .back:
            break
        }
        keepSelectedRowVisible(&state)
        return effects
    }

    static func describeLength(_ text: String) -> String {
        let count = text.count
        return count == 1 ? "1 character" : "\(count) characters"
    }

    static func select(_ state: inout AppState, _ rows: [Int], _ position: Int) {
        guard let tree = state.inspect.tree, !rows.isEmpty else { return }
        state.inspect.selectedPath = tree.nodes[rows[min(max(position, 0), rows.count - 1)]].path
    }

    static func toggle(_ pane: inout InspectPaneState, _ path: String) {
        if pane.expanded.contains(path) {
            pane.expanded.remove(path)
        } else {
            pane.expanded.insert(path)
        }
    }

    static func editSearch(_ state: inout AppState, _ input: PromptInput) {
        guard var search = state.inspect.search else { return }
        switch input {
        case .text(let c): search.query.append(c)
        case .command(.erase): if !search.query.isEmpty { search.query.removeLast() }
        case .command(.eraseAll): search.query = ""
        case .command(.cancel):
            state.inspect.search = nil
            return
        case .command(.submit):
            guard !search.query.isEmpty else {
                state.inspect.search = nil
                return
            }
            search.isEditing = false
            state.inspect.search = search
            jumpToMatch(&state, forward: true, includingCurrent: false)
            keepSelectedRowVisible(&state)
            return
        default:
            break
        }
        state.inspect.search = search
    }

    /// Selects the next (or previous) match in document order, wrapping around, and unfolds its ancestors.
    static func jumpToMatch(_ state: inout AppState, forward: Bool, includingCurrent: Bool) {
        guard let tree = state.inspect.tree, let query = state.inspect.search?.query, !query.isEmpty else { return }
        let matches = tree.matches(query)
        guard !matches.isEmpty else {
            state.status = StatusMessage("No match for \(query)", kind: .error)
            return
        }
        let current = state.inspect.selectedPath.flatMap { tree.index(ofPath: $0) } ?? 0
        let target: Int
        if forward {
            target =
                matches.first { includingCurrent ? $0 >= current : $0 > current } ?? matches[0]
        } else {
            target = matches.last { includingCurrent ? $0 <= current : $0 < current } ?? matches[matches.count - 1]
        }
        for ancestor in tree.ancestors(of: target) { state.inspect.expanded.insert(tree.nodes[ancestor].path) }
        state.inspect.selectedPath = tree.nodes[target].path
        let number = (matches.firstIndex(of: target) ?? 0) + 1
        state.status = StatusMessage("Match \(number) of \(matches.count) for \(query)")
    }

    /// Scrolls the least needed to show the selected row.
    static func keepSelectedRowVisible(_ state: inout AppState) {
        guard let tree = state.inspect.tree else { return }
        let rows = tree.visibleRows(expanded: state.inspect.expanded)
        let height = max(1, InspectPaneLayout.treeHeight(state))
        state.inspect.scroll = InspectPaneLayout.scroll(
            state.inspect.scroll, selected: state.inspect.selectedPath.flatMap { tree.index(ofPath: $0) }, rows: rows,
            height: height)
    }
}

/// The inspect pane's geometry, shared by the reducer (paging, scrolling) and the renderer.
public enum InspectPaneLayout {
    /// Rows of the pane's content: the tree, then the footer (path line, then the selected value).
    static func contentHeight(_ state: AppState) -> Int { state.layout.paneContent?.height ?? 0 }

    /// The footer's height: the path line plus as many lines as the selected scalar needs when wrapped, up to a
    /// third of the pane, so long strings are shown whole where they fit.
    public static func footerHeight(_ state: AppState) -> Int {
        let height = contentHeight(state)
        guard height >= 3 else { return 0 }
        let width = max(1, state.layout.paneContent?.width ?? 1)
        let valueLines = height >= 6 ? max(1, height / 3) : 0
        guard valueLines > 0, state.inspect.search?.isEditing != true,
            let node = InspectPane.selectedNode(state.inspect),
            let text = node.scalarText
        else { return 1 }
        // Measuring a prefix is enough to know whether the cap is reached, and keeps 100k-character values cheap.
        let columns = TerminalText.width(String(text.prefix(width * valueLines + 1)))
        return 1 + min(valueLines, max(1, (columns + width - 1) / width))
    }

    /// Rows the tree gets.
    public static func treeHeight(_ state: AppState) -> Int {
        max(0, contentHeight(state) - footerHeight(state))
    }

    /// The first visible row that shows `selected` with the least movement from `current`.
    public static func scroll(_ current: Int, selected: Int?, rows: [Int], height: Int) -> Int {
        var scroll = current
        if let selected, let position = rows.firstIndex(of: selected) {
            if position < scroll { scroll = position }
            if position >= scroll + height { scroll = position - height + 1 }
        }
        return max(0, min(scroll, rows.count - height))
    }
}
