import Foundation
import ORMCore

/// Wall-clock timing, peak memory and the number formats the report uses.
enum Timing {
    /// Seconds `body` took, on the monotonic clock.
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// The process's peak resident set size in bytes (VmHWM in /proc/self/status), or nil off Linux.
    static func peakRSS() -> Int? { memory("VmHWM", of: "self") }

    /// A memory line of /proc/PID/status (`VmRSS`, `VmHWM`), in bytes.
    static func memory(_ field: String, of pid: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) }.map { $0 * 1024 }
        }
        return nil
    }
}

/// The plain-text report: one line per figure, written at once (not held in a pipe's buffer).
enum Report {
    /// The machine's load average now (/proc/loadavg's first three numbers), printed beside figures
    /// that other work on the same cores moves.
    static var loadAverage: String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        let parts = text.split(separator: " ").prefix(3)
        return parts.count == 3 ? parts.joined(separator: " ") : "unknown"
    }

    static func line(_ text: String = "") {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// `1234567` as `1,234,567`.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    static func fixed(_ x: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", x) }

    /// A label padded to a column so the figures line up.
    static func padded(_ label: String, _ width: Int) -> String {
        label.count >= width ? label + " " : label + String(repeating: " ", count: width - label.count)
    }

    /// One error as a sentence.
    static func describe(_ error: any Error) -> String {
        (error as? any UserFacingError)?.sentence ?? "\(error)"
    }
}

/// What every reading method accumulates from each cell (id, name, score), so no work is
/// optimised away and the methods can be checked against each other.
struct Checksum: Equatable {
    var rows = 0
    var idSum: Int64 = 0
    var nameBytes = 0
    var scoreSum: Double = 0

    @inline(__always)
    mutating func add(id: Int64, name: String, score: Double) {
        rows += 1
        idSum &+= id
        nameBytes += name.utf8.count
        scoreSum += score
    }

    /// Equal counts and sums; the double sum to a relative 1e-9 (the row order is the same, but be lenient).
    func agrees(with other: Checksum) -> Bool {
        rows == other.rows && idSum == other.idSum && nameBytes == other.nameBytes
            && abs(scoreSum - other.scoreSum) <= 1e-9 * max(1, abs(scoreSum))
    }
}
