import Foundation
import ORMCore

/// Builds the demo database on any empty database, through the ORM core: DDL as scripts,
/// rows as compiled multi-row INSERTs. Deterministic: the same rows every time.
public enum DemoDatabase {
    public struct Size: Sendable {
        public var teams = 60, heroes = 6_000, powers = 40, employees = 500, users = 200
        public var assessmentsPerUser = 2, questionsPerAssessment = 5
        public init() {}
        /// A small demo for tests.
        public static let small: Size = {
            var s = Size()
            s.teams = 6; s.heroes = 60; s.powers = 8; s.employees = 20; s.users = 5
            return s
        }()
    }

    /// Creates the tables and rows in one transaction (all or nothing).
    public static func create(on db: Database, size: Size = Size()) throws {
        try db.withAction("create demo database") {
            try db.transaction {
                for sql in DemoSchema.statements(for: db.dialect) { try db.execute(sql: sql) }
                var rows = DemoRows(size: size)
                try rows.insert(into: db)
            }
            // PostgreSQL's row estimates stay unknown until a table is analysed (SQLite's come
            // from max(rowid)): statistics now, so the explorer shows them at once.
            if db.dialect.name == Dialect.postgres.name { try db.execute(sql: "ANALYZE") }
        }
    }
}

/// The demo's rows, from a fixed-seed generator.
struct DemoRows {
    let size: DemoDatabase.Size
    var rng = SplitMix64(seed: 20_260_101)

    init(size: DemoDatabase.Size) { self.size = size }

    static let teamNames = ["Preventers", "Z-Force", "Avengers", "Justice League", "X-Men", "Fantastic Four", "Guardians",
                            "Titans", "Watchmen", "Defenders", "Thunderbolts", "Runaways", "复仇者联盟", "ヒーロー協会",
                            "Équipe Étoile", "Команда", "🦸 Squad", "Doom Patrol", "Inhumans", "Eternals"]
    static let first = ["Deadpond", "Spider-Boy", "Rusty-Man", "Tarantula", "Black Lion", "Dr. Weird", "Captain North",
                        "Storm", "Nightshade", "孙悟空", "ナルト", "Zoë", "Ægir", "Björk", "Émile", "Łucja", "🔥Blaze",
                        "Iceberg", "Quicksilver", "Moonwalker", "Thunder", "Echo", "Vortex", "Cipher", "Nova"]
    static let powerNames = ["flight", "strength", "speed", "invisibility", "telepathy", "healing", "fire", "ice",
                             "shapeshifting", "teleportation", "time travel", "magnetism", "weather", "x-ray vision",
                             "super hearing", "elasticity", "regeneration", "force field", "illusion", "laser eyes"]
    static let roles = ["member", "leader", "trainee"]

