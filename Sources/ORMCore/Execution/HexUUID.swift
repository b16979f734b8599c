import Foundation

/// UUIDs as 32 hex digits without hyphens, as SQLAlchemy's `Uuid` type stores them in SQLite's
/// `CHAR(32)` (`0f8fad5bd9cb469fa16570867728950e`).
public enum HexUUID {
    /// The UUID of 32 hex digits (either case), or nil.
    public static func uuid(_ text: String) -> UUID? {
        let utf8 = text.utf8
        guard utf8.count == 32, utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 102) }) else { return nil }
        let h = Array(text)
        let dashed = String(h[0..<8]) + "-" + String(h[8..<12]) + "-" + String(h[12..<16]) + "-" + String(h[16..<20]) + "-" + String(h[20..<32])
        return UUID(uuidString: dashed)
    }

    /// 32 lower-case hex digits.
    public static func text(_ uuid: UUID) -> String {
        uuid.uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }
}
