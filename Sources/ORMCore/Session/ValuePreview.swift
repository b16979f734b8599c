/// The beginning of a value too long to read whole for a page of rows (SQLAlchemy's *deferred*
/// column, with a prefix to show): an explorer's grid needs a few dozen characters of each cell,
/// so a page of 10 MB texts and 5 MB binaries reads a few KB instead of 270 MB.
///
/// A preview is never a value: an entity whose field was read as a preview holds no value for it
/// (`Entity.subscript` gives nil, `snapshot` leaves it out), and reading the field with `get` runs
/// the statement that reads it whole. Nothing ever compares against, writes or exports a preview.
public struct ValuePreview: Sendable, Hashable {
    /// Characters of a text a preview holds (more than any grid column is wide).
    public static let characters = 64
    /// Bytes of a binary value a preview holds (shown in hex after the value's size).
    public static let bytes = 9
    /// A text field the schema bounds to at most this many characters (`varchar(255)`) is read
    /// whole; an unbounded or longer one is read as a preview (and every binary field).
    public static let boundedText = 1_000

    /// The value's beginning: `characters` characters of a text, `bytes` bytes of a binary.
    public var prefix: Value
    /// The whole value's size in bytes, when the database gives it without reading the value
    /// (binary values: `length(x)` reads only the value's header on both backends).
    public var byteCount: Int?

    public init(prefix: Value, byteCount: Int? = nil) {
        self.prefix = prefix
        self.byteCount = byteCount
    }
}
