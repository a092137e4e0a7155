// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for berth's decoders. Built by `scripts/fuzz` with `-sanitize=fuzzer,address`; see Fuzz/README.md.
//
// The modules under test are berth's own source directories, linked in as `Sources/<Module>` symlinks rather than
// taken from the main package as a dependency: the targets need internal types (`@testable import`, built here with
// `-enable-testing`) and modules the main package exports as no product (TerminalUI, the curses key decoder), and
// the main package's build stays untouched.

let testable: [SwiftSetting] = [.unsafeFlags(["-enable-testing"])]

let package = Package(
    name: "berth-fuzz",
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // MARK: - berth's modules, from ../Sources

        .target(name: "EngineAPI", swiftSettings: testable),
        .target(
            name: "EngineClient",
            dependencies: [
                "EngineAPI",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
            ],
            swiftSettings: testable
        ),
        .target(name: "TerminalUI", swiftSettings: testable),
        .target(name: "CNcursesw", linkerSettings: [.linkedLibrary("ncursesw")]),
        /// `KeyDecoder.swift` alone: the rest of the curses backend needs a terminal.
        .target(name: "CursesKeys", dependencies: ["CNcursesw", "TerminalUI"], swiftSettings: testable),

        // MARK: - Harness

        /// libFuzzer's `LLVMFuzzerRunDriver`, declared for Swift.
        .target(name: "CFuzzerDriver"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzerDriver"]),

        // MARK: - Targets (each an executable that is a libFuzzer binary)

        .executableTarget(name: "fuzz-log-frames", dependencies: ["EngineAPI", "FuzzSupport"]),
        .executableTarget(name: "fuzz-json-lines", dependencies: ["EngineAPI", "FuzzSupport"]),
        .executableTarget(name: "fuzz-json-decoding", dependencies: ["EngineAPI", "FuzzSupport"]),
        .executableTarget(name: "fuzz-host-files", dependencies: ["EngineAPI", "FuzzSupport"]),
        .executableTarget(
            name: "fuzz-http-response",
            dependencies: [
                "EngineAPI", "EngineClient", "FuzzSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(name: "fuzz-terminal-text", dependencies: ["TerminalUI", "FuzzSupport"]),
        .executableTarget(
            name: "fuzz-key-decoder", dependencies: ["CursesKeys", "CNcursesw", "TerminalUI", "FuzzSupport"]),
    ]
)
