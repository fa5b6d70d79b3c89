"""Settings shared by every environment; values come from the environment (12-factor)."""

import datetime
from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/regio"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")


def _redis_database(url: str, offset: int) -> str:
    """The same Redis server, ``offset`` databases further: the cache must not share the
    broker's database, because clearing a cache flushes its whole database."""
    base, _, number = url.rpartition("/")
    return f"{base}/{int(number or 0) + offset}" if number.isdigit() else f"{url}/{offset}"


CACHE_URL = env("CACHE_URL", default=_redis_database(REDIS_URL, 1))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "guardian",
    "axes",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "accounts",
    "security",
    "regions",
    "neighbourhoods",
    "mandates",
    "agreements",
    "progress",
    "documents",
    "national",
    "spreadsheets",
    "staff",
    "api",
    "events",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "security.middleware.PermissionsPolicyMiddleware",
    "api.compression.CompressionMiddleware",  # gzip for the API's JSON (see its docstring)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "api.middleware.ApiGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "security.middleware.SessionLifetimeMiddleware",
    "security.middleware.RequireOTPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.history.RequestHistoryMiddleware",
    "security.logging.RequestIdMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Change history (django-pghistory): the admin's event list shows the author and request of
# each change (see config/history.py).
PGHISTORY_ADMIN_MODEL = "pghistory.MiddlewareEvents"
PGHISTORY_ADMIN_CLASS = "config.history.HistoryEventsAdmin"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "national.context_processors.dashboard_link",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- sign-in security (security/): sessions, second factor, headers -------------------------
# A browser session ends after SESSION_IDLE_MINUTES without a request and in any case
# SESSION_ABSOLUTE_HOURS after signing in (API tokens have their own lifetime, REST_KNOX).
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_ABSOLUTE_LIFETIME = int(env.float("SESSION_ABSOLUTE_HOURS", default=12.0) * 3600)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIFETIME
OTP_TOTP_ISSUER = "Regioplatform eerstelijnszorg"
# No inline script or style anywhere (django-csp): every script and style sheet is a static
# file. The one exception is the stand-alone 500 page (templates/500.html), which must work
# without static files: its style element is allowed by its hash (tests/test_headers.py checks it).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'sha256-ajLMwgb0Ui96riI3cAi82XiUMWks2Z5v9zXbkDSbkr4='"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# Lock an account + address pair out after repeated failed logins.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Failures are forgotten after a complete sign-in, the second factor included (security/otp.py).
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Anonymous users never get object permissions; guardian needs no anonymous user row.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        # An unreachable cache must cost a request little: the API's throttles then fail open.
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # django-axes logs every successful login at INFO (failures and lockouts are WARNING);
    # WeasyPrint reports every step of every render at INFO.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}

# --- documents (PDF): storage and the render queue ----------------------------------------------
# Local files under MEDIA_ROOT/documents/ by default (never served as public media: downloads go
# through a view that checks who asks); an S3-compatible bucket when DOCUMENTS_S3_BUCKET is set.
DOCUMENTS_S3_BUCKET = env("DOCUMENTS_S3_BUCKET", default="")
if DOCUMENTS_S3_BUCKET:
    DOCUMENTS_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": DOCUMENTS_S3_BUCKET,
            "endpoint_url": env("DOCUMENTS_S3_ENDPOINT_URL", default=None),
            "region_name": env("DOCUMENTS_S3_REGION", default=None),
            "access_key": env("DOCUMENTS_S3_ACCESS_KEY_ID", default=None),
            "secret_key": env("DOCUMENTS_S3_SECRET_ACCESS_KEY", default=None),
            "location": env("DOCUMENTS_S3_PREFIX", default=""),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": True,
        },
    }
else:
    DOCUMENTS_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
DOCUMENTS_RENDER_SOFT_TIME_LIMIT = env.int("DOCUMENTS_RENDER_SOFT_TIME_LIMIT", default=120)
DOCUMENTS_RENDER_TIME_LIMIT = env.int("DOCUMENTS_RENDER_TIME_LIMIT", default=150)
# A queued or rendering document older than this is taken as lost (its worker and its message
# are gone) when the same document is asked for again.
DOCUMENTS_PENDING_TIMEOUT = env.int("DOCUMENTS_PENDING_TIMEOUT", default=1800)
# With Redis as the broker, a message taken but not acknowledged (late acks: the worker died
# with it) is handed out again after the visibility timeout, which must exceed the longest task.
# Workers look for such messages every CELERY_UNACKED_RESTORE_INTERVAL seconds (kombu's default
# throttle would make that only every tenth look).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=900),
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": 1,
}

