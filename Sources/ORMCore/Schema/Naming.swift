/// The naming rule for inferred relationships, deterministic and documented in the README:
///
/// - many-to-one: the foreign key column without its `_id` suffix (`team_id` → `team`,
///   `manager_id` → `manager`); the target's name when the key is composite or has no such suffix.
/// - one-to-many: the plural of the referencing model (`team.heroes`, `app_user.answers`); for a
///   self-reference or a second key from the same table to the same target, when the key is not named
///   after the target, `<plural>_by_<many-to-one name>` (`employee.employees_by_manager`), so two keys
///   to one table never clash.
/// - one-to-one (the referencing columns are unique): the referencing model's name, singular.
/// - many-to-many through a link table: the plural of the other side (`hero.powers`, `power.heroes`).
/// - a name already taken by a field or another relationship gets `_rel`, then `_2`, `_3`, ...
/// - names are made from the table part of a model's name (never its schema), with every character
///   that is not a letter, digit or `_` replaced by `_` (`"sx.ty"` → `sx_tys`, `"a b"` → `a_bs`), so a
///   relationship path (`team.heroes`, `--load`, the filter language) never needs quoting.
/// A declared relationship's name always wins.
public enum Naming {
    /// `hero_power_link` → `HeroPowerLink`, `audit.store` → `Store`.
    public static func className(_ model: String) -> String {
        let base = bare(model)
        return base.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A small English pluralizer: `hero` → `heroes`, `category` → `categories`, `box` → `boxes`.
    public static func plural(_ word: String) -> String {
        let w = word.lowercased()
        let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
        if w.hasSuffix("s") || w.hasSuffix("x") || w.hasSuffix("z") || w.hasSuffix("ch") || w.hasSuffix("sh") { return word + "es" }
        if w.hasSuffix("y"), w.count > 1, !vowels.contains(w[w.index(w.endIndex, offsetBy: -2)]) { return word.dropLast() + "ies" }
        if w.hasSuffix("o"), w.count > 1, !vowels.contains(w[w.index(w.endIndex, offsetBy: -2)]) { return word + "es" }
        return word + "s"
    }

    /// The table part of a model's canonical name, as an identifier (`"sx.ty"` → `sx_ty`).
    static func bare(_ model: String) -> String {
        // Performance only: a plain canonical name (no quotes, no dot) is its own table part and identifier.
        if ModelName.isPlain(model) { return model }
        if !model.utf8.contains(UInt8(ascii: "\"")), let table = model.split(separator: ".").last.map(String.init),
           ModelName.isPlain(table) { return table }
        return identifier(ModelName(canonical: model)?.table ?? model)
    }

    /// `text` with every character but letters, digits and `_` replaced by `_`.
    static func identifier(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
    }

    static func manyToOneName(columns: [String], target: String) -> String {
        if columns.count == 1, columns[0].hasSuffix("_id"), columns[0].count > 3 { return identifier(String(columns[0].dropLast(3))) }
        return bare(target)
    }
}
