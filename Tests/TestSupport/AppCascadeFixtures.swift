import ORMCore

/// Small databases with a models file, for the application-cascade delete's tests (driver and
/// explorer alike).
public enum AppCascadeFixture {
    /// Customer.orders without a delete cascade (SQLAlchemy's default sets the orders' key to
    /// NULL) on a NOT NULL `orders.customer_id`: customer 1 has order 1.
    public static let notNullOrders = (
        schema: ["CREATE TABLE customer (id integer PRIMARY KEY)",
                 "CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES customer (id))",
                 "INSERT INTO customer VALUES (1)", "INSERT INTO orders VALUES (1, 1)"],
        models: """
            {"format": 1, "source": "python:app.models", "models": [{"class": "Customer", "table": "customer", "relationships": [
              {"name": "orders", "kind": "one-to-many", "target": "orders", "columns": ["customer_id"]}]}]}
            """)
}

extension Database {
    /// Runs `schema` (its tables and rows) and gives the database the models file `models` (named
    /// models.json in errors): what `--models` does, before a `Session` reads the registry.
    public func prepare(_ schema: [String], models: String) throws {
        for sql in schema { try execute(sql: sql) }
        appModels = try AppModels.parse(models, file: "models.json")
    }

    /// `SELECT count(*) FROM table`, or -1 when it does not read as a number.
    public func rowCount(_ table: String) throws -> Int {
        if case .int(let n)? = try fetchAll(CompiledSQL("SELECT count(*) FROM \(table)")).first?[0] { return Int(n) }
        return -1
    }
}
