"""Settings shared by every environment.

Only settings modules read the environment. Everything has a working default for the
embedded set-up (SQLite and one process under ``AKHBAR_DATA_DIR``); production adds
``DATABASE_URL`` (PostgreSQL) and ``REDIS_URL``.
"""

import datetime
import os
import secrets
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF

from akhbar.core.logs import logging_config

env = environ.Env()

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env.str("AKHBAR_DATA_DIR", default="var")).resolve()

DEBUG = env.bool("DJANGO_DEBUG", default=False)


def _secret_key() -> str:
    """Return the configured key, else one generated once and kept in DATA_DIR.

    The embedded default must run with no configuration and still not share a key
    with every other installation.
    """
    configured = env.str("DJANGO_SECRET_KEY", default="")
    if configured:
        return configured
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
]
LOCAL_APPS = [
    "akhbar.core",
    "akhbar.theme",
    "akhbar.news",
    "akhbar.newsroom",
    "akhbar.comments",
    "akhbar.importers",
    "akhbar.search",
    "akhbar.readership",
    "akhbar.live",
    "akhbar.newsletters",
    "akhbar.webhooks",
    # After search: a publish is indexed before its related lists are computed.
    "akhbar.related",
    "akhbar.entities",
    "akhbar.backup",
]
INSTALLED_APPS = LOCAL_APPS + DJANGO_APPS + THIRD_PARTY_APPS

MIDDLEWARE = [
    # Outermost: every log record of a request carries its id (akhbar.core.logs).
    "akhbar.core.logs.RequestIdMiddleware",
    # Counts and times everything inside it; answers /metrics (akhbar.core.metrics).
    "akhbar.core.metrics.MetricsMiddleware",
    # Health probes are answered before anything that needs the database or cache.
    "akhbar.core.health.HealthCheckMiddleware",
    # Replays what HttpCacheMiddleware made public, before anything renders.
    "akhbar.core.responsecache.ResponseCacheMiddleware",
    # Next: it sees the Vary headers and cookies every other middleware adds.
    "akhbar.core.caching.HttpCacheMiddleware",
    # Inside it: validators then describe the compressed bytes sent.
    "akhbar.core.compression.CompressionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "akhbar.news.middleware.CachedSiteMiddleware",
]

# Content-Security-Policy of the reader site (django-csp): its own scripts,
# styles, fonts and images only, and no inline script without the request's nonce
# (``{{ request.csp_nonce }}``), so markup that slipped into a stored body cannot
# run. Wagtail's admin relies on inline scripts and has a policy of its own to
# gain from later: it is left out. ``AKHBAR_CSP_REPORT_ONLY`` sends the policy
# as report-only (browsers report violations and block nothing), to try a
# stricter policy or a theme change on a live site first.
AKHBAR_CSP_REPORT_ONLY = env.bool("AKHBAR_CSP_REPORT_ONLY", default=False)
AKHBAR_CSP_REPORT_URI = env.str("AKHBAR_CSP_REPORT_URI", default="")
_CSP = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
        **({"report-uri": AKHBAR_CSP_REPORT_URI} if AKHBAR_CSP_REPORT_URI else {}),
    },
}
CONTENT_SECURITY_POLICY = None if AKHBAR_CSP_REPORT_ONLY else _CSP
CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP if AKHBAR_CSP_REPORT_ONLY else None

ROOT_URLCONF = "akhbar.urls"
WSGI_APPLICATION = "akhbar.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "akhbar.theme.context_processors.akhbar",
            ],
        },
    },
]

# SQLite unless DATABASE_URL is set. WAL lets readers and the one writer work at
# once, which several web workers over one file need.
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'akhbar.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend with JSON (article bodies, revisions) stored as UTF-8.
    DATABASES["default"]["ENGINE"] = "akhbar.core.db.sqlite3"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=5000;"
                "PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    )
