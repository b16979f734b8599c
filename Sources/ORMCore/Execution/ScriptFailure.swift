/// What a script's failure means for the statements before it: statements run in order and the
/// first failure stops the rest, so a failure's own sentence ("nothing was written") is true of
/// its statement only. The SQL editor's F6 and `ormscope sql` both say it this way:
///
///     Statement 2 of 3 (DELETE): Foreign key violated ...; nothing was written. The 1
///     statement before it that writes (UPDATE) ran and was committed: it stays written. The 1
///     statement after it did not run.
public enum ScriptFailure {
    /// What became of the statements before the failed one.
    public enum Earlier: Sendable {
        /// Each ran in auto-commit mode.
        case committed
        /// They ran in a transaction left open, which decides what is kept.
        case inOpenTransaction
        /// The script's own transaction was rolled back with the failure.
        case rolledBack
    }

    /// A script's failure, with the sentence that says what became of the statements before it.
    public struct Stopped: UserFacingError {
        public let sentence: String
        public let underlying: any Error

        public init(sentence: String, underlying: any Error) {
            self.sentence = sentence
            self.underlying = underlying
        }
    }

    /// The sentence for the failure of statement `failed` (from 1) of `total`, `writesBefore` the
    /// verbs of the statements before it that write. One statement: the failure's own sentence.
    public static func sentence(_ error: String, failed: Int, of total: Int, verb: String, writesBefore: [String],
                                earlier: Earlier) -> String {
        guard total > 1 else { return error }
        var s = "Statement \(failed) of \(total)\(verb.isEmpty ? "" : " (\(verb))"): \(error)"
        let n = writesBefore.count
        if n > 0 {
            let which = "The \(NumberText.counted(n, "statement")) before it that write\(n == 1 ? "s" : "") (\(writesBefore.joined(separator: ", ")))"
            switch earlier {
            case .committed: s += " \(which) ran and \(n == 1 ? "was" : "were") committed: \(n == 1 ? "it stays" : "they stay") written."
            case .inOpenTransaction: s += " \(which) ran in the open transaction, which decides whether \(n == 1 ? "it is" : "they are") kept (commit or roll back)."
            case .rolledBack: s += " \(which) \(n == 1 ? "was" : "were") rolled back with it: nothing of the script was written."
            }
        }
        let after = total - failed
        if after > 0 { s += " The \(NumberText.counted(after, "statement")) after it did not run." }
        return s
    }
}
