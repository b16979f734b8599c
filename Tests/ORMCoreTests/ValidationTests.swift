import ORMCore
import XCTest

final class ValidationTests: XCTestCase {
    let hero = Model(name: "hero", fields: [
        Field(name: "id", type: FieldType(declared: "INTEGER"), isNullable: false, isAutoIncrement: true),
        Field(name: "name", type: FieldType(declared: "varchar(10)"), isNullable: false),
        Field(name: "age", type: FieldType(declared: "smallint")),
        Field(name: "active", type: FieldType(declared: "boolean"), isNullable: false, defaultExpression: "true"),
        Field(name: "mood", type: FieldType(declared: "mood", kind: .enumeration, enumLabels: ["happy", "sad"])),
    ], primaryKey: ["id"])

    func testRequiredLengthRangeTypeAndEnum() {
        let p = Validator.problems(["age": .int(40000), "mood": "angry", "active": "yes", "nmae": "x"], model: hero, isInsert: true)
        XCTAssertEqual(Set(p.map(\.field)), ["nmae", "name", "age", "mood", "active"])
        XCTAssertTrue(p.contains(.init(field: "name", message: "is required")))
        XCTAssertTrue(p.contains(.init(field: "age", message: "must be between -32768 and 32767")))
        XCTAssertTrue(p.contains(.init(field: "mood", message: "must be one of happy, sad")))
        let long = Validator.problems(["name": "ABCDEFGHIJK"], model: hero, isInsert: true)
        XCTAssertEqual(long, [.init(field: "name", message: "is longer than 10 characters (11)")])
        // Characters, not bytes: ten CJK characters fit varchar(10).
        XCTAssertEqual(Validator.problems(["name": "孙悟空孙悟空孙悟空孙"], model: hero, isInsert: true), [])
    }

    func testPartialUpdateChecksOnlyWhatIsSet() {
        XCTAssertEqual(Validator.problems(["age": 30], model: hero, isInsert: false), [])
        XCTAssertEqual(Validator.problems(["name": .null], model: hero, isInsert: false),
                       [.init(field: "name", message: "cannot be empty (NULL)")])
    }

    func testDeclaredRules() {
        let p = Validator.problems(["name": "ab", "age": 200], model: hero, isInsert: false,
                                   rules: [.minLength("name", 3), .range("age", 0...150)])
        XCTAssertEqual(p, [.init(field: "name", message: "is shorter than 3 characters"),
                           .init(field: "age", message: "must be between 0 and 150")])
        let e = ValidationError(model: "hero", problems: p)
        XCTAssertEqual(e.sentence, "Cannot write hero: name is shorter than 3 characters; age must be between 0 and 150; nothing was written.")
    }

    func testTypeInference() {
        XCTAssertEqual(FieldType(declared: "BIGINT").kind, .integer)
        XCTAssertEqual(FieldType(declared: "character varying(255)").maxLength, 255)
        XCTAssertEqual(FieldType(declared: "timestamp with time zone").kind, .timestamptz)
        XCTAssertEqual(FieldType(declared: "integer[]").kind, .array)
        XCTAssertEqual(FieldType(declared: "numeric(10,2)").kind, .decimal)
        // SQLite: no declared type holds any value; the affinity rules, exactly (so POINT is an integer there).
        XCTAssertEqual(FieldType(declared: "").kind, .other)
        XCTAssertEqual(FieldType.sqlite("").affinity, .blob)
        XCTAssertEqual(FieldType.sqlite("FLOATING POINT").affinity, .integer)
        XCTAssertEqual(FieldType.sqlite("VARCHAR(10)").kind, .text)
        XCTAssertEqual(FieldType.sqlite("VARCHAR(10)").maxLength, 10)
        XCTAssertEqual(FieldType.sqlite("DECIMAL(10,2)").kind, .decimal)
        XCTAssertEqual(FieldType.sqlite("DATETIME").kind, .timestamp)
        XCTAssertEqual(FieldType.sqlite("BOOLEAN").kind, .boolean)
        XCTAssertEqual(FieldType.sqlite("STRING").affinity, .numeric)
        XCTAssertEqual(FieldType.sqlite("BLOB").kind, .blob)
        XCTAssertEqual(FieldType.sqlite("INTEGER").integerBits, nil)
        // PostgreSQL: from the OID and pg_type, never the name: interval, point and int4range are not integers.
        for (name, oid, typtype, category) in [("interval", 1186, "b", "T"), ("point", 600, "b", "G"), ("int4range", 3904, "r", "R")] {
            let t = FieldType.postgres(declared: name, oid: UInt32(oid), typtype: typtype, category: category)
            XCTAssertEqual(t.kind, .other, name)
            XCTAssertFalse(t.hasEquality, name)
        }
        XCTAssertEqual(FieldType.postgres(declared: "integer[]", oid: 1007, typtype: "b", category: "A").kind, .array)
        let domain = FieldType.postgres(declared: "posint", oid: 90000, typtype: "d", category: "N", baseOID: 23, baseType: "b", baseCategory: "N")
        XCTAssertEqual(domain.kind, .integer)
        XCTAssertEqual(domain.integerBits, 32)
        XCTAssertEqual(FieldType.postgres(declared: "character varying(12)", oid: 1043, typtype: "b", category: "S", typmod: 16).maxLength, 12)
    }

