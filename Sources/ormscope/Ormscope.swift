import ArgumentParser
import DemoDatabase
import Explorer
import Foundation
import ORMCore
import PostgresDriver

@main
struct Ormscope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ormscope",
        abstract: "A terminal database explorer that shows the SQL of every action.",
        version: Ormscope.version,
        subcommands: [Explore.self, Models.self, Show.self, Rows.self, Follow.self, Get.self, ExportRows.self, CountRows.self, ExistsRows.self,
                      InsertRow.self, UpdateRow.self, UpsertRow.self, DeleteRow.self,
                      Explain.self, ExplainLoading.self, SQLCommand.self, Shell.self, CreateDemo.self, ModelsFrom.self, Drift.self, Keys.self],
        defaultSubcommand: Explore.self)

    /// The release: the wave of issues it closes.
    static let version = "0.3.0"

    static func main() {
        let arguments = ArgumentMask.apply()  // before anything else: `ps` never shows a password
        Trace.recordPeakMemoryAtExit()
        // As ArgumentParser's own main, except that its messages ("Unexpected argument '...'"
        // quoting a URL given without --db) are printed with passwords masked.
        do {
            try UnknownCommand.check(Array(arguments.dropFirst()))
            var command = try parseNamingUnknownOptions(Array(arguments.dropFirst()))
            try command.run()
            try StatementBudget.check()
        } catch let unknown as UnknownCommand {
            FileHandle.standardError.write(Data((unknown.description + "\n").utf8))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        } catch {
            let code = exitCode(for: error)
            let message = redactedMessage(for: error, words: arguments)
            // A mistake the parser found in a line that asked for JSON: the same JSON a run-time
            // failure prints (`{"error": "..."}` on standard output), the status unchanged.
            if code != .success, !message.isEmpty, Self.asksForJSON(Array(arguments.dropFirst())) {
                let first = message.split(separator: "\n").first.map(String.init) ?? message
                print(JSONOutput.string(["error": first.hasPrefix("Error: ") ? String(first.dropFirst(7)) : first]))
                Foundation.exit(code.rawValue)
            }
            if !message.isEmpty {
                if code == .success { print(message) } else { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            }
            Foundation.exit(code.rawValue)
        }
    }

    /// Whether the arguments ask for `--format json` or `ndjson` (read as the parser would, before it ran).
    static func asksForJSON(_ args: [String]) -> Bool {
        for (i, a) in args.enumerated() {
            if a == "--" { break }
            let value = a == "--format" ? (i + 1 < args.count ? args[i + 1] : nil) : a.hasPrefix("--format=") ? String(a.dropFirst(9)) : nil
            if let value, OutputFormat(rawValue: value)?.isJSON == true { return true }
        }
        return false
    }

    /// `parseAsRoot`, except that an unknown option is what is said when a required argument is
    /// missing too: ArgumentParser reads the arguments before it looks for options left over, so
    /// `rows --bogus` would say "Missing expected argument '<model>'" and never name `--bogus`.
    /// The line is parsed again with placeholder arguments after `--`; when that finds an unknown
    /// option, that is the error.
    static func parseNamingUnknownOptions(_ given: [String]) throws -> ParsableCommand {
        let args = commandFirst(given)
        do {
            return try parseAsRoot(args)
        } catch {
            guard message(for: error).hasPrefix("Missing expected argument") else { throw error }
            do { _ = try parseAsRoot(args + ["--"] + Array(repeating: "_", count: 4)) } catch let retry {
                if message(for: retry).hasPrefix("Unknown option") { throw retry }
            }
            throw error
        }
    }

    /// The command's name first: `ormscope --models m.json --db app.db show user` (the order the
    /// issue's walk-through and psql users type) is `ormscope show user --models m.json --db app.db`,
    /// where ArgumentParser read the options as the explorer's and refused `show` as an argument.
    /// Options before the first word that is not one are moved after the command's name, when that
    /// word is a command; anything else is left as it is.
    static func commandFirst(_ args: [String]) -> [String] {
        var i = 0
        while i < args.count, args[i].hasPrefix("-"), args[i] != "--" {
            let a = args[i]
            i += a.contains("=") || DatabaseOptions.flags.contains(a) || ["-h", "--help", "--version"].contains(a) ? 1 : 2
        }
        guard i > 0, i < args.count, configuration.subcommands.contains(where: { $0._commandName == args[i] }) else { return args }
        return [args[i]] + args[..<i] + args[(i + 1)...]
    }

    /// ArgumentParser's message for an error, with every password of `words` (the arguments) masked.
    static func redactedMessage(for error: any Error, words: [String]) -> String {
        let message = fullMessage(for: error)
        let secrets = words.flatMap(ConnectionInfo.secrets(in:))
        return secrets.isEmpty ? message : Redact.hiding(secrets, in: message)
    }
}

