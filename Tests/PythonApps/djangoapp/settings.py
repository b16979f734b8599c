SECRET_KEY = "tests-only"
INSTALLED_APPS = ["library"]
import os

# The exporter never connects; dj_app.py migrates the file named here.
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ.get("ORMSCOPE_DJANGO_DB", ":memory:")}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True
