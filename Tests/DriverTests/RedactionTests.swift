import ORMCore
import PostgresDriver
import TestSupport
import XCTest

/// Passwords never printed, whatever form the connection text takes: each form is read by libpq's
/// own parser (PQconninfoParse), and text libpq cannot parse at all by the generic rules.
final class RedactionTests: XCTestCase {
    /// Each case: the text, the secret in it, and what the text looks like redacted.
    let forms: [(text: String, secret: String, redacted: String)] = [
        ("postgresql://bob:Hunter2-Secret@db.example:5432/app", "Hunter2-Secret", "postgresql://bob:***@db.example:5432/app"),
        ("postgres://bob:s3cr%40t%20x@h/app?sslmode=disable", "s3cr@t x", "postgres://bob:***@h/app?sslmode=disable"),
        ("postgresql://h/app?user=bob&password=Qu3ry-Secret&sslmode=disable", "Qu3ry-Secret", "postgresql://h/app?user=bob&password=***&sslmode=disable"),
        ("postgresql://h/app?password=Qu%3Fry-Enc", "Qu?ry-Enc", "postgresql://h/app?password=***"),
        ("host=h user=bob password = Sp4ced-Secret dbname=app", "Sp4ced-Secret", "host=h user=bob password = *** dbname=app"),
        ("host=h user=bob password= Sp4ced-Two dbname=app", "Sp4ced-Two", "host=h user=bob password= *** dbname=app"),
        ("host=h password='two words\\' here' dbname=app", "two words' here", "host=h password=*** dbname=app"),
        ("host=h password=back\\ slash dbname=app", "back slash", "host=h password=*** dbname=app"),
        // An unencoded @ in the password: libpq splits at the first @ and would show the tail as the host.
        ("postgresql://bob:Pa@ss-Tail-77@127.0.0.1/app", "ss-Tail-77", "postgresql://bob:***@127.0.0.1/app"),
        // A URL missing its host: libpq reads user:password as host:port.
        ("postgresql://bob:N0host-Secret/app", "N0host-Secret", "postgresql://bob:***/app"),
        // Not connection strings libpq accepts at all.
        ("postgress://user:Typo-Secret@host/db", "Typo-Secret", "postgress://user:***@host/db"),
        ("mysql://root:My-Secret-1@localhost:3306/shop", "My-Secret-1", "mysql://root:***@localhost:3306/shop"),
    ]

    func testEveryFormIsRedactedThroughLibpqsParser() {
        for form in forms {
            let redacted = ConnectionInfo.redacted(form.text)
            XCTAssertEqual(redacted, form.redacted, form.text)
            XCTAssertFalse(redacted.contains(form.secret), redacted)
            XCTAssertTrue(ConnectionInfo.secrets(in: form.text).contains(form.secret), "\(form.text): \(ConnectionInfo.secrets(in: form.text))")
            // A message quoting the decoded secret, or the text as written, is masked too.
            let message = ConnectionInfo.redact("libpq said \"\(form.secret)\" about \(form.text)", connectionString: form.text)
            XCTAssertFalse(message.contains(form.secret), message)
            // The same bytes that are masked in the process's argument list.
            var bytes = Array(form.text.utf8)
            for r in ConnectionInfo.secretByteRanges(in: form.text) { for i in r { bytes[i] = UInt8(ascii: "x") } }
            XCTAssertFalse(String(decoding: bytes, as: UTF8.self).contains(form.secret), form.text)
        }
        // libpq's parser is what reads them: it decodes the URL and unquotes the keyword value.
        XCTAssertEqual(ConnectionInfo.parse("postgres://bob:s3cr%40t%20x@h/app").options?["password"], "s3cr@t x")
        XCTAssertEqual(ConnectionInfo.parse("host=h password = 'two words\\' here'").options?["password"], "two words' here")
        XCTAssertNil(ConnectionInfo.parse("postgress://user:Typo-Secret@host/db").options)
        // Text with no password is left alone.
        for plain in ["/tmp/demo.sqlite", "sqlite:///tmp/x.sqlite", "postgresql://bob@h:5432/app", "host=h dbname=app", "postgresql://[::1]:5432/app"] {
            XCTAssertEqual(ConnectionInfo.redacted(plain), plain)
        }
    }

