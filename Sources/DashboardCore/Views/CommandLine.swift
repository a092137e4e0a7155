/// The `:` command line: switch views by name (`:images`, `:containers`), with Tab completion.
enum CommandLinePrompt {
    /// Every word `:` accepts.
    static func candidates(_ state: AppState) -> [String] { ViewRegistry.names + ["messages", "quit"] }

    static func edit(_ state: inout AppState, _ input: PromptInput, text: String) -> [Effect] {
        var text = text
        switch input {
        case .text(let c): text.append(c)
        case .command(.erase): if !text.isEmpty { text.removeLast() }
        case .command(.eraseAll): text = ""
        case .command(.cancel):
            state.mode = .normal
            return []
        case .command(.complete): text = complete(text, among: candidates(state))
        case .command(.submit):
            state.mode = .normal
            return run(text, &state)
        case .command: break
        }
        state.mode = .commandLine(text: text)
        return []
    }

    /// What was typed, without spaces or a repeated `:`, in lower case.
    static func word(_ text: String) -> String {
        String(text.trimmingSpaces.drop(while: { $0 == ":" })).lowercased()
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
        let word = Self.word(text)
        guard !word.isEmpty else { return [] }
        if word == "q" || word == "quit" {
            state.isQuitting = true
            return [.quit]
        }
        if word == "messages" || (word.count > 1 && "messages".hasPrefix(word)) {
            state.mode = .messages
            return []
        }
        let names = ViewRegistry.names
        let matching = names.filter { $0.hasPrefix(word) }
        if let name = names.first(where: { $0 == word }) ?? (matching.count == 1 ? matching[0] : nil) {
            ResourceViews.show(ViewID(name), &state)
            return []
        }
        let known = names.map { ":" + $0 }.joined(separator: ", ")
        state.status = StatusMessage("Unknown command :\(word) (try \(known), :messages, :q)", kind: .error)
        return []
    }
}

/// The command line's completion, for tests.
public enum CommandLinePromptProbe {
    public static func complete(_ text: String, among words: [String]) -> String {
        CommandLinePrompt.complete(text, among: words)
    }
}
