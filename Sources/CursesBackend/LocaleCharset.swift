/// Whether the user's locale asks for UTF-8, read from the environment as the C library reads it: `LC_ALL`, else
/// `LC_CTYPE`, else `LANG`.
///
/// It matters when the host lacks that locale (SSH forwards `LANG=en_US.UTF-8` to a server that never generated
/// it): `setlocale` then falls back to C, yet the terminal still speaks UTF-8, so berth draws with `C.UTF-8` instead
/// of dropping to ASCII. `LANG=C` or POSIX, or a Latin-1 locale, asks for no UTF-8 and gets ASCII.
enum LocaleCharset {
    static func requestsUTF8(_ environment: [String: String]) -> Bool {
        let name = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        let lower = name.lowercased()
        return lower.contains("utf-8") || lower.contains("utf8")
    }
}
