import CSQLite
import ORMCore

extension SQLiteConnection {
    /// A stored value's first bytes through SQLite's incremental blob I/O (`sqlite3_blob_open` on
    /// the row's rowid, `sqlite3_blob_read` of at most `bytes`): only the pages holding them are
    /// read, where `substr(x, 1, n)` reads the whole value inside the engine (a 10 MB text is 2,560
    /// overflow pages). Nil when the value cannot be opened so (a NULL or a number, a table
    /// without rowid) or the database stores text as UTF-16; the caller then reads it by SQL.
    public func readPrefix(schema: String?, table: String, column: String, rowid: Int64, bytes: Int) -> PrefixRead? {
        guard textIsUTF8 else { return nil }
        var blob: OpaquePointer?
        let rc = sqlite3_blob_open(handle, schema ?? "main", table, column, rowid, 0, &blob)
        guard rc == SQLITE_OK, let blob else {
            if let blob { sqlite3_blob_close(blob) }
            return nil
        }
        defer { sqlite3_blob_close(blob) }
        let size = Int(sqlite3_blob_bytes(blob))
        var out = [UInt8](repeating: 0, count: min(size, max(0, bytes)))
        if !out.isEmpty {
            let read = out.withUnsafeMutableBytes { sqlite3_blob_read(blob, $0.baseAddress, Int32($0.count), 0) }
            guard read == SQLITE_OK else { return nil }
        }
        return PrefixRead(bytes: out, size: size)
    }

    /// Whether the database stores text as UTF-8 (a blob read gives the stored bytes; a UTF-16
    /// file's text would need converting): read with the catalog (`introspect`), false before.
    var textIsUTF8: Bool { utf8Text ?? false }
}