    /// A shell line: URLs and keyword words anywhere in it.
    func testALineOfWords() {
        let line = #"rows team --db 'host=h password = "Sh3ll-Secret" dbname=x' --limit 2"#
        let words = ["rows", "team", "--db", #"host=h password = "Sh3ll-Secret" dbname=x"#, "--limit", "2"]
        XCTAssertFalse(ConnectionInfo.redactedLine(line, words: words).contains("Sh3ll-Secret"), ConnectionInfo.redactedLine(line, words: words))
        let url = "insert team --set name=X --db postgresql://u:Ur1-Secret@h/db"
        XCTAssertEqual(ConnectionInfo.redactedLine(url, words: url.split(separator: " ").map(String.init)),
                       "insert team --set name=X --db postgresql://u:***@h/db")
    }

    /// The sentences for a malformed or misread connection string never hold the password.
    func testMalformedAndMisreadStringsGetASentenceWithoutThePassword() {
        func sentence(_ s: String) -> DatabaseError? {
            do { _ = try PostgresConnection(s + (s.contains("://") ? "" : " connect_timeout=2")); return nil } catch { return error as? DatabaseError }
        }
        for (text, secret) in [("postgress://user:Typo-Secret@host/db", "Typo-Secret"),
                               ("postgresql://bob:Pa@ss-Tail-77@127.0.0.1/app", "ss-Tail-77"),
                               ("postgresql://bob:N0host-Secret/app", "N0host-Secret"),
                               ("host=h password='Unclosed-Secret", "Unclosed-Secret")] {
            let e = sentence(text)
            XCTAssertEqual(e?.kind, .invalidConnectionString, "\(text): \(String(describing: e))")
            XCTAssertFalse(e?.sentence.contains(secret) ?? true, e?.sentence ?? "")
            XCTAssertFalse(e?.sentence.contains("Pa@") ?? true, e?.sentence ?? "")
        }
        XCTAssertTrue(sentence("postgresql://bob:Pa@ss-Tail-77@127.0.0.1/app")!.sentence.contains("%40"))
        XCTAssertTrue(sentence("postgresql://bob:N0host-Secret/app")!.sentence.contains("port is not a number"))
    }

    /// A password from a service file (PGSERVICEFILE) connects, and any message quoting it is masked
    /// (libpq tells which password it used: PQpass).
    func testPasswordInAServiceFile() throws {
        guard let admin = Backend.postgresURL else {
            if Backend.postgresRequired { XCTFail("PostgreSQL is required") }
            throw XCTSkip("ORMSCOPE_TEST_PG_URL is not set (make test sets it)")
        }
        let p = URLComponents(string: admin)!
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pg_service-\(UUID()).conf")
        // The second service's password is wrong, and also its user name: the server's message
        // quotes the user, so it quotes the password.
        try Data("""
            [ormscope_good]
            host=\(p.host!)
            port=\(p.port!)
            user=\(p.user!)
            password=\(p.password!)
            dbname=postgres

            [ormscope_bad]
            host=\(p.host!)
            port=\(p.port!)
            user=Svc-Secret-31
            password=Svc-Secret-31
            dbname=postgres

            """.utf8).write(to: file)
        setenv("PGSERVICEFILE", file.path, 1)
        defer { unsetenv("PGSERVICEFILE"); try? FileManager.default.removeItem(at: file) }
        let good = try PostgresConnection("service=ormscope_good")
        XCTAssertFalse(good.displayName.contains(p.password!))
        good.close()
        XCTAssertThrowsError(try PostgresConnection("service=ormscope_bad")) { e in
            let sentence = (e as? DatabaseError)?.sentence ?? "\(e)"
            XCTAssertEqual((e as? DatabaseError)?.kind, .authenticationFailed, sentence)
            XCTAssertFalse(sentence.contains("Svc-Secret-31"), sentence)
            XCTAssertTrue(sentence.contains("password authentication failed for user \"***\""), sentence)
        }
    }

    /// When the server asks for a password that was not given, the driver asks for it once and
    /// connects; a wrong one is not asked again, and no password is ever in the sentence.
    func testAPasswordAskedForIsUsedOnce() throws {
        guard let admin = Backend.postgresURL else {
            if Backend.postgresRequired { XCTFail("PostgreSQL is required") }
            throw XCTSkip("ORMSCOPE_TEST_PG_URL is not set (make test sets it)")
        }
        var parts = URLComponents(string: admin)!
        let password = parts.password!
        parts.password = nil
        setenv("PGPASSFILE", "/nonexistent", 1)
        defer { unsetenv("PGPASSFILE") }
        var asked: [String] = []
        let c = try PostgresConnection(parts.string!) { user in asked.append(user); return password }
        XCTAssertEqual(asked, ["postgres"])
        c.close()
        asked = []
        XCTAssertThrowsError(try PostgresConnection(parts.string!) { user in asked.append(user); return "Typed-Wrong-5" }) { e in
            let sentence = (e as? DatabaseError)?.sentence ?? ""
            XCTAssertEqual((e as? DatabaseError)?.kind, .authenticationFailed, sentence)
            XCTAssertFalse(sentence.contains("Typed-Wrong-5"), sentence)
        }
        XCTAssertEqual(asked.count, 1, "asked once, never again")
        // Without anyone to ask: libpq's one sentence.
        XCTAssertThrowsError(try PostgresConnection(parts.string!)) { e in
            XCTAssertTrue(((e as? DatabaseError)?.sentence ?? "").contains("no password supplied"), "\(e)")
        }
    }
}