    mutating func insert(into db: Database) throws {
        var rows: [[Value]] = []
        for t in 0..<size.teams {
            let base = DemoRows.teamNames[t % DemoRows.teamNames.count]
            let name = t < DemoRows.teamNames.count ? base : "\(base) \(t / DemoRows.teamNames.count + 1)"
            rows.append([.text(name), t % 7 == 3 ? .null : .text(["Sharp Tower", "Sister Margaret's Bar", "東京タワー", "Avengers Mansion", ""][t % 5])])
        }
        try put(db, "team", ["name", "headquarters"], rows)

        rows = []
        for h in 0..<size.heroes {
            let name = DemoRows.first[h % DemoRows.first.count] + (h < DemoRows.first.count ? "" : " \(h / DemoRows.first.count + 1)")
            let age: Value = rng.next(10) < 2 ? .null : .int(Int64(16 + rng.next(70)))
            let team: Value = rng.next(10) == 0 ? .null : .int(Int64(1 + rng.next(size.teams)))
            let secret = h % 11 == 5 ? "" : "Secret \(h + 1)"
            rows.append([.text(name), .text(secret), age, team, .timestamp(timestamp(h))])
        }
        try put(db, "hero", ["name", "secret_name", "age", "team_id", "created_at"], rows)

        rows = []
        for p in 0..<size.powers {
            let base = DemoRows.powerNames[p % DemoRows.powerNames.count]
            rows.append([.text(p < DemoRows.powerNames.count ? base : "\(base) \(p / DemoRows.powerNames.count + 1)"),
                         p % 4 == 0 ? .null : .text("The power of \(base).")])
        }
        try put(db, "power", ["name", "description"], rows)

        rows = []
        for h in 1...size.heroes {
            var chosen = Set<Int>()
            for _ in 0..<(1 + rng.next(3)) { chosen.insert(1 + rng.next(size.powers)) }
            for p in chosen.sorted() {
                rows.append([.int(Int64(h)), .int(Int64(p)), .text(DemoRows.roles[rng.next(3)]), .timestamp(timestamp(h + p))])
            }
        }
        try put(db, "hero_power_link", ["hero_id", "power_id", "role", "joined_at"], rows)

        rows = []
        for e in 0..<size.employees {
            // A tree: employee 1 is the CEO, each next one reports to someone earlier.
            let manager: Value = e == 0 ? .null : .int(Int64(1 + rng.next(max(1, e / 3 + 1))))
            rows.append([.text(DemoRows.first[e % DemoRows.first.count] + " \(e + 1)"),
                         .text(["CEO", "VP", "Director", "Manager", "Engineer", "Analyst"][min(5, e == 0 ? 0 : 1 + e / 40)]), manager])
        }
        try put(db, "employee", ["name", "title", "manager_id"], rows)

        var users: [UUID] = [], questions: [(UUID, UUID)] = []
        rows = []
        for u in 0..<size.users {
            let id = rng.uuid()
            users.append(id)
            rows.append([.uuid(id), .text("user\(u + 1)@example.com"), .text("$argon2id$v=19$demo\(u)"), .bool(u % 9 != 4), .timestamp(timestamp(u))])
        }
        try put(db, "app_user", ["id", "email", "hashed_password", "is_active", "created_at"], rows)

        rows = []
        var qrows: [[Value]] = []
        for user in users {
            for a in 0..<size.assessmentsPerUser {
                let id = rng.uuid()
                rows.append([.uuid(id), .uuid(user), .text(["Onboarding", "Quarterly review", "Skills check"][a % 3]),
                             a % 2 == 0 ? .text("Answer honestly.") : .null, a % 2 == 0 ? .timestamp(timestamp(a)) : .null])
                for q in 0..<size.questionsPerAssessment {
                    let qid = rng.uuid()
                    questions.append((qid, user))
                    qrows.append([.uuid(qid), .uuid(id), .int(Int64(q + 1)), .text("Question \(q + 1): how do you rate \(DemoRows.powerNames[q % 20])?")])
                }
            }
        }
        try put(db, "assessment", ["id", "user_id", "title", "description", "completed_at"], rows)
        try put(db, "question", ["id", "assessment_id", "position", "text"], qrows)

        rows = []
        for (i, (qid, user)) in questions.enumerated() where i % 3 != 2 {
            rows.append([.uuid(rng.uuid()), .uuid(user), .uuid(qid), .text(String(1 + rng.next(5))), .timestamp(timestamp(i))])
        }
        try put(db, "answer", ["id", "user_id", "question_id", "value", "updated_at"], rows)
    }

    /// Multi-row INSERTs of at most 500 rows each (SQLite's bound-value limit is far above that).
    func put(_ db: Database, _ table: String, _ columns: [String], _ rows: [[Value]]) throws {
        var start = 0
        while start < rows.count {
            let chunk = Array(rows[start..<min(rows.count, start + 500)])
            try db.execute(.insert(Insert(into: TableRef(table), columns: columns, rows: chunk)), cause: .script)
            start += 500
        }
    }

    func timestamp(_ n: Int) -> String {
        let day = 1 + n % 28, month = 1 + (n / 28) % 12, hour = n % 24, minute = (n * 7) % 60
        return String(format: "2025-%02d-%02d %02d:%02d:00", month, day, hour, minute)
    }
}

/// A small deterministic generator (SplitMix64), so the demo is the same on every machine.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func nextUInt64() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func next(_ bound: Int) -> Int { Int(nextUInt64() % UInt64(max(1, bound))) }
    mutating func uuid() -> UUID {
        let a = nextUInt64(), b = nextUInt64()
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 { bytes[i] = UInt8((a >> (8 * UInt64(i))) & 0xff); bytes[8 + i] = UInt8((b >> (8 * UInt64(i))) & 0xff) }
        bytes[6] = (bytes[6] & 0x0f) | 0x40  // version 4
        bytes[8] = (bytes[8] & 0x3f) | 0x80  // variant
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
