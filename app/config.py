"""Configuration from the environment; defaults suit one machine with SQLite under instance/."""

import os

from .core.keyfile import read_or_create


def _flag(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def _database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + os.path.join(instance_path, "hallmark.db")
    # Heroku-style URLs name the old driver; SQLAlchemy wants psycopg (v3).
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


_HALL_INT_SETTINGS = (
    "HALL_SUPPLEMENT_WORKDAYS",
    "HALL_COMPLAINT_ACCEPT_DAYS",
    "HALL_COMPLAINT_INVESTIGATE_DAYS",
    "HALL_COMPLAINT_HANDLE_DAYS",
    "HALL_COMPLAINT_FEEDBACK_DAYS",
    "HALL_RECTIFY_WORKDAYS",
    "HALL_QUARTER_PUBLIC_WEIGHT",
    "HALL_QUARTER_PUBLICITY_WORKDAYS",
)


class Config:
    """Read once at start-up. SECRET_KEY must come from the environment in production."""

    def __init__(self, instance_path: str):
        # Without SECRET_KEY every worker must still share one key (else logins fail on the other
        # workers): it is generated once into instance/secret_key (0600); create_app logs a warning.
        self.SECRET_KEY = os.environ.get("SECRET_KEY")
        self.SECRET_KEY_FILE = None
        if not self.SECRET_KEY:
            self.SECRET_KEY_FILE = os.environ.get("SECRET_KEY_FILE") or os.path.join(instance_path, "secret_key")
            self.SECRET_KEY, _created = read_or_create(self.SECRET_KEY_FILE)
        self.SQLALCHEMY_DATABASE_URI = _database_url(instance_path)
        # A ping before each request's first statement finds a dropped PostgreSQL connection; a SQLite
        # file has no connection to lose, so the ping would only cost every request a round trip.
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": not self.SQLALCHEMY_DATABASE_URI.startswith("sqlite")}
        self.SEARCH_INDEX_DIR = os.environ.get("SEARCH_INDEX_DIR") or os.path.join(instance_path, "search_index")
        # "postgres" or "whoosh"; empty: postgres when DATABASE_URL is PostgreSQL, else whoosh.
        self.SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "")
        self.UPLOAD_DIR = os.environ.get("UPLOAD_DIR") or os.path.join(instance_path, "uploads")
        # Kept page values (app/core/cache.py) are dropped when their data changes; the stamps that say
        # so live in the database ("database", the default on PostgreSQL: every app server sees them)
        # or in files under CACHE_STAMP_DIR ("files", the default on SQLite: one machine).
        self.CACHE_STAMPS = os.environ.get("CACHE_STAMPS", "")
        self.CACHE_STAMP_DIR = os.environ.get("CACHE_STAMP_DIR") or os.path.join(instance_path, "cache")
        # The evidence key (audit chain, checkpoints, signatures) lives outside the database: AUDIT_KEY
        # from the environment, else a 0600 key file written once under the instance folder.
        self.AUDIT_KEY = os.environ.get("AUDIT_KEY") or None
        self.AUDIT_KEY_FILE = os.environ.get("AUDIT_KEY_FILE") or os.path.join(instance_path, "audit.key")
        self.AUDIT_CHECKPOINT_FILE = os.environ.get("AUDIT_CHECKPOINT_FILE") or os.path.join(
            instance_path, "audit_checkpoints.jsonl"
        )
        self.MAX_CONTENT_LENGTH = int(os.environ.get("MAX_UPLOAD_MB", "20")) * 1024 * 1024
        self.ORG_CODE = os.environ.get("HALLMARK_ORG_CODE", "SF")
        self.CENTER_NAME = os.environ.get("HALLMARK_CENTER_NAME", "示范市行政服务中心")
        # Monthly scoring (app/assessment): on how many of a month's last working days it may
        # already be locked (0: only after the month has ended), and whether the evaluator who
        # submitted a month may also lock it (segregation of duties: no by default).
        self.ASSESSMENT_LOCK_LAST_WORKDAYS = int(os.environ.get("HALLMARK_ASSESSMENT_LOCK_LAST_WORKDAYS", "0"))
        self.ASSESSMENT_SUBMITTER_MAY_LOCK = os.environ.get("HALLMARK_ASSESSMENT_SUBMITTER_MAY_LOCK", "") == "1"
        self.BABEL_DEFAULT_LOCALE = os.environ.get("BABEL_DEFAULT_LOCALE", "zh_Hans_CN")
        self.BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
        # Login throttling (app/auth/logic/throttle.py): a few free failures, then each further
        # failure doubles the wait before the next attempt, capped; never a lock-out. Failures are
        # forgotten after LOGIN_FORGET_MINUTES without one.
        self.LOGIN_FREE_FAILURES_ACCOUNT = int(os.environ.get("LOGIN_FREE_FAILURES_ACCOUNT", "5"))
        self.LOGIN_MAX_DELAY_ACCOUNT = int(os.environ.get("LOGIN_MAX_DELAY_ACCOUNT", "60"))  # seconds
        self.LOGIN_FREE_FAILURES_ADDRESS = int(os.environ.get("LOGIN_FREE_FAILURES_ADDRESS", "20"))
        self.LOGIN_MAX_DELAY_ADDRESS = int(os.environ.get("LOGIN_MAX_DELAY_ADDRESS", "900"))  # seconds
        self.LOGIN_FORGET_MINUTES = int(os.environ.get("LOGIN_FORGET_MINUTES", "60"))
        # Sessions: signed cookie + a per-user epoch checked on every request (logout, password change
        # and disable end every session of the person); idle timeout and absolute lifetime.
        self.SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
        self.SESSION_MAX_HOURS = int(os.environ.get("SESSION_MAX_HOURS", "12"))
        self.PERMANENT_SESSION_LIFETIME = self.SESSION_MAX_HOURS * 3600  # the cookie's own signed age limit
        self.SESSION_COOKIE_SECURE = _flag("SESSION_COOKIE_SECURE")  # on for HTTPS deployments
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_NAME = "hallmark_session"
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        # The demo password (app/auth/demo.py) is refused by the password policy unless this is on
        # (`flask demo load` turns it on for its own run).
        self.HALLMARK_DEMO = _flag("HALLMARK_DEMO")
        self.WTF_CSRF_TIME_LIMIT = None
        self.PER_PAGE = 20
        # Electronic supervision: yellow when remaining working days <= max(MIN, ceil(PERCENT % x limit)).
        self.RECORDS_YELLOW_PERCENT = int(os.environ.get("RECORDS_YELLOW_PERCENT", "20"))
        self.RECORDS_YELLOW_MIN = int(os.environ.get("RECORDS_YELLOW_MIN", "1"))
        # Working days to rectify an upheld bad rating (some provinces use 5) and to handle a complaint.
        self.RECORDS_RECTIFY_DAYS = int(os.environ.get("RECORDS_RECTIFY_DAYS", "15"))
        self.RECORDS_COMPLAINT_DAYS = int(os.environ.get("RECORDS_COMPLAINT_DAYS", "5"))
        # Sending the 一次性告知书 (app/hall outbox, job hall.outbox): e-mail through this SMTP host
        # (STARTTLS / SSL and a login when set), SMS by POSTing JSON {to, text, ref} to the gateway
        # URL (Authorization: Bearer the token when set); unset: the message waits and fails visibly.
        self.HALL_SMTP_HOST = os.environ.get("HALL_SMTP_HOST", "")
        self.HALL_SMTP_PORT = int(os.environ.get("HALL_SMTP_PORT", "25"))
        self.HALL_SMTP_STARTTLS = _flag("HALL_SMTP_STARTTLS")
        self.HALL_SMTP_SSL = _flag("HALL_SMTP_SSL")
        self.HALL_SMTP_USER = os.environ.get("HALL_SMTP_USER", "")
        self.HALL_SMTP_PASSWORD = os.environ.get("HALL_SMTP_PASSWORD", "")
        self.HALL_MAIL_FROM = os.environ.get("HALL_MAIL_FROM", "noreply@localhost")
        self.HALL_SMS_GATEWAY_URL = os.environ.get("HALL_SMS_GATEWAY_URL", "")
        self.HALL_SMS_GATEWAY_TOKEN = os.environ.get("HALL_SMS_GATEWAY_TOKEN", "")
        self.HALL_OUTBOX_TIMEOUT = int(os.environ.get("HALL_OUTBOX_TIMEOUT", "10"))  # seconds a send may take
        self.HALL_OUTBOX_MAX_ATTEMPTS = int(os.environ.get("HALL_OUTBOX_MAX_ATTEMPTS", "6"))
        self.HALL_OUTBOX_RETRY_MINUTES = int(os.environ.get("HALL_OUTBOX_RETRY_MINUTES", "5"))
        self.HALL_OUTBOX_BATCH = int(os.environ.get("HALL_OUTBOX_BATCH", "20"))  # messages a run sends at most
        # The hall's procedure settings (README, Configuration): the services keep the defaults and
        # read these when set (they were documented as environment variables but never read).
        for name in _HALL_INT_SETTINGS:
            if os.environ.get(name, "").strip():
                setattr(self, name, int(os.environ[name]))
        for name in ("HALL_NOTICE_PREFIX", "HALL_QUARTER_PREFIX"):
            if os.environ.get(name, "").strip():
                setattr(self, name, os.environ[name].strip())


class TestConfig(Config):
    __test__ = False  # not a pytest test class

    def __init__(self, instance_path: str, **overrides):
        super().__init__(instance_path)
        self.TESTING = True
        self.SECRET_KEY = "test-secret"
        self.SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or "sqlite:///" + os.path.join(
            instance_path, "test.db"
        )
        if self.SQLALCHEMY_DATABASE_URI.startswith("postgresql://"):
            self.SQLALCHEMY_DATABASE_URI = (
                "postgresql+psycopg://" + self.SQLALCHEMY_DATABASE_URI[len("postgresql://") :]
            )
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": not self.SQLALCHEMY_DATABASE_URI.startswith("sqlite")}
        self.WTF_CSRF_ENABLED = False
        self.PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # fast in tests only
        for key, value in overrides.items():
            setattr(self, key, value)
