import Foundation
import ORMCore
import XCTest

/// JSONWriter, JSONNode, PostgresArrayText and CSVWriter as bytes: exact text for each rule.
final class OutputWriterTests: XCTestCase {
    func json(_ body: (inout JSONWriter) -> Void) -> String {
        var w = JSONWriter()
        body(&w)
        return w.text
    }

    func testStringsEscapeQuotesBackslashesAndControlCharactersOnly() {
        let s = "q\"b\\n\n r\r\n t\t nul\u{0} bell\u{7} del\u{7f} é 孙 🦸 /"
        XCTAssertEqual(json { $0.string(s) }, #""q\"b\\n\n r\r\n t\t nul\u0000 bell\u0007 del"# + "\u{7f} é 孙 🦸 /\"")
        // What the writer writes, a real JSON reader reads back as the same string.
        let back = try? JSONSerialization.jsonObject(with: Data(json { $0.string(s) }.utf8), options: [.fragmentsAllowed]) as? String
        XCTAssertEqual(back, s)
    }

    /// The writer skips eight bytes at a time while none needs escaping: an escape at any place in
    /// strings of every length (plain runs around it, multibyte characters, bytes 0x7f-0xff of UTF-8)
    /// reads back exactly. Deterministic: each string walks the alphabet with its own stride.
    func testEscapesAtEveryPlaceOfLongStringsReadBackExactly() {
        let alphabet: [String] = ["a", "Z", "7", " ", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1f}", "\u{7f}", "é", "孙", "🦸", "/", "!", "~", "#", "b"]
        for length in 0..<40 {
            for stride in 1..<26 {
                let s = (0..<length).map { alphabet[($0 * stride + length * 3 + $0 * $0) % alphabet.count] }.joined()
                let text = json { $0.string(s) }
                let back = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) as? String
                XCTAssertEqual(back, s, text)
            }
        }
        // A long plain run, then each special byte at each of the eight places of a word.
        for special in ["\"", "\\", "\u{0}", "\u{1f}"] {
            for place in 0..<17 {
                let s = String(repeating: "x", count: place) + special + String(repeating: "y", count: 20)
                let back = try? JSONSerialization.jsonObject(with: Data(json { $0.string(s) }.utf8), options: [.fragmentsAllowed]) as? String
                XCTAssertEqual(back, s)
            }
        }
    }

