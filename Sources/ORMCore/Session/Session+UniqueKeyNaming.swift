/// SQLite names a unique violation's columns but not its values (`UNIQUE constraint failed:
/// team.name`), PostgreSQL both (`DETAIL: Key (name)=(Avengers) already exists`). After a
/// session's insert, update or upsert fails so on SQLite, the values the write gave those columns
/// are the key, so the sentence names it on both backends: `a row with name = Avengers already
/// exists`. No SQL runs. (A bulk load names its failed row's key itself: `BulkInsert.refused`.)
extension Session {
    func namingUniqueKey(_ error: any Error, values: [String: Value]) -> any Error {
        guard var e = error as? DatabaseError, e.kind == .uniqueViolation, e.keyValues == nil, !e.columns.isEmpty else { return error }
        var parts: [String] = []
        for c in e.columns {
            guard let v = values[c], !v.isNull else { return error }
            parts.append(v.displayText ?? "NULL")
        }
        e.keyValues = parts.joined(separator: ", ")
        return e
    }
}
