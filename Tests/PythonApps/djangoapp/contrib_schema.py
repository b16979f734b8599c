"""Migrates Django's own apps (auth, contenttypes, admin, sessions) and the tests' library app into the
SQLite file PATH, as `manage.py migrate` makes them, table rebuilds included:

    python contrib_schema.py PATH
"""
import os
import sys

import django
from django.conf import settings

settings.configure(
    SECRET_KEY="tests-only",
    INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.admin",
                    "django.contrib.sessions", "django.contrib.messages", "library"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": sys.argv[1]}},
    DEFAULT_AUTO_FIELD="django.db.models.AutoField",
    USE_TZ=True,
)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
django.setup()
from django.core.management import call_command  # noqa: E402

call_command("migrate", run_syncdb=True, verbosity=0)
