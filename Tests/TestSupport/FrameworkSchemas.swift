import ORMCore

/// Schemas in the style of each framework's migrations, with a few rows, for `FrameworkSchemaTests`
/// (DriverTests) and `testFrameworkFixturesLoadAsSQLAlchemyLoadsThem` (CLITests, against SQLAlchemy itself).
/// The same text runs on both backends; `{ts}` is each backend's timestamp type.
public struct FrameworkSchema: Sendable {
    public var name: String
    public var statements: [String]

    public static let all = [django, rails, sqlalchemy, inheritance, orders, prisma]

    public func create(on db: Database, _ backend: Backend) throws {
        for s in statements {
            try db.execute(sql: s.replacingOccurrences(of: "{ts}", with: backend == .postgres ? "timestamp" : "datetime"))
        }
    }

    /// Django's auth app: every table `auth_`, surrogate-key link tables with a UNIQUE pair, a
    /// self-referential `through` model with data, a one-to-one profile, every key DEFERRABLE INITIALLY DEFERRED.
    public static let django = FrameworkSchema(name: "django", statements: [
        "CREATE TABLE auth_user (id integer PRIMARY KEY, username varchar(150) NOT NULL UNIQUE, email varchar(254) NOT NULL)",
        "CREATE TABLE auth_group (id integer PRIMARY KEY, name varchar(150) NOT NULL UNIQUE)",
        "CREATE TABLE auth_permission (id integer PRIMARY KEY, name varchar(255) NOT NULL, codename varchar(100) NOT NULL)",
        """
        CREATE TABLE auth_user_groups (id integer PRIMARY KEY,
          user_id integer NOT NULL CONSTRAINT auth_user_groups_user_id_fk REFERENCES auth_user (id) DEFERRABLE INITIALLY DEFERRED,
          group_id integer NOT NULL CONSTRAINT auth_user_groups_group_id_fk REFERENCES auth_group (id) DEFERRABLE INITIALLY DEFERRED,
          CONSTRAINT auth_user_groups_user_id_group_id_uniq UNIQUE (user_id, group_id))
        """,
        "CREATE INDEX auth_user_groups_group_id ON auth_user_groups (group_id)",
        """
        CREATE TABLE auth_group_permissions (id integer PRIMARY KEY,
          group_id integer NOT NULL REFERENCES auth_group (id) DEFERRABLE INITIALLY DEFERRED,
          permission_id integer NOT NULL REFERENCES auth_permission (id) DEFERRABLE INITIALLY DEFERRED,
          CONSTRAINT auth_group_permissions_group_id_permission_id_uniq UNIQUE (group_id, permission_id))
        """,
        """
        CREATE TABLE auth_user_user_permissions (id integer PRIMARY KEY,
          user_id integer NOT NULL REFERENCES auth_user (id) DEFERRABLE INITIALLY DEFERRED,
          permission_id integer NOT NULL REFERENCES auth_permission (id) DEFERRABLE INITIALLY DEFERRED,
          CONSTRAINT auth_user_user_permissions_uniq UNIQUE (user_id, permission_id))
        """,
        """
        CREATE TABLE auth_profile (id integer PRIMARY KEY,
          user_id integer NOT NULL UNIQUE REFERENCES auth_user (id) DEFERRABLE INITIALLY DEFERRED, bio text NOT NULL)
        """,
        """
        CREATE TABLE auth_follow (id integer PRIMARY KEY,
          from_user_id integer NOT NULL REFERENCES auth_user (id) DEFERRABLE INITIALLY DEFERRED,
          to_user_id integer NOT NULL REFERENCES auth_user (id) DEFERRABLE INITIALLY DEFERRED,
          created_at {ts} NOT NULL, CONSTRAINT auth_follow_uniq UNIQUE (from_user_id, to_user_id))
        """,
        // Deferred keys: the link rows may come before the rows they refer to, inside one transaction.
        "BEGIN",
        "INSERT INTO auth_user_groups (id, user_id, group_id) VALUES (1, 1, 1), (2, 1, 2), (3, 2, 1)",
        "INSERT INTO auth_user (id, username, email) VALUES (1, 'alice', 'a@x'), (2, 'bob', 'b@x'), (3, 'carol', 'c@x')",
        "INSERT INTO auth_group (id, name) VALUES (1, 'editors'), (2, 'admins'), (3, 'empty')",
        "COMMIT",
        "INSERT INTO auth_permission (id, name, codename) VALUES (1, 'Can add', 'add'), (2, 'Can change', 'change'), (3, 'Can delete', 'delete')",
        "INSERT INTO auth_group_permissions (id, group_id, permission_id) VALUES (1, 1, 1), (2, 1, 2), (3, 2, 3)",
        "INSERT INTO auth_user_user_permissions (id, user_id, permission_id) VALUES (1, 3, 3)",
        "INSERT INTO auth_profile (id, user_id, bio) VALUES (1, 1, 'hi'), (2, 2, '')",
        "INSERT INTO auth_follow (id, from_user_id, to_user_id, created_at) VALUES (1, 1, 2, '2024-01-01 10:00:00'), (2, 1, 3, '2024-01-02 10:00:00'), (3, 2, 1, '2024-01-03 10:00:00')",
    ])

