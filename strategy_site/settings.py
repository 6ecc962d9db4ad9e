"""Settings for strategy-site: one module, driven by environment variables.

Every variable is documented in the README's configuration table. Local defaults are safe for
development; with DJANGO_DEBUG=False the site refuses to start without a secret key and hosts.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
    if not SECRET_KEY:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=False.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG=False.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "corsheaders",
    "ninja",  # serves the API docs page's JavaScript and CSS from static files, not a CDN
    "axes",
    "goals",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Answers If-None-Match / If-Modified-Since with 304, for cached pages too (it sees their headers).
    "django.middleware.http.ConditionalGetMiddleware",
    # Right after WhiteNoise: a cached public page skips the rest of the stack (goals/caching.py).
    "goals.caching.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "strategy_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "strategy_site.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Set here rather than in the URL: django-environ passes URL options through as strings.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("DJANGO_TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The admin lives at this path; moving it off /admin/ turns away most drive-by login attempts.
ADMIN_URL = env("DJANGO_ADMIN_URL", default="admin/")

# Where the public pages flag an objective as stale: no evidence or update for this many days.
STRATEGY_STALE_AFTER_DAYS = env.int("STRATEGY_STALE_AFTER_DAYS", default=60)

# Page cache for anonymous public pages (goals/caching.py). Entries are keyed on a content version
# kept in the database, so any cache backend is correct across workers; a shared one (Redis,
# memcached) also shares the rendered pages between them.
CACHES = {"default": env.cache("DJANGO_CACHE_URL", default="locmemcache://strategy-site")}
STRATEGY_PAGE_CACHE = env.bool("STRATEGY_PAGE_CACHE", default=True)
STRATEGY_PAGE_CACHE_SECONDS = env.int("STRATEGY_PAGE_CACHE_SECONDS", default=600)
STRATEGY_PAGE_CACHE_ALIAS = "default"
STRATEGY_PAGE_CACHE_NAMESPACES = ["goals"]
# A request header (as a META key, e.g. "HTTP_X_BENCH_COLD") that skips the cache; bench only.
STRATEGY_PAGE_CACHE_BYPASS_HEADER = None

# Open data (goals/api.py, feeds, badges, exports): read-only GETs from any origin, no cookies.
CORS_URLS_REGEX = r"^/(api/.*|plans/[^/]+/(goals/[^/]+/)?(feed\.atom|badge\.svg|plan\.md|objectives\.csv))$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified"]
CORS_PREFLIGHT_MAX_AGE = 86400

# Sign-in safety (issue 4). django-axes counts failed sign-ins per user name and address, and locks
# out that pair after AXES_FAILURE_LIMIT failures for AXES_COOLOFF_TIME hours.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("DJANGO_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("DJANGO_LOGIN_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# Behind a proxy, set DJANGO_AXES_IPWARE_META to e.g. HTTP_X_FORWARDED_FOR so that axes sees clients.
AXES_IPWARE_META_PRECEDENCE_ORDER = env.list("DJANGO_AXES_IPWARE_META", default=["REMOTE_ADDR"])

SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=60 * 60 * 12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG

# Uploaded evidence files: at most this size, only these types; always served as downloads.
STRATEGY_MAX_UPLOAD_MB = env.int("STRATEGY_MAX_UPLOAD_MB", default=10)
STRATEGY_UPLOAD_EXTENSIONS = env.list(
    "STRATEGY_UPLOAD_EXTENSIONS",
    default=[
        *["pdf", "txt", "md", "csv"],
        *["png", "jpg", "jpeg", "gif", "webp"],
        *["xlsx", "docx", "pptx", "odt", "ods"],
    ],
)
