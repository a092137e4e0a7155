import DashboardCore
import EngineAPI
import TerminalUI

/// The dialogs of the resource views: the question before a removal, the engine's refusal (with force where it has
/// one), the prune picker, and a prune's preview and result. Every name in them comes from the engine and goes
/// through `TerminalText` when drawn.
enum ResourceDialogView {
    struct Line {
        var text: String
        var style: Style = .plain
        /// Indented by two more columns (list items under a heading).
        var indent = 0
    }

    /// A dialog as lines: a fixed head, a body that scrolls, a fixed foot.
    struct Content {
        var title: String
        var head: [Line] = []
        var body: [Line] = []
        var foot: [Line] = []
        var highlight: Int?
    }

    static func draw(_ dialog: ResourceDialog, _ state: AppState, into grid: inout CellGrid) {
        var width = min(grid.size.width, 76)
        if case .inspect = dialog { width = min(grid.size.width, 110) }
        let content = content(dialog, state, width: width - 4)
        let available = max(3, grid.size.height - 2)
        let fixed = content.head.count + content.foot.count
        let bodyHeight = max(0, min(content.body.count, available - 2 - fixed))
        let rect = grid.bounds.centered(width: width, height: fixed + bodyHeight + 2)
        grid.box(rect, title: content.title, style: Theme.dialog)
        var y = rect.y + 1
        func put(_ line: Line) {
            guard y < rect.maxY - 1 else { return }
            grid.put(
                line.text, x: rect.x + 2 + line.indent, y: y, width: rect.width - 4 - line.indent, style: line.style)
            y += 1
        }
        content.head.forEach(put)
        var scroll = 0
        if case .prune(let prune) = dialog { scroll = min(prune.scroll, max(0, content.body.count - bodyHeight)) }
        if case .inspect(let overlay) = dialog { scroll = min(overlay.scroll, max(0, content.body.count - bodyHeight)) }
        for (index, line) in content.body.enumerated().dropFirst(scroll).prefix(bodyHeight) {
            let row = y
            put(line)
            if index == content.highlight {
                grid.restyle(y: row, x: rect.x + 1, width: rect.width - 2) { $0.reverse = true }
            }
        }
        if content.body.count > bodyHeight, bodyHeight > 0 {
            let note = " \(scroll + 1)-\(scroll + bodyHeight) of \(content.body.count) "
            grid.put(note, x: rect.maxX - 1 - TerminalText.width(note), y: rect.y, style: Theme.hintText)
        }
        content.foot.forEach(put)
    }

    static func content(_ dialog: ResourceDialog, _ state: AppState, width: Int) -> Content {
        switch dialog {
        case .confirmRemove(let request):
            var content = Content(title: "remove")
            content.head = wrap(request.question, width: width).map { Line(text: $0, style: Style(bold: true)) }
            content.foot = [Line(text: ""), Line(text: "y  remove    any other key cancels", style: Theme.hintKey)]
            return content
        case .removeRefused(let request, let reason):
            var content = Content(title: "refused")
            let engine = "The engine"
            content.head = wrap("\(engine) refused to remove \(request.name):", width: width).map {
                Line(text: $0, style: Style(bold: true))
            }
            content.body = wrap(reason, width: width).map { Line(text: $0, style: Theme.error) }
            content.foot = [Line(text: "")]
            if request.target.kind.canForce, !request.force {
                content.foot.append(
                    Line(text: "F  force: remove it anyway (containers using it keep running)", style: Theme.hintKey))
            }
            content.foot.append(Line(text: "any other key closes", style: Theme.hintText))
            return content
        case .prunePicker(let index):
            var content = Content(title: "prune")
            content.head = [Line(text: "What should go? A preview lists every item first.", style: Style(bold: true))]
            content.body = PrunePicker.rows.enumerated().map { offset, row in
                Line(text: "\(offset + 1)  \(row.kind.title.padding(toWidth: 20))\(row.meaning)")
            }
            content.highlight = index
            content.foot = [
                Line(text: ""), Line(text: "Enter or 1-6 preview · any other key cancels", style: Theme.hintText),
            ]
            return content
        case .prune(let prune):
            return PruneView.content(prune, state, width: width)
        case .inspect(let overlay):
            var content = Content(title: "\(overlay.kind) \(overlay.title)")
            if let error = overlay.error {
                content.body = wrap(error, width: width).map { Line(text: $0, style: Theme.error) }
            } else if let lines = overlay.lines {
                content.body = lines.map { Line(text: $0) }
            } else {
                content.body = [Line(text: "Loading…", style: Theme.hintText)]
            }
            content.foot = [Line(text: "j/k PgUp/PgDn g/G scroll · any other key closes", style: Theme.hintText)]
            return content
        case .swarm(.confirm(let request)):
            var content = Content(title: "swarm")
            content.head = wrap(request.question, width: width).map { Line(text: $0, style: Style(bold: true)) }
            content.foot = [Line(text: ""), Line(text: "y  yes    any other key cancels", style: Theme.hintKey)]
            return content
        case .swarm(.scale(let request, let text)):
            var content = Content(title: "scale")
            content.head = [Line(text: "Replicas of service \(request.name):", style: Style(bold: true))]
            content.body = [Line(text: "> " + text + "▏")]
            content.foot = [Line(text: ""), Line(text: "Enter  scale    Esc  cancel", style: Theme.hintKey)]
            return content
        }
    }

