"""The Django app's schema and a few rows, for the models tests: python dj_app.py PATH (an SQLite file)."""
import os
import sys

os.environ["ORMSCOPE_DJANGO_DB"] = sys.argv[1]
os.environ["DJANGO_SETTINGS_MODULE"] = "settings"
import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402

from library.models import Author, Book, Tag, Tagging  # noqa: E402

call_command("migrate", run_syncdb=True, verbosity=0)
a, b = Author.objects.create(name="Le Guin"), Author.objects.create(name="Banks")
sf, fantasy = Tag.objects.create(label="sf"), Tag.objects.create(label="fantasy")
earthsea = Book.objects.create(title="Earthsea", author=a, editor=b)
excession = Book.objects.create(title="Excession", author=b)
Book.objects.create(title="Dispossessed", author=a)
Tagging.objects.create(book=earthsea, tag=fantasy, weight=5)
Tagging.objects.create(book=excession, tag=sf, weight=3)
