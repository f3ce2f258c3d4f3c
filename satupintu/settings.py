"""satupintu settings: everything an operator changes comes from the environment.

docs/configuration.md lists every variable. Defaults are safe for production
(DEBUG off, secure cookies, HSTS, a strict Content-Security-Policy); `DEBUG=true`
is the developer mode used by `make run`.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from satupintu.core.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("SATUPINTU_DATA_DIR", str(Path.cwd() / "var"))).resolve()

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and not env_bool("SATUPINTU_ALLOW_DEV_SECRET", False):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-secret-key-change-me-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
# Where citizens reach this server (https://mpp.example.go.id): links in SMS, WhatsApp and
# e-mail are written against it, as a periodic reminder has no request to take a host from.
PUBLIC_URL = env_str("SATUPINTU_PUBLIC_URL", "").rstrip("/")
# Issued documents' signing (docs/documents.md): the provider, the local TSA/CRL server.
DOCUMENT_SIGNER = env_str("SATUPINTU_DOCUMENT_SIGNER", "local")
DOCUMENT_TSA_URL = env_str("SATUPINTU_DOCUMENT_TSA_URL", "").rstrip("/")
DOCUMENT_TRUST_URL = env_str("SATUPINTU_DOCUMENT_TRUST_URL", "http://127.0.0.1:8771")
# BSrE eSign Client (SATUPINTU_DOCUMENT_SIGNER=bsre): the client's Basic credentials, the API
# version (1 multipart, 2 JSON), the call's timeout and the CA files signatures chain to.
DOCUMENT_BSRE_URL = env_str("SATUPINTU_BSRE_URL", "http://127.0.0.1:8772").rstrip("/")
DOCUMENT_BSRE_USER = env_str("SATUPINTU_BSRE_USER", "esign")
DOCUMENT_BSRE_PASSWORD = env_str("SATUPINTU_BSRE_PASSWORD", "esign")
DOCUMENT_BSRE_API_VERSION = env_int("SATUPINTU_BSRE_API_VERSION", 2)
DOCUMENT_BSRE_TIMEOUT = env_int("SATUPINTU_BSRE_TIMEOUT", 30)
DOCUMENT_BSRE_TRUST_ROOTS = env_str(
    "SATUPINTU_BSRE_TRUST_ROOTS", str(DATA_DIR / "signing" / "bsre-simulator" / "ca.pem")
)
# The registers officers check against (docs/journeys.md, journeys/registers/): "simulator"
# (in process, the demo population and businesses) or "dukcapil" / "oss" over HTTP.
POPULATION_REGISTER = env_str("SATUPINTU_POPULATION_REGISTER", "simulator")
DUKCAPIL_URL = env_str("SATUPINTU_DUKCAPIL_URL", "").rstrip("/")
DUKCAPIL_USER = env_str("SATUPINTU_DUKCAPIL_USER", "")
DUKCAPIL_PASSWORD = env_str("SATUPINTU_DUKCAPIL_PASSWORD", "")
BUSINESS_REGISTER = env_str("SATUPINTU_BUSINESS_REGISTER", "simulator")
OSS_URL = env_str("SATUPINTU_OSS_URL", "").rstrip("/")
OSS_USER_KEY = env_str("SATUPINTU_OSS_USER_KEY", "")
REGISTER_TIMEOUT = env_int("SATUPINTU_REGISTER_TIMEOUT", 10)
if PUBLIC_URL and not PUBLIC_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("SATUPINTU_PUBLIC_URL must start with https:// (or http://)")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "axes",
    "satupintu.core",
    "satupintu.tenancy",
    "satupintu.accounts",
    "satupintu.catalog",
    "satupintu.queueing",
    "satupintu.notifications",
    "satupintu.appointments",
    "satupintu.applications",
    "satupintu.satisfaction",
    "satupintu.complaints",
    "satupintu.documents",
    "satupintu.payments",
    "satupintu.reading",
    "satupintu.knowledge",
    "satupintu.journeys",
    "satupintu.operations",
    "satupintu.delivery",
    "satupintu.demo",
    "satupintu.simulator",
    "satupintu.web",
]

MIDDLEWARE = [
    "satupintu.core.middleware.Compress",  # gzip, outermost: it sees every response's body
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "satupintu.core.middleware.api_error_shape",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]


# Threads that run requests in the server process (satupintu/asgi.py): as many requests
# are served at once; more wait for a free thread. Event streams need none.
SERVER_THREADS = env_int("SATUPINTU_SERVER_THREADS", 16)
# the longest a slowly changing read stays in the cache after a change it was not told of
# (core/cached.py: another process with the local-memory cache, a bulk update)
READ_CACHE_SECONDS = env_int("SATUPINTU_READ_CACHE_SECONDS", 30)
# Threads shared by the event streams for the synchronous parts of Django's handler
# (middleware, signals) while a stream opens and closes; an open stream holds none.
STREAM_THREADS = env_int("SATUPINTU_STREAM_THREADS", 4)

# Bare endpoints the HTTP load benchmark compares the API with (satupintu/simulator/bench.py).
BENCHMARK_ENDPOINTS = env_bool("SATUPINTU_BENCHMARK_ENDPOINTS", False)

# What `satupintu serve --demo-live SLUG` runs in the server's process: a function
# (slug, *, speed, stop) that starts the live demo day and returns its thread.
LIVE_DEMO_STARTER = "satupintu.simulator.services.start_live_demo"

ROOT_URLCONF = "satupintu.urls"
ASGI_APPLICATION = "satupintu.asgi.application"
WSGI_APPLICATION = "satupintu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


# --- database --------------------------------------------------------------
def _database(url: str) -> dict[str, Any]:
    """One DATABASES entry from DATABASE_URL, tuned for concurrent writers.

    SQLite: WAL, a 20 s busy timeout and IMMEDIATE transactions, so a
    read-then-write transaction takes the write lock up front instead of failing
    with "database is locked" (docs/adr/0002-sqlite-concurrency.md).
    Requests run on the server's pool of threads, each keeping its SQLite connection.
    PostgreSQL: Django's psycopg pool, shared by the requests and the event streams'
    short reads.
    """
    config: dict[str, Any] = dict(dj_database_url.parse(url))
    engine = config["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;PRAGMA cache_size=-20000;PRAGMA temp_store=MEMORY"
            ),
        }
        # Requests run on the server's fixed pool of threads (satupintu/asgi.py), so each
        # thread keeps its connection. Closing the last connection to a WAL database
        # checkpoints and removes the log: once per request when each closed its own.
        # The event streams' reads close theirs (core/sse.db).
        config["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 300)
        config["TEST"] = {"NAME": str(Path(config["NAME"]).with_suffix(".test.sqlite3"))}
    elif engine == "django.db.backends.postgresql":
        config["CONN_MAX_AGE"] = 0
        if env_bool("DATABASE_POOL", True):
            config["OPTIONS"] = {
                "pool": {
                    "min_size": env_int("DATABASE_POOL_MIN", 1),
                    "max_size": env_int("DATABASE_POOL_MAX", 10),
                    "timeout": 10,
                }
            }
    else:
        raise ImproperlyConfigured(f"DATABASE_URL must be sqlite or postgres, got {engine}")
    return config


DATABASES = {
    "default": _database(env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'satupintu.sqlite3'}"))
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache, sessions (rate limits, login throttling) ------------------------
# REDIS_URL makes the app nodes stateless (docs/scaling.md): cache, rate limits and
# sessions live in Redis (django-redis), shared by every node behind the load balancer.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("REDIS_URL must start with redis://, rediss:// or unix://")
_cache_url = env_str("CACHE_URL", "locmem://")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "satupintu",
            "OPTIONS": {
                # a Redis that is away for a moment fails the request fast, not after minutes
                "SOCKET_CONNECT_TIMEOUT": 2,
                "SOCKET_TIMEOUT": 2,
            },
        }
    }
    # Sessions in the shared cache: any node reads the session another node wrote.
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
elif _cache_url.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
        }
    }
elif _cache_url == "db://":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "satupintu_cache",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- accounts ----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "satupintu.accounts.backends.EmailOrPhoneBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:after_login"
LOGOUT_REDIRECT_URL = "web:home"

RATE_LIMITS_ENABLED = env_str("SATUPINTU_RATE_LIMITS", "on").strip().lower() not in {"off", "0"}
API_RATE_ANON = env_str("SATUPINTU_API_RATE_ANON", "120/m")
API_RATE_AUTH = env_str("SATUPINTU_API_RATE_AUTH", "600/m")
# Login lockout (django-axes): 5 failures per login+address lock it for 15 minutes.
AXES_ENABLED = RATE_LIMITS_ENABLED
AXES_FAILURE_LIMIT = env_int("SATUPINTU_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "satupintu.accounts.backends.canonical_login"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_VERBOSE = False
# Sign-in with a one-time code (accounts/codes.py): codes sent per phone number and per
# client address, each a comma-separated list of windows; tries to enter a code per address.
SIGN_IN_CODE_RATE_PHONE = env_list("SATUPINTU_SIGN_IN_CODE_RATE_PHONE", "3/15m,10/d")
SIGN_IN_CODE_RATE_ADDRESS = env_list("SATUPINTU_SIGN_IN_CODE_RATE_ADDRESS", "10/h")
SIGN_IN_VERIFY_RATE_ADDRESS = env_list("SATUPINTU_SIGN_IN_VERIFY_RATE_ADDRESS", "30/h")

# --- i18n / time -------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
USE_TZ = True

# --- static and uploaded files ---------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Uploaded files and issued documents: local files under the data directory (the embedded
# default), or an S3-compatible object store shared by every app node when S3_BUCKET is set.
S3_BUCKET = env_str("S3_BUCKET", "")
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "location": env_str("S3_PREFIX", "").strip("/"),
            # As on local disk: a name already taken gets a new one, never overwritten.
            "file_overwrite": False,
            "default_acl": None,  # private; files are handed out only by the app's views
            "querystring_auth": True,
        },
    }
WHITENOISE_USE_FINDERS = True  # serve from the apps; `collectstatic` is optional
warnings.filterwarnings("ignore", message="No directory at: ")
WHITENOISE_AUTOREFRESH = DEBUG

# --- security ----------------------------------------------------------------
HTTPS = env_bool("SATUPINTU_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Preloading binds every subdomain of the (often shared .go.id) domain to HTTPS for
# good; it is the operator's decision, so its absence is not a deployment warning.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("SATUPINTU_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# --- e-mail (Django 6.1 MAILERS) ------------------------------------------
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "satupintu <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env_str("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST"),
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
            },
        }
    }
else:
    # Offline default: every message is written to a file an operator can read.
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(DATA_DIR / "mail")},
        }
    }

# --- notifications (satupintu/notifications) ----------------------------------
# local:// keeps SMS/WhatsApp in the outbox table (offline default); https:// posts to a provider.
MESSAGE_GATEWAY_URL = env_str("MESSAGE_GATEWAY_URL", "local://")
MESSAGE_GATEWAY_TOKEN = env_str("MESSAGE_GATEWAY_TOKEN")
NOTIFY_PHONE_CHANNEL = env_str("NOTIFY_PHONE_CHANNEL", "whatsapp")
if NOTIFY_PHONE_CHANNEL not in {"whatsapp", "sms"}:
    raise ImproperlyConfigured("NOTIFY_PHONE_CHANNEL must be whatsapp or sms")
# Web Push (docs/notifications.md): the VAPID key is made by `satupintu webpush_keys` into the
# data dir, or given here (base64url or PEM); every node must share it. The subject is a
# mailto: or https: address push services may contact about this server.
WEBPUSH_VAPID_PRIVATE_KEY = env_str("WEBPUSH_VAPID_PRIVATE_KEY")
WEBPUSH_VAPID_KEY_FILE = DATA_DIR / "webpush_vapid.pem"
WEBPUSH_VAPID_SUBJECT = env_str(
    "WEBPUSH_VAPID_SUBJECT",
    PUBLIC_URL if PUBLIC_URL.startswith("https://") else "mailto:noreply@localhost",
)
if not WEBPUSH_VAPID_SUBJECT.startswith(("mailto:", "https://")):
    raise ImproperlyConfigured("WEBPUSH_VAPID_SUBJECT must start with mailto: or https://")
WEBPUSH_TTL_SECONDS = env_int("WEBPUSH_TTL_SECONDS", 3600)
# Subscriptions must name an https push service; plain http on loopback only for development.
WEBPUSH_ALLOW_LOOPBACK_HTTP = DEBUG
# "Giliran hampir tiba": a signed-in citizen is told once when this many people or fewer
# are ahead of the ticket.
QUEUE_NEAR_AHEAD = env_int("SATUPINTU_QUEUE_NEAR_AHEAD", 3)
if QUEUE_NEAR_AHEAD < 1:
    raise ImproperlyConfigured("SATUPINTU_QUEUE_NEAR_AHEAD must be at least 1 (3)")
# Django tasks: immediate by default (sent in the request after commit).
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# --- reading (OCR of uploaded KTP/KK, satupintu/reading, docs/reading.md) -------------
# Where uploads are read: "thread" (a background thread in each process), "inline" (right
# after the upload's commit) or "off". A reading slower than the time-out is dropped.
READING_WORKER = env_str("SATUPINTU_READING_WORKER", "thread")
if READING_WORKER not in {"thread", "inline", "off"}:
    raise ImproperlyConfigured("SATUPINTU_READING_WORKER must be thread, inline or off")
READING_TIMEOUT_SECONDS = env_int("SATUPINTU_READING_TIMEOUT", 30)
# onnxruntime threads per reading (1: the web server shares the cores; docs/reading.md).
READING_THREADS = env_int("SATUPINTU_READING_THREADS", 1)

# --- satisfaction (coaching) ---------------------------------------------------
# Ratings an officer's weeks under the coaching threshold must hold before the coaching
# view flags them (why 30: satupintu/satisfaction/ratings.py, min_ratings).
COACHING_MIN_RATINGS = env_int("SATUPINTU_COACHING_MIN_RATINGS", 30)

# --- operations (staffing advice) --------------------------------------------------
# The share of visitors the staffing advice plans to call within the MPP's target wait
# (its queue policy's target_wait_minutes; satupintu/operations/erlang.py).
try:
    STAFFING_TARGET_SHARE = float(env_str("SATUPINTU_STAFFING_TARGET_SHARE", "0.8"))
except ValueError:
    STAFFING_TARGET_SHARE = -1.0  # refused just below
if not 0 < STAFFING_TARGET_SHARE < 1:
    raise ImproperlyConfigured("SATUPINTU_STAFFING_TARGET_SHARE must be between 0 and 1 (0.8)")

# --- operations (live floor view) ----------------------------------------------------
# Minutes an open counter may stay idle while people wait for its services before the
# supervisor's floor view alerts (satupintu/operations/floor.py, docs/floor.md).
FLOOR_IDLE_ALERT_MINUTES = env_int("SATUPINTU_FLOOR_IDLE_MINUTES", 3)
if FLOOR_IDLE_ALERT_MINUTES < 1:
    raise ImproperlyConfigured("SATUPINTU_FLOOR_IDLE_MINUTES must be at least 1 (3)")

# --- event bus ---------------------------------------------------------------
# inprocess:// (one process), postgres:// (LISTEN/NOTIFY) or redis:// (Streams) for several.
# EVENT_BUS=redis is Redis Streams on REDIS_URL (core/redis_bus.py), keeping the last
# EVENT_BUS_REDIS_MAXLEN events for clients that resume on another node.
EVENT_BUS_URL = env_str("EVENT_BUS_URL", "inprocess://")
if env_str("EVENT_BUS", "").strip().lower() == "redis":
    if not REDIS_URL:
        raise ImproperlyConfigured("EVENT_BUS=redis needs REDIS_URL")
    EVENT_BUS_URL = REDIS_URL
EVENT_BUS_REDIS_MAXLEN = env_int("EVENT_BUS_REDIS_MAXLEN", 10_000)

# --- logging -----------------------------------------------------------------
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "satupintu.core.logging.PersonalDataFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},  # one line per sent message otherwise
    },
}

SATUPINTU_VERSION = "0.1.0"
