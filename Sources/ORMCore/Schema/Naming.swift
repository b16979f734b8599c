/// The naming rule for inferred relationships, deterministic and documented in the README
/// ("Relationships and loading"):
///
/// - Names are made from a model's *short name*: the table part of its name (never its schema), with
///   every character that is not a letter, digit or `_` replaced by `_` (`"sx.ty"` → `sx_ty`), and
///   without an app prefix that its tables share (`auth_user` → `user`; see `NameBook`).
/// - many-to-one: the foreign key column without its `_id` suffix (`team_id` → `team`,
///   `manager_id` → `manager`) or a camelCase name's `Id` (`authorId` → `author`); the target's
///   short name, singular, when the key is composite or has no such suffix (`users` → `user`).
/// - one-to-many: the plural of the referencing model (`team.heroes`, `auth_user.user_groups`); for a
///   self-reference or a second key from the same table to the same target, when the key is not named
///   after the target, `<plural>_by_<many-to-one name>` (`employee.employees_by_manager`).
/// - one-to-one (the referencing columns are unique): from the referencing side as a many-to-one is
///   named; from the referenced side the referencing model's short name, singular (`user.profile`).
/// - many-to-many through a link table: the plural of the far side (`user.groups`, `group.users`);
///   through a link to the same table, the plural of the far foreign key's name (`user.to_users`).
///   When two such paths (or a path and a field or relationship) would share a name, each becomes
///   `<name>_via_<link's short name>` (`user.posts_via_comments`).
/// - a name still taken by a field or another relationship gets `_rel`, then `_2`, `_3`, ...
/// A declared relationship's name always wins.
public enum Naming {
    /// `hero_power_link` → `HeroPowerLink`, `audit.store` → `Store`.
    public static func className(_ model: String) -> String {
        let base = bare(model)
        // Performance only (asked for every model at 5,000 tables): an ASCII name is done byte by byte.
        let ascii: String? = withUTF8Buffer(base) { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count) { out in
                var n = 0
                var start = true
                for b in bytes {
                    if b == UInt8(ascii: "_") { start = true; continue }
                    out[n] = start && b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") ? b - 0x20 : b
                    n += 1
                    start = false
                }
                return n
            }
        }
        if let name = ascii { return name }
        return base.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// English plural of a name's last word, never doubled: `hero` → `heroes`, `category` →
    /// `categories`, `person` → `people`, `status` → `statuses`, and `groups`, `user_groups`,
    /// `people` and participles (`followed`) stay as they are.
    public static func plural(_ name: String) -> String {
        let (head, word) = splitLast(name)
        let w = word.lowercased()
        let e = listed[w]
        if isPlural(word, w, e) { return name }
        return head + pluralWord(word, w, e)
    }

    /// English singular of a name's last word: `categories` → `category`, `people` → `person`,
    /// `statuses` → `status`, `user_groups` → `user_group`; a singular word stays as it is.
    public static func singular(_ name: String) -> String {
        let (head, word) = splitLast(name)
        let w = word.lowercased()
        return head + singularWord(word, w, listed[w])
    }

    /// The table part of a model's canonical name, as an identifier (`"sx.ty"` → `sx_ty`).
    static func bare(_ model: String) -> String {
        // Performance only: a plain canonical name (no quotes, no dot) is its own table part and identifier.
        if ModelName.isPlain(model) { return model }
        if !model.utf8.contains(UInt8(ascii: "\"")),
           let table = model.utf8.lastIndex(of: UInt8(ascii: ".")).map({ String(model[model.index(after: $0)...]) }) ?? Optional(model),
           ModelName.isPlain(table) { return table }
        return identifier(ModelName(canonical: model)?.table ?? model)
    }

