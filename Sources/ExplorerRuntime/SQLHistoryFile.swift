import Explorer
import Foundation

/// The SQL editor's history on disk (`SQLHistory` is the pure part): read at start, written after
/// each statement run. The file is the user's only (0600) and written whole through a temporary
/// file, so a crash never leaves half of it.
public struct SQLHistoryFile: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// The history kept in the file (empty when there is none yet).
    public func load(limit: Int = 1000) -> SQLHistory {
        guard let data = FileManager.default.contents(atPath: path) else { return SQLHistory(limit: limit) }
        return SQLHistory(entries: SQLHistory.entries(fromFile: String(decoding: data, as: UTF8.self)), limit: limit)
    }

    public func save(_ history: SQLHistory) throws {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(history.fileText.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary])
        }
        if rename(temporary, path) != 0 {
            let e = errno
            try? FileManager.default.removeItem(atPath: temporary)
            throw POSIXError(POSIXErrorCode(rawValue: e) ?? .EIO)
        }
    }
}
