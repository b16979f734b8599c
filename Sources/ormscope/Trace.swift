import Foundation

/// `ORMSCOPE_TRACE=FILE`: the explorer writes when it read each key and when it finished drawing
/// each changed frame (with the frame's status line), on the system's monotonic clock, so
/// `make bench` can time keystroke-to-redraw and page loads in a real terminal from outside.
///
/// ```
/// 1234567890123 key pageDown
/// 1234569012345 frame rows 18-34 of ~10,000,000
/// 1234571234567 peak 34078720
/// ```
/// The last line, written at exit by any command, is the process's peak resident memory (VmHWM,
/// bytes): a parent cannot read it from wait4, which also counts what the parent had when it
/// spawned the child.
final class Trace {
    private let handle: FileHandle

    /// The trace the environment asks for, or nil (the usual case: then nothing is written).
    static func fromEnvironment() -> Trace? {
        guard let path = ProcessInfo.processInfo.environment["ORMSCOPE_TRACE"], !path.isEmpty,
              FileManager.default.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path) else { return nil }
        return Trace(handle: h)
    }

    private init(handle: FileHandle) { self.handle = handle }

    /// At exit, appends `peak <VmHWM bytes>` to the trace file when ORMSCOPE_TRACE is set.
    static func recordPeakMemoryAtExit() {
        guard ProcessInfo.processInfo.environment["ORMSCOPE_TRACE"] != nil else { return }
        atexit {
            guard let path = ProcessInfo.processInfo.environment["ORMSCOPE_TRACE"],
                  let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
                  let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                  let kb = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return }
            if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
            guard let h = FileHandle(forWritingAtPath: path) else { return }
            h.seekToEndOfFile()
            h.write(Data("\(Trace.now()) peak \(kb * 1024)\n".utf8))
            h.closeFile()
        }
    }

    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    func log(_ event: String, _ detail: String) {
        handle.write(Data("\(Trace.now()) \(event) \(detail)\n".utf8))
    }
}