    /// Greedy word wrap; a word longer than a line is cut by the grid.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if TerminalText.width(candidate) > width, !current.isEmpty {
                lines.append(current)
                current = String(word)
            } else {
                current = candidate
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.isEmpty ? [""] : lines
    }
}

/// The prune picker's rows: what each kind removes.
enum PrunePicker {
    static let rows: [(kind: PruneKind, meaning: String)] = [
        (.containers, "created, exited or dead"),
        (.danglingImages, "untagged, used by no container"),
        (.unusedImages, "tagged or not, used by no container"),
        (.volumes, "referenced by no container"),
        (.networks, "no container on them"),
        (.buildCache, "not in use by a build"),
    ]
}

/// A prune's preview, progress and result.
enum PruneView {
    typealias Line = ResourceDialogView.Line

    static func content(_ dialog: PruneDialog, _ state: AppState, width: Int) -> ResourceDialogView.Content {
        var content = ResourceDialogView.Content(title: "prune \(dialog.kind.title)")
        let several = dialog.hosts.count > 1
        switch dialog.phase {
        case .previewing:
            content.head = [
                Line(text: "Asking which \(dialog.kind.title) a prune would remove…", style: Style(bold: true))
            ]
            for host in dialog.hosts {
                let state: String
                if let preview = dialog.previews[host] {
                    state = count(preview.items.count, dialog.kind)
                } else if let error = dialog.previewErrors[host] {
                    state = "could not preview: \(error)"
                } else {
                    state = "…"
                }
                content.body.append(Line(text: "\(host.name): \(state)"))
            }
            content.foot = [Line(text: ""), Line(text: "any key cancels (nothing is removed)", style: Theme.hintText)]
        case .ready, .pruning:
            let items = dialog.items
            if items.isEmpty {
                content.head = [Line(text: "Nothing to prune: no \(dialog.kind.title).", style: Style(bold: true))]
            } else {
                // An image's size counts the layers it shares with images that stay: the space freed may be less.
                let images = dialog.kind == .danglingImages || dialog.kind == .unusedImages
                let total =
                    dialog.previewBytes > 0
                    ? ", \(images ? "up to " : "")\(ByteFormat.decimal(dialog.previewBytes))" : ""
                let verb = dialog.phase == .pruning ? "Pruning" : "A prune would remove"
                content.head = [
                    Line(text: "\(verb) \(count(items.count, dialog.kind))\(total):", style: Style(bold: true))
                ]
            }
            for host in dialog.hosts {
                if let error = dialog.previewErrors[host] {
                    content.body.append(
                        Line(text: "\(host.name): left out, could not preview: \(error)", style: Theme.error))
                    continue
                }
                guard let preview = dialog.previews[host], !preview.items.isEmpty else {
                    if several { content.body.append(Line(text: "\(host.name): nothing", style: Theme.hintText)) }
                    continue
                }
                if several { content.body.append(Line(text: "\(host.name):", style: Style(bold: true))) }
                content.body += preview.items.map {
                    item($0, width: width - (several ? 2 : 0), indent: several ? 2 : 0)
                }
            }
            content.foot = [Line(text: "")]
            if dialog.phase == .pruning {
                content.foot.append(Line(text: "Pruning… any key closes (the prune goes on)", style: Theme.hintText))
            } else if items.isEmpty {
                content.foot.append(Line(text: "any key closes", style: Theme.hintText))
            } else {
                var note: String?
                switch dialog.kind {
                case .volumes:
                    note = "A volume made after this preview would go too: the engine's volume prune has no time limit."
                case .danglingImages, .unusedImages:
                    note = "Layers these images share with images that stay are kept, so less may be freed."
                default:
                    note = nil
                }
                if let note {
                    content.foot += ResourceDialogView.wrap(note, width: width).map {
                        Line(text: $0, style: Theme.hintText)
                    }
                }
                content.foot.append(
                    Line(
                        text: "y  prune these \(items.count)    j/k scroll    any other key cancels",
                        style: Theme.hintKey))
            }
        case .done:
            content.head = [Line(text: dialog.summary + ".", style: Style(bold: true))]
            for host in dialog.hostsToPrune {
                if let error = dialog.pruneErrors[host] {
                    content.body.append(Line(text: "\(host.name): failed: \(error)", style: Theme.error))
                    continue
                }
                guard let outcome = dialog.outcomes[host] else { continue }
                let previewed = dialog.previews[host]?.items.count ?? 0
                var line = "\(several ? host.name : "The engine"): removed \(outcome.removed.count) of \(previewed)"
                if let reclaimed = outcome.spaceReclaimed, dialog.kind != .networks {
                    line += ", reclaimed \(ByteFormat.decimal(reclaimed))"
                }
                line += outcome.matchesPreview ? ", exactly as previewed" : ""
                content.body.append(Line(text: line, style: outcome.matchesPreview ? Theme.success : Theme.pending))
                for kept in outcome.kept {
                    content.body.append(Line(text: "kept: \(kept.name)", style: Theme.pending, indent: 2))
                }
                for id in outcome.unexpected {
                    content.body.append(
                        Line(text: "also removed (not in the preview): \(short(id))", style: Theme.pending, indent: 2))
                }
                for reference in outcome.untagged {
                    content.body.append(Line(text: "untagged: \(reference)", style: Theme.hintText, indent: 2))
                }
            }
            content.foot = [Line(text: ""), Line(text: "any other key closes", style: Theme.hintText)]
        }
        return content
    }

    /// `name  1.98MB`, the size on the right.
    static func item(_ item: PruneItem, width: Int, indent: Int) -> Line {
        let size = item.size.map(ByteFormat.decimal) ?? ""
        let nameWidth = max(4, width - TerminalText.width(size) - 2)
        let name = TerminalText.width(item.name) > nameWidth ? String(item.name.prefix(nameWidth - 1)) + "…" : item.name
        return Line(text: name.padding(toWidth: nameWidth) + "  " + size, indent: indent)
    }

    static func count(_ n: Int, _ kind: PruneKind) -> String {
        n == 1 ? "1 \(kind.noun)" : "\(n) \(kind.noun)s"
    }

    /// An image ID without `sha256:`, cut to 12 as `docker` shows it; names stay whole.
    static func short(_ id: String) -> String {
        let bare = ImageID.bare(id)
        return bare.count == 64 && bare.allSatisfy(\.isHexDigit) ? String(bare.prefix(12)) : bare
    }
}

extension String {
    /// The text padded with spaces to `width` display columns (never cut).
    func padding(toWidth width: Int) -> String {
        let used = TerminalText.width(self)
        return used >= width ? self : self + String(repeating: " ", count: width - used)
    }
}
