#if canImport(Glibc)
import Glibc
#endif

/// Keeps glibc's malloc to one arena.
///
/// glibc gives a thread that finds the arena busy an arena of its own, up to eight per core, and each arena keeps
/// the memory freed into it. berth's threads (NIO's event loop, the concurrency pool, the curses thread) each
/// allocate a little and rarely at the same moment, so with 100 containers they had built eight arenas holding
/// 4.3 MiB between them, against 2.6–3.5 MiB in one; two cores see no contention worth a mebibyte.
public enum MallocArenas {
    /// Limits malloc to its main arena. Call it before the first thread starts: glibc settles the limit when it
    /// first needs a second arena. Returns false where the C library has no such setting (it then does nothing).
    @discardableResult
    public static func limitToOne() -> Bool {
        #if canImport(Glibc)
        // `mallopt` is declared in <malloc.h>, which the Glibc module leaves out; the C library exports it.
        guard let symbol = dlsym(nil, "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        return mallopt(arenaMax, 1) == 1
        #else
        return false
        #endif
    }

    /// `M_ARENA_MAX` in <malloc.h>.
    private static let arenaMax: Int32 = -8
}
