// swift-tools-version:6.0
import PackageDescription

/// What `berth --version` says beyond the version number: the commit and the build date, which scripts/package and
/// scripts/run pass in `BERTH_COMMIT` and `BERTH_BUILD_DATE`. A plain `swift build` has neither and says so.
let buildStamp: [CSetting] = [("BERTH_COMMIT", "BERTH_BUILD_COMMIT"), ("BERTH_BUILD_DATE", "BERTH_BUILD_DATE")]
    .compactMap { variable, macro in
        // Only characters a C string literal takes as they are: anything else leaves the fact unrecorded.
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.:+-_ ")
        guard let value = Context.environment[variable], !value.isEmpty, value.allSatisfy(allowed.contains) else {
            return nil
        }
        return .define(macro, to: "\"\(value)\"")
    }

let package = Package(
    name: "berth",
    products: [
        .executable(name: "berth", targets: ["berth"]),
        .library(name: "EngineClient", targets: ["EngineClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
    ],
    targets: [
        // MARK: - Engine API (no UI)

        /// Models, errors, request descriptions and stream decoders: pure Swift, no I/O.
        .target(name: "EngineAPI"),
        /// HTTP/1.1 over the engine's Unix socket on SwiftNIO; exposes async/await and AsyncSequence only.
        .target(
            name: "EngineClient",
            dependencies: [
                "EngineAPI",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
            ]
        ),
        /// Actors that poll and stream from the engine and publish immutable snapshots.
        .target(name: "EngineWatchers", dependencies: ["EngineAPI", "EngineClient"]),

        // MARK: - Pure core and rendering (no I/O, no ncurses)

        /// Terminal vocabulary shared by core, renderer and backend: cells, styles, keys, display width, sanitising.
        .target(name: "TerminalUI"),
        /// App state, actions, effects, the reducer and the key-binding table.
        .target(name: "DashboardCore", dependencies: ["EngineAPI", "TerminalUI"]),
        /// Draws the app state into a cell grid.
        .target(name: "DashboardRenderer", dependencies: ["DashboardCore", "TerminalUI", "EngineAPI"]),

        // MARK: - Terminal backend (the only C user)

        /// ncursesw's wide-character API and the macros Swift cannot import, plus async-signal-safe handlers.
        .target(name: "CNcursesw", linkerSettings: [.linkedLibrary("ncursesw")]),
        .target(name: "CursesBackend", dependencies: ["CNcursesw", "TerminalUI"]),

        // MARK: - Application

        /// The event loop that joins watchers, reducer, renderer and a terminal backend.
        .target(
            name: "BerthApp",
            dependencies: [
                "EngineAPI", "EngineClient", "EngineWatchers", "DashboardCore", "DashboardRenderer", "TerminalUI",
            ]
        ),
        /// The config file: its TOML read into a checked `BerthConfig`, every problem naming its line.
        .target(
            name: "BerthConfig",
            dependencies: [
                "DashboardCore", "DashboardRenderer", "TerminalUI", "EngineAPI",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        /// The commit and build date recorded at build time (see `buildStamp` above).
        .target(name: "BuildStamp", cSettings: buildStamp),
        /// berth's manual page, generated from the argument parser's description and the key tables.
        .target(name: "BerthDocs", dependencies: ["DashboardCore"]),
        .executableTarget(
            name: "berth",
            dependencies: [
                "BerthApp", "BerthConfig", "CursesBackend", "DashboardCore", "DashboardRenderer", "EngineClient",
                "EngineWatchers",
                "EngineAPI", "BuildStamp", "BerthDocs",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The static Swift runtime's link arguments export every symbol of berth's own modules (25,000 of
            // them): 2 MB of symbol tables nobody looks up, and each exported function is a root that
            // --gc-sections must keep. berth loads no plugins, so nothing needs them.
            //
            // The functions a settled dashboard runs go side by side at the start of the code (scripts/order-hot-code
            // lists them): the kernel maps code 64 KiB around each page touched, so scattered they kept 7 MiB
            // resident.
            linkerSettings: [
                .unsafeFlags(
                    [
                        "-Xlinker", "--no-export-dynamic",
                    ], .when(configuration: .release))
            ]
        ),

        // MARK: - Tests

        .testTarget(name: "EngineAPITests", dependencies: ["EngineAPI"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "EngineClientTests", dependencies: ["EngineClient", "EngineAPI", "EngineWatchers", "DashboardCore"]),
        /// The watchers without an engine: a transport answering from recorded bytes and a clock the test advances.
        .testTarget(
            name: "EngineWatchersTests", dependencies: ["EngineWatchers", "EngineClient", "EngineAPI", "BerthApp"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"]),
        .testTarget(name: "CursesBackendTests", dependencies: ["CursesBackend", "TerminalUI"]),
        /// Sample containers and states for the core and renderer tests.
        .target(
            name: "DashboardFixtures", dependencies: ["DashboardCore", "EngineAPI", "TerminalUI"],
            path: "Tests/DashboardFixtures"),
        .testTarget(name: "DashboardCoreTests", dependencies: ["DashboardCore", "EngineAPI", "DashboardFixtures"]),
        .testTarget(
            name: "DashboardRendererTests",
            dependencies: ["DashboardRenderer", "DashboardCore", "TerminalUI", "EngineAPI", "DashboardFixtures"],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "BerthConfigTests",
            dependencies: ["BerthConfig", "DashboardCore", "DashboardRenderer", "TerminalUI", "DashboardFixtures"]),
        .testTarget(name: "BerthAppTests", dependencies: ["BerthApp", "EngineAPI", "TerminalUI"]),
        .testTarget(name: "BerthDocsTests", dependencies: ["BerthDocs", "DashboardCore"]),
        .testTarget(name: "EndToEndTests", dependencies: []),
    ]
)

for target in package.targets where target.type != .system && !["CNcursesw", "BuildStamp"].contains(target.name) {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    target.swiftSettings = settings
}
