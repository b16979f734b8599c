import Foundation
import ORMCore

/// Every number a user gives (`--limit`, `--page`, `--timeout`, `--analyze-timeout`, the `:`
/// prompt's `--limit`) is checked here, against one range per kind, so the rule lives once and a
/// number out of range is a sentence, never an overflow further down.
public enum NumberArgument {
    /// Rows per page (and parents for `explain-loading`): a page is held in memory and drawn.
    public static let rows: ClosedRange<Int> = 1...100_000
    /// Rows of a page that is streamed, never held (`rows` in json, ndjson and csv without
    /// `--load`): written as they arrive, so the bound is only a sanity one.
    public static let streamedRows: ClosedRange<Int> = 1...1_000_000_000
    /// Page numbers for `--page` (OFFSET (page - 1) * limit stays far inside 64 bits).
    public static let pages: ClosedRange<Int> = 1...1_000_000_000
    /// Seconds for time limits: above 0 (a millisecond at least) and at most PostgreSQL's
    /// statement_timeout limit, 2,147,483 s (about 24 days).
    public static let seconds: ClosedRange<Double> = 0.001...TransactionSettings.longestTimeout

    /// `n` if it is in `range`, else a sentence naming the option.
    public static func check(_ n: Int, _ option: String, in range: ClosedRange<Int>) throws -> Int {
        guard range.contains(n) else { throw outOfRange(String(n), option, range) }
        return n
    }

    /// `text` read as a whole number in `range` (the `:` prompt's arguments), else a sentence.
    public static func integer(_ text: String, _ option: String, in range: ClosedRange<Int>) throws -> Int {
        guard let n = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(n) else { throw outOfRange(text, option, range) }
        return n
    }

    /// Seconds for a time limit (finite, in `seconds`), else a sentence.
    public static func seconds(_ s: Double, _ option: String) throws -> Double {
        guard s.isFinite, seconds.contains(s) else {
            throw RequestError("\(option) takes a number of seconds from 0.001 to \(NumberText.grouped(Int(seconds.upperBound))) "
                               + "(PostgreSQL's limit, about 24 days); \(s) is not.", usage: true)
        }
        return s
    }

    static func outOfRange(_ text: String, _ option: String, _ range: ClosedRange<Int>) -> RequestError {
        RequestError("\(option) takes a whole number from \(NumberText.grouped(range.lowerBound)) to \(NumberText.grouped(range.upperBound)) (\"\(text)\" is not).", usage: true)
    }

}
