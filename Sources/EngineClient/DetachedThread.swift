#if canImport(Glibc)
import Glibc
#endif

/// A thread of its own for work that blocks in the kernel (a child's stderr, its exit status): such waits must not
/// hold one of the Swift pool's few threads. Small stack: the work is a read loop.
enum DetachedThread {
    private final class Body: Sendable {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    static func start(_ run: @escaping @Sendable () -> Void) {
        let body = Unmanaged.passRetained(Body(run)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, CInt(PTHREAD_CREATE_DETACHED))
        pthread_attr_setstacksize(&attributes, 256 * 1024)
        var thread = pthread_t()
        let started = pthread_create(
            &thread, &attributes,
            { raw in
                guard let raw else { return nil }
                Unmanaged<Body>.fromOpaque(raw).takeRetainedValue().run()
                return nil
            }, body)
        if started != 0 {
            // No thread to be had: the work still has to happen, on the pool rather than nowhere.
            let body = Unmanaged<Body>.fromOpaque(body).takeRetainedValue()
            Task.detached { body.run() }
        }
    }
}
