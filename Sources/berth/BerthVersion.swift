import BuildStamp

/// berth's version, shown by `--version`: the number, the commit and when it was built. The commit and the date are
/// recorded by the build (`BERTH_COMMIT` and `BERTH_BUILD_DATE`, which scripts/package and scripts/run set); a
/// build without them is a development build, and says so rather than guess.
enum BerthVersion {
    /// The release number; packages are named after it.
    static let number = "0.1.0"

    /// The commit berth was built from, if the build recorded it.
    static var commit: String? { recorded(berth_build_commit()) }

    /// When berth was built (UTC, ISO 8601), if the build recorded it.
    static var buildDate: String? { recorded(berth_build_date()) }

    /// `0.1.0`, or `0.1.0-dev` for a build that recorded no commit.
    static var version: String { commit == nil ? number + "-dev" : number }

    /// What `berth --version` prints.
    static var current: String {
        """
        berth \(version)
        commit: \(commit ?? "unknown (a development build: scripts/package and scripts/run record it)")
        built: \(buildDate ?? "unknown")
        """
    }

    private static func recorded(_ pointer: UnsafePointer<CChar>) -> String? {
        let value = String(cString: pointer)
        return value.isEmpty ? nil : value
    }
}
