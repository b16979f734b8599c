// swift-tools-version: 6.0
// ormscope: a terminal database explorer standing on its own ORM core.
// The target graph is the layering (see README "Design"): ORMCore imports no C module,
// drivers sit beside it, the executable on top.
import PackageDescription

let package = Package(
    name: "ormscope",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "ORMCore", targets: ["ORMCore"]),
        .library(name: "SQLiteDriver", targets: ["SQLiteDriver"]),
        .library(name: "PostgresDriver", targets: ["PostgresDriver"]),
        .executable(name: "ormscope", targets: ["ormscope"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C libraries, one small system-library target each.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]),
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ", pkgConfig: "libpq",
                       providers: [.apt(["libpq-dev"]), .brew(["libpq"])]),
        .systemLibrary(name: "CEdit", path: "Sources/CEdit", pkgConfig: "libedit",
                       providers: [.apt(["libedit-dev"]), .brew(["libedit"])]),
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses", providers: [.apt(["libncursesw5-dev"]), .brew(["ncurses"])]),

        // The ORM core: schema, SQL and dialects, execution, session, typed models.
        .target(name: "ORMCore"),

        // Drivers: connect, execute, convert values, introspect, map native errors.
        .target(name: "SQLiteDriver", dependencies: ["ORMCore", "CSQLite"]),
        .target(name: "PostgresDriver", dependencies: ["ORMCore", "CLibPQ"]),

        // The pure explorer: state, actions, the filter language, forms; no connection, no terminal.
        .target(name: "Explorer", dependencies: ["ORMCore"]),

        // Performs what the explorer asks for, through a session: the one place it meets a database.
        .target(name: "ExplorerRuntime", dependencies: ["Explorer", "ORMCore"]),

        // The terminal: ncurses, frames, keys. Knows nothing about SQL.
        .target(name: "TerminalUI", dependencies: ["CNcurses", "Explorer"]),

        // The demo database (schema and data), built on the ORM core and either driver.
        .target(name: "DemoDatabase", dependencies: ["ORMCore"]),

        .executableTarget(name: "ormscope", dependencies: [
            "ORMCore", "SQLiteDriver", "PostgresDriver", "DemoDatabase", "Explorer", "ExplorerRuntime", "CEdit", "TerminalUI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "ormscope-bench", dependencies: [
            "ORMCore", "SQLiteDriver", "PostgresDriver", "DemoDatabase", "CSQLite", "CLibPQ", "Explorer", "ExplorerRuntime",
        ]),

        // Opens the two real backends for tests (a fresh SQLite file, a fresh PostgreSQL database).
        .target(name: "TestSupport", dependencies: ["ORMCore", "SQLiteDriver", "PostgresDriver"], path: "Tests/TestSupport"),

        .testTarget(name: "ORMCoreTests", dependencies: ["ORMCore"]),
        .testTarget(name: "ExplorerTests", dependencies: ["Explorer", "ORMCore", "TestSupport"]),
        .testTarget(name: "DriverTests", dependencies: ["ORMCore", "SQLiteDriver", "PostgresDriver", "DemoDatabase", "TestSupport"]),
        .testTarget(name: "RuntimeTests", dependencies: ["ExplorerRuntime", "Explorer", "ORMCore", "PostgresDriver", "SQLiteDriver", "DemoDatabase", "TestSupport", "CSQLite"]),
        .testTarget(name: "CLITests", dependencies: ["ExplorerRuntime", "Explorer", "ORMCore", "PostgresDriver", "SQLiteDriver", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