    func testRegistrySuggestsCloseNames() {
        let r = Registry(backend: "x", models: [hero, Model(schema: "audit", name: "hero", fields: [])])
        XCTAssertEqual(r.model(named: "hero")?.schema, nil)
        XCTAssertEqual(r.model(named: "audit.hero")?.schema, "audit")
        XCTAssertThrowsError(try r.require("heor")) { e in
            XCTAssertEqual((e as? SchemaError)?.sentence, "There is no model named \"heor\"; did you mean \"hero\"?")
        }
    }

    func testRedactionNeverShowsPasswords() {
        XCTAssertEqual(Redact.connectionString("postgresql://bob:s3cr%40t@db.example:5432/app?sslmode=require"),
                       "postgresql://bob:***@db.example:5432/app?sslmode=require")
        XCTAssertEqual(Redact.connectionString("host=db user=bob password='a b\\'c' dbname=app"), "host=db user=bob password=*** dbname=app")
        XCTAssertEqual(Redact.connectionString("postgres://h/db?password=hunter2&user=x"), "postgres://h/db?password=***&user=x")
        XCTAssertEqual(Redact.password(in: "FATAL: bad hunter2", connectionString: "postgres://u:hunter2@h/db"), "FATAL: bad ***")
    }

    /// The generic rules, for text that is no connection string libpq accepts (the PostgreSQL
    /// driver adds libpq's own parser on top; see DriverTests/RedactionTests).
    func testGenericRedactionOfTextThatIsNoConnectionString() {
        for (text, redacted) in [
            ("postgress://user:Typo-Pw@host/db", "postgress://user:***@host/db"),
            ("mysql://root:a@b@localhost/shop", "mysql://root:***@localhost/shop"),
            ("postgresql://bob:N0host/app", "postgresql://bob:***/app"),
            ("postgresql://h1:5432,h2:5433/app", "postgresql://h1:5432,h2:5433/app"),
            ("insert team --db postgresql://u:Ln-Pw@h/db --set name=X", "insert team --db postgresql://u:***@h/db --set name=X"),
            ("host=h password = 'sp aced' dbname=x", "host=h password = *** dbname=x"),
            ("Server=h;Password=Semi-Pw;", "Server=h;Password=***"),
            ("/tmp/demo.sqlite", "/tmp/demo.sqlite"),
        ] {
            XCTAssertEqual(Redact.connectionString(text), redacted, text)
        }
        // A further secret (what libpq read) is masked however it is written, unless masked already.
        XCTAssertEqual(Redact.connectionString("x s3cr%40t y", hiding: ["s3cr@t"]), "x *** y")
        XCTAssertEqual(Redact.connectionString("postgresql://u:p@ss@h/db", hiding: ["p", "ss"]), "postgresql://u:***@h/db")
        XCTAssertEqual(Redact.hiding(["a b'c"], in: "said a b\\'c and a b'c\n"), "said *** and ***")
        XCTAssertEqual(Redact.secretByteRanges(in: "mysql://r:pw@h"), [10..<12])
    }
}

final class FieldInputTests: XCTestCase {
    func field(_ declared: String) -> Field { Field(name: "v", type: FieldType(declared: declared)) }

    func testValuesTheDatabaseHoldsAreNeverRefused() {
        for (declared, text) in [("date", "0044-03-15 BC"), ("date", "5874897-12-31"), ("date", "infinity"), ("date", "-infinity"),
                                 ("timestamp", "infinity"), ("timestamp with time zone", "-infinity"),
                                 ("timestamp", "0044-03-15 12:00:00 BC"), ("timestamp with time zone", "2024-01-31 12:00:00+05:30"),
                                 ("timestamp", "2024-01-31T12:00:00"), ("timestamp", "2024-01-31"),
                                 ("numeric", "12345678901234567890.12345678901234567890"), ("numeric", "NaN"),
                                 ("numeric", "-Infinity"), ("numeric", "1e-30"), ("numeric", ".5"),
                                 ("double precision", "NaN"), ("double precision", "-Infinity"),
                                 ("json", "{\"n\": 1e400, \"n\": [1, -0.5E+3, \"\\u00e9\"]}"), ("json", "\"x\""), ("json", " null ")] {
            guard case .success = FieldInput.value(typed: text, for: field(declared)) else {
                XCTFail("\(declared) refused \(text)"); continue
            }
        }
        // The exact text is kept, never read through a Double.
        XCTAssertEqual(try FieldInput.value(typed: "0.1000000000000000000001", for: field("numeric")).get(), .decimal("0.1000000000000000000001"))
    }