/// Options every command that opens a database shares.
struct DatabaseOptions: ParsableArguments {
    /// Its options that take no value (`Ormscope.commandFirst` reads the others' values).
    static let flags: Set<String> = ["--read-only", "--infer-keys"]

    @Option(name: .long, help: "A PostgreSQL URL or keyword string, or an SQLite file (default: $DATABASE_URL, else libpq's PGDATABASE / PGSERVICE / PGHOST).")
    var db: String?

    @Option(name: .long, help: "Output format: table, json, ndjson (rows: one object per line) or csv.")
    var format: OutputFormat = .table

    @Flag(name: .customLong("read-only"), help: "Refuse every write (and open the database read-only).")
    var readOnlyFlag = false

    /// `--read-only`, or a shell started with it: there every command is read-only, whatever
    /// options (`--db` too) the typed line carries.
    var readOnly: Bool { readOnlyFlag || ShellContext.readOnly }

    @Option(help: "Stop any statement that runs longer than this many seconds.")
    var timeout: Double?

    @Flag(name: .customLong("infer-keys"), help: "Add the foreign keys column names say where the database has none (orders.user_id → users: Rails, create_join_table); or set infer_keys = true in the config.")
    var inferKeys = false

    @OptionGroup var appModels: AppModelsOption
    @OptionGroup var budget: StatementBudgetOption

    /// Opens the database; Ctrl-C then cancels the running statement (the explorer handles it itself).
    /// With `applyModels`, the models file (`--models`, the config's `models`) applies to every registry read.
    func open(cancelOnInterrupt: Bool = true, applyModels: Bool = true) throws -> Database {
        if db == nil, let shared = ShellContext.database {
            try StatementBudget.begin(budget, shared)
            return shared
        }
        guard let location = Connect.location(db) else {
            throw CLIError(Connect.noLocation, usage: true)
        }
        if let timeout { _ = try NumberArgument.seconds(timeout, "--timeout") }
        let database = try Connect.open(location, readOnly: readOnly, timeout: timeout)
        if cancelOnInterrupt { Interrupts.cancelStatements(of: database) }
        database.infersKeysFromNames = inferKeys || Config.value("infer_keys") == "true"
        if applyModels { database.appModels = try appModels.load() }
        try StatementBudget.begin(budget, database)
        return database
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, ndjson, csv
    /// JSON of either kind (commands other than rows print one JSON document for both).
    var isJSON: Bool { self == .json || self == .ndjson }
}

/// A user-facing failure of the command line.
struct CLIError: UserFacingError {
    let sentence: String
    /// A mistake in how the command was called (exit status 64, EX_USAGE), not a failure at run time (1).
    var usage = false
    init(_ s: String, usage: Bool = false) {
        sentence = s
        self.usage = usage
    }
}

/// Runs a command body and turns any error into one sentence (JSON with --format json) and exit 1.
func reporting(_ format: OutputFormat, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as CLIError where e.usage {
        try fail(e.sentence, format, status: 64)
    } catch let e as RequestError where e.isUsage {
        try fail(e.sentence, format, status: 64)
    } catch let e as any UserFacingError {
        try fail(e.sentence, format)
    } catch let e as DecodingError {
        try fail("A row could not be read into the model: \(e)", format)
    } catch let e as ExitCode {
        throw e
    } catch {
        try fail("\(error)", format)
    }
}

/// Prints the sentence (as JSON with --format json) and ends the command with status 1 (64 for a
/// usage mistake); in the shell the status is dropped and the prompt comes back.
func fail(_ sentence: String, _ format: OutputFormat, status: Int32 = 1) throws -> Never {
    if format.isJSON {
        print(JSONOutput.string(["error": sentence]))
    } else {
        FileHandle.standardError.write(Data(("ormscope: " + sentence + "\n").utf8))
    }
    throw ExitCode(status)
}

struct Models: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the model registry: every table and view with its fields and keys.")
    @OptionGroup var options: DatabaseOptions

