"""Sigap settings: one module, every value from the environment (see .env.example)."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# The default key only suits a developer's machine; `check --deploy` flags it (W009).
SECRET_KEY = env("SECRET_KEY", default="django-insecure-sigap-development-only-key")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A refused CSRF token (a page of an earlier session) gets our page, in plain words.
CSRF_FAILURE_VIEW = "config.views.csrf_failure"

INSTALLED_APPS = [
    "config.apps.SigapAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "auditlog",
    # Background jobs: Django's Tasks framework (the django-tasks backport; built into Django 6)
    # and its database backend, the default queue (see TASKS below).
    "django_tasks",
    "django_tasks_db",
    # The Export button of the admin lists (reports/admin_exports.py); export only.
    "import_export",
    # Sigap's apps, floor by floor from the ground (a module imports only from its own floor or
    # below; tests/architecture/test_floors.py keeps it so):
    # 0. the organisation, the audit trail, the tools that render documents, background jobs
    "org",
    "audit",
    "reports",
    "jobs",
    # 1. people
    "personnel",
    # 2. the field work and what it records
    "bhabin",
    "conflicts",
    "budget",
    # 3. the features that read them
    "dashboard",
    "recaps",
    "monthly",
    "motul",
    "optimisation",
    "imports",
    # 4. the demo and the scale generator
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.RequestSizeLimitMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The actor of every audit-log entry is the signed-in user of the request.
    "auditlog.middleware.AuditlogMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "org.roles.abilities",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# A kept connection is checked before a request reuses it, so a restarted database costs one
# failed check, not one failed request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles any query its planner guesses is expensive: on the dashboard's
    # grouped counts at Polda scale that compilation took ~15 ms of a 20 ms query (bench/README).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "personnel.User"
# django-axes first: it refuses a locked-out username before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "personnel.backends.RoleBackend"]
# Argon2 hashes new and changed passwords; a PBKDF2 hash made before is still checked, and
# upgraded to Argon2 at that user's next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login lockout (django-axes), by username only: every officer reaches the server from the
# Polres's one NAT address, so locking an address would lock out the whole Polres.
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.lockout.lockout_response"
# axes.W006 asks for the address as well, against attackers who rotate user agents or cookies;
# neither changes a username, and an address lockout would shut out the Polres (see above).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Audit trail (django-auditlog; which models: audit/registry.py). Rows loaded from fixtures
# (loaddata) are not changes anyone made.
AUDITLOG_DISABLE_ON_RAW_SAVE = True
# People involved in incidents are kept this many years after their last incident, unless their
# record says otherwise (retain_until); `manage.py purge_personal_data` deletes them after.
PERSONAL_DATA_RETENTION_YEARS = env.int("PERSONAL_DATA_RETENTION_YEARS", default=5)

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND", default="whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "media/"

# Sessions, cookies and HTTPS. The defaults suit a developer's machine over plain HTTP; the
# production values (HTTPS only, a year of HSTS) are the "Production" block of .env.example, and
# `manage.py check --deploy --fail-level WARNING` is clean with them (.ci/run checks it).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 60 * 60)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=False)
# No script of ours reads the CSRF cookie (forms carry the token in a hidden field).
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
# Page addresses carry record ids: never send them to another site.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): everything from this site, no inline script or style
# (charts are SVG with presentation attributes, not style=), no plugins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Request size limits. Form fields (not files) held in memory, files kept in memory before they
# spill to a temporary file, fields in one request, files in one request, and the whole body,
# refused with 413 before Django reads it (config/middleware.py). A spreadsheet import is the
# largest thing anyone sends (IMPORT_MAX_BYTES).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env.int("DATA_UPLOAD_MAX_NUMBER_FIELDS", default=2000)
DATA_UPLOAD_MAX_NUMBER_FILES = env.int("DATA_UPLOAD_MAX_NUMBER_FILES", default=10)
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=25 * 1024 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# Background jobs (jobs/, docs/deploy.md). The queue is Django's Tasks framework: by default its
# database backend, in the same database, run by `manage.py db_worker`; a deployment that runs
# workers on several machines sets TASKS_BACKEND=django_tasks_rq.RQBackend with REDIS_URL and
# runs `manage.py rqworker` instead. Nothing else changes: jobs.Job keeps what the pages show.
TASKS_BACKEND = env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")
TASKS = {"default": {"BACKEND": TASKS_BACKEND, "QUEUES": ["default"]}}
RQ_QUEUES = {"default": {"URL": env("REDIS_URL", default="redis://127.0.0.1:6379/0")}}
if TASKS_BACKEND == "django_tasks_rq.RQBackend":
    # The RQ backend needs django-rq's app (its queues and its rqworker command).
    INSTALLED_APPS.append("django_rq")
# A running job's progress (and heartbeat) lives in this cache, which the web and the worker
# processes must share: a file cache on one machine, Redis (rediscache://...) on several.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "jobs": environ.Env.cache_url_config(
        env("JOBS_CACHE_URL", default="") or f"filecache://{BASE_DIR / 'private' / 'jobs-progress'}"
    ),
}
# What jobs made (PDFs, reports) waits here for its owner: outside MEDIA_ROOT, never served.
JOBS_STORAGE_DIR = env.path("JOBS_STORAGE_DIR", default=BASE_DIR / "private" / "jobs")
# A running job with no news for this many seconds is shown as stopped and may be started again.
JOBS_STALE_SECONDS = env.int("JOBS_STALE_SECONDS", default=300)
# Finished jobs (and what they made) are deleted after this many days by the retention purge.
JOBS_KEEP_DAYS = env.int("JOBS_KEEP_DAYS", default=30)
# Imports run in a job from this many rows (a CSV's lines on upload, the rows to write on
# confirmation) or, for a workbook (compressed) upload, from this many bytes; smaller ones run
# within the request.
IMPORT_JOB_MIN_BYTES = env.int("IMPORT_JOB_MIN_BYTES", default=200_000)
IMPORT_JOB_MIN_ROWS = env.int("IMPORT_JOB_MIN_ROWS", default=2000)

# Spreadsheet imports: refusals happen before parsing (see imports/services.py).
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
IMPORT_MAX_UNPACKED_BYTES = env.int("IMPORT_MAX_UNPACKED_BYTES", default=200 * 1024 * 1024)
IMPORT_MAX_COMPRESSION_RATIO = env.int("IMPORT_MAX_COMPRESSION_RATIO", default=100)
IMPORT_MAX_ARCHIVE_MEMBERS = env.int("IMPORT_MAX_ARCHIVE_MEMBERS", default=200)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=200_000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=60)
# A workbook is read in a child process (imports/sandbox.py) with at most this much address
# space, in bytes, and this many seconds of CPU and of wall time; a file that needs more is
# refused and the web worker lives on.
IMPORT_READ_MAX_MEMORY = env.int("IMPORT_READ_MAX_MEMORY", default=1024 * 1024 * 1024)
IMPORT_READ_MAX_SECONDS = env.int("IMPORT_READ_MAX_SECONDS", default=30)
# Uploads waiting for confirmation: outside MEDIA_ROOT and STATIC_ROOT, never served.
IMPORT_STORAGE_DIR = env.path("IMPORT_STORAGE_DIR", default=BASE_DIR / "private" / "imports")

# Optimisation report (reports/optimisation). Dictionaries are "key=value,key=value" in the env.
# The area risk score: each component is scaled to 0..1, then weighted; the weights are
# normalised to sum to 1, so the score stays within 0..1 (see reports/optimisation/risk.py).
RISK_WEIGHTS = {
    key: float(value)
    for key, value in env.dict(
        "RISK_WEIGHTS",
        default={
            "incidents": 0.35,
            "kakerda": 0.2,
            "recidivists": 0.15,
            "early_warnings": 0.15,
            "days_since_visit": 0.15,
        },
    ).items()
}
# An incident counts half as much after this many days (exponential decay).
RISK_HALF_LIFE_DAYS = env.int("RISK_HALF_LIFE_DAYS", default=365)
# The raw value at which a component reaches 1 (decayed incidents, people in more than one
# incident, open early warnings, days since the last visit); fixed, so a score does not depend
# on which other areas are on the page.
RISK_CAPS = {
    key: float(value)
    for key, value in env.dict(
        "RISK_CAPS",
        default={"incidents": 3, "recidivists": 3, "early_warnings": 3, "days_since_visit": 60},
    ).items()
}
# Need for an item of equipment: the officer's area risk and size (km²), weighted.
OPTIMISE_NEED_WEIGHTS = {
    key: float(value)
    for key, value in env.dict(
        "OPTIMISE_NEED_WEIGHTS", default={"risk": 0.6, "area_km2": 0.4}
    ).items()
}
# Need for a dikbangspes seat: the officer's area risk and competency gap, weighted.
OPTIMISE_SEAT_WEIGHTS = {
    key: float(value)
    for key, value in env.dict(
        "OPTIMISE_SEAT_WEIGHTS", default={"risk": 0.6, "competency_gap": 0.4}
    ).items()
}
# Visit plan: most visits an officer makes in a day, most visits to one area in a month, and
# the value below which a further visit is not planned (risk x 1/k for the k-th visit).
OPTIMISE_VISITS_PER_DAY = env.int("OPTIMISE_VISITS_PER_DAY", default=2)
OPTIMISE_MAX_VISITS_PER_AREA = env.int("OPTIMISE_MAX_VISITS_PER_AREA", default=8)
OPTIMISE_VISIT_THRESHOLD = env.float("OPTIMISE_VISIT_THRESHOLD", default=0.04)
# What-if "+Rp": unit prices (Rp) of the equipment a budget could buy, by facility type code,
# and how much one item of each type is worth against the others.
OPTIMISE_PRICES_RP = {
    key: int(value)
    for key, value in env.dict(
        "OPTIMISE_PRICES_RP",
        default={"ranmor-r2": 25_000_000, "ht": 3_500_000, "megaphone": 1_500_000},
    ).items()
}
OPTIMISE_ITEM_VALUES = {
    key: float(value)
    for key, value in env.dict(
        "OPTIMISE_ITEM_VALUES", default={"ranmor-r2": 1.0, "ht": 0.6, "megaphone": 0.3}
    ).items()
}
# Seconds HiGHS may spend on one model before it returns its best plan so far.
OPTIMISE_TIME_LIMIT = env.float("OPTIMISE_TIME_LIMIT", default=20.0)

# Visit photos (bhabin/photos.py): the largest upload accepted, and the longest side, in pixels,
# of the re-encoded copy that is stored (a phone's 12 MP photo shrinks to a few hundred KB).
VISIT_PHOTO_MAX_BYTES = env.int("VISIT_PHOTO_MAX_BYTES", default=8 * 1024 * 1024)
VISIT_PHOTO_MAX_SIDE = env.int("VISIT_PHOTO_MAX_SIDE", default=1600)

# The month ladder (monthly/approval.py): whether leadership's acceptance is a last step after
# the Kasat Binmas's approval of a Polres month, and the day of the next month by which a
# month's reports count as on time (completeness and timeliness, recaps/completeness.py).
MONTH_LEADERSHIP_ACCEPTANCE = env.bool("MONTH_LEADERSHIP_ACCEPTANCE", default=True)
REPORTS_DUE_DAY = env.int("REPORTS_DUE_DAY", default=5)
# Approved monthly PDFs, kept once as approved and served as stored (private, never under MEDIA).
APPROVED_REPORTS_DIR = env.path(
    "APPROVED_REPORTS_DIR", default=BASE_DIR / "private" / "approved-reports"
)

# Days of the week on which visits are planned and officers' capacity is counted (0 = Monday).
# Monday to Saturday by default, as Polsek duty rosters run; used by schedules and the optimiser.
FIELD_WORK_WEEKDAYS = frozenset(
    env.list("FIELD_WORK_WEEKDAYS", cast=int, default=[0, 1, 2, 3, 4, 5])
)

# The admin lists' Export button is offered to users who may view the model, nobody else.
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
