import Foundation
import ORMCore

/// Reads PostgreSQL's catalog (pg_catalog, not information_schema, which is slow and hides
/// other users' objects) into a registry with nine statements, whatever the number of tables.
/// Models in the default schema get no schema prefix; other user schemas keep theirs. The default is
/// `current_schema()`, the first existing schema of the search path (normally `public`): the one an
/// unqualified name, as the compiler writes a model without a schema, resolves to. Calling `public`
/// the default under `search_path = sx, public` would send a statement for public's `t` to `sx.t`.
///
/// The nine run as one pipelined batch, in the order their rows are needed, and each statement's
/// rows are built into models as soon as they arrive (`PostgresCatalogBuilder`), while the server
/// reads the next catalog:
///
/// ```sql
/// SELECT e.enumtypid, e.enumlabel FROM pg_enum e ORDER BY e.enumtypid, e.enumsortorder          -- enum labels
/// SELECT c.oid, n.nspname, c.relname, c.relkind, c.reltuples, current_schema(), c.reltype, quote_ident(...) ...
/// WITH btree(t) AS (... pg_opclass ...) SELECT t.oid, t.typtype, t.typcategory, ... FROM pg_type t ...  -- type facts and names
/// SELECT a.attrelid, a.attnum, a.attname, CASE WHEN a.atttypmod <> -1 THEN format_type(...) END, ... FROM pg_attribute a ...
/// SELECT k.conrelid, k.conname, k.contype, k.conkey::text, ... FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace ...
/// SELECT i.indrelid, c.relname, i.indisunique, ..., i.indkey FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid ...
/// SELECT x.indexrelid, x.k, pg_get_indexdef(x.indexrelid, x.k, true) FROM (... WHERE i.indexprs IS NOT NULL) x
/// SELECT d.objoid, d.objsubid, d.description FROM pg_description d ...                       -- COMMENT ON
/// SELECT p.oid, pg_get_partkeydef(p.oid), ... FROM pg_partitioned_table pt JOIN pg_class p ON p.oid = pt.partrelid ...
/// ```
///
/// Choices that keep the server's part small at thousands of tables (measured at 5,000 tables by
/// the server's own CPU time per statement, `log_statement_stats`):
/// - the columns statement joins no `pg_type` (a column's type facts come from the types
///   statement, by OID), and calls `format_type` only for a column with a typmod (`varchar(100)`,
///   one in eight here); the others are named from the types statement, which names the catalog's
///   types as `format_type(oid, -1)` does (the statement's CPU went from 61 to 55 ms);
/// - constraints and indexes are found by their own schema (`connamespace`, the index's
///   `relnamespace`), not by joining their table and its schema again, and come unsorted: the
///   builder puts each table's in name order (25 to 9 ms for constraints, 25 to 16 for indexes);
/// - an index on expressions has its keys read by a statement of their own (a subquery per index
///   in the indexes statement made the planner's estimate cross `jit_above_cost`, and JIT
///   compiling took longer than the statement);
/// - `format_type` names only the types it must (row types and the user's arrays are named here
///   as it names them: on a new connection's empty caches it cost about 44 ms for 10,000 of them);
/// - partitions start from `pg_partitioned_table`, not a scan of every `pg_class` row (3.8 ms to
///   nothing measurable).
///
/// (Medians of seven fresh connections, on a busy machine, so the sizes more than the figures.)
///
/// Rows for relations that are not models (a partition's constraints and indexes) are skipped by
/// the builder, which knows the models by OID.
extension PostgresConnection {
    public func introspect(using db: Database) throws -> Registry {
        let userSchemas = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'"
        let userRelations = "c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition AND \(userSchemas)"
        // The user's relations, and composite types (relkind 'c': named here, they are not models).
        let relationsSQL = CompiledSQL("""
            SELECT c.oid::int8, n.nspname, c.relname, c.relkind::text, c.reltuples::int8, current_schema()::text, c.reltype::int8, \
            quote_ident(n.nspname), quote_ident(c.relname) \
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
            WHERE (c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition OR c.relkind = 'c') AND \(userSchemas) \
            ORDER BY n.nspname, c.relname
            """)
        let enumsSQL = CompiledSQL("""
            SELECT e.enumtypid::int8, e.enumlabel FROM pg_enum e ORDER BY e.enumtypid, e.enumsortorder
            """)
        // Every type but the catalog's own row types: the facts a column's kind is read from, a
        // domain's base type, and the names of the types a result column may have that the codec
        // does not know by OID. `format_type` names the catalog's arrays and the user's enums,
        // domains, ranges and base types; the user's row types and their arrays (two a table: 10,000
        // at 5,000 tables, where `format_type` on a new connection's empty caches cost 45 ms) are
        // named here from the relations statement, as `format_type` names them.
        // Column 10: whether the type has a default btree operator class (`FieldType.hasEquality`),
        // as PostgreSQL finds one: its own, one it is binary-coercible to implicitly (cidr to inet,
        // varchar to text), or the polymorphic one of enums, ranges and multiranges. An array's and
        // a domain's come from their element's and base type's, in the builder; a row type (and
        // the user's, two a table, are most of the rows at thousands of tables) is not asked.
        let typesSQL = CompiledSQL("""
            WITH btree(t) AS (SELECT o.opcintype FROM pg_opclass o JOIN pg_am a ON a.oid = o.opcmethod \
            WHERE a.amname = 'btree' AND o.opcdefault) \
            SELECT t.oid::int8, t.typtype::text, t.typcategory::text, t.typbasetype::int8, t.typtypmod::int8, \
            CASE WHEN t.typtype <> 'c' AND (t.typcategory <> 'A' OR t.typnamespace = 'pg_catalog'::regnamespace) \
            AND (t.typtype IN ('e', 'd', 'r', 'm') OR t.typcategory = 'A' OR t.typnamespace <> 'pg_catalog'::regnamespace) \
            THEN format_type(t.oid, NULL) END, \
            CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END, t.typelem::int8, \
            t.typnamespace <> 'pg_catalog'::regnamespace, \
            CASE WHEN t.typnamespace = 'pg_catalog'::regnamespace THEN format_type(t.oid, -1) END, \
            t.typtype <> 'c' AND t.typcategory <> 'A' AND ((CASE t.typtype WHEN 'e' THEN 'anyenum'::regtype::oid WHEN 'r' THEN 'anyrange'::regtype::oid \
            WHEN 'm' THEN to_regtype('anymultirange')::oid ELSE t.oid END) IN (SELECT b.t FROM btree b) \
            OR t.oid IN (SELECT c.castsource FROM pg_cast c WHERE c.castmethod = 'b' AND c.castcontext = 'i' \
            AND c.casttarget IN (SELECT b.t FROM btree b))) \
            FROM pg_type t WHERE t.typtype <> 'c' OR t.typnamespace <> 'pg_catalog'::regnamespace
            """)
        let columnsSQL = CompiledSQL("""
            SELECT a.attrelid::int8, a.attnum::int8, a.attname, \
            CASE WHEN a.atttypmod <> -1 THEN format_type(a.atttypid, a.atttypmod) END, a.attnotnull, \
            pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, a.attgenerated::text, a.atttypid::int8, a.atttypmod::int8 \
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
            WHERE a.attnum > 0 AND NOT a.attisdropped AND \(userRelations)
            """)
        let constraintsSQL = CompiledSQL("""
            SELECT k.conrelid::int8, k.conname, k.contype::text, k.conkey::text, k.confrelid::int8, \
            k.confkey::text, k.confupdtype::text, k.confdeltype::text, \
            CASE WHEN k.contype = 'c' THEN pg_get_constraintdef(k.oid, true) END, \
            k.condeferrable, k.condeferred \
            FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace \
            WHERE k.contype IN ('p', 'u', 'f', 'c') AND k.conrelid <> 0 AND \(userSchemas)
            """)
        let indexesSQL = CompiledSQL("""
            SELECT i.indrelid::int8, c.relname, i.indisunique, i.indisprimary, pg_get_expr(i.indpred, i.indrelid, true), \
            i.indkey::text, i.indnkeyatts::int8, i.indexprs IS NOT NULL, i.indexrelid::int8 \
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
            WHERE \(userSchemas)
            """)
        let expressionKeysSQL = CompiledSQL("""
            SELECT x.indexrelid::int8, x.k::int8, pg_get_indexdef(x.indexrelid, x.k, true) \
            FROM (SELECT i.indexrelid, generate_series(1, i.indnkeyatts::int) AS k FROM pg_index i \
            JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
            WHERE i.indexprs IS NOT NULL AND \(userRelations)) x ORDER BY 1, 2
            """)
        let commentsSQL = CompiledSQL("""
            SELECT d.objoid::int8, d.objsubid::int8, d.description FROM pg_description d \
            JOIN pg_class c ON c.oid = d.objoid JOIN pg_namespace n ON n.oid = c.relnamespace \
            WHERE d.classoid = 'pg_class'::regclass AND \(userRelations)
            """)
        let partitionsSQL = CompiledSQL("""
            SELECT p.oid::int8, pg_get_partkeydef(p.oid), n.nspname, c.relname, pg_get_expr(c.relpartbound, c.oid, true), \
            c.reltuples::int8 FROM pg_partitioned_table pt JOIN pg_class p ON p.oid = pt.partrelid \
            LEFT JOIN pg_inherits i ON i.inhparent = p.oid \
            LEFT JOIN pg_class c ON c.oid = i.inhrelid AND c.relispartition LEFT JOIN pg_namespace n ON n.oid = c.relnamespace \
            ORDER BY p.oid, c.relname
            """)
        // Enum labels first: libpq reads the pipeline's first statement row by row (it keeps the
        // single-row mode of the statement before), and they are the fewest rows.
        let batch = [enumsSQL, relationsSQL, typesSQL, columnsSQL, constraintsSQL, indexesSQL, expressionKeysSQL,
                     commentsSQL, partitionsSQL]
        var builder = PostgresCatalogBuilder()
        try db.logged(batch: batch, cause: .introspection) { done in
            try runCatalogBatch(batch, onRow: { i, row in
                switch i {
                case 0: builder.enumLabel(row)
                case 1: builder.relation(row)
                case 2: builder.type(row)
                case 3: builder.column(row)
                case 4: builder.constraint(row)
                case 5: builder.index(row)
                case 6: builder.expressionKey(row)
                case 7: builder.comment(row)
                default: builder.partition(row)
                }
            }, onDone: done)
        }
        let registry = builder.registry()
        typeNames.merge(builder.typeNames) { $1 }
        return registry
    }

    /// `((a || b) || c)` without the one pair of parentheses around the whole, as `pg_get_expr` prints
    /// a generated column's expression (shown inside `AS (...)`).
    static func unwrapped(_ e: String) -> String {
        guard e.hasPrefix("("), e.hasSuffix(")") else { return e }
        var depth = 0
        var quoted = false
        for (i, c) in e.enumerated() {
            if c == "'" { quoted.toggle() }
            if quoted { continue }
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1; if depth == 0 && i < e.count - 1 { return e } }
        }
        return String(e.dropFirst().dropLast())
    }
}
