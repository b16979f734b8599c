import Foundation
import TestSupport
import XCTest

extension TerminalTests {
    /// The `:` prompt in the real binary reads the shell's own command grammar (handed over from
    /// the argument parser): `count` takes a model and `--where`, an option of the command line
    /// that means nothing here says so, a shell command the explorer does not run says so; and
    /// `:` typed over the model pane opens the command line.
    func testTheCommandLineSpeaksTheShellsGrammar() throws {
        _ = try start()
        try keys(":")
        try type("rows team")
        try keys("Enter")
        try waitFor("rows 1-")
        try keys(":")
        try type(#"count hero --where "age > 30""#)
        try keys("Enter")
        try waitFor(#"SELECT count(*) FROM "hero" WHERE "age" > ?"#)
        try keys(":")
        try type("count hero --format json")
        try keys("Enter")
        try waitFor("count --format has no use in the explorer")
        try keys(":")
        try type("drift")
        try keys("Enter")
        try waitFor("drift is a command of the shell and the command line")
        try keys("Tab")
        try waitFor("Esc closes")
        try keys(":")
        try type("rows team")
        try waitFor(":rows team")
        try keys("Enter")
        try waitFor("SQL of rows team")
        try keys("q")
        try waitFor("EXIT=0")
    }
}
