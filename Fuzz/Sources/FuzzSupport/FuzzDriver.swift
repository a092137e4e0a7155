import CFuzzerDriver

#if canImport(Glibc)
import Glibc
#endif

/// Runs libFuzzer with a target's test function.
///
/// SwiftPM links every executable with its own `main`, so a target cannot simply export `LLVMFuzzerTestOneInput`
/// and use libFuzzer's `main`; instead each target's `main.swift` passes its test to libFuzzer's driver. The
/// command line is libFuzzer's own (`-max_total_time=30 corpus/`, or a file to replay).
public enum FuzzDriver {
    public typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    public static func run(_ test: TestOneInput) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, test))
    }
}

/// Stops the run with `message` when an invariant does not hold; libFuzzer then saves the input as a crash.
public func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    guard !condition() else { return }
    let text = "invariant violated: \(message())\n"
    _ = text.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    abort()
}
