#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a config's inspect document shows of its data (`Spec.Data`, base64): the text when it is valid UTF-8 text,
/// else only its size. A secret's document never shows data: the engine does not send it, and any `Data` it might
/// send is left out all the same.
public enum SwarmConfigData {
    /// The decoded text, or nil when `base64` is not base64 or not text (invalid UTF-8, or control characters other
    /// than tab, newline and carriage return: a binary file).
    public static func text(_ base64: String) -> String? {
        guard let data = Data(base64Encoded: base64) else { return nil }
        let bytes = [UInt8](data)
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        let binary = text.unicodeScalars.contains { scalar in
            scalar.value < 0x20 && scalar != "\n" && scalar != "\t" && scalar != "\r" || scalar.value == 0x7F
        }
        return binary ? nil : text
    }

    /// How many bytes `base64` holds, or nil when it is not base64.
    public static func size(_ base64: String) -> Int? { Data(base64Encoded: base64)?.count }

    /// The lines of a config's or secret's inspect document: `document` pretty-printed with `Spec.Data` replaced by a
    /// note, then (a config whose data is text) the text itself, line by line. `secret`: the data, if any, is only
    /// counted, never shown.
    public static func inspectLines(_ document: JSONValue, secret: Bool) -> [String] {
        var text: String?
        let shown = replacingData(in: document) { data in
            let size = size(data).map { "\($0) bytes" } ?? "not base64"
            if secret { return "(\(size), not shown)" }
            guard let decoded = Self.text(data) else { return "(\(size), not text: not shown)" }
            text = decoded
            return "(\(size) of text, shown below)"
        }
        var lines = shown.prettyText().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let text {
            lines += ["", "Data:"]
            var textLines = text.split(separator: "\n", omittingEmptySubsequences: false)
            // A file's last newline ends its last line; it starts no empty one.
            if textLines.count > 1, textLines.last?.isEmpty == true { textLines.removeLast() }
            lines += textLines.map { "  " + $0 }
        }
        return lines
    }

    /// `document` with the string `Spec.Data` replaced by what `note` says of it (anything else is left as it was).
    static func replacingData(in document: JSONValue, _ note: (String) -> String) -> JSONValue {
        guard case .object(var top) = document, let specIndex = top.firstIndex(where: { $0.key == "Spec" }),
            case .object(var spec) = top[specIndex].value,
            let dataIndex = spec.firstIndex(where: { $0.key == "Data" })
        else { return document }
        guard case .string(let data) = spec[dataIndex].value else {
            // Not the base64 string the API documents: left out rather than shown as it came.
            spec.remove(at: dataIndex)
            top[specIndex].value = .object(spec)
            return .object(top)
        }
        spec[dataIndex].value = .string(note(data))
        top[specIndex].value = .object(spec)
        return .object(top)
    }
}
