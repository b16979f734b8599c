import Explorer
import XCTest

/// The command line's words as a POSIX shell splits them: quotes, backslashes and comments.
final class ShellWordsTests: XCTestCase {
    func testQuotesBackslashesAndComments() throws {
        XCTAssertEqual(try ShellWords.split(#"rows hero --where 'age > 3' --set "name=a b""#), ["rows", "hero", "--where", "age > 3", "--set", "name=a b"])
        XCTAssertEqual(try ShellWords.split(#"insert note --set body=a\ b"#), ["insert", "note", "--set", "body=a b"])
        // A word that starts with an unquoted # ends the line (a verifier's `count shop_category # trailing` failed).
        XCTAssertEqual(try ShellWords.split("count shop_category   # how many"), ["count", "shop_category"])
        XCTAssertEqual(try ShellWords.split("# all of it"), [])
        XCTAssertEqual(try ShellWords.split(##"insert tag --set label=a#b --set note='#1' --set x=\#2"##),
                       ["insert", "tag", "--set", "label=a#b", "--set", "note=#1", "--set", "x=#2"], "a # inside a word, quoted or escaped is text")
        XCTAssertThrowsError(try ShellWords.split("rows 'hero"))
    }
}