    /// Calendar values are checked before SQL (issue 13): an SQLite file stores any text it is given.
    func testDatesAndTimesAreCalendarValues() {
        for backend in ["sqlite", "postgresql"] {
            func field(_ declared: String) -> Field {
                Field(name: "v", type: backend == "sqlite" ? FieldType.sqlite(declared) : FieldType(declared: declared))
            }
            for (declared, text) in [("date", "2024-02-29"), ("date", "2000-02-29"), ("date", "0001-02-29 BC"), ("time", "23:59:60"),
                                     ("time", "24:00:00"), ("time", "13:45"), ("time", "13:45:00.123456+05:30"),
                                     ("timestamp", "2025-02-28 23:59:59.5"), ("timestamp", "2025-02-28T23:59:60")] {
                if case .failure(let p) = FieldInput.value(typed: text, for: field(declared)) { XCTFail("[\(backend)] \(declared) refused \(text): \(p.message)") }
            }
            for (declared, text) in [("date", "2025-02-30"), ("date", "2023-02-29"), ("date", "1900-02-29"), ("date", "2024-04-31"),
                                     ("time", "25:61:00"), ("time", "24:00:01"), ("time", "12:60"), ("time", "noon"),
                                     ("timestamp", "2025-02-28 23:60:00"), ("timestamp", "2025-02-30 10:00:00")] {
                if case .success(let v) = FieldInput.value(typed: text, for: field(declared)) { XCTFail("[\(backend)] \(declared) took \(text) as \(v)") }
            }
        }
    }

    func testWhatNoDatabaseHoldsIsRefusedWithASentence() {
        for (declared, text) in [("date", "31/12/2024"), ("date", "2024-13-01"), ("timestamp", "soon"), ("numeric", "12abc"),
                                 ("numeric", "0x10"), ("json", "{\"a\": }"), ("json", "[1,]"), ("json", "{'a': 1}"), ("json", "01"),
                                 ("smallint", "1.5")] {
            if case .success(let v) = FieldInput.value(typed: text, for: field(declared)) { XCTFail("\(declared) took \(text) as \(v)") }
        }
    }

    /// A float typed out of range is refused, as PostgreSQL refuses it, not stored as an infinity or 0
    /// (tester 9's finding 12: an extra digit in an exponent became Infinity); typed as such, the
    /// infinities and NaN are themselves; a subnormal is a double.
    func testAFloatOutOfRangeIsRefusedNotRoundedToInfinityOrZero() {
        for backend in ["sqlite", "postgresql"] {
            func field(_ declared: String) -> Field {
                Field(name: "c05", type: backend == "sqlite" ? FieldType.sqlite(declared) : FieldType(declared: declared))
            }
            for text in ["1e400", "-1e999", "1e-400", "-0.5e-330"] {
                for literal in [FieldInput.Literal.text(text), .number(text)] {
                    guard case .failure(let p) = FieldInput.value(literal, for: field(backend == "sqlite" ? "real" : "double precision")) else {
                        XCTFail("[\(backend)] took \(text)"); continue
                    }
                    XCTAssertTrue(p.message.contains(text) && (p.message.contains("out of range") || p.message.contains("too small")), p.message)
                }
            }
            for (text, value) in [("Infinity", Double.infinity), ("-infinity", -Double.infinity), ("1e-310", 1e-310),
                                  ("1.7976931348623157e308", Double.greatestFiniteMagnitude), ("0e5", 0), ("-0.0", 0)] {
                guard case .success(.double(let d)) = FieldInput.value(typed: text, for: field("double precision")) else {
                    XCTFail("[\(backend)] refused \(text)"); continue
                }
                XCTAssertEqual(d, value, text)
            }
            if case .success(.double(let d)) = FieldInput.value(typed: "NaN", for: field("double precision")) { XCTAssertTrue(d.isNaN) } else { XCTFail("NaN") }
            if case .failure(let p) = FieldInput.value(typed: "1e400", for: field("double precision")) {
                XCTAssertEqual(p.message, "is a number from -1.7976931348623157e308 to 1.7976931348623157e308 (1e400 is out of range; type Infinity if infinity is meant)")
            }
        }
    }
}
