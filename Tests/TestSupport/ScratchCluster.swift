import Foundation
import XCTest

/// A PostgreSQL cluster of a test's own, started by the project's script, that the test may stop
/// and start again (a server going away and coming back) without touching the shared one.
public final class ScratchCluster {
    public let url: String
    let dir: String
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/pg-test-cluster.sh").path

    /// Starts one; outside `make test` without the server binaries, the test skips (under it, fails).
    public init() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/15/bin/pg_ctl") else {
            if Backend.postgresRequired { throw TestServerMissing(description: "PostgreSQL 15 server binaries are required under make test.") }
            throw XCTSkip("PostgreSQL 15 server binaries are not installed (make test installs them).")
        }
        dir = NSTemporaryDirectory() + "ormscope-scratch-\(UUID().uuidString.prefix(8))"
        url = try Self.run("start", dir).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    deinit { _ = try? Self.run("stop", dir) }

    /// Stops the server, keeping its data.
    public func halt() throws { _ = try Self.run("halt", dir) }
    /// Starts it again on the same port.
    public func resume() throws { _ = try Self.run("resume", dir) }

    @discardableResult
    static func run(_ command: String, _ dir: String) throws -> String {
        let r = try Spawn.run(["/bin/bash", script, command, dir], output: true)
        guard r.status == 0 else {
            throw TestServerMissing(description: "scripts/pg-test-cluster.sh \(command) failed with status \(r.status).")
        }
        return r.output
    }
}
