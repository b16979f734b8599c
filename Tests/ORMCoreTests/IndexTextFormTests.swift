@testable import ORMCore
import XCTest

/// The normal form drift compares index conditions and key expressions in: the spellings each
/// framework writes and each catalog prints of one meaning are one form (no false difference on a
/// freshly migrated schema), and what differs is found or said to be unsure, never invented.
final class IndexTextFormTests: XCTestCase {
    func same(_ a: String, _ b: String, _ backend: String = "postgresql", file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(IndexTextForm.compare(a, b, backend: backend), .same,
                       "\(IndexTextForm.normal(a, backend: backend)) against \(IndexTextForm.normal(b, backend: backend))", file: file, line: line)
    }

    /// What SQLAlchemy and Django write, against what PostgreSQL's pg_get_expr / pg_get_indexdef print
    /// and SQLite keeps (the texts as seen on create_all and migrate).
    func testTheFrameworksSpellingsAndTheCatalogsAreOneForm() {
        same("deleted_at IS NULL", "deleted_at IS NULL")
        same("\"deleted_at\" IS NULL", "deleted_at IS NULL")
        same("status = 'active'", "(status)::text = 'active'::text")
        same("status = 'active'", "status::text = 'active'::text")
        same("\"status\" = 'active'", "status::character varying(20) = 'active'::character varying")
        same("NOT archived", "NOT archived")
        same("NOT \"archived\"", "NOT archived")
        same("\"active\"", "active")
        same("status IN ('a', 'b')", "status::text = ANY (ARRAY['a'::character varying, 'b'::character varying]::text[])")
        same("status NOT IN ('a', 'b')", "status::text <> ALL (ARRAY['a'::character varying::text, 'b'::character varying::text])")
        same("(\"deleted_at\" IS NULL AND NOT \"archived\")", "deleted_at IS NULL AND NOT archived")
        same("(a = 1 OR b = 2) AND c = 3", "((a = 1) OR (b = 2)) AND (c = 3)")
        same("email LIKE 'a%'", "email::text ~~ 'a%'::text")
        same("status != 'x'", "status::text <> 'x'::text")
        same("lower(email)", "lower(email::text)")
        same("LOWER(\"email\") DESC", "lower(email::text)")
        same("name DESC NULLS LAST", "name")
        same("LOWER(\"email\")", "lower((email)::text)")
        same("(LOWER(\"code\"))", "lower(code::text)")
        same("CAST(x AS TEXT) = 'a'", "x::text = 'a'::text")
        same("\"status\" LIKE 'a%' ESCAPE '\\'", "status::text ~~ 'a%'::text")
        same("archived = 0", "archived == 0", "sqlite")
        same("(LOWER(\"code\"))", "LOWER(\"code\")", "sqlite")
        same("\"u\".\"email\" IS NOT NULL", "email IS NOT NULL", "sqlite")
    }

    /// Parentheses that change the meaning stay.
    func testParenthesesThatMeanSomethingStay() {
        XCTAssertNotEqual(IndexTextForm.compare("a AND (b OR c)", "(a AND b) OR c", backend: "postgresql"), .same)
        XCTAssertNotEqual(IndexTextForm.compare("NOT (a AND b)", "NOT a AND b", backend: "postgresql"), .same)
        XCTAssertEqual(IndexTextForm.normal("a AND (b OR c)", backend: "postgresql"), "a AND (b OR c)")
        XCTAssertEqual(IndexTextForm.normal("(\"Status\")::text = 'active'::text", backend: "postgresql"), "status = 'active'")
    }

    func testWhatDiffersIsFoundOrSaidToBeUnsure() {
        XCTAssertEqual(IndexTextForm.compare("status = 'active'", "status::text = 'archived'::text", backend: "postgresql"), .differs(constantOnly: true))
        XCTAssertEqual(IndexTextForm.compare("lower(email)", "upper(email::text)", backend: "postgresql"), .differs(constantOnly: false))
        XCTAssertEqual(IndexTextForm.compare("deleted_at IS NULL", "deleted_at IS NULL AND NOT archived", backend: "postgresql"), .differs(constantOnly: false))
        XCTAssertEqual(IndexTextForm.compare("amount > 10", "amount > 20", backend: "sqlite"), .differs(constantOnly: true))
        // The same names and constants with other operators, and no other spelling of a boolean:
        // differences (a verifier's inverted soft-delete index passed as unsure).
        XCTAssertEqual(IndexTextForm.compare("deleted_at IS NULL", "deleted_at IS NOT NULL", backend: "postgresql"), .differs(constantOnly: false))
        XCTAssertEqual(IndexTextForm.compare("score > 10", "score < 10", backend: "sqlite"), .differs(constantOnly: false))
        XCTAssertEqual(IndexTextForm.compare("NOT archived", "archived", backend: "postgresql"), .differs(constantOnly: false))
        XCTAssertEqual(IndexTextForm.compare("\"price\" > 5", "price >= 5::numeric", backend: "postgresql"), .differs(constantOnly: false))
        // Spellings the form does not relate, of the same columns and constants: unsure, not a difference.
        XCTAssertEqual(IndexTextForm.compare("archived = false", "NOT archived", backend: "postgresql"), .unsure)
        XCTAssertEqual(IndexTextForm.compare("archived = false", "archived = 0", backend: "sqlite"), .unsure)
        XCTAssertEqual(IndexTextForm.compare("x BETWEEN 1 AND 5", "x >= 1 AND x <= 5", backend: "postgresql"), .unsure)
        // A constant the server prints in its type's form is not compared as text.
        XCTAssertEqual(IndexTextForm.compare("\"deleted_at\" >= '2024-01-01T00:00:00+00:00'::timestamptz",
                                             "deleted_at >= '2024-01-01 00:00:00+00'::timestamp with time zone", backend: "postgresql"), .unsure)
        XCTAssertEqual(IndexTextForm.compare("\"deleted_at\" >= '2024-01-01 00:00:00'",
                                             "deleted_at >= '2024-01-01 00:00:00+00'::timestamp with time zone", backend: "postgresql"), .unsure)
        // SQLite has no default LIKE escape: the ESCAPE stays there.
        XCTAssertNotEqual(IndexTextForm.compare("name LIKE 'a%' ESCAPE '\\'", "name LIKE 'a%'", backend: "sqlite"), .same)
    }
}
