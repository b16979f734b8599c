SECRET_KEY = "tests-only"
INSTALLED_APPS = ["django.contrib.contenttypes", "library"]
import os

# The exporter never connects; dj_app.py migrates the SQLite file or PostgreSQL URL named here.
_db = os.environ.get("ORMSCOPE_DJANGO_DB", ":memory:")
if _db.startswith(("postgres://", "postgresql://")):
    from urllib.parse import unquote, urlparse

    _u = urlparse(_db)
    DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": _u.path.lstrip("/"), "USER": unquote(_u.username or ""),
                             "PASSWORD": unquote(_u.password or ""), "HOST": _u.hostname or "", "PORT": str(_u.port or "")}}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": _db}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True
