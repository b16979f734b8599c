import Foundation
import XCTest

/// The exporter's shortcuts (python/ormscope_models.py: its shortened `configure`, no loader
/// strategies, no instrumentation, a simple relationship's join from its one foreign key; the shared
/// compile of SQLAlchemy's generated `__init__`s; one dialect for every column type's text; its own
/// JSON writer) write the same models file as the stock way (ORMSCOPE_MODELS_STOCK=1:
/// `configure_mappers()` in full, `str()` of each type, `json.dumps`), byte for byte, and give every
/// class the `__init__` SQLAlchemy's own compile gives it (Tests/PythonApps/generated_code.py): every
/// test application, the bench's 300-model one and seeded random ones (Tests/PythonApps/random_apps.py).
extension AppModelsTests {
    func testTheShortenedConfigureWritesTheSameFileAsConfigureMappers() throws {
        let python = try appPython()
        let seed = ProcessInfo.processInfo.environment["ORMSCOPE_FUZZ_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 0...UInt64.max)
        print("AppModelsEquivalence: random apps seed \(seed) (rerun with ORMSCOPE_FUZZ_SEED=\(seed))")
        let dir = try scratch("apps")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let random = try self.python(["random_apps.py", dir, String(seed), "20"]).split(separator: "\n").map(String.init)
        XCTAssertEqual(random.count, 20)
        let chain = try self.python(["random_apps.py", dir, "chain", "300"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let apps = [("heroes.models", Self.apps), ("shop.models", Self.apps), ("repeated_links", Self.apps), (chain, dir)] + random.map { ($0, dir) }

        var simple = 0, joinCondition = 0, instrumented = 0, full = 0
        for (module, home) in apps {
            let what = "\(module) (seed \(seed))"
            // As a user runs it (ormscope starting the exporter), then the stock way.
            let shortened = try run(["models-from", "python:" + module, "--python", python], env: ["PYTHONPATH": home])
            let complete = try run(["models-from", "python:" + module, "--python", python],
                                   env: ["PYTHONPATH": home, "ORMSCOPE_MODELS_STOCK": "1"])
            XCTAssertEqual(shortened.status, 0, "\(what): \(shortened.err)")
            XCTAssertEqual(complete.status, 0, "\(what): \(complete.err)")
            guard shortened.out == complete.out else {
                let a = shortened.out.split(separator: "\n", omittingEmptySubsequences: false)
                let b = complete.out.split(separator: "\n", omittingEmptySubsequences: false)
                let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
                XCTFail("\(what): the files differ from line \(line + 1): \(line < a.count ? a[line] : "(end)") against configure_mappers()' \(line < b.count ? b[line] : "(end)")")
                continue
            }
            // What the application's classes get: the same generated code with the shared compile as without.
            let generated = [Self.apps + "/generated_code.py", Self.root + "/python", module]
            let shared = try runPython(generated, in: home), stock = try runPython(generated, in: home, env: ["ORMSCOPE_MODELS_STOCK": "1"])
            XCTAssertEqual(shared.status, 0, "\(what): \(shared.err)")
            XCTAssertEqual(stock.status, 0, "\(what): \(stock.err)")
            XCTAssertTrue(shared.out.hasSuffix(" classes\n") && shared.out.contains("<sqlalchemy generated __init__ for class "), "\(what): \(shared.out.suffix(200))")
            XCTAssertEqual(shared.out, stock.out, "\(what): a class's generated __init__ differs with the shared compile")
            // Which way it went: a full configure only for an application with a configure hook.
            let explained = try runPython([Self.root + "/python/ormscope_models.py", "python:" + module], in: home,
                                          env: ["ORMSCOPE_MODELS_EXPLAIN": "1"])
            XCTAssertEqual(explained.out, shortened.out, what)
            let line = explained.err.split(separator: "\n").first { $0.hasPrefix("ormscope_models: configure_mappers()") }.map(String.init) ?? ""
            if line.contains("in full:") {
                full += 1
                XCTAssertTrue(line.contains("__declare_last__") || line.contains("listener"), "\(what): \(line)")
                continue
            }
            let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            guard numbers.count == 3 else { XCTFail("\(what): \(explained.err)"); continue }
            instrumented += numbers[0]
            simple += numbers[1]
            joinCondition += numbers[2]
            if module == chain { XCTAssertEqual(numbers[1...], [598, 0], "the bench's app: every relationship by its one foreign key") }
        }
        print("AppModelsEquivalence: \(apps.count) apps, \(full) configured in full; relationships: \(simple) by their foreign key, "
              + "\(joinCondition) by _JoinCondition; \(instrumented) properties instrumented")
        // The random apps reach each way (the bench's alone gives 598 by foreign key).
        XCTAssertGreaterThan(simple, 598)
        XCTAssertGreaterThan(joinCondition, 0)
    }
}
