@testable import ORMCore
import XCTest

/// The naming rule of inferred relationships (README, "Relationships and loading").
final class NamingTests: XCTestCase {
    func testPluralsFollowEnglishAndAreNeverDoubled() {
        let cases = ["hero": "heroes", "group": "groups", "groups": "groups", "category": "categories", "categories": "categories",
                     "person": "people", "people": "people", "status": "statuses", "statuses": "statuses", "box": "boxes",
                     "class": "classes", "user_groups": "user_groups", "user_group": "user_groups", "photo": "photos",
                     "day": "days", "child": "children", "salesperson": "salespeople", "address": "addresses", "data": "data",
                     "hero_power_link": "hero_power_links", "comments": "comments", "analysis": "analyses", "menu": "menus",
                     "followed": "followed", "blocked": "blocked", "seed": "seeds", "feed": "feeds", "seabed": "seabeds",
                     "hundred": "hundreds", "bed": "beds", "red": "reds"]
        for (word, plural) in cases { XCTAssertEqual(Naming.plural(word), plural, word) }
        let singulars = ["users": "user", "categories": "category", "people": "person", "statuses": "status", "status": "status",
                         "heroes": "hero", "boxes": "box", "classes": "class", "memberships": "membership", "children": "child",
                         "cases": "case", "databases": "database", "group": "group"]
        for (word, singular) in singulars { XCTAssertEqual(Naming.singular(word), singular, word) }
    }

    func testAManyToOneIsNamedAfterItsColumnSnakeOrCamelCase() {
        let cases: [String: String?] = ["team_id": "team", "Manager_ID": "Manager", "authorId": "author", "userID": "user",
                                        "item2Id": "item2", "père_id": "père", "élèveId": "élève", "paid": nil, "ID": nil,
                                        "Id": nil, "USERID": nil, "uuid": nil, "_id": nil, "author": nil]
        for (column, name) in cases { XCTAssertEqual(Naming.columnName([column]), name, column) }
        XCTAssertNil(Naming.columnName(["authorId", "tenantId"]), "a composite key is named after its target")
    }

    func testAnAppPrefixSharedByItsTablesIsLeftOut() {
        func t(_ name: String) -> Model { Model(name: name, fields: [Field(name: "id", type: FieldType(declared: "integer"))], primaryKey: ["id"]) }
        let models = [t("auth_user"), t("auth_group"), t("auth_user_groups"), t("django_session"), t("hero"), t("hero_power_link"),
                      t("cms_page"), t("cms_user"), t("app_user")]
        let short = NameBook(models)
        func name(_ table: String) -> String { short.name(models.firstIndex { $0.name == table }!) }
        XCTAssertEqual(name("auth_group"), "group")
        XCTAssertEqual(name("auth_user_groups"), "user_groups")
        XCTAssertEqual(name("auth_user"), "auth_user", "cms_user would also be user: both keep their prefix")
        XCTAssertEqual(name("cms_user"), "cms_user")
        XCTAssertEqual(name("cms_page"), "page")
        XCTAssertEqual(name("django_session"), "django_session", "one table is no app")
        XCTAssertEqual(name("hero_power_link"), "hero_power_link", "hero is a table, not a prefix")
        XCTAssertEqual(name("app_user"), "app_user")
    }

    func testRailsTablesWithAPluralRestKeepTheirNames() {
        func t(_ name: String) -> Model { Model(name: name, fields: [Field(name: "id", type: FieldType(declared: "integer"))], primaryKey: ["id"]) }
        let rails = ["users", "custom_fields", "custom_field_values", "active_storage_blobs", "active_storage_attachments",
                     "schema_migrations", "ar_internal_metadata"].map(t)
        let book = NameBook(rails)
        XCTAssertEqual(rails.indices.map(book.name), rails.map(\.name), "no Rails prefix is an app's")
        let wordpress = ["wp_posts", "wp_users", "wp_postmeta", "wp_options"].map(t)
        XCTAssertEqual(wordpress.indices.map(NameBook(wordpress).name), ["posts", "users", "postmeta", "options"],
                       "a prefix that every table has is an app's")
        let django = ["blog_post", "blog_comments_archive", "blog_tags", "hero"].map(t)
        XCTAssertEqual(django.indices.map(NameBook(django).name), ["post", "comments_archive", "tags", "hero"],
                       "one table named as Django names a model's makes the prefix an app's")
    }
}