    func testCommasAndKeysFollowTheWrittenOrder() {
        let text = json { w in
            w.beginObject()
            w.key("z"); w.int(1)
            w.key("a"); w.beginArray(); w.int(-12); w.null(); w.bool(true); w.beginObject(); w.endObject(); w.endArray()
            w.key("m"); w.string("x")
            w.endObject()
        }
        XCTAssertEqual(text, #"{"z":1,"a":[-12,null,true,{}],"m":"x"}"#)
        XCTAssertEqual(json { $0.int(Int64.min) }, "-9223372036854775808")
        XCTAssertEqual(json { $0.int(Int64.max) }, "9223372036854775807")
    }

    func testFloatsStayFloats() {
        XCTAssertEqual(json { $0.double(2.0) }, "2.0")
        XCTAssertEqual(json { $0.double(0.1) }, "0.1")
        XCTAssertEqual(json { $0.double(-1e20) }, "-1e+20")
        XCTAssertEqual(json { $0.double(.nan) }, #""NaN""#)
        XCTAssertEqual(json { $0.double(.infinity) }, #""Infinity""#)
        XCTAssertEqual(json { $0.double(-.infinity) }, #""-Infinity""#)
    }

    func testValuesAsWhatTheyAre() {
        func v(_ value: Value, _ declared: String? = nil) -> String {
            json { $0.value(value, declared.map { JSONColumn(FieldType(declared: $0)) } ?? .untyped) }
        }
        XCTAssertEqual(v(.null), "null")
        XCTAssertEqual(v(.decimal("12.5000")), #""12.5000""#)
        XCTAssertEqual(v(.double(12.5), "NUMERIC(10,2)"), #""12.5""#, "SQLite's numeric stored as a real is still a string")
        XCTAssertEqual(v(.int(12), "decimal"), #""12""#)
        XCTAssertEqual(v(.int(1), "boolean"), "true")
        XCTAssertEqual(v(.blob([0, 255, 16])), #"{"$binary":"AP8Q"}"#)
        XCTAssertEqual(v(.uuid(UUID(uuidString: "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11")!)), #""a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11""#)
        XCTAssertEqual(v(.text("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"), "uuid"), #""a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11""#)
        XCTAssertEqual(v(.timestamptz("2024-01-02 03:04:05.5+00")), #""2024-01-02T03:04:05.5+00:00""#)
        XCTAssertEqual(v(.timestamptz("2024-01-02 03:04:05+05:30")), #""2024-01-02T03:04:05+05:30""#)
        XCTAssertEqual(v(.timestamptz("1999-12-31 23:59:59-08")), #""1999-12-31T23:59:59-08:00""#)
        XCTAssertEqual(v(.timestamp("2024-01-02 03:04:05")), #""2024-01-02T03:04:05""#)
        XCTAssertEqual(v(.timestamp("infinity")), #""infinity""#)
        XCTAssertEqual(v(.date("2024-02-29")), #""2024-02-29""#)
        XCTAssertEqual(v(.json(#"{"b": [1, 2.50, 1e400], "a": {"s": "x\u00e9"}}"#)), #"{"b":[1,2.50,1e400],"a":{"s":"xé"}}"#,
                       "nested, keys in their order, numbers exactly as stored")
        XCTAssertEqual(v(.text("{not json"), "json"), #""{not json""#, "text that is not JSON stays a string")
        XCTAssertEqual(v(.other(type: "integer[]", text: "{1,2,NULL}")), "[1,2,null]")
        XCTAssertEqual(v(.other(type: "numeric[]", text: "{1.50,NaN}")), #"["1.50","NaN"]"#)
        XCTAssertEqual(v(.other(type: "boolean[]", text: "{t,f}")), "[true,false]")
        XCTAssertEqual(v(.other(type: "bytea[]", text: #"{"\\x00ff"}"#)), #"[{"$binary":"AP8="}]"#)
        XCTAssertEqual(v(.other(type: "jsonb[]", text: #"{"{\"a\": 1}",null}"#)), #"[{"a":1},null]"#)
        XCTAssertEqual(v(.other(type: "mood", text: "happy")), #""happy""#)
        XCTAssertEqual(v(.other(type: "interval", text: "1 day 02:00:00")), #""1 day 02:00:00""#)
    }

    func testPostgresArrayTextIsReadAsArrayIn() {
        typealias I = PostgresArrayText.Item
        XCTAssertEqual(PostgresArrayText.parse("{}"), [])
        XCTAssertEqual(PostgresArrayText.parse(#"{"a,b","say \"hi\"",NULL,"NULL","",  sp  ,back\\slash,null}"#),
                       [I.element("a,b"), .element(#"say "hi""#), .null, .element("NULL"), .element(""), .element("sp"),
                        .element(#"back\slash"#), .null])
        XCTAssertEqual(PostgresArrayText.parse("{{1,2},{3,NULL}}"), [.array([.element("1"), .element("2")]), .array([.element("3"), .null])])
        XCTAssertEqual(PostgresArrayText.parse("[0:1]={7,8}"), [.element("7"), .element("8")])
        XCTAssertEqual(PostgresArrayText.parse(#"{"{\"k\": [1, 2]}"}"#), [.element(#"{"k": [1, 2]}"#)])
        XCTAssertNil(PostgresArrayText.parse("{1,2"))
        XCTAssertNil(PostgresArrayText.parse("1,2"))
        XCTAssertNil(PostgresArrayText.parse(#"{"open}"#))
        // Written back, every element quoted: the literal reads back as the same items.
        let items: [I] = [.element("a,b"), .element(#"q"\"#), .null, .element("NULL"), .element(" "), .array([.element("{x}")])]
        XCTAssertEqual(PostgresArrayText.parse(PostgresArrayText.literal(items)), items)
        XCTAssertEqual(PostgresArrayText.elementType(of: "integer[]"), "integer")
        XCTAssertEqual(PostgresArrayText.elementType(of: "_int4"), "int4")
        XCTAssertEqual(PostgresArrayText.elementType(of: "text[][]"), "text")
        XCTAssertNil(PostgresArrayText.elementType(of: "text"))
    }

    func testJSONNodeParsesExactlyAndRefusesWhatIsNotJSON() {
        XCTAssertEqual(JSONNode.parse(#" {"a": [1, -0.5e3, true, null, "\ud83e\uddb8"]} "#)?.text, #"{"a":[1,-0.5e3,true,null,"🦸"]}"#)
        for bad in ["", "{", "[1,]", "01", "1.", "\"\u{1}\"", "{\"a\" 1}", "tru", "[1] x", #""\ud800""#] {
            XCTAssertNil(JSONNode.parse(bad), bad)
        }
    }

    func testValuesTypedInTheirJSONForm() {
        XCTAssertEqual(JSONInput.arrayLiteral(#"[1, null, "a,b", "say \"hi\"", [2], true, {"$binary": "AP8="}]"#),
                       #"{"1",NULL,"a,b","say \"hi\"",{"2"},"true","\\x00ff"}"#)
        XCTAssertNil(JSONInput.arrayLiteral("{1,2}"), "PostgreSQL's own literal is passed on as it is")
        XCTAssertEqual(JSONInput.binary(#"{"$binary": "AP8Q"}"#), [0, 255, 16])
        XCTAssertNil(JSONInput.binary(#"{"$binary": 1}"#))
    }

    func testCSVQuotesWhatItMustByBytes() {
        XCTAssertEqual(CSVWriter.line(["plain", nil, "", "a,b", "q\"q", "l\nf", "cr\rlf\r\nx", "\r\n", " lead", "trail ", "nul\u{0}", "é"]),
                       "plain,,\"\",\"a,b\",\"q\"\"q\",\"l\nf\",\"cr\rlf\r\nx\",\"\r\n\",\" lead\",\"trail \",\"nul\u{0}\",é\r\n")
        var w = CSVWriter()
        w.record([Value.int(-3), .double(2.0), .bool(false), .null, .text(""), .blob([1]), .decimal("1.50")])
        XCTAssertEqual(w.text, "-3,2.0,false,,\"\",\\x01,1.50\r\n")
    }
}

extension OutputWriterTests {
    func testDeepNestingKeepsItsCommas() {
        // Past the 64 levels kept in bits, the writer's commas still follow each container.
        let depth = 100
        let text = String(repeating: "[1,", count: depth) + "2" + String(repeating: ",3]", count: depth)
        XCTAssertEqual(JSONNode.parse(text)?.text, text)
        var w = JSONWriter()
        w.beginArray(); w.lineBreak(); w.int(1); w.lineBreak(); w.int(2); w.endArray()
        XCTAssertEqual(w.text, "[\n1,\n2]")
    }
}