    func run() throws {
        try reporting(options.format) {
            let db = try options.open()
            let registry = try db.withAction("list models") { try db.introspect() }
            let statements = db.log.events(for: "list models")
            switch options.format {
            case .json, .ndjson:
                print(JSONOutput.string(["models": registry.models.map(RegistryText.json), "statements": statements.map(JSONOutput.statement),
                                         "query_count": statements.count, "warnings": [String]()]))
            case .csv:
                print(CSV.line(["model", "kind", "estimated_rows", "fields", "primary_key"]), terminator: "")
                for m in registry.models {
                    print(CSV.line([m.qualifiedName, m.kind.rawValue, m.estimatedRowCount.map(String.init), String(m.fields.count),
                                    m.primaryKey.joined(separator: " ")]), terminator: "")
                }
            case .table:
                // On a terminal a registry taller than the window goes through $PAGER, as row tables do.
                StatementLog.show("\(db.connection.displayName): \(registry.models.count) models\n\n" + RegistryText.summary(registry) + "\n",
                                  log: RegistryText.footer(statements) + "\n")
            }
        }
    }
}

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show one model: fields, types, keys, indexes, constraints, foreign keys.")
    @OptionGroup var options: DatabaseOptions
    @Argument(help: "The model (table or view) name, optionally schema-qualified.", completion: Completion.models) var model: String
    @OptionGroup var naming: SchemaOption

    func run() throws {
        try reporting(options.format) {
            let db = try options.open()
            let registry = try db.withAction("show \(model)") { try db.introspect() }
            let m = try registry.require(naming.modelName(model))
            let statements = db.log.events(for: "show \(model)")
            switch options.format {
            case .json, .ndjson:
                print(JSONOutput.string(["model": RegistryText.json(m), "statements": statements.map(JSONOutput.statement),
                                         "query_count": statements.count, "warnings": [String]()]))
            case .csv:
                print(CSV.line(["field", "type", "nullable", "default", "primary_key"]), terminator: "")
                for f in m.fields {
                    print(CSV.line([f.name, f.type.declared, f.isNullable ? "yes" : "no", f.defaultExpression,
                                    m.primaryKey.contains(f.name) ? "yes" : "no"]), terminator: "")
                }
            case .table:
                StatementLog.show(RegistryText.detail(m) + "\n", log: RegistryText.footer(statements) + "\n")
            }
        }
    }
}

struct CreateDemo: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create-demo", abstract: "Create the demo database (an SQLite file, or an empty PostgreSQL database).")
    @Argument(help: "An SQLite file to create, or a PostgreSQL URL.") var location: String
    @Flag(help: "A small demo (6 teams, 60 heroes), for tests.") var small = false

    func run() throws {
        try reporting(.table) {
            if ShellContext.readOnly { throw CLIError("Read-only mode (--read-only): create-demo refused; nothing was written.") }
            if !Connect.isPostgres(location), FileManager.default.fileExists(atPath: location) {
                throw CLIError("\(ConnectionInfo.redacted(location)) already exists; the demo is only created in a new file.")
            }
            let db = try Connect.open(location, create: true)
            do {
                try DemoDatabase.create(on: db, size: small ? .small : .init())
            } catch {
                db.close()
                if !Connect.isPostgres(location) { try? FileManager.default.removeItem(atPath: location) }
                throw error
            }
            print("Created the demo database in \(ConnectionInfo.redacted(location)) (\(db.log.count(for: "create demo database")) statements).")
        }
    }
}

/// `--schema`: names the model argument's schema so the argument is a table name taken exactly as
/// written, with no dots or quotes to read (`--schema public sx.ty` is the default schema's table named
/// `sx.ty`; `--schema sx ty` is the table ty of schema sx). Without it the argument is read as a model
/// name (`hero`, `audit.store`, `'"sx.ty"'`), as everywhere else.
struct SchemaOption: ParsableArguments {
    @Option(help: "The model's schema; the model argument is then the table's exact name (dots and quotes included).")
    var schema: String?

    /// The model argument as the registry reads it.
    func modelName(_ argument: String) -> String {
        guard let schema else { return argument }
        return ModelName(schema: schema, table: argument).description
    }

    /// The model argument and a row's key argument (`get`, `follow`): the model, the key's values
    /// in its types, and the condition that finds the row (a table without a primary key: every
    /// field's value, as `update` and `delete` read it; a view has none, and is refused).
    func keyedRow(_ model: String, _ key: String, in session: Session) throws -> (model: Model, key: [Value], match: SQLExpression) {
        let m = try session.model(modelName(model))
        // (A view has no address: KeyText says so.)
        let values = try KeyText.parse(key, fields: m.rowAddress, model: m)
        // A table without a primary key: the row is found by every value, as update and delete find it.
        return (m, values, m.primaryKey.isEmpty ? WriteStatement.rowMatch(m, values) : .keyEquals(m.primaryKey, values))
    }
}
