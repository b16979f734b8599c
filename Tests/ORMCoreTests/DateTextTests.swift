import ORMCore
import XCTest

/// `DateText.bounds`: a quoted date as the range of SQLite texts of its instant.
final class DateTextTests: XCTestCase {
    func testBoundsCompleteTheTypedDateToTheStoredShape() {
        func b(_ typed: String, _ stored: String) -> [String]? { DateText.bounds(typed, stored: stored).map { [$0.lo, $0.hi] } }
        XCTAssertEqual(b("2024-03-31", "2024-01-02 03:04:05"), ["2024-03-31 00:00:00", "2024-03-31 00:00:00.000000"])
        XCTAssertEqual(b("2024-03-31", "2024-01-02T03:04:05.000000"), ["2024-03-31T00:00:00", "2024-03-31T00:00:00.000000"])
        XCTAssertEqual(b("2024-03-31 02:30", "2024-01-02 03:04:05"), ["2024-03-31 02:30:00", "2024-03-31 02:30:00.000000"])
        XCTAssertEqual(b("2024-03-31 02:30:00.500", "2024-01-02 03:04:05"), ["2024-03-31 02:30:00.5", "2024-03-31 02:30:00.500000"])
        XCTAssertEqual(b("2024-03-31 02:30:00.000", "2024-01-02 03:04:05"), ["2024-03-31 02:30:00", "2024-03-31 02:30:00.000000"])
        XCTAssertEqual(b("2024-03-31 02:30:00.1234567", "2024-01-02 03:04:05"), ["2024-03-31 02:30:00.1234567", "2024-03-31 02:30:00.1234567"])
        XCTAssertEqual(b("2024-03-31", "2024-01-02 03:04"), ["2024-03-31 00:00", "2024-03-31 00:00"], "stored without seconds: no fraction")
        XCTAssertNil(b("2024-03-31", "2024-01-02"), "a date column: nothing to complete")
        XCTAssertNil(b("2024-03-31T02:30", "2024-01-02 03:04:05"), "another separator is the filter's sentence")
        XCTAssertNil(b("2024-03-31 02:30+02:00", "2024-01-02 03:04:05"), "an offset is the filter's sentence")
        XCTAssertNil(b("2024-03-31", "2024-01-02 03:04:05+00"), "stored with a zone: compared as typed")
        XCTAssertNil(b("2024-03-31 2:30", "2024-01-02 03:04:05"))
        XCTAssertNil(b("yesterday", "2024-01-02 03:04:05"))
    }
}
