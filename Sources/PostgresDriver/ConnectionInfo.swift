import CLibPQ
import Foundation
import ORMCore

/// A connection string as libpq itself reads it (`PQconninfoParse`), and how to print it, or a
/// message about it, without its password.
///
/// libpq's parser covers every form libpq accepts: URLs with percent-encoding and `?password=`,
/// keyword strings with spaces around `=` and quoted values. ORMCore's `Redact` adds the generic
/// rules for text libpq cannot parse at all (`postgress://user:pw@host/db`, `mysql://...`).
public enum ConnectionInfo {
    /// The keywords `text` sets (those with a value), or nil with libpq's reason.
    public static func parse(_ text: String) -> (options: [String: String]?, error: String?) {
        var err: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(text, &err) else {
            let message = err.map { String(cString: $0) } ?? "libpq cannot parse it"
            if let err { PQfreemem(err) }
            return (nil, message)
        }
        defer { PQconninfoFree(options) }
        var out: [String: String] = [:]
        var p = options
        while let keyword = p.pointee.keyword {
            if let value = p.pointee.val { out[String(cString: keyword)] = String(cString: value) }
            p += 1
        }
        return (out, nil)
    }

    /// Whether libpq reads `text` as a URL rather than a keyword string.
    public static func isURL(_ text: String) -> Bool {
        let l = text.lowercased()
        return l.hasPrefix("postgresql://") || l.hasPrefix("postgres://")
    }

    /// What libpq reads as secret in `text`: the password; in a URL also a port that is not a
    /// number (a URL missing its host: libpq reads `user:password` as `host:port`) and the part of
    /// a host before an `@` (an unencoded `@` in the password: libpq splits at the first `@`).
    public static func libpqSecrets(in text: String) -> [String] {
        guard let options = parse(text).options else { return [] }
        var found: [String] = []
        if let password = options["password"], !password.isEmpty { found.append(password) }
        if isURL(text) {
            for port in (options["port"] ?? "").split(separator: ",") where !port.allSatisfy({ $0.isASCII && $0.isNumber }) {
                found.append(String(port))
            }
            for host in (options["host"] ?? "").split(separator: ",") {
                if let at = host.lastIndex(of: "@") { found.append(String(host[..<at])) }
            }
        }
        return found
    }

    /// Every secret in `text`: libpq's and the generic rules', as written and decoded.
    public static func secrets(in text: String) -> [String] {
        libpqSecrets(in: text) + Redact.secrets(in: text)
    }

    /// `text` with every password masked: `postgresql://bob:***@db/app`, `password = ***`.
    public static func redacted(_ text: String) -> String {
        Redact.connectionString(text, hiding: libpqSecrets(in: text))
    }

    /// A line of words (a shell line): each word is read by libpq too, so a keyword string given
    /// as one quoted word is covered.
    public static func redactedLine(_ line: String, words: [String]) -> String {
        Redact.connectionString(line, hiding: words.flatMap(libpqSecrets(in:)))
    }

    /// The byte ranges of `text` that `redacted` masks (to overwrite them in place).
    public static func secretByteRanges(in text: String) -> [Range<Int>] {
        Redact.secretByteRanges(in: text, hiding: libpqSecrets(in: text))
    }

    /// `message` (libpq's, or one that quotes the connection text) with every secret of
    /// `connectionString` and `extra` masked wherever it appears.
    public static func redact(_ message: String, connectionString: String, hiding extra: [String] = []) -> String {
        Redact.hiding(secrets(in: connectionString) + extra, in: message)
    }

    /// A sentence for a URL libpq parses but would misread: an unencoded `@` in the password, or a
    /// URL missing its host (the password read as the port). Nil when nothing looks wrong.
    static func misreadURL(_ text: String) -> String? {
        guard isURL(text), let options = parse(text).options else { return nil }
        if (options["host"] ?? "").contains("@") {
            return "the URL has more than one @ before its host: write an @ in the user name or password as %40"
        }
        if (options["port"] ?? "").split(separator: ",").contains(where: { !$0.allSatisfy({ $0.isASCII && $0.isNumber }) }) {
            return "the URL's port is not a number (it is not shown, in case it is a password): a URL reads postgresql://user:password@host:port/dbname"
        }
        return nil
    }
}
