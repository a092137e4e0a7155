/// The `:` command line: switch views by name (`:images`, `:containers`), prune (`:prune`, `:prune volumes`), with
/// Tab completion.
enum CommandLinePrompt {
    /// Every word `:` accepts.
    static func candidates(_ state: AppState) -> [String] {
        ViewRegistry.names + ["events", "prune", "messages"] + HostCommands.words + ["quit"]
            + state.hosts.map { "host drop \($0.id.name)" } + state.contexts.map { "context \($0.name)" }
    }

    static func edit(_ state: inout AppState, _ input: PromptInput, text: String) -> [Effect] {
        if let edited = input.edited(text) {
            state.mode = .commandLine(text: edited)
            return []
        }
        var text = text
        switch input {
        case .command(.cancel):
            state.mode = .normal
            return []
        case .command(.complete):
            let typed = word(text)
            if typed.hasPrefix("prune ") {
                let kind = complete(String(typed.dropFirst(6)), among: Prune.words)
                text = "prune " + kind
            } else {
                text = complete(text, among: candidates(state))
            }
        case .command(.submit):
            state.mode = .normal
            return run(text, &state)
        default: break
        }
        state.mode = .commandLine(text: text)
        return []
    }

    /// What was typed, without spaces around it or a repeated `:`, in lower case; inner runs of spaces are one.
    static func word(_ text: String) -> String {
        let bare = String(text.trimmingSpaces.drop(while: { $0 == ":" })).lowercased()
        return bare.split(separator: " ").joined(separator: " ")
    }

    /// The longest completion `text` has among `words`: the word itself when only one starts so.
    static func complete(_ text: String, among words: [String]) -> String {
        let typed = Self.word(text)
        let matching = words.filter { $0.hasPrefix(typed) }
        guard var common = matching.first else { return text }
        for word in matching.dropFirst() {
            while !word.hasPrefix(common) { common.removeLast() }
        }
        return common.count >= typed.count ? common : text
    }

    static func run(_ text: String, _ state: inout AppState) -> [Effect] {
        let line = Self.word(text)
        guard !line.isEmpty else { return [] }
        let parts = line.split(separator: " ").map(String.init)
        // Addresses and names keep their case: only the command word is lower-cased.
        let original = text.trimmingSpaces.drop(while: { $0 == ":" }).split(separator: " ").map(String.init)
        if let effects = HostCommands.run(parts[0], arguments: Array(original.dropFirst()), &state) { return effects }
        let word = line
        if word == "q" || word == "quit" {
            state.isQuitting = true
            return [.quit]
        }
        if word == "messages" || (word.count > 1 && "messages".hasPrefix(word)) {
            state.mode = .messages
            return []
        }
        if word == "events" || (word.count > 1 && "events".hasPrefix(word)) {
            return EventsPane.showAll(&state)
        }
        if word == "prune" || word.hasPrefix("prune ") {
            let argument = String(word.dropFirst(5)).trimmingSpaces
            if argument.isEmpty {
                guard !state.readOnly else {
                    state.status = StatusMessage(ResourceRemoval.readOnlyMessage, kind: .error)
                    return []
                }
                state.mode = .resourceDialog(.prunePicker(index: 0))
                return []
            }
            let matching = Prune.words.filter { $0.hasPrefix(argument) }
            guard let kind = Prune.kind(named: argument) ?? (matching.count == 1 ? Prune.kind(named: matching[0]) : nil)
            else {
                let known = Prune.words.joined(separator: ", ")
                state.status = StatusMessage("Prune what? :prune \(argument) is not one of \(known)", kind: .error)
                return []
            }
            return Prune.start(kind, &state)
        }
        let names = ViewRegistry.names
        let matching = names.filter { $0.hasPrefix(word) }
        if let name = names.first(where: { $0 == word }) ?? (matching.count == 1 ? matching[0] : nil) {
            return ResourceViews.show(ViewID(name), &state)
        }
        let known = names.map { ":" + $0 }.joined(separator: ", ")
        state.status = StatusMessage(
            "Unknown command :\(word) (try \(known), :events, :prune, :host, :context, :messages, :q)", kind: .error)
        return []
    }
}

/// The command line's completion, for tests.
public enum CommandLinePromptProbe {
    public static func complete(_ text: String, among words: [String]) -> String {
        CommandLinePrompt.complete(text, among: words)
    }
}
