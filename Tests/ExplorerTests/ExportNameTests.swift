import Explorer
import XCTest

/// Export file names are plain names for the current directory, whatever the model is called.
final class ExportNameTests: XCTestCase {
    func testNamesFromHostileModelNamesStayInTheDirectory() {
        let cases: [(String, String)] = [
            ("hero", "hero-7.csv"),
            ("sx.ty", "sx_ty-7.csv"),
            ("public.\"sx.ty\"", "public__sx_ty_-7.csv"),
            ("/var/x/evil", "_var_x_evil-7.csv"),
            ("../../etc/passwd", "______etc_passwd-7.csv"),
            ("a\\b", "a_b-7.csv"),
            ("line\nbreak\r\ttab\u{0}nul\u{1b}[31m", "line_break__tab_nul_[31m-7.csv"),
            ("rtl\u{202e}gpj", "rtl_gpj-7.csv"),
            ("-rf", "_rf-7.csv"),
            ("Команда 复仇者 🦸", "Команда 复仇者 🦸-7.csv"),
            ("", "export-7.csv"),
        ]
        for (model, name) in cases {
            XCTAssertEqual(Export.fileName(model: model, stamp: 7, format: .csv), name, model.debugDescription)
        }
        XCTAssertEqual(Export.fileName(model: "x", stamp: 1, format: .json), "x-1.json")
        let long = Export.fileName(model: String(repeating: "é", count: 300), stamp: 1, format: .json)
        XCTAssertLessThanOrEqual(long.utf8.count, 255, "a file name holds 255 bytes")
        XCTAssertTrue(long.hasSuffix("-1.json"))
        for model in ["/var/x/evil", "../..", "a/../../b", "\u{0}/\u{0}"] {
            let name = Export.fileName(model: model, stamp: 1, format: .csv)
            XCTAssertFalse(name.contains("/") || name.contains("..") || name.unicodeScalars.contains { $0.value < 32 }, name)
        }
    }
}
