"""Settings for strategy-site: one module, driven by environment variables.

Every variable is documented in the README's configuration table. Local defaults are safe for
development; with DJANGO_DEBUG=False the site refuses to start without a secret key and hosts.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.conf.locale import LANG_INFO
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
    "csp",
    "goals",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "csp.middleware.CSPMiddleware",
    "strategy_site.middleware.PermissionsPolicyMiddleware",
    # Before anything reads the body: one larger than any upload or delivery is a 413, unread.
    "strategy_site.middleware.RefuseLargeBodyMiddleware",
    # Before anything reads the request: PostgreSQL refuses NUL, so a NUL in a URL is a 400 here.
    "strategy_site.middleware.RefuseNulMiddleware",
    "strategy_site.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Answers If-None-Match / If-Modified-Since with 304, for cached pages too (it sees their headers).
    "django.middleware.http.ConditionalGetMiddleware",
    # Right after WhiteNoise: a cached public page skips the rest of the stack (goals/public/cache.py).
    "goals.public.cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The reader's language (the language cookie set by the footer's switcher, else Accept-Language).
    # The page cache above keys its entries on the same choice (goals/public/cache.py).
    # Django's, with `Vary: Cookie` on every answer (strategy_site/language.py).
    "strategy_site.language.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # In DEBUG, the site's 404 page rather than Django's list of URL patterns (not for a 500).
    "strategy_site.middleware.SiteNotFoundPageMiddleware",
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
                "django.template.context_processors.i18n",
                "strategy_site.context_processors.organization",
            ],
        },
    },
]

WSGI_APPLICATION = "strategy_site.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Set here rather than in the URL: django-environ passes URL options through as strings.
# Production keeps each connection for ten minutes instead of opening one per request; it is
# health-checked before reuse, so a database restart needs no app restart. DEBUG opens one per request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0 if DEBUG else 600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite for a web server (Django 5.1+ options). WAL lets pages read while one writer writes, and
    # synchronous=NORMAL is safe with WAL (a power cut may lose the last commits, never the file).
    # IMMEDIATE takes the write lock at BEGIN, so a writer waits up to `timeout` seconds for another
    # instead of failing at once with "database is locked" when its read turns into a write (a 503
    # for one of every two founders saving at once: tests/admin/test_admin_concurrent_saves.py).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The languages the site's own words are offered in (docs/translations.md): codes from
# DJANGO_LANGUAGES, e.g. "en,es"; each needs a catalogue in locale/ (English is the source).
# LANGUAGE_CODE is the default for readers who ask for none of them, and for the e-mails of people
# who chose none (NotificationPreference.language). Each language is named in itself ("Español"),
# as the switcher shows it.
LANGUAGES = [
    (code, LANG_INFO.get(code, {}).get("name_local", code))
    for code in env.list("DJANGO_LANGUAGES", default=["en", "es"])
]
LANGUAGE_CODE = env("DJANGO_LANGUAGE_CODE", default="en")
LOCALE_PATHS = [BASE_DIR / "locale"]
# The switcher's cookie, kept like the session's: no script reads it, and it never travels over
# plain HTTP in production (Django's defaults send it everywhere, readable by any script).
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG
FORMAT_MODULE_PATH = ["strategy_site.formats"]
TIME_ZONE = env("DJANGO_TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
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
# The site's own sign-in page (strategy_site/accounts.py), which never reveals ADMIN_URL. Without a
# safe ?next=, reviewers land on the review pages and everyone else on the home page.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "public:home"

# The organisation whose plan this is: its name in the site header, the page, feed and badge titles;
# its logo (an image address) in the header, its website in the footer. Empty by default, so a new
# install claims no one's name (the header then says "Strategic plan"); `make run`, which serves
# 2i2c's plan, sets 2i2c's. Addresses must be http(s):// or start with "/": never javascript:.
STRATEGY_ORGANIZATION_NAME = env("STRATEGY_ORGANIZATION_NAME", default="").strip()
STRATEGY_ORGANIZATION_URL = env("STRATEGY_ORGANIZATION_URL", default="").strip()
STRATEGY_ORGANIZATION_LOGO_URL = env("STRATEGY_ORGANIZATION_LOGO_URL", default="").strip()
for _name in ("STRATEGY_ORGANIZATION_URL", "STRATEGY_ORGANIZATION_LOGO_URL"):
    _value = globals()[_name]
    if _value and not _value.startswith(("https://", "http://", "/")):
        raise ImproperlyConfigured(f"{_name} must start with https://, http:// or /, not {_value!r}.")

# Where the public pages flag an objective as stale: no evidence or update for this many days.
STRATEGY_STALE_AFTER_DAYS = env.int("STRATEGY_STALE_AFTER_DAYS", default=60)
# A plan page lists this many goals, then links to the next page of goals (filters and counts still
# cover the whole plan). A 50-goal plan on one page is a megabyte of HTML and ~30,000 elements.
STRATEGY_GOALS_PER_PAGE = env.int("STRATEGY_GOALS_PER_PAGE", default=10)
# In DEBUG an unknown page shows the site's 404, as in production; True shows Django's debug 404
# (the URL patterns that were tried) instead.
STRATEGY_TECHNICAL_404 = env.bool("STRATEGY_TECHNICAL_404", default=False)

# Page cache for anonymous public pages (goals/public/cache.py). Entries are keyed on a content version
# kept in the database, so any cache backend (CACHES, below) is correct across workers; a shared one
# (Redis) also shares the rendered pages between them.
STRATEGY_PAGE_CACHE = env.bool("STRATEGY_PAGE_CACHE", default=True)
STRATEGY_PAGE_CACHE_SECONDS = env.int("STRATEGY_PAGE_CACHE_SECONDS", default=600)
STRATEGY_PAGE_CACHE_ALIAS = "default"
STRATEGY_PAGE_CACHE_NAMESPACES = ["public", "opendata"]
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
    # Row-level rules (goals/permissions.py), then the groups' model permissions.
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("DJANGO_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("DJANGO_LOGIN_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The site's page, not the admin's: the admin's header would name its (secret) path.
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
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

# --- E-mail (goals/notifications/) -----------------------------------------------------------------
# Only `manage.py send_reminders` sends e-mail; no web request ever waits for it. EMAIL_URL, e.g.
# smtp+tls://user:password@smtp.example.org:587 (django-environ). Unset, e-mails go to the console
# (stdout), so `make run` sends nothing; with DJANGO_DEBUG=False, send_reminders then refuses to run
# rather than record as sent what went nowhere (and so does an unset STRATEGY_SITE_URL).
# Lower case: not a setting, so its password never shows on a debug page (EMAIL_HOST_PASSWORD is masked).
_email_url = env("EMAIL_URL", default="")
EMAIL_CONFIGURED = bool(_email_url)
vars().update(env.email_url_config(_email_url or "consolemail://"))  # an empty EMAIL_URL= is unset too
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)  # seconds; a dead server must not hang a run
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="strategy-site <strategy-site@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# E-mails have no request to build links from: this is the site's address as people reach it.
# GitHub as a source (docs/github.md): public repositories need no token; private ones a
# fine-grained, read-only one. The webhook answers 503 until its secret is set.
GITHUB_API_URL = env("GITHUB_API_URL", default="https://api.github.com")
GITHUB_TOKEN = env("GITHUB_TOKEN", default="")
# The repositories objectives may link: "owner" (all of its repositories and projects) or
# "owner/repo", comma-separated. Empty: founders may link any; owners only while GITHUB_TOKEN is
# unset, when GitHub shows the site nothing private (docs/github.md, "Which repositories").
GITHUB_REPOSITORIES = [
    pattern.strip() for pattern in env.list("GITHUB_REPOSITORIES", default=[]) if pattern.strip()
]
GITHUB_TIMEOUT = env.float("GITHUB_TIMEOUT", default=10.0)  # seconds per request
# An answer larger than this fails the read (a file is at most 1 MB, a page of 100 items far less).
GITHUB_MAX_RESPONSE_BYTES = env.int("GITHUB_MAX_RESPONSE_BYTES", default=10 * 1024 * 1024)
GITHUB_WEBHOOK_SECRET = env("GITHUB_WEBHOOK_SECRET", default="")
GITHUB_WEBHOOK_MAX_BYTES = env.int("GITHUB_WEBHOOK_MAX_BYTES", default=1024 * 1024)

STRATEGY_SITE_URL = env("STRATEGY_SITE_URL", default="").rstrip("/")
STRATEGY_SITE_URL_CONFIGURED = bool(STRATEGY_SITE_URL)
STRATEGY_SITE_URL = STRATEGY_SITE_URL or "http://127.0.0.1:8000"

# --- Production and security -------------------------------------------------------------------
# Headers that cost nothing locally are on in every mode; those that need HTTPS (HSTS, the redirect,
# secure cookies) only when DEBUG is off, so that `make run` keeps working on http://127.0.0.1.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True

# Behind a proxy that terminates TLS, Django only knows a request was HTTPS from this header. Turn it
# on only when the proxy always sets (or strips) X-Forwarded-Proto, or clients could spoof it.
if env.bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe over plain HTTP on the private network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The __Host- prefix makes browsers refuse these cookies unless Secure, host-only and path=/.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"


def _logo_origin(url):
    parts = urlsplit(url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


# Content-Security-Policy (django-csp 4). Our pages have no inline script or style; keep it that way.
# A view that needs more (e.g. API docs) loosens it for itself only with csp.decorators.csp_update.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # An organisation logo on another host is allowed from that host alone.
        "img-src": ["'self'", "data:", *_logo_origin(STRATEGY_ORGANIZATION_LOGO_URL)],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        **({} if DEBUG else {"upgrade-insecure-requests": True}),
    },
}

# Whitenoise gives hashed files (site.3f2a….css) a ten-year, immutable max-age by itself; this is
# for the few unhashed ones (favicon, robots.txt).
WHITENOISE_MAX_AGE = 0 if DEBUG else 60 * 60

# --- Cache ---------------------------------------------------------------------------------------
# One shared Redis for several app servers (DJANGO_CACHE_URL or REDIS_URL, e.g.
# redis://127.0.0.1:6379/0); each process's own memory when unset, which is right for one process.
CACHE_URL = env("DJANGO_CACHE_URL", default="") or env("REDIS_URL", default="")
if CACHE_URL:
    CACHES = {"default": env.cache_url_config(CACHE_URL)}
    if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        CACHES["default"]["BACKEND"] = "django.core.cache.backends.redis.RedisCache"
        # A slow or missing Redis must fail fast rather than hold a worker.
        CACHES["default"].setdefault("OPTIONS", {})
        CACHES["default"]["OPTIONS"].setdefault("socket_connect_timeout", 1)
        CACHES["default"]["OPTIONS"].setdefault("socket_timeout", 1)
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CACHES["default"].setdefault("KEY_PREFIX", env("DJANGO_CACHE_KEY_PREFIX", default="strategy"))

# --- Logging -------------------------------------------------------------------------------------
# One JSON object per line on stderr: the process manager or container runtime collects it, and log
# tools parse it without regexes. Plain lines by default in DEBUG, for people reading `make run`.
# Never stdout: that is where commands print their results (`export_plan SLUG > plan.md`).
LOG_LEVEL = env("DJANGO_LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "strategy_site.logging_json.JSONFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": env("DJANGO_LOG_FORMAT", default="text" if DEBUG else "json"),
        },
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own handlers would also mail admins and print a second copy; one stream is enough.
        "django": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        # In development, `make run` ends with where to go; start-up banners would bury it.
        **({"axes": {"level": "WARNING"}, "django.utils.autoreload": {"level": "WARNING"}} if DEBUG else {}),
    },
}