    /// Rails: `bigint id` everywhere, plural table names, join models with their own timestamps and
    /// no unique pair, named foreign keys.
    public static let rails = FrameworkSchema(name: "rails", statements: [
        "CREATE TABLE users (id bigint PRIMARY KEY, email varchar NOT NULL, created_at {ts} NOT NULL, updated_at {ts} NOT NULL)",
        "CREATE TABLE groups (id bigint PRIMARY KEY, name varchar NOT NULL, created_at {ts} NOT NULL, updated_at {ts} NOT NULL)",
        """
        CREATE TABLE memberships (id bigint PRIMARY KEY, user_id bigint NOT NULL, group_id bigint NOT NULL, role varchar,
          created_at {ts} NOT NULL, updated_at {ts} NOT NULL,
          CONSTRAINT fk_rails_99326fb65d FOREIGN KEY (user_id) REFERENCES users (id),
          CONSTRAINT fk_rails_aaf389f138 FOREIGN KEY (group_id) REFERENCES groups (id))
        """,
        "CREATE INDEX index_memberships_on_user_id ON memberships (user_id)",
        "CREATE INDEX index_memberships_on_group_id ON memberships (group_id)",
        """
        CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint NOT NULL, title varchar, created_at {ts} NOT NULL, updated_at {ts} NOT NULL,
          CONSTRAINT fk_rails_5b5ddfd518 FOREIGN KEY (user_id) REFERENCES users (id))
        """,
        """
        CREATE TABLE comments (id bigint PRIMARY KEY, post_id bigint NOT NULL, user_id bigint NOT NULL, body text,
          created_at {ts} NOT NULL, updated_at {ts} NOT NULL,
          CONSTRAINT fk_rails_2fd19c0db7 FOREIGN KEY (post_id) REFERENCES posts (id),
          CONSTRAINT fk_rails_03de2dc08c FOREIGN KEY (user_id) REFERENCES users (id))
        """,
        "INSERT INTO users VALUES (1, 'dhh@x', '2024-01-01 00:00:00', '2024-01-01 00:00:00'), (2, 'matz@x', '2024-01-01 00:00:00', '2024-01-01 00:00:00'), (3, 'tl@x', '2024-01-01 00:00:00', '2024-01-01 00:00:00')",
        "INSERT INTO groups VALUES (1, 'core', '2024-01-01 00:00:00', '2024-01-01 00:00:00'), (2, 'docs', '2024-01-01 00:00:00', '2024-01-01 00:00:00')",
        "INSERT INTO memberships VALUES (1, 1, 1, 'owner', '2024-02-01 00:00:00', '2024-02-02 00:00:00'), (2, 2, 1, NULL, '2024-02-01 00:00:00', '2024-02-01 00:00:00'), (3, 2, 2, 'member', '2024-02-03 00:00:00', '2024-02-03 00:00:00')",
        "INSERT INTO posts VALUES (1, 1, 'Rails 8', '2024-03-01 00:00:00', '2024-03-01 00:00:00'), (2, 2, 'Ruby 3.4', '2024-03-02 00:00:00', '2024-03-02 00:00:00')",
        "INSERT INTO comments VALUES (1, 1, 2, 'nice', '2024-03-03 00:00:00', '2024-03-03 00:00:00'), (2, 1, 3, '+1', '2024-03-04 00:00:00', '2024-03-04 00:00:00'), (3, 2, 1, 'thanks', '2024-03-05 00:00:00', '2024-03-05 00:00:00')",
    ])