# --- national dashboard ----------------------------------------------------------------------
# The daily snapshot of the national figures, for the trend towards the 2030 aims. Celery's
# crontab is in UTC: 21:30 UTC is late evening in the Netherlands in winter and summer alike,
# so the snapshot holds the day's end state under that day's date. `make run` starts beat inside
# its worker (--beat); docker compose runs it as the `beat` service.
CELERY_BEAT_SCHEDULE = {
    "national-snapshot": {
        "task": "national.tasks.take_national_snapshot",
        "schedule": crontab(hour=21, minute=30),
    },
    # Documents asked for while the broker was away: their messages are sent once it is back.
    "documents-resend-unsent": {
        "task": "documents.tasks.resend_unsent_documents",
        "schedule": 60.0,
    },
    # Personal data of people who left (ANONYMISE_INACTIVE_CONTACTS_AFTER_MONTHS, below).
    "anonymise-inactive-people": {
        "task": "security.tasks.anonymise_inactive_people",
        "schedule": crontab(hour=2, minute=15),
    },
}

# Alliance contacts inactive, and delegates of mandates ended, longer than this many months ago
# are anonymised daily (name, e-mail and phone, also in the history). Unset: never.
ANONYMISE_INACTIVE_CONTACTS_AFTER_MONTHS = env.int(
    "ANONYMISE_INACTIVE_CONTACTS_AFTER_MONTHS", default=None
)

# The "every region" aims count against the regions the country expects (seed 002: 55 to 57
# huisartsenregio's), not only those in the database. A region needs attention on the national
# dashboard when its coverage is below NATIONAL_COVERAGE_THRESHOLD (a share) or it has more than
# NATIONAL_ESCALATED_BOTTLENECKS_THRESHOLD open bottlenecks escalated to the region.
REGIONS_EXPECTED = env.int("REGIONS_EXPECTED", default=57)
NATIONAL_COVERAGE_THRESHOLD = env.float("NATIONAL_COVERAGE_THRESHOLD", default=0.5)
NATIONAL_ESCALATED_BOTTLENECKS_THRESHOLD = env.int(
    "NATIONAL_ESCALATED_BOTTLENECKS_THRESHOLD", default=20
)

# --- events for insurers' systems (events/): webhooks and the feed ---------------------------
# A failed delivery is tried again after WEBHOOK_RETRY_BASE_SECONDS, doubling (at most an hour
# apart), until WEBHOOK_RETRY_HOURS after the event; then its subscription is paused. Webhooks go
# to public https addresses only, unless WEBHOOKS_ALLOW_INSECURE (development and tests).
WEBHOOK_RETRY_BASE_SECONDS = env.float("WEBHOOK_RETRY_BASE_SECONDS", default=10.0)
WEBHOOK_RETRY_HOURS = env.float("WEBHOOK_RETRY_HOURS", default=24.0)
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=5.0)
WEBHOOKS_ALLOW_INSECURE = env.bool("WEBHOOKS_ALLOW_INSECURE", default=False)
CELERY_BEAT_SCHEDULE["events-resend-due"] = {
    "task": "events.tasks.resend_due_deliveries",
    "schedule": 60.0,
}

# --- insurer API (api/): DRF, knox tokens, drf-spectacular ------------------------------------
# Expired tokens are deleted hourly (api.tokens: not on every request, as knox would).
CELERY_BEAT_SCHEDULE["api-delete-expired-tokens"] = {
    "task": "api.tasks.delete_expired_tokens",
    "schedule": 3600.0,
}
# How to write an endpoint on this plumbing: see the docstring of api/__init__.py.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.tokens.TokenAuthentication",  # first, so a missing login is 401 with WWW-Authenticate
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.ScopedPermission"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.CredentialRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "burst": env("API_THROTTLE_BURST", default="120/min"),
        "sustained": env("API_THROTTLE_SUSTAINED", default="5000/hour"),
    },
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.problem_exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(hours=env.float("API_TOKEN_TTL_HOURS", default=10.0)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Regio API",
    "DESCRIPTION": (
        "De API voor zorgverzekeraars (en medewerkers van regio's): afspraken, hun bevroren "
        "versies en beoordelingen. Aanmelden met POST /api/v1/auth/token/, daarna "
        "'Authorization: Token <token>'. U ziet alleen afspraken waarbij uw zorgverzekeraar "
        "partij is; wat u niet mag zien bestaat voor u niet (404). Fouten zijn "
        "application/problem+json (RFC 9457) met invalid_params bij ongeldige invoer."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI's files are served by the app itself, so the docs work without a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "AgreementStatusEnum": "agreements.models.AgreementStatus",
        "AgreementTypeEnum": "agreements.models.AgreementType",
        "ProcurementModelEnum": "agreements.models.ProcurementModel",
        "SegmentEnum": "agreements.models.Segment",
        "ReviewDecisionEnum": "agreements.models.ReviewDecision",
        "OrganisationKindEnum": "regions.models.Organisation.Kind",
        "MainTaskEnum": "regions.models.MainTask",
        "VisionGoalEnum": "regions.models.VisionGoal",
        "PhaseEnum": "regions.models.Phase",
        "LegalFormEnum": "regions.models.LegalForm",
        "EventTypeEnum": "events.kinds.CHOICES",
    },
}