else:
    # Each worker thread keeps its connection this long; a health check before
    # reuse replaces one the server or a pooler dropped meanwhile.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool(
        "DJANGO_CONN_HEALTH_CHECKS", default=True
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, serving pages without the cache (and
            # logging it) while Redis is away rather than answering 500.
            "BACKEND": "akhbar.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "akhbar",
            # A stopped Redis refuses at once; an unreachable host must not
            # hold a request for the system's connect timeout.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 2},
        }
    }
    # Sessions read from Redis and written through to the database: every app
    # server sees a login made on another, and a flushed Redis logs no one out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # A file cache is shared by every worker process of the embedded set-up, which
    # rate limits need; the local-memory cache would give each worker its own.
    # Past MAX_ENTRIES files it deletes a third of them at random, cache versions
    # and page-key stamps included (each loss retires everything cached under
    # it). Django's 300 is two pages' worth of the ~2 stamps (surrogate key,
    # first-served time) each of the up to 2,000 cached pages keeps here, so a
    # busy site lost versions every few hundred writes. 5,000 holds those plus
    # the versions and short-lived entries; more costs every write: Django lists
    # the folder on each one (bench figures, loaded machine: 9.5 ms CPU at 5,000
    # files, 19 ms at 10,000, 1 ms at 300). A busier site wants REDIS_URL.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Whole reader pages of the response cache (akhbar.core.responsecache), apart from
# the default cache so that a crawl through thousands of pages cannot push out
# rate-limit counters and versions: Redis when there is one, else files shared by
# the workers, at most this many pages.
CACHES["pages"] = (
    {**CACHES["default"], "KEY_PREFIX": "akhbar-pages"}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "pages"),
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
)

# Many short-lived entries, cheap to lose: counts per reader's address (rate
# limits, readership's once per article per hour) and the time each response body
# was first served (its Last-Modified). Apart from the default cache, whose
# MAX_ENTRIES they filled on a read site (one per reader and article, one per
# page body for a week) until Django's cull deleted a third of it at random,
# cache versions and page-key stamps with it: every cached page and fragment
# under a lost one unreachable. Same limit and cost per write as the default.
CACHES["transient"] = (
    {**CACHES["default"], "KEY_PREFIX": "akhbar-transient"}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "transient"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
)

# Rendered parts of pages (an article's body, a listing), keyed by the version of the
# published tree, so a publish anywhere makes every stale fragment unreachable. Kept
# per process: the key, not the storage, is shared. At most AKHBAR_FRAGMENT_CACHE_MIB
# of them in each process (akhbar.core.localcache: unreachable ones are not dropped
# until the cache is full).
AKHBAR_FRAGMENT_CACHE_MIB = env.int("AKHBAR_FRAGMENT_CACHE_MIB", default=8)
if AKHBAR_FRAGMENT_CACHE_MIB < 0:
    raise environ.ImproperlyConfigured(
        "AKHBAR_FRAGMENT_CACHE_MIB must be 0 (no bound) or more, not %d."
        % AKHBAR_FRAGMENT_CACHE_MIB
    )