    /// SQLAlchemy: an association `Table` with no primary key and nullable keys (the default for a
    /// `Column(ForeignKey(...))`), and a self-referential `followers` table with no key at all.
    public static let sqlalchemy = FrameworkSchema(name: "sqlalchemy", statements: [
        "CREATE TABLE parent (id integer PRIMARY KEY, name text NOT NULL)",
        "CREATE TABLE child (id integer PRIMARY KEY, name text NOT NULL)",
        "CREATE TABLE association (left_id integer REFERENCES parent (id), right_id integer REFERENCES child (id))",
        "CREATE TABLE user_account (id integer PRIMARY KEY, name text NOT NULL)",
        """
        CREATE TABLE followers (follower_id integer NOT NULL REFERENCES user_account (id),
          followed_id integer NOT NULL REFERENCES user_account (id))
        """,
        "INSERT INTO parent VALUES (1, 'p1'), (2, 'p2'), (3, 'p3')",
        "INSERT INTO child VALUES (1, 'c1'), (2, 'c2'), (3, 'c3')",
        "INSERT INTO association VALUES (1, 1), (1, 2), (2, 2), (3, NULL), (NULL, 3)",
        "INSERT INTO user_account VALUES (1, 'ann'), (2, 'ben'), (3, 'cat')",
        "INSERT INTO followers VALUES (1, 2), (1, 3), (2, 1)",
    ])

    /// Joined-table inheritance (SQLAlchemy's Employee / Manager / Engineer): each child's primary key
    /// is a foreign key to the parent's; an engineer may also have a manager.
    public static let inheritance = FrameworkSchema(name: "inheritance", statements: [
        "CREATE TABLE employee (id integer PRIMARY KEY, name text NOT NULL, type varchar(20) NOT NULL)",
        "CREATE TABLE manager (id integer PRIMARY KEY REFERENCES employee (id), budget integer)",
        "CREATE TABLE engineer (id integer PRIMARY KEY REFERENCES employee (id), language text, manager_id integer REFERENCES manager (id))",
        "INSERT INTO employee VALUES (1, 'Mia', 'manager'), (2, 'Eli', 'engineer'), (3, 'Eva', 'engineer'), (4, 'Sam', 'employee')",
        "INSERT INTO manager VALUES (1, 1000)",
        "INSERT INTO engineer VALUES (2, 'swift', 1), (3, 'go', NULL)",
    ])

    /// An order line with its own data (quantity, the price paid): two keys and no unique pair.
    public static let orders = FrameworkSchema(name: "orders", statements: [
        "CREATE TABLE customer (id integer PRIMARY KEY, name text NOT NULL)",
        "CREATE TABLE product (id integer PRIMARY KEY, name text NOT NULL, price_cents integer NOT NULL)",
        "CREATE TABLE \"order\" (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES customer (id), placed_at {ts} NOT NULL)",
        """
        CREATE TABLE order_line (id integer PRIMARY KEY, order_id integer NOT NULL REFERENCES "order" (id),
          product_id integer NOT NULL REFERENCES product (id), quantity integer NOT NULL, price_cents integer NOT NULL)
        """,
        "INSERT INTO customer VALUES (1, 'Ada'), (2, 'Bo')",
        "INSERT INTO product VALUES (1, 'pen', 150), (2, 'ink', 900), (3, 'pad', 300)",
        "INSERT INTO \"order\" VALUES (1, 1, '2024-05-01 09:00:00'), (2, 1, '2024-05-02 09:00:00'), (3, 2, '2024-05-03 09:00:00')",
        "INSERT INTO order_line VALUES (1, 1, 1, 2, 150), (2, 1, 2, 1, 850), (3, 2, 1, 10, 140)",
    ])

