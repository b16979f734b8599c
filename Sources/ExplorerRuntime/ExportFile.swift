import Foundation

/// Writes an export where the user asked (the current directory, or a directory given), never
/// over an existing file: the file is created with O_CREAT | O_EXCL | O_NOFOLLOW, and a name
/// taken already gets a numbered suffix (`team-7-2.csv`). Returns the path really written.
public enum ExportFile {
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "Could not write \(path): \(reason)." }
    }

    /// Writes `text` to `name` in `directory` (a plain file name, as `Export.fileName` makes);
    /// returns the absolute path of the file written.
    public static func write(_ text: String, name: String, in directory: String = FileManager.default.currentDirectoryPath) throws -> String {
        precondition(!name.contains("/"), "an export name is a plain file name")
        let dot = name.lastIndex(of: ".") ?? name.endIndex
        let (stem, ext) = (String(name[..<dot]), String(name[dot...]))
        let dir = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        for n in 1...1_000 {
            let path = dir + "/" + (n == 1 ? name : "\(stem)-\(n)\(ext)")
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if fd < 0 {
                if errno == EEXIST { continue }
                throw Failure(path: path, reason: String(cString: strerror(errno)))
            }
            defer { close(fd) }
            var bytes = Array(text.utf8)[...]
            while !bytes.isEmpty {
                let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
                if written < 0 {
                    if errno == EINTR { continue }
                    let reason = String(cString: strerror(errno))
                    unlink(path)
                    throw Failure(path: path, reason: reason)
                }
                bytes = bytes.dropFirst(written)
            }
            return path
        }
        throw Failure(path: dir + "/" + name, reason: "1,000 files of that name exist already")
    }
}