CACHES["fragments"] = {
    "BACKEND": "akhbar.core.localcache.LocalCache"
    if env.bool("AKHBAR_FRAGMENT_CACHE", default=True)
    else "django.core.cache.backends.dummy.DummyCache",
    "LOCATION": "akhbar-fragments",
    "OPTIONS": {
        "MAX_ENTRIES": 5000,
        "MAX_BYTES": AKHBAR_FRAGMENT_CACHE_MIB * 2**20,
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", "العربية"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = env.str("AKHBAR_TIME_ZONE", default="Asia/Riyadh")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Date formats Django's own "ar" module leaves to the English defaults.
FORMAT_MODULE_PATH = ["akhbar.settings.formats"]

STATIC_URL = "/static/"
# Collected static files; servers with the same code may share one folder.
STATIC_ROOT = Path(env.str("AKHBAR_STATIC_ROOT", default=str(DATA_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("AKHBAR_MEDIA_ROOT", default=str(DATA_DIR / "media")))
AKHBAR_SERVE_MEDIA = env.bool("AKHBAR_SERVE_MEDIA", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # WhiteNoise's CompressedManifestStaticFilesStorage, remembering each URL.
    "staticfiles": {"BACKEND": "akhbar.core.static.StaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 3600
# Uploads (images, their renditions, documents, imported media) on local disk, or
# on S3-compatible object storage (AWS, MinIO, Ceph, R2...) with django-storages'
# own setting names. Static files stay with WhiteNoise either way.
AKHBAR_MEDIA_STORAGE = env.str("AKHBAR_MEDIA_STORAGE", default="local")
if AKHBAR_MEDIA_STORAGE not in ("local", "s3"):
    raise environ.ImproperlyConfigured(
        "AKHBAR_MEDIA_STORAGE must be 'local' or 's3', not %r." % AKHBAR_MEDIA_STORAGE
    )


def s3_media(environ) -> tuple[dict, list[str]]:
    """The media storage on the S3-compatible bucket that ``environ`` names (with
    django-storages' own variable names), and the image sources for the
    Content-Security-Policy: the bucket's prefix or its CDN, not a whole server."""
    from botocore.config import Config

    bucket = environ["AWS_STORAGE_BUCKET_NAME"]
    endpoint = environ.get("AWS_S3_ENDPOINT_URL", "").rstrip("/")
    region = environ.get("AWS_S3_REGION_NAME", "")
    domain = environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip("/")
    storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint or None,
            "region_name": region or None,
            # None: boto3's own chain (an instance profile, ~/.aws).
            "access_key": environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "custom_domain": domain or None,
            # Reader pages link images by plain, lasting URLs: a signed URL
            # expires (a cached page would break) and changes at every render.
            "querystring_auth": False,
            # Wagtail gives every upload a name of its own: an overwrite would
            # replace another image's file. So a stored name never changes its
            # content, and browsers and CDNs may keep it a year.
            "file_overwrite": False,
            "object_parameters": {
                "CacheControl": "public, max-age=31536000, immutable"
            },
            "addressing_style": "path",
            # Path-style addresses (endpoint/bucket/key) work on every
            # S3-compatible server; a probe or a page fails in seconds, not
            # minutes, when the storage is unreachable.
            "client_config": Config(
                connect_timeout=5,
                read_timeout=30,
                retries={"max_attempts": 3, "mode": "standard"},
                s3={"addressing_style": "path"},
            ),
        },
    }
    if domain:
        sources = ["https://%s/" % domain]
    elif endpoint:
        sources = ["%s/%s/" % (endpoint, bucket)]
    else:
        sources = [
            "https://s3.amazonaws.com/%s/" % bucket,
            "https://s3.%s.amazonaws.com/%s/" % (region or "us-east-1", bucket),
        ]
    return storage, sources


if AKHBAR_MEDIA_STORAGE == "s3":
    STORAGES["default"], _IMAGE_SOURCES = s3_media(env.ENVIRON)
    _CSP["DIRECTIVES"]["img-src"] += _IMAGE_SOURCES
    # Documents go through /documents/ (Wagtail's view: collection privacy and
    # attachment headers), not a redirect to a public bucket address.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"
    AKHBAR_SERVE_MEDIA = False

EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="akhbar@localhost")
# The SMTP server of the SMTP backend (Django's defaults: localhost:25, no login).
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)
# A provider's API instead of SMTP (django-anymail): the provider as Anymail names
# it ("postmark", "mailgun", "amazon_ses", "sendgrid", "brevo"...). Its credentials
# and the webhook's secret come from ANYMAIL_* variables, e.g.
# ANYMAIL_POSTMARK_SERVER_TOKEN and ANYMAIL_WEBHOOK_SECRET ("user:password").
AKHBAR_EMAIL_BACKEND = env.str("AKHBAR_EMAIL_BACKEND", default="")
ANYMAIL = {
    name.removeprefix("ANYMAIL_"): value
    for name, value in os.environ.items()
    if name.startswith("ANYMAIL_")
}
if AKHBAR_EMAIL_BACKEND:
    EMAIL_BACKEND = "anymail.backends.%s.EmailBackend" % AKHBAR_EMAIL_BACKEND

# HTTP caching of reader pages (akhbar.core.caching). Browsers keep a page briefly;
# shared caches (Varnish, a CDN) longer, since a publish bans what it changed.
AKHBAR_CACHE_BROWSER_SECONDS = env.int("AKHBAR_CACHE_BROWSER_SECONDS", default=30)
AKHBAR_CACHE_SHARED_SECONDS = env.int("AKHBAR_CACHE_SHARED_SECONDS", default=300)
# A stale page is served while a fresh one is fetched, and for a day if the site
# is down: a news site's readers are better served by an old page than an error.
AKHBAR_CACHE_STALE_WHILE_REVALIDATE = env.int(
    "AKHBAR_CACHE_STALE_WHILE_REVALIDATE", default=60
)
AKHBAR_CACHE_STALE_IF_ERROR = env.int("AKHBAR_CACHE_STALE_IF_ERROR", default=86400)
# Whole anonymous reader pages kept in the default cache and replayed without a
# render (akhbar.core.responsecache): a front cache inside the app, for a site
# served without Varnish. Publishing bans them by the same surrogate keys.
AKHBAR_RESPONSE_CACHE = env.bool("AKHBAR_RESPONSE_CACHE", default=True)
# The front cache to purge on publish (akhbar.core.frontcache): Varnish's address,
# e.g. http://127.0.0.1:6081. Another CDN: set WAGTAILFRONTENDCACHE in a settings
# module with one of wagtail.contrib.frontend_cache's backends.
AKHBAR_CACHE_PURGE_URL = env.str("AKHBAR_CACHE_PURGE_URL", default="")
WAGTAILFRONTENDCACHE = (
    {
        "varnish": {
            "BACKEND": "akhbar.core.frontcache.VarnishBanBackend",
            "LOCATION": AKHBAR_CACHE_PURGE_URL,
        }
    }
    if AKHBAR_CACHE_PURGE_URL
    else {}
)

# Wagtail
WAGTAIL_SITE_NAME = env.str("AKHBAR_SITE_NAME", default="أخبار")
# The site's public address (scheme, host, port), used by every absolute URL:
# canonical links, metadata, sitemaps, feeds, share links, e-mails. Empty: the
# default Site record's address (set by ``akhbar demo`` and ``akhbar serve``).
AKHBAR_BASE_URL = env.str("AKHBAR_BASE_URL", default="").rstrip("/")
WAGTAILADMIN_BASE_URL = AKHBAR_BASE_URL or "http://127.0.0.1:8000"
WAGTAIL_ALLOW_UNICODE_SLUGS = True
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Documents: the kinds a newsroom attaches; never a type a browser runs (html, htm,
# xhtml, svg, xml, js), which an upload would otherwise carry onto the site's origin.
# Every document is sent as a download (no inline types) by Wagtail's view, never
# from the media folder (akhbar.core.media).
AKHBAR_DOCUMENT_EXTENSIONS = env.list(
    "AKHBAR_DOCUMENT_EXTENSIONS",
    default=(
        "pdf,doc,docx,odt,rtf,txt,csv,xls,xlsx,ods,ppt,pptx,odp,epub,zip,"
        "mp3,m4a,ogg,wav,mp4"
    ).split(","),
)
ACTIVE_DOCUMENT_TYPES = {"html", "htm", "xhtml", "shtml", "svg", "svgz", "xml", "js"}
WAGTAILDOCS_EXTENSIONS = [
    extension.lower().lstrip(".")
    for extension in AKHBAR_DOCUMENT_EXTENSIONS
    if extension.lower().lstrip(".") not in ACTIVE_DOCUMENT_TYPES
]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env.int(
    "AKHBAR_IMAGE_MAX_BYTES", default=10 * 1024 * 1024
)
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env.int("AKHBAR_IMAGE_MAX_PIXELS", default=40_000_000)
WAGTAILEMBEDS_FINDERS = []  # No outside oEmbed calls: embeds are kept as links.
TAGGIT_CASE_INSENSITIVE = True

# Reader presentation, per installation.
AKHBAR_DIGITS = env.str("AKHBAR_DIGITS", default="arabic")  # "arabic" or "western"
AKHBAR_MONTH_NAMES = env.str("AKHBAR_MONTH_NAMES", default="egyptian")  # or levantine
AKHBAR_SHOW_HIJRI = env.bool("AKHBAR_SHOW_HIJRI", default=True)
AKHBAR_ARTICLES_PER_PAGE = env.int("AKHBAR_ARTICLES_PER_PAGE", default=12)
# Percent-encoded bytes: room for about ten Arabic words, under Wagtail's 255-character
# slug column and far below what proxies accept in a path segment. (WordPress cuts at
# 200, often in the middle of a word.)
AKHBAR_SLUG_MAX_BYTES = env.int("AKHBAR_SLUG_MAX_BYTES", default=400)
# Feeds (akhbar.news.feeds): items per feed (readers poll often, a short feed keeps
# each poll cheap), the whole article as content:encoded, and a WebSub hub to
# announce (empty: none).
AKHBAR_FEED_ITEMS = env.int("AKHBAR_FEED_ITEMS", default=30)
AKHBAR_FEED_FULL_CONTENT = env.bool("AKHBAR_FEED_FULL_CONTENT", default=True)
AKHBAR_WEBSUB_HUB = env.str("AKHBAR_WEBSUB_HUB", default="")
# The client's address for every limit (comments, newsletters, readership, search,
# login): REMOTE_ADDR, unless that is one of these proxies (CIDR list), then the
# address the proxies forward in this header, read from the right past their own.
AKHBAR_TRUSTED_PROXIES = env.list("AKHBAR_TRUSTED_PROXIES", default=[])
AKHBAR_CLIENT_IP_HEADER = env.str(
    "AKHBAR_CLIENT_IP_HEADER", default="HTTP_X_FORWARDED_FOR"
)
# Deprecated: a header trusted from any peer (used only while no proxy is listed).
AKHBAR_COMMENTS_IP_HEADER = env.str("AKHBAR_COMMENTS_IP_HEADER", default="")
AKHBAR_READERSHIP_IP_HEADER = env.str("AKHBAR_READERSHIP_IP_HEADER", default="")
# Most read (akhbar.readership): counted views per address per hour (0: no
# limit), and how long a most-read list is kept before it is summed again.
AKHBAR_READERSHIP_RATE_PER_IP = env.int("AKHBAR_READERSHIP_RATE_PER_IP", default=120)
AKHBAR_MOST_READ_CACHE_SECONDS = env.int("AKHBAR_MOST_READ_CACHE_SECONDS", default=180)

# Console logs: ``text`` lines or one JSON object per line (``json``, the
# production default), each with the id of the request it belongs to.
AKHBAR_LOG_FORMAT = env.str("AKHBAR_LOG_FORMAT", default="text")
LOG_LEVEL = env.str("DJANGO_LOG_LEVEL", "INFO")
WAGTAIL_LOG_LEVEL = env.str("AKHBAR_WAGTAIL_LOG_LEVEL", "WARNING")
LOGGING = logging_config(
    log_format=AKHBAR_LOG_FORMAT, level=LOG_LEVEL, wagtail_level=WAGTAIL_LOG_LEVEL
)

# Prometheus metrics (akhbar.core.metrics): who may read /metrics besides
# loopback (comma-separated networks, e.g. 10.0.0.0/8), and the folder where
# the workers of ``akhbar serve`` keep their counts (emptied when it starts).
AKHBAR_METRICS_ALLOWED_NETWORKS = env.list(
    "AKHBAR_METRICS_ALLOWED_NETWORKS", default=[]
)
AKHBAR_METRICS_DIR = Path(
    env.str("PROMETHEUS_MULTIPROC_DIR", default=str(DATA_DIR / "metrics"))
)

# Newsroom (akhbar.newsroom): roles, review, scheduled publishing, image checks.
# Authors' own articles pass review at once when this is on; Contributors never do.
AKHBAR_AUTHORS_CAN_PUBLISH = env.bool("AKHBAR_AUTHORS_CAN_PUBLISH", default=False)
# The scheduler sleeps until the next due time but never longer than this, so an
# article scheduled from another process is noticed within this many seconds.
AKHBAR_SCHEDULER_POLL_SECONDS = env.float("AKHBAR_SCHEDULER_POLL_SECONDS", default=1.0)
# Dotted path of the lock class that keeps one scheduler active; empty chooses Redis
# when REDIS_URL is set, else a PostgreSQL advisory lock, else a file lock.
AKHBAR_SCHEDULER_LOCK = env.str("AKHBAR_SCHEDULER_LOCK", default="")
AKHBAR_SCHEDULER_LOCK_FILE = DATA_DIR / "scheduler.lock"
# Set by ``akhbar serve`` for its web workers: each runs the scheduler in a thread
# (one holds the lock and works) instead of a scheduler process of its own.
AKHBAR_SCHEDULER_IN_WORKERS = env.bool("AKHBAR_SCHEDULER_IN_WORKERS", default=False)
# Each web worker of ``akhbar serve`` renders the home page and the newest page
# before it takes requests (akhbar.core.processes.warm_up): its first reader
# does not wait seconds of CPU for code and templates to load.
AKHBAR_SERVE_WARM_UP = env.bool("AKHBAR_SERVE_WARM_UP", default=True)
WAGTAILIMAGES_IMAGE_FORM_BASE = "akhbar.newsroom.media.NewsImageForm"
WAGTAILADMIN_USER_LOGIN_FORM = "akhbar.newsroom.forms.LoginForm"
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "akhbar.newsroom.forms.PasswordResetForm"  # noqa: S105
# Password-reset mails per account (e-mail address) and per client address per
# window: no one's inbox is flooded and addresses are not probed in bulk.
AKHBAR_PASSWORD_RESET_RATE_PER_USER = env.int(
    "AKHBAR_PASSWORD_RESET_RATE_PER_USER", default=3
)
AKHBAR_PASSWORD_RESET_RATE_PER_IP = env.int(
    "AKHBAR_PASSWORD_RESET_RATE_PER_IP", default=10
)
AKHBAR_PASSWORD_RESET_RATE_WINDOW = env.int(
    "AKHBAR_PASSWORD_RESET_RATE_WINDOW", default=3600
)
# Sign-in lock-out (django-axes): after this many wrong passwords for one account
# from one client address, that pair is refused (429) for the cool-off time. The
# attempts are kept in the database, shared by every worker and machine; the
# client's address is core.ratelimit's (AKHBAR_TRUSTED_PROXIES).
INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS = [
    "akhbar.newsroom.login.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AKHBAR_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=env.int("AKHBAR_LOGIN_COOLOFF_MINUTES", default=15)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "akhbar.core.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "akhbar.newsroom.login.lockout_response"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_RESET_ON_SUCCESS = True
# Successful sign-ins are not logged with their address: only failures are kept.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
WAGTAIL_FINISH_WORKFLOW_ACTION = "akhbar.newsroom.workflow.publish_workflow_state"
# No avatar requests to gravatar.com from the admin: writers' e-mail hashes stay here.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Reader comments (akhbar.comments).
# "first": hold a commenter's first comment, publish the next ones once one is
# approved; "all": hold every comment; "none": publish unless a rule holds it.
AKHBAR_COMMENTS_MODERATION = env.str("AKHBAR_COMMENTS_MODERATION", default="first")
AKHBAR_COMMENTS_MAX_DEPTH = 3  # A comment, a reply, a reply to the reply.
AKHBAR_COMMENTS_PER_PAGE = env.int("AKHBAR_COMMENTS_PER_PAGE", default=50)  # Threads.
AKHBAR_COMMENTS_MAX_LENGTH = env.int("AKHBAR_COMMENTS_MAX_LENGTH", default=5000)
# Comments close this many days after an article is published; 0 never closes them.
AKHBAR_COMMENTS_CLOSE_AFTER_DAYS = env.int(
    "AKHBAR_COMMENTS_CLOSE_AFTER_DAYS", default=0
)
# A person needs a few seconds to write even a short comment; bots post at once.
AKHBAR_COMMENTS_MIN_FILL_SECONDS = env.float(
    "AKHBAR_COMMENTS_MIN_FILL_SECONDS", default=3
)
AKHBAR_COMMENTS_FORM_MAX_AGE = 2 * 24 * 3600  # A page left open over a weekend.
# Attempts per window; shared mobile and office addresses make the IP limit looser.
AKHBAR_COMMENTS_RATE_PER_IP = env.int("AKHBAR_COMMENTS_RATE_PER_IP", default=10)
AKHBAR_COMMENTS_RATE_PER_EMAIL = env.int("AKHBAR_COMMENTS_RATE_PER_EMAIL", default=5)
AKHBAR_COMMENTS_RATE_WINDOW = env.int("AKHBAR_COMMENTS_RATE_WINDOW", default=600)
# IP addresses and browsers are kept for moderation, then cleared; 0 keeps them.
AKHBAR_COMMENTS_IP_RETENTION_DAYS = env.int(
    "AKHBAR_COMMENTS_IP_RETENTION_DAYS", default=90
)
AKHBAR_COMMENTS_NOTIFY_MODERATORS = env.bool(
    "AKHBAR_COMMENTS_NOTIFY_MODERATORS", default=True
)

# akhbar.importers
# WordPress's /?p=123 links ask for the home page, which Wagtail's redirect
# middleware (404 responses only) never sees; this one follows them.
MIDDLEWARE += ["akhbar.importers.middleware.LegacyQueryRedirectMiddleware"]

# Live stories (akhbar.live).
# Readers' pages ask for changes this often; the server sends it with every answer,
# so it can be raised on a busy day without touching the pages already open.
AKHBAR_LIVE_POLL_SECONDS = env.float("AKHBAR_LIVE_POLL_SECONDS", default=3)
# How long a cache in front may answer polls for everyone (browsers always ask).
AKHBAR_LIVE_SHARED_CACHE_SECONDS = env.int(
    "AKHBAR_LIVE_SHARED_CACHE_SECONDS", default=2
)
AKHBAR_LIVE_ENTRIES_PER_PAGE = env.int("AKHBAR_LIVE_ENTRIES_PER_PAGE", default=20)
# Changes each poll answer carries; a page further behind is asked to reload.
AKHBAR_LIVE_UPDATES_WINDOW = env.int("AKHBAR_LIVE_UPDATES_WINDOW", default=100)

# Newsletters (akhbar.newsletters).
# Subscription attempts per address per window: a flood from one address is refused.
AKHBAR_NEWSLETTERS_RATE_PER_IP = env.int("AKHBAR_NEWSLETTERS_RATE_PER_IP", default=5)
AKHBAR_NEWSLETTERS_RATE_WINDOW = env.int("AKHBAR_NEWSLETTERS_RATE_WINDOW", default=3600)
# A confirmation link older than this is refused; the reader subscribes again.
AKHBAR_NEWSLETTERS_CONFIRM_MAX_AGE = 7 * 24 * 3600
# Mails handed to the mail server per connection.
AKHBAR_NEWSLETTERS_BATCH_SIZE = env.int("AKHBAR_NEWSLETTERS_BATCH_SIZE", default=100)
AKHBAR_NEWSLETTERS_DIGEST_ARTICLES = env.int(
    "AKHBAR_NEWSLETTERS_DIGEST_ARTICLES", default=10
)

# Webhooks (akhbar.webhooks): signed posts to the endpoints editors register.
# Seconds an endpoint has to connect and answer, per attempt.
AKHBAR_WEBHOOKS_TIMEOUT = env.float("AKHBAR_WEBHOOKS_TIMEOUT", default=5.0)
# Attempts before a delivery is marked failed; the wait between them doubles
# from AKHBAR_WEBHOOKS_RETRY_SECONDS (30 s, 1 min, 2 min... about 1 h in all).
AKHBAR_WEBHOOKS_MAX_ATTEMPTS = env.int("AKHBAR_WEBHOOKS_MAX_ATTEMPTS", default=8)
AKHBAR_WEBHOOKS_RETRY_SECONDS = env.float("AKHBAR_WEBHOOKS_RETRY_SECONDS", default=30)
# Endpoints on the loopback or a private network are refused unless this is on
# (a receiver inside the newsroom's network, the tests' local receiver): a URL
# an editor types must not reach services behind the firewall.
AKHBAR_WEBHOOKS_ALLOW_PRIVATE = env.bool("AKHBAR_WEBHOOKS_ALLOW_PRIVATE", default=False)

# akhbar.search
# A backend class by dotted path; empty means the one for the database vendor.
AKHBAR_SEARCH_BACKEND = env.str("AKHBAR_SEARCH_BACKEND", default="")
AKHBAR_SEARCH_BACKEND_OPTIONS = {}
AKHBAR_SEARCH_RESULTS_PER_PAGE = env.int("AKHBAR_SEARCH_RESULTS_PER_PAGE", default=10)
# Anonymous search pages are cached this long; a publish invalidates them at once.
AKHBAR_SEARCH_CACHE_SECONDS = env.int("AKHBAR_SEARCH_CACHE_SECONDS", default=60)
# Entity names found by akhbar.arabic in an article are indexed as a field of
# their own (about 10 ms per article on publish).
AKHBAR_SEARCH_INDEX_ENTITIES = env.bool("AKHBAR_SEARCH_INDEX_ENTITIES", default=True)
# akhbar.entities: a name no list knows, found by the model in this many live
# articles of the last this many days (0: all), becomes an entity with a page.
AKHBAR_ENTITIES_MIN_ARTICLES = env.int("AKHBAR_ENTITIES_MIN_ARTICLES", default=3)
AKHBAR_ENTITIES_FOUND_DAYS = env.int("AKHBAR_ENTITIES_FOUND_DAYS", default=90)
# The scheduler counts found names after publishes, at most once per this many
# seconds (a count scans the indexed articles of those days; publish never waits).
AKHBAR_ENTITIES_FOUND_SECONDS = env.int("AKHBAR_ENTITIES_FOUND_SECONDS", default=60)
# Searches per client address per window (0: no limit): a reader clicks through
# a few pages a minute; a script sending unique queries costs a database query each.
AKHBAR_SEARCH_RATE_PER_IP = env.int("AKHBAR_SEARCH_RATE_PER_IP", default=60)
AKHBAR_SEARCH_RATE_WINDOW = env.int("AKHBAR_SEARCH_RATE_WINDOW", default=60)

# akhbar.api: the JSON API under /api/v1/. django-ninja is an installed app so
# that its docs page is served from its own static files, never from a CDN.
INSTALLED_APPS += ["akhbar.api", "ninja"]
# Shared caches (a CDN, Varnish) may keep an API answer this long; clients
# revalidate with its ETag.
AKHBAR_API_CACHE_SECONDS = env.int("AKHBAR_API_CACHE_SECONDS", default=60)
# The write API: a JSON body larger than this is refused (413) before it is
# read; an image upload may be AKHBAR_IMAGE_MAX_BYTES more.
AKHBAR_API_MAX_BODY_BYTES = env.int("AKHBAR_API_MAX_BODY_BYTES", default=1_000_000)
# Writes allowed per token and per client address in each window (0: no limit).
AKHBAR_API_WRITES_PER_TOKEN = env.int("AKHBAR_API_WRITES_PER_TOKEN", default=120)
AKHBAR_API_WRITES_PER_IP = env.int("AKHBAR_API_WRITES_PER_IP", default=300)
AKHBAR_API_WRITE_WINDOW_SECONDS = env.int("AKHBAR_API_WRITE_WINDOW_SECONDS", default=60)

# akhbar.related
# Stories published close in time to an article count up to 1 + RECENCY times
# as much in its related list, the extra halving every RECENCY_DAYS apart.
AKHBAR_RELATED_RECENCY = env.float("AKHBAR_RELATED_RECENCY", default=0.2)
AKHBAR_RELATED_RECENCY_DAYS = env.float("AKHBAR_RELATED_RECENCY_DAYS", default=30.0)
