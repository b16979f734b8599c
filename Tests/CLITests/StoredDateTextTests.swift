import Foundation
import ORMCore
import TestSupport
import XCTest

/// Dates exported and imported back are the same bytes (SQLite) or the same values (PostgreSQL),
/// in each of the three formats, whatever form the applications stored them in: Django
/// (`2024-03-31 02:30:00`, `.ffffff` when it has microseconds), Rails (`datetime(6)`, always six
/// digits), SQLAlchemy (`DATETIME`, `.000000`), ISO 8601 with `T` and offsets, and Prisma's epoch
/// milliseconds in a `DATETIME` column. And a quoted date that a SQLite column cannot compare as
/// the user means is said, with what to write instead.
final class StoredDateTextTests: XCTestCase {
    static let sqliteTable = """
        CREATE TABLE stamp (id INTEGER PRIMARY KEY, dj datetime, rails datetime(6), sa DATETIME, iso timestamp,
            tz timestamptz, prisma DATETIME, d date, t time)
        """
    static let sqliteRows = """
        INSERT INTO stamp VALUES
        (1, '2024-03-31 02:30:00', '2024-03-31 02:30:00.123456', '2024-03-31 02:30:00.000000', '2024-03-31T02:30:00',
            '2024-03-31T02:30:00+02:00', 1704067200000, '2024-03-31', '02:30:00'),
        (2, '2024-10-27 00:30:00.5', '2024-10-27 00:30:00.000000', '2024-10-27 00:30:00.250000', '2024-10-27T00:30:00Z',
            '2024-10-27 00:30:00+00', 1672531100000, '2024-10-27', '23:59:59.999999'),
        (3, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL)
        """
    static let postgresTable = """
        CREATE TABLE stamp (id integer PRIMARY KEY, dj timestamptz, rails timestamp(6), sa timestamp, tz timestamptz, d date, t time)
        """
    static let postgresRows = """
        INSERT INTO stamp VALUES
        (1, '2024-03-31 02:30:00+02', '2024-03-31 02:30:00.123456', '2024-03-31 02:30:00', '2024-03-31T02:30:00+05:30', '2024-03-31', '02:30:00'),
        (2, '2024-10-27 00:30:00.5+00', '2024-10-27 00:30:00', '2024-10-27 00:30:00.25', '2024-10-27 00:30:00-08', '2024-10-27', '23:59:59.999999'),
        (3, NULL, NULL, NULL, NULL, NULL, NULL)
        """

    /// Every column of every row as the database holds it: SQLite's `quote()` and `typeof()` (the
    /// exact text or number), PostgreSQL's text form of the value.
    func stored(_ db: Database, _ backend: Backend) throws -> [[Value]] {
        let columns = backend == .sqlite ? ["dj", "rails", "sa", "iso", "tz", "prisma", "d", "t"] : ["dj", "rails", "sa", "tz", "d", "t"]
        let items = columns.map { backend == .sqlite ? "quote(\($0)) || ' ' || typeof(\($0))" : "coalesce(\($0)::text, 'NULL')" }
        return try db.fetchAll(CompiledSQL("SELECT \(items.joined(separator: ", ")) FROM stamp ORDER BY id")).map(\.values)
    }

