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
        return PostgresValueCodec.Decoder.string(p, Int(PQgetlength(result, row, Int32(column))))
    }

    /// An integer cell (an `::int8` column); 0 when NULL (libpq gives a NULL cell as "").
    func int(_ column: Int) -> Int {
        guard let p = PQgetvalue(result, row, Int32(column)) else { return 0 }
        return PostgresValueCodec.Decoder.parseInt(p, Int(PQgetlength(result, row, Int32(column)))).map(Int.init) ?? 0
    }

    /// The first byte of a one-letter cell (`relkind`, `contype`: a `"char"` cast to text); 0 when
    /// NULL or empty.
    func letter(_ column: Int) -> UInt8 {
        UInt8(bitPattern: PQgetvalue(result, row, Int32(column))?.pointee ?? 0)
    }

    /// A boolean cell (`t`); false when NULL.
    func bool(_ column: Int) -> Bool { letter(column) == UInt8(ascii: "t") }
}
