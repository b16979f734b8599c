import CLibPQ

/// One row of a catalog statement's result, read straight from libpq's result: integers, text,
/// flags and booleans without a `Value` per cell (the catalog of 5,000 tables is 75,000 rows and
/// 600,000 cells). Valid only while its result is (during `runCatalogBatch`'s `onRow`).
struct PostgresCatalogRow {
    let result: OpaquePointer
    let row: Int32

    func isNull(_ column: Int) -> Bool { PQgetisnull(result, row, Int32(column)) == 1 }

    /// The cell's text; nil when it is NULL.
    func text(_ column: Int) -> String? {
        guard !isNull(column), let p = PQgetvalue(result, row, Int32(column)) else { return nil }
        let count = Int(PQgetlength(result, row, Int32(column)))
        return p.withMemoryRebound(to: UInt8.self, capacity: count) {
            String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
        }
    }

    /// An integer cell (an `::int8` column); 0 when NULL (libpq gives a NULL cell as "").
    func int(_ column: Int) -> Int {
        guard let p = PQgetvalue(result, row, Int32(column)) else { return 0 }
        let negative = p[0] == 45  // "-"
        var i = negative ? 1 : 0
        var n = 0
        while case let digit = UInt8(bitPattern: p[i]) &- 48, digit < 10 {
            n = n &* 10 &+ Int(digit)
            i += 1
        }
        return negative ? 0 &- n : n
    }

    /// The first byte of a one-letter cell (`relkind`, `contype`: a `"char"` cast to text); 0 when
    /// NULL or empty.
    func letter(_ column: Int) -> UInt8 {
        UInt8(bitPattern: PQgetvalue(result, row, Int32(column))?.pointee ?? 0)
    }

    /// A boolean cell (`t`); false when NULL.
    func bool(_ column: Int) -> Bool { letter(column) == UInt8(ascii: "t") }
}
