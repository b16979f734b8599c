/// An error that can be told to a user in one clear sentence.
///
/// Every error type of ormscope's layers conforms: the explorer and the command line print
/// `sentence`, never a stack of driver text alone, and never a password.
public protocol UserFacingError: Error, CustomStringConvertible {
    /// One sentence: what happened and, where it matters, what was kept.
    var sentence: String { get }
}

extension UserFacingError {
    public var description: String { sentence }
}
