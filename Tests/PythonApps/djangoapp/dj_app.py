"""The Django app for the models tests, on an SQLite file or a PostgreSQL URL (PATH):

    python dj_app.py PATH                       migrates it and adds a few rows
    python dj_app.py PATH delete-author ID      the same, then deletes the author as Django does, and
                                                prints the statements of the get and the delete as JSON
    python dj_app.py PATH delete MODEL ID       on a database made before: deletes the row of any model
                                                (library.Bookshop) as Django does, and prints the statements
                                                and what Django's delete() returned
    python dj_app.py PATH dump                  prints every row of every table, sorted
"""
import os
import sys

os.environ["ORMSCOPE_DJANGO_DB"] = sys.argv[1]
os.environ["DJANGO_SETTINGS_MODULE"] = "settings"
import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402

from library.models import Author, Badge, Book, Bookshop, Genre, LegacyScore, Member, Moderation, Profile, Review, Tag, Tagging, Venue  # noqa: E402

import json  # noqa: E402

from django.apps import apps  # noqa: E402

if sys.argv[2:] == ["dump"]:
    out = {}
    for model in apps.get_models(include_auto_created=True):
        fields = [f.attname for f in model._meta.concrete_fields]
        out[model._meta.db_table] = sorted([[None if v is None else str(v) for v in row]
                                            for row in model.objects.values_list(*fields)], key=lambda r: [x or "" for x in r])
    json.dump(out, sys.stdout, sort_keys=True)
    sys.exit(0)

if sys.argv[2:3] != ["delete"]:
    # contenttypes' own migrations first: the app's tables (made by syncdb, which otherwise runs
    # before every migration) have a foreign key to django_content_type, which PostgreSQL checks.
    call_command("migrate", "contenttypes", verbosity=0)
    call_command("migrate", run_syncdb=True, verbosity=0)
    a, b = Author.objects.create(name="Le Guin"), Author.objects.create(name="Banks")
    sf, fantasy = Tag.objects.create(label="sf"), Tag.objects.create(label="fantasy")
    earthsea = Book.objects.create(title="Earthsea", author=a, editor=b)
    excession = Book.objects.create(title="Excession", author=b)
    Book.objects.create(title="Dispossessed", author=a)
    Tagging.objects.create(book=earthsea, tag=fantasy, weight=5)
    Tagging.objects.create(book=excession, tag=sf, weight=3)
    space = Genre.objects.create(name="space opera")
    excession.genres.add(space)
    earthsea.genres.add(space)
    Profile.objects.create(author=a, uid="11111111-2222-3333-4444-555555555555", settings={"lang": "en"}, fee="12.50")
    Profile.objects.create(author=b, uid="66666666-7777-8888-9999-000000000000")
    hall = Venue.objects.create(name="Town hall")  # venue 1, a plain venue
    shop = Bookshop.objects.create(name="Gollancz", sells_used=True)  # venue 2 and its bookshop row
    Bookshop.objects.create(name="Forbidden Planet")  # venue 3
    Review.objects.create(text="echoes", subject=hall)
    Review.objects.create(text="the venue", subject=Venue.objects.get(pk=shop.pk))  # the content type of venue
    Review.objects.create(text="the shop", subject=shop)  # the content type of bookshop
    Review.objects.create(text="a book, of the same id", subject=excession)  # object_id 2 too: not the shop's
    from django.db import connection as made  # noqa: E402

    with made.cursor() as c:  # an unmanaged model's table, made by hand (migrate does not)
        c.execute("CREATE TABLE legacy_score (id integer PRIMARY KEY, member_id integer NOT NULL, points integer NOT NULL)")
    ann, bob, cy, dee = (Member.objects.create(handle=h) for h in ("ann", "bob", "cy", "dee"))  # members 1 to 4
    ann.friends.add(bob, cy)  # four rows: ann→bob, bob→ann, ann→cy, cy→ann
    bob.replaced_by = cy
    bob.save()
    Badge.objects.create(member=cy, title="first")
    Moderation.objects.create(moderator=ann)
    LegacyScore.objects.create(id=1, member=cy, points=7)

if sys.argv[2:3] in (["delete-author"], ["delete"]):
    from django.db import connection  # noqa: E402
    from django.test.utils import CaptureQueriesContext  # noqa: E402

    # Django's own record of the statements (its collector's reads, fast deletes, updates, deletes).
    model = Author if sys.argv[2] == "delete-author" else apps.get_model(sys.argv[3])
    with CaptureQueriesContext(connection) as captured:
        deleted = model.objects.get(pk=int(sys.argv[-1])).delete()
    sql = [q["sql"] for q in captured.captured_queries]
    json.dump({"statements": len(sql), "sql": sql, "deleted": deleted[1]}, sys.stdout)