    /// Prisma's migrations: quoted PascalCase tables, camelCase columns (`"authorId"`), an implicit
    /// many-to-many table `"_CategoryToPost"` with columns `"A"` (the first model by name) and `"B"`,
    /// a unique index on the pair and one on `"B"`, and `"_prisma_migrations"`.
    public static let prisma = FrameworkSchema(name: "prisma", statements: [
        #"CREATE TABLE "_prisma_migrations" (id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL, migration_name varchar(255) NOT NULL, started_at {ts} NOT NULL)"#,
        #"CREATE TABLE "User" (id integer PRIMARY KEY, email text NOT NULL, name text, "createdAt" {ts} NOT NULL)"#,
        #"CREATE UNIQUE INDEX "User_email_key" ON "User" (email)"#,
        #"CREATE TABLE "Category" (id integer PRIMARY KEY, name text NOT NULL)"#,
        #"""
        CREATE TABLE "Post" (id integer PRIMARY KEY, title text NOT NULL, "authorId" integer NOT NULL, "publishedAt" {ts},
          CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" (id) ON DELETE RESTRICT ON UPDATE CASCADE)
        """#,
        #"""
        CREATE TABLE "_CategoryToPost" ("A" integer NOT NULL, "B" integer NOT NULL,
          CONSTRAINT "_CategoryToPost_A_fkey" FOREIGN KEY ("A") REFERENCES "Category" (id) ON DELETE CASCADE ON UPDATE CASCADE,
          CONSTRAINT "_CategoryToPost_B_fkey" FOREIGN KEY ("B") REFERENCES "Post" (id) ON DELETE CASCADE ON UPDATE CASCADE)
        """#,
        #"CREATE UNIQUE INDEX "_CategoryToPost_AB_unique" ON "_CategoryToPost" ("A", "B")"#,
        #"CREATE INDEX "_CategoryToPost_B_index" ON "_CategoryToPost" ("B")"#,
        #"INSERT INTO "User" VALUES (1, 'ada@x', 'Ada', '2024-01-01 00:00:00'), (2, 'bob@x', 'Bob', '2024-01-01 00:00:00'), (3, 'cy@x', NULL, '2024-01-01 00:00:00')"#,
        #"INSERT INTO "Category" VALUES (1, 'news'), (2, 'tech'), (3, 'empty')"#,
        #"INSERT INTO "Post" VALUES (1, 'Hello', 1, NULL), (2, 'Swift', 1, '2024-02-01 00:00:00'), (3, 'Rust', 2, NULL)"#,
        #"INSERT INTO "_CategoryToPost" VALUES (1, 1), (2, 2), (2, 3), (1, 3)"#,
    ])

    /// A Rails database whose migrations made no foreign keys (before Rails 4.2, or `t.references`
    /// without `foreign_key: true`, and `create_join_table`): `bigint` `*_id` columns only, a join
    /// table without an id, and a polymorphic pair (`commentable_type`, `commentable_id`). Not in
    /// `all`: without `--infer-keys` it has no relationships at all.
    public static let railsWithoutKeys = FrameworkSchema(name: "rails-without-keys", statements: [
        "CREATE TABLE users (id bigint PRIMARY KEY, email varchar NOT NULL)",
        "CREATE TABLE categories (id bigint PRIMARY KEY, name varchar NOT NULL, parent_id bigint)",
        "CREATE TABLE products (id bigint PRIMARY KEY, name varchar NOT NULL, category_id bigint, owner_id bigint)",
        "CREATE TABLE categories_products (category_id bigint NOT NULL, product_id bigint NOT NULL)",
        "CREATE INDEX index_categories_products_on_category_id_and_product_id ON categories_products (category_id, product_id)",
        "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL, product_id bigint NOT NULL, quantity integer NOT NULL)",
        "CREATE TABLE comments (id bigint PRIMARY KEY, body text, commentable_type varchar, commentable_id bigint, user_id bigint)",
        "INSERT INTO users VALUES (1, 'a@x'), (2, 'b@x')",
        "INSERT INTO categories VALUES (1, 'tools', NULL), (2, 'toys', NULL), (3, 'hammers', 1), (4, 'claw hammers', 3)",
        "INSERT INTO products VALUES (1, 'hammer', 1, NULL), (2, 'ball', 2, NULL), (3, 'kite', 2, NULL)",
        "INSERT INTO categories_products VALUES (1, 1), (2, 2), (2, 3), (1, 3)",
        "INSERT INTO orders VALUES (1, 1, 1, 2), (2, 1, 3, 1), (3, 2, 2, 5)",
        "INSERT INTO comments VALUES (1, 'nice', 'Product', 1, 2)",
    ])
}