    func testExportThenImportGivesBackTheStoredDates() throws {
        for backend in Backend.allCases {
            guard let location = try location(backend) else { continue }
            let db = Database(try connect(location))
            defer { db.close() }
            for sql in backend == .sqlite ? [Self.sqliteTable, Self.sqliteRows] : [Self.postgresTable, Self.postgresRows] {
                _ = try db.execute(sql: sql)
            }
            let before = try stored(db, backend)
            XCTAssertEqual(before.count, 3)
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-dates-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            for format in ["json", "ndjson", "csv"] {
                let tag = "[\(backend.rawValue) \(format)] "
                let file = dir.appendingPathComponent("stamp.\(format)").path
                let exported = try CLIGoldenTests.run(["export", "stamp", "--db", location, "--output", file])
                XCTAssertEqual(exported.status, 0, tag + exported.err)
                let text = try String(contentsOfFile: file, encoding: .utf8)
                if format != "csv" {
                    if backend == .sqlite {
                        // The text stored, as it is: no T put in, no :00 added to an offset.
                        XCTAssertTrue(text.contains(#""dj":"2024-03-31 02:30:00","rails":"2024-03-31 02:30:00.123456","sa":"2024-03-31 02:30:00.000000","iso":"2024-03-31T02:30:00","tz":"2024-03-31T02:30:00+02:00","prisma":1704067200000,"#), tag + text)
                        XCTAssertTrue(text.contains(#""tz":"2024-10-27 00:30:00+00","#), tag + text)
                    } else {
                        // PostgreSQL's timestamps are values: ISO 8601, as README's JSON table says.
                        XCTAssertTrue(text.contains(#""rails":"2024-03-31T02:30:00.123456","sa":"2024-03-31T02:30:00","#), tag + text)
                    }
                }
                _ = try db.execute(sql: "DELETE FROM stamp")
                let imported = try CLIGoldenTests.run(["insert", "stamp", "--db", location, "--from", file])
                XCTAssertEqual(imported.status, 0, tag + imported.err + imported.out)
                XCTAssertEqual(try stored(db, backend), before, tag + "the same bytes back")
            }
        }
    }

    func testAQuotedDateSQLiteCannotCompareAsMeantIsSaid() throws {
        guard let path = try location(.sqlite) else { throw XCTSkip("no SQLite file could be made in the temporary directory") }
        let db = Database(try connect(path))
        for sql in [Self.sqliteTable, Self.sqliteRows] { _ = try db.execute(sql: sql) }
        db.close()
        func count(_ filter: String) throws -> (out: String, err: String, status: Int32) {
            try CLIGoldenTests.run(["count", "stamp", "--db", path, "--where", filter])
        }
        // Django's space: the T that --format json used to print (and ISO 8601 has) would sort after it.
        var r = try count(#"dj = "2024-03-31T02:30:00""#)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains(#"Filter error at column 6: dj (datetime) holds its dates as text like "2024-03-31 02:30:00", with a space between date and time, and SQLite compares texts; write "2024-03-31 02:30:00"."#), r.err)
        r = try count(#"dj >= "2024-03-31 00:00""#)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, "2\n")
        XCTAssertTrue(r.err.contains(#"SELECT "dj" FROM "stamp" WHERE "dj" IS NOT NULL LIMIT 1"#), "one stored value read: " + r.err)
        // An offset (or Z) the stored dates lack is not read by a text comparison: the UTC time to write.
        r = try count(#"dj < "2024-03-31T04:00:00+02:00""#)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains(#"dj (datetime) holds its dates as text like "2024-03-31 02:30:00", without an offset, and SQLite compares texts, so the offset of "2024-03-31T04:00:00+02:00" is not read: write the time in the zone the column's dates are in; if they are UTC, as Django's, Rails' and SQLAlchemy's are, write "2024-03-31 02:00:00"."#), r.err)
        XCTAssertTrue(try count(#"dj = "2024-03-31 02:30:00.5Z""#).err.contains(#"write "2024-03-31 02:30:00.5""#))
        XCTAssertTrue(try count(#"dj > "2024-12-31T23:30:00-01:00""#).err.contains(#"write "2025-01-01 00:30:00""#), "across a year")
        // The other way round: a column stored with T.
        r = try count(#"iso < "2024-10-27 00:30""#)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains(#"write "2024-10-27T00:30""#), r.err)
        // Prisma's epoch milliseconds: every number sorts before every text, so the date matched nothing, silently.
        r = try count(#"prisma > "2023-01-01""#)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains(#"prisma (DATETIME) holds numbers, not text (1704067200000, for one), and SQLite orders every number before every text, so "2023-01-01" would match no row or every row; compare with a number: "2023-01-01" is 1672531200000 in milliseconds since 1970-01-01 UTC."#), r.err)
        r = try count(#"prisma > "2023-01-01T00:00:00+01:00""#)
        XCTAssertTrue(r.err.contains(#"is 1672527600000 in milliseconds"#), r.err)
        r = try count("prisma > 1672531200000")
        XCTAssertEqual(r.out, "1\n", r.err)
        XCTAssertEqual(try count(#"prisma > "1672531200000""#).out, "1\n", "a quoted epoch number is the number")
        // Where it cannot matter, no statement more: a text column, a bare number, a date column of no row.
        r = try count(#"id > 0 and prisma < 1"#)
        XCTAssertFalse(r.err.contains("LIMIT 1"), r.err)
        // A date typed into a column of numbers stays refused where it was refused; 2024 is no epoch number.
        let set = try CLIGoldenTests.run(["update", "stamp", "3", "--db", path, "--set", "d=2024"])
        XCTAssertEqual(set.status, 1, set.out)
        XCTAssertTrue(set.err.contains("is a date like 2024-01-31"), set.err)
    }

    /// A quoted date compares with SQLite's date texts as PostgreSQL compares it with a timestamp
    /// (and as SQLAlchemy's and Django's own bound datetimes do): completed to the stored shape,
    /// `"2024-03-31 02:30"` finds `2024-03-31 02:30:00` and `.000000`, `= "2024-03-31"` finds
    /// midnight and `<= "2024-03-31"` includes it. (It found nothing, silently: session 9's N3.)
    /// The same filters give the same counts on PostgreSQL's timestamp column of the same instants.
    func testQuotedDatesCompareAsDateTimeValuesAsOnPostgres() throws {
        let instants = ["2024-03-30 23:59:59", "2024-03-31 00:00:00", "2024-03-31 02:30:00", "2024-03-31 02:30:00.5", "2024-04-01 00:00:00"]
        func django(_ t: String) -> String { t.contains(".") ? t + "00000" : t }   // microseconds only when there are some
        func sqlalchemy(_ t: String) -> String { t.contains(".") ? t + "00000" : t + ".000000" }   // always six digits
        let filters: [(String, Int)] = [
            (#"= "2024-03-31""#, 1), (#"= "2024-03-31 02:30""#, 1), (#"= "2024-03-31 02:30:00.500""#, 1),
            (#"> "2024-03-31""#, 3), (#">= "2024-03-31""#, 4), (#"< "2024-03-31""#, 1), (#"<= "2024-03-31""#, 2),
            (#"<= "2024-03-31 02:30""#, 3), (#"> "2024-03-31 02:30:00""#, 2), (#"<> "2024-03-31 02:30""#, 4),
            (#"in ("2024-03-31", "2024-03-31 02:30:00.5")"#, 2), (#"not in ("2024-03-31")"#, 4),
        ]
        guard let path = try location(.sqlite) else { throw XCTSkip("no SQLite file could be made in the temporary directory") }
        let db = Database(try connect(path))
        _ = try db.execute(sql: "CREATE TABLE ev (id INTEGER PRIMARY KEY, dj datetime, sa DATETIME, hm datetime)")
        for (i, t) in instants.enumerated() {
            _ = try db.execute(sql: "INSERT INTO ev VALUES (\(i + 1), '\(django(t))', '\(sqlalchemy(t))', '\(t.prefix(16))')")
        }
        db.close()
        for column in ["dj", "sa"] {
            for (filter, expected) in filters {
                let r = try CLIGoldenTests.run(["count", "ev", "--db", path, "--where", "\(column) \(filter)"])
                XCTAssertEqual(r.out, "\(expected)\n", "[sqlite] \(column) \(filter): " + r.err)
            }
        }
        // Stored without seconds (an HTML form's datetime-local): completed to minutes, no fraction.
        for (filter, expected) in [(#"= "2024-03-31 02:30""#, 2), (#"= "2024-03-31""#, 1), (#"< "2024-03-31 02:30""#, 2)] {
            let r = try CLIGoldenTests.run(["count", "ev", "--db", path, "--where", "hm \(filter)"])
            XCTAssertEqual(r.out, "\(expected)\n", "[sqlite] hm \(filter): " + r.err)
        }
        let shown = try CLIGoldenTests.run(["rows", "ev", "--db", path, "--where", #"sa = "2024-03-31""#])
        XCTAssertTrue(shown.err.contains(#"WHERE ("sa" >= ?) AND ("sa" <= ?) ORDER BY "id" ASC LIMIT 51  [2024-03-31 00:00:00, 2024-03-31 00:00:00.000000]"#),
                      "the range is the statement: " + shown.err)
        guard let url = try freshPostgresURL() else { throw XCTSkip("PostgreSQL part: ORMSCOPE_TEST_PG_URL is not set (make test sets it)") }
        let pg = Database(try connect(url))
        _ = try pg.execute(sql: "CREATE TABLE ev (id integer PRIMARY KEY, at timestamp)")
        for (i, t) in instants.enumerated() { _ = try pg.execute(sql: "INSERT INTO ev VALUES (\(i + 1), '\(t)')") }
        pg.close()
        for (filter, expected) in filters {
            let r = try CLIGoldenTests.run(["count", "ev", "--db", url, "--where", "at \(filter)"])
            XCTAssertEqual(r.out, "\(expected)\n", "[postgres] at \(filter): " + r.err)
        }
    }

    /// Tester 9's finding 23: Django's SQLite dates (UTC, no offset) imported into a PostgreSQL
    /// timestamptz are read in the session's TimeZone; when that is not UTC, the import says so.
    func testOffsetlessTimestamptzValuesReadInALocalZoneAreSaid() throws {
        guard let url = try freshPostgresURL() else { throw XCTSkip("the test database is not configured: ORMSCOPE_TEST_PG_URL for PostgreSQL (make test sets it)") }
        let db = Database(try connect(url))
        _ = try db.execute(sql: "CREATE TABLE moved (id integer PRIMARY KEY, created timestamptz, plain timestamp)")
        db.close()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-tz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("moved.ndjson").path
        try (#"{"id":1,"created":"2024-03-31 02:30:00","plain":"2024-03-31 02:30:00"}"# + "\n"
             + #"{"id":2,"created":"2024-03-31 02:30:00+00","plain":"2024-03-31 02:30:00"}"# + "\n"
             + #"{"id":3,"created":"2024-10-27T00:30:00","plain":null}"# + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let berlin = try CLIGoldenTests.run(["insert", "moved", "--db", url, "--from", file], env: ["PGTZ": "Europe/Berlin"])
        XCTAssertEqual(berlin.status, 0, berlin.err)
        XCTAssertTrue(berlin.err.contains("!! created: 2 values without an offset read as Europe/Berlin times (the session's TimeZone, as set for it), not UTC."), berlin.err)
        XCTAssertTrue(berlin.err.contains("SELECT source FROM pg_settings WHERE name = 'TimeZone'"), "where the zone comes from, logged: " + berlin.err)
        XCTAssertFalse(berlin.err.contains("plain: "), "a timestamp without zone is read as it is: " + berlin.err)
        _ = try CLIGoldenTests.run(["sql", "--db", url, "DELETE FROM moved"])
        let utc = try CLIGoldenTests.run(["insert", "moved", "--db", url, "--from", file, "--format", "json"], env: ["PGTZ": "UTC"])
        XCTAssertEqual(utc.status, 0, utc.err)
        XCTAssertTrue(utc.out.contains(#""warnings":[]"#), utc.out)
        XCTAssertFalse(utc.out.contains("pg_settings"), "in UTC, no statement more: " + utc.out)
        // A zone nobody chose for this load (the database's setting): refused before anything is
        // written, where it used to be a warning after the commit, whose advice doubled the rows.
        _ = try CLIGoldenTests.run(["sql", "--db", url, "DELETE FROM moved"])
        let admin = Database(try connect(url))
        _ = try admin.execute(sql: "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET timezone = %L', current_database(), 'Europe/Berlin'); END $$")
        admin.close()
        let server = try CLIGoldenTests.run(["insert", "moved", "--db", url, "--from", file])
        XCTAssertEqual(server.status, 1, server.out + server.err)
        XCTAssertTrue(server.err.contains(#"Line 1, field created: "2024-03-31 02:30:00" has no offset, and this session's TimeZone is Europe/Berlin, from the server's settings, not UTC, so it would be read as a Europe/Berlin time; if the file's times are UTC (Django's, Rails' and SQLAlchemy's SQLite dates are), run the import again with PGTZ=UTC, with PGTZ=Europe/Berlin if they are Europe/Berlin times, or give each an offset (+00); nothing was written."#), server.err)
        XCTAssertEqual(try CLIGoldenTests.run(["count", "moved", "--db", url]).out, "0\n", "nothing was written")
        let chosen = try CLIGoldenTests.run(["insert", "moved", "--db", url, "--from", file], env: ["PGTZ": "Europe/Berlin"])
        XCTAssertEqual(chosen.status, 0, "the same zone, chosen: " + chosen.err)
    }

    /// Rows moved from PostgreSQL into a Django SQLite table bring ISO text with `T` and an offset,
    /// which the application's text comparisons then miss (a verifier's Django filters counted 1 and
    /// 0 instead of 2 and 1): the load says so, naming the forms; a file in the table's form says nothing.
    func testALoadInAnotherDateFormThanTheTablesIsSaid() throws {
        let path = try XCTUnwrap(try location(.sqlite))
        let db = Database(try connect(path))
        try db.execute(sql: "CREATE TABLE product (id INTEGER PRIMARY KEY, created datetime NOT NULL)")
        try db.execute(sql: "INSERT INTO product VALUES (1, '2024-03-31 02:30:00')")
        db.close()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-forms-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let moved = dir.appendingPathComponent("pg.ndjson").path, same = dir.appendingPathComponent("dj.ndjson").path
        try #"{"id":2,"created":"2024-03-31T04:30:00+00:00"}"#.appending("\n").appending(#"{"id":3,"created":"2024-04-01T00:00:00+00:00"}"#).appending("\n")
            .write(toFile: moved, atomically: true, encoding: .utf8)
        try #"{"id":4,"created":"2024-04-02 10:00:00"}"#.appending("\n").write(toFile: same, atomically: true, encoding: .utf8)
        func warnings(_ file: String) throws -> [String] {
            let r = try CLIGoldenTests.run(["insert", "product", "--from", file, "--db", path, "--format", "json"])
            XCTAssertEqual(r.status, 0, r.err + r.out)
            return (try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])?["warnings"] as? [String] ?? ["?"]
        }
        XCTAssertEqual(try warnings(moved), ["created: 2 values written as 2024-03-31T04:30:00+00:00 where the table's read like 2024-03-31 02:30:00. SQLite compares dates as the text stored, so the application's date filters may miss them."])
        XCTAssertEqual(try warnings(same), [])
    }

    func testPostgresComparesDatesAsValuesWithNoStatementMore() throws {
        guard let url = try freshPostgresURL() else { throw XCTSkip("the test database is not configured: ORMSCOPE_TEST_PG_URL for PostgreSQL (make test sets it)") }
        let db = Database(try connect(url))
        for sql in [Self.postgresTable, Self.postgresRows] { _ = try db.execute(sql: sql) }
        db.close()
        let r = try CLIGoldenTests.run(["count", "stamp", "--db", url, "--where", #"sa = "2024-03-31T02:30:00""#])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, "1\n")
        XCTAssertFalse(r.err.contains("LIMIT 1"), r.err)
    }
}
