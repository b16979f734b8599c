import Explorer
import ORMCore
import XCTest

/// The shell's Tab: what it offers depends on the words before the one typed, and each name once
/// (a tester's `rows auth_user --load gr<Tab>` had listed every model's fields, each twice).
final class ShellCompletionTests: XCTestCase {
    let registry = FilterParserTests.registry
    let commands = ["rows", "follow", "get", "count"]
    let options = ["--where", "--load", "--limit"]

    func offered(_ line: String, _ prefix: String) -> [String] {
        let words = line.split(separator: " ").map(String.init)
        return ShellCompletion.candidates(before: words, prefix: prefix, registry: registry, commands: commands, options: options)
    }

    func testEachPlaceOffersWhatGoesThere() {
        XCTAssertEqual(offered("", "fo"), ["follow"])
        XCTAssertEqual(offered("rows", "he"), ["hero", "hero_power_link"])
        XCTAssertEqual(offered("rows hero --load", ""), ["team", "hero_power_links", "powers"], "hero's relationships only")
        XCTAssertEqual(offered("rows hero --load", "powers:se"), ["powers:selectin"])
        XCTAssertEqual(offered("rows hero --limit 5 --load", "t"), ["team"])
        XCTAssertEqual(offered("rows hero", "--l"), ["--load", "--limit"])
        XCTAssertEqual(offered("rows hero --where", "t"), [], "a filter is not a name")
        XCTAssertEqual(offered("follow hero 1", "p"), ["powers"])
        XCTAssertEqual(offered("rows team", "n"), ["name"])
        // A name two models share is offered once.
        XCTAssertEqual(offered("get hero 1", "na"), ["name"])
    }
}
