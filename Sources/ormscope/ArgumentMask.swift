import Foundation
import PostgresDriver

/// Masks every password in the process's own argument list, in place, right after start (as the
/// mysql client does), so `ps` and /proc/PID/cmdline show `postgresql://bob:xxxxxx@host/db`
/// instead of the password for the whole session.
enum ArgumentMask {
    /// Reads the arguments into Swift first (`CommandLine.arguments`, which the argument parser
    /// uses), then overwrites each secret's bytes in the C argument memory with `x`. The length
    /// stays, because the kernel shows that memory as it is.
    static func apply() -> [String] {
        let arguments = CommandLine.arguments
        let argv = CommandLine.unsafeArgv
        for i in 1..<Int(CommandLine.argc) {
            guard let p = argv[i] else { continue }
            let text = String(cString: p)
            for r in ConnectionInfo.secretByteRanges(in: text) {
                for k in r { p[k] = CChar(bitPattern: UInt8(ascii: "x")) }
            }
        }
        return arguments
    }
}