    /// `text` with every character but letters, digits and `_` replaced by `_`.
    static func identifier(_ text: String) -> String {
        // Performance only: ASCII letters, digits and `_` (nearly every table name) stay as they are.
        if withUTF8Buffer(text, { $0.allSatisfy { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F } }) { return text }
        return String(text.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
    }

    /// A many-to-one's name when its key names it: the one column without `_id` (`team_id` → `team`),
    /// or without the `Id` / `ID` of a camelCase name (Prisma's, TypeORM's, Sequelize's `authorId` →
    /// `author`, `userID` → `user`); `nil` for a composite key or a column without such a suffix
    /// (then the name is the target's short name, singular: `RelationshipInference`).
    static func columnName(_ columns: [String]) -> String? {
        guard columns.count == 1 else { return nil }
        let c = columns[0]
        // Performance only: an ASCII name is checked byte by byte (the same answer as below).
        // (`nil`: not ASCII; `.some(nil)`: no such suffix.)
        let ascii: String?? = withUTF8Buffer(c) { u in
            guard u.allSatisfy({ $0 < 0x80 }) else { return nil }
            let n = u.count
            if n > 3, u[n - 3] == UInt8(ascii: "_"), u[n - 2] | 0x20 == UInt8(ascii: "i"), u[n - 1] | 0x20 == UInt8(ascii: "d") {
                return identifier(String(decoding: UnsafeBufferPointer(rebasing: u[..<(n - 3)]), as: UTF8.self))
            }
            if n > 2, u[n - 2] == UInt8(ascii: "I"), u[n - 1] | 0x20 == UInt8(ascii: "d"),
               (u[n - 3] >= UInt8(ascii: "a") && u[n - 3] <= UInt8(ascii: "z")) || (u[n - 3] >= UInt8(ascii: "0") && u[n - 3] <= UInt8(ascii: "9")) {
                return identifier(String(decoding: UnsafeBufferPointer(rebasing: u[..<(n - 2)]), as: UTF8.self))
            }
            return .some(nil)
        }
        if let name = ascii { return name }
        if c.lowercased().hasSuffix("_id"), c.count > 3 { return identifier(String(c.dropLast(3))) }
        if c.count > 2, c.hasSuffix("Id") || c.hasSuffix("ID"), let before = c.dropLast(2).last, before.isLowercase || before.isNumber {
            return identifier(String(c.dropLast(2)))
        }
        return nil
    }

    // MARK: English words

    private static func splitLast(_ name: String) -> (String, String) {
        // (Searched as UTF-8: `_` is one byte and never part of another character.)
        guard let i = name.utf8.lastIndex(of: UInt8(ascii: "_")), name.index(after: i) != name.endIndex else { return ("", name) }
        return (String(name[...i]), String(name[name.index(after: i)...]))
    }

    /// Words whose plural is the word itself.
    private static let uncountable: Set<String> = [
        "data", "metadata", "information", "equipment", "news", "series", "species", "sheep", "fish", "deer",
        "media", "staff", "feedback", "software", "hardware", "money", "rice", "advice", "music", "luggage", "info",
    ]
    /// Singular → plural where the rules below do not give it.
    private static let irregular: [String: String] = [
        "person": "people", "child": "children", "man": "men", "woman": "women", "mouse": "mice", "goose": "geese",
        "foot": "feet", "tooth": "teeth", "ox": "oxen", "datum": "data", "criterion": "criteria", "medium": "media",
        "analysis": "analyses", "basis": "bases", "crisis": "crises", "thesis": "theses", "axis": "axes",
        "matrix": "matrices", "vertex": "vertices", "leaf": "leaves", "life": "lives", "knife": "knives",
        "wife": "wives", "half": "halves", "shelf": "shelves", "wolf": "wolves", "thief": "thieves", "quiz": "quizzes",
        "movie": "movies", "cookie": "cookies", "shoe": "shoes", "cache": "caches", "toe": "toes", "canoe": "canoes",
        "photo": "photos", "logo": "logos", "memo": "memos", "repo": "repos", "demo": "demos", "todo": "todos",
        "promo": "promos", "typo": "typos", "combo": "combos", "piano": "pianos", "zero": "zeros", "auto": "autos",
        "pro": "pros", "kilo": "kilos", "disco": "discos", "casino": "casinos", "euro": "euros", "silo": "silos",
    ]
    private static let irregularSingular: [String: String] = Dictionary(irregular.map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    /// Singular words that end in `s` where the rules would read a plural.
    private static let singularS: Set<String> = [
        "gas", "canvas", "atlas", "alias", "lens", "bias", "iris", "chaos", "cosmos", "ethos", "kudos", "pathos",
        "status", "bus", "campus", "virus", "bonus", "census", "corpus", "focus", "genus", "apparatus", "prospectus",
        "address", "class", "process", "access", "business", "boss", "glass", "pass", "success", "progress",
        "analysis", "axis", "basis", "plus", "minus", "radius", "stimulus", "syllabus", "alumnus",
    ]
    /// `singularS` words with `es`: their plurals (`statuses`).
    private static let singularSes: [String] = singularS.map { $0 + "es" }
    /// Irregular words that end compound words (`salesperson` → `salespeople`, `grandchild`).
    private static let compoundIrregular: [(String, String)] = [("person", "people"), ("child", "children"), ("woman", "women")]
    private static let vowels: Set<Character> = ["a", "e", "i", "o", "u"]

    /// What the lists above say of a lower-cased word, in one table (performance only: one lookup
    /// instead of one per list).
    private struct Listed {
        var uncountable = false
        /// `irregular[w]`
        var plural: String?
        /// `irregularSingular[w]`
        var singular: String?
    }
    private static let listed: [String: Listed] = {
        var t: [String: Listed] = [:]
        for w in uncountable { t[w, default: Listed()].uncountable = true }
        for (w, p) in irregular { t[w, default: Listed()].plural = p }
        for (w, s) in irregularSingular { t[w, default: Listed()].singular = s }
        return t
    }()

    /// (`w`: the word lower-cased, as each of these three compares it; `e`: `listed[w]`.)
    private static func isPlural(_ word: String, _ w: String, _ e: Listed?) -> Bool {
        if let e {
            if e.uncountable || e.singular != nil { return true }
            if e.plural != nil { return false }
        }
        // Performance only: without a final `s`, only a compound irregular plural (`salespeople`) is one.
        if w.utf8.last != UInt8(ascii: "s") { return compoundIrregular.contains { w.hasSuffix($0.1) } }
        let s = singularWord(word, w, e)
        let ls = s.lowercased()
        return ls != w && pluralWord(s, ls, listed[ls]).lowercased() == w
    }

    /// Keeps the word's own case for its stem; endings are lower case.
    private static func pluralWord(_ word: String, _ w: String, _ e: Listed?) -> String {
        guard !w.isEmpty, endsInLetter(w) else { return word + "s" }
        if e?.uncountable == true || isParticiple(w) { return word }
        if let p = e?.plural { return String(word.prefix(commonPrefix(w, p))) + p.dropFirst(commonPrefix(w, p)) }
        for (s, p) in compoundIrregular where w.hasSuffix(s) { return word.dropLast(s.count) + p }
        if w.hasSuffix("s") || w.hasSuffix("x") || w.hasSuffix("z") || w.hasSuffix("ch") || w.hasSuffix("sh") { return word + "es" }
        if w.hasSuffix("y"), w.count > 1, !vowels.contains(w[w.index(w.endIndex, offsetBy: -2)]) { return word.dropLast() + "ies" }
        if w.hasSuffix("o"), w.count > 1, !vowels.contains(w[w.index(w.endIndex, offsetBy: -2)]) { return word + "es" }
        return word + "s"
    }

    private static func singularWord(_ word: String, _ w: String, _ e: Listed?) -> String {
        let uncountable = e?.uncountable == true, irregular = e?.plural != nil
        // Performance only: a word without a final `s` is singular unless it is an irregular plural.
        if w.utf8.last != UInt8(ascii: "s"), !uncountable, !irregular {
            if let s = e?.singular { return String(word.prefix(commonPrefix(w, s))) + s.dropFirst(commonPrefix(w, s)) }
            for (s, p) in compoundIrregular where w.hasSuffix(p) { return word.dropLast(p.count) + s }
            return word
        }
        if w.count < 3 || uncountable || singularS.contains(w) || irregular { return word }
        if let s = e?.singular { return String(word.prefix(commonPrefix(w, s))) + s.dropFirst(commonPrefix(w, s)) }
        for (s, p) in compoundIrregular where w.hasSuffix(p) { return word.dropLast(p.count) + s }
        // (Every rule below removes an `s`: a word that does not end in one is singular already.)
        guard w.hasSuffix("s") else { return word }
        for s in singularSes where w.hasSuffix(s) { return String(word.dropLast(2)) }
        for s in singularS where w.hasSuffix(s) { return word }
        if w.hasSuffix("ies"), w.count > 4 { return word.dropLast(3) + "y" }
        if w.hasSuffix("sses") || w.hasSuffix("xes") || w.hasSuffix("ches") || w.hasSuffix("shes")
            || w.hasSuffix("oes") {
            return String(word.dropLast(2))
        }
        if w.hasSuffix("ss") || w.hasSuffix("is") { return word }
        if w.hasSuffix("s") { return String(word.dropLast()) }
        return word
    }

    /// A past participle, which names a set as it is (`followed`, `blocked`, `invited`: a link's far
    /// key `followed_id` gives `user.followed`, never `followeds`): a word of five letters or more in
    /// `ed`, but not in `eed` (`seed`, `feed`) or `bed` (`seabed`), and not `hundred`.
    private static func isParticiple(_ w: String) -> Bool {
        w.utf8.count >= 5 && w.hasSuffix("ed") && !w.hasSuffix("eed") && !w.hasSuffix("bed") && w != "hundred"
    }

    /// `w.last!.isLetter` (for a non-empty `w`).
    private static func endsInLetter(_ w: String) -> Bool {
        // Performance only: when the last two bytes are ASCII, the last character is the last byte
        // (only `\r\n` joins two ASCII bytes, and a non-ASCII prepended mark would be the byte before).
        let u = w.utf8
        if let last = u.last, last < 0x80, u.count == 1 || u[u.index(u.endIndex, offsetBy: -2)] < 0x80 {
            return (last | 0x20) >= UInt8(ascii: "a") && (last | 0x20) <= UInt8(ascii: "z")
        }
        return w.last!.isLetter
    }

    private static func commonPrefix(_ a: String, _ b: String) -> Int {
        zip(a, b).prefix { $0 == $1 }.count
    }
}

/// Short names for models as relationship names use them: the table part without an app prefix.
///
/// An app prefix is the part of a table's name before its first `_` (`auth` of `auth_user`) when at
/// least two tables start with it, no model is named it (singular or plural), and it is an app's:
/// one of its tables is named as Django names a model's (the prefix and one singular word:
/// `auth_user`), or every table has it (`wp_posts`, `wp_users`). `auth_user`, `auth_group` → `user`,
/// `group`; but `hero_power_link` keeps its name beside a table `hero`, and Rails' `custom_fields`,
/// `custom_field_values` and `active_storage_blobs` keep theirs (their rests are plurals). A table
/// keeps its whole name when the shortened one would equal another model's name or short name.
struct NameBook {
    /// By model position.
    private var short: [String] = []

    init(_ models: [Model]) {
        // (By position, here and below: no copy of each model.)
        let names = models.indices.map { Naming.identifier(models[$0].name) }
        var counts: [String: Int] = [:]
        func split(_ n: String) -> (String, String)? {
            // (Searched as UTF-8: `_` is one byte and never part of another character.)
            guard let i = n.utf8.firstIndex(of: UInt8(ascii: "_")), i != n.startIndex else { return nil }
            let rest = n[n.index(after: i)...]
            guard let first = rest.first, first.isLetter else { return nil }
            return (String(n[..<i]), String(rest))
        }
        // Prefixes that name a model the way Django names its tables (`auth_user`: one singular word).
        var modelNamed: Set<String> = []
        var tables = 0
        // (Linear in the model count: a registry of 5,000 tables is read in one pass each.)
        for i in models.indices where models[i].kind == .table {
            tables += 1
            guard let (p, rest) = split(names[i]) else { continue }
            let l = p.lowercased()
            counts[l, default: 0] += 1
            if !modelNamed.contains(l), !rest.utf8.contains(UInt8(ascii: "_")), Naming.singular(rest.lowercased()) == rest.lowercased() {
                modelNamed.insert(l)
            }
        }
        // (Only asked for when a table's name has a prefix at all.)
        let whole = counts.isEmpty ? [] : Set(names.map { $0.lowercased() })
        func isPrefix(_ p: String) -> Bool {
            let l = p.lowercased()
            let n = counts[l, default: 0]
            return n >= 2 && (modelNamed.contains(l) || n == tables)
                && !whole.contains(l) && !whole.contains(Naming.plural(l)) && !whole.contains(Naming.singular(l))
        }
        let proposed: [String?] = counts.isEmpty ? Array(repeating: nil, count: names.count)
            : names.map { n in split(n).flatMap { isPrefix($0.0) ? $0.1 : nil } }
        // No app prefix at all: every model's short name is its whole name.
        guard proposed.contains(where: { $0 != nil }) else { short = names; return }
        // A shortened name must stay unique among every model's whole and short names (compared singular).
        var seen: [String: Int] = [:], wholeSingular: [String: Int] = [:]
        let singularWhole = names.map { Naming.singular($0.lowercased()) }
        for i in names.indices {
            seen[proposed[i].map { Naming.singular($0.lowercased()) } ?? singularWhole[i], default: 0] += 1
            wholeSingular[singularWhole[i], default: 0] += 1
        }
        short = names.indices.map { i in
            guard let s = proposed[i] else { return names[i] }
            let key = Naming.singular(s.lowercased())
            // Another model's whole name, compared singular (this model's own does not count).
            let others = wholeSingular[key, default: 0] - (singularWhole[i] == key ? 1 : 0)
            return seen[key, default: 0] > 1 || others > 0 ? names[i] : s
        }
    }

    /// The short name of the model at this position (`auth_user` → `user`).
    func name(_ i: Int) -> String { short[i] }
}
