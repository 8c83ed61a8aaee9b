"""Configuration from the environment; defaults suit one machine with SQLite under instance/."""
import os
import secrets


def _database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + os.path.join(instance_path, "hallmark.db")
    # Heroku-style URLs name the old driver; SQLAlchemy wants psycopg (v3).
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://"):]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


class Config:
    """Read once at start-up. SECRET_KEY must come from the environment in production."""

    def __init__(self, instance_path: str):
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or secrets.token_hex(32)
        self.SQLALCHEMY_DATABASE_URI = _database_url(instance_path)
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        self.SEARCH_INDEX_DIR = os.environ.get("SEARCH_INDEX_DIR") or os.path.join(instance_path, "search_index")
        # "postgres" or "whoosh"; empty: postgres when DATABASE_URL is PostgreSQL, else whoosh.
        self.SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "")
        self.UPLOAD_DIR = os.environ.get("UPLOAD_DIR") or os.path.join(instance_path, "uploads")
        # The evidence key (audit chain, checkpoints, signatures) lives outside the database: AUDIT_KEY
        # from the environment, else a 0600 key file written once under the instance folder.
        self.AUDIT_KEY = os.environ.get("AUDIT_KEY") or None
        self.AUDIT_KEY_FILE = os.environ.get("AUDIT_KEY_FILE") or os.path.join(instance_path, "audit.key")
        self.AUDIT_CHECKPOINT_FILE = os.environ.get("AUDIT_CHECKPOINT_FILE") or os.path.join(
            instance_path, "audit_checkpoints.jsonl")
        self.MAX_CONTENT_LENGTH = int(os.environ.get("MAX_UPLOAD_MB", "20")) * 1024 * 1024
        self.ORG_CODE = os.environ.get("HALLMARK_ORG_CODE", "SF")
        self.CENTER_NAME = os.environ.get("HALLMARK_CENTER_NAME", "示范市行政服务中心")
        self.BABEL_DEFAULT_LOCALE = os.environ.get("BABEL_DEFAULT_LOCALE", "zh_Hans_CN")
        self.BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
        self.LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
        self.LOGIN_LOCK_MINUTES = int(os.environ.get("LOGIN_LOCK_MINUTES", "15"))
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.WTF_CSRF_TIME_LIMIT = None
        self.PER_PAGE = 20
        # Electronic supervision: yellow when remaining working days <= max(MIN, ceil(PERCENT % x limit)).
        self.RECORDS_YELLOW_PERCENT = int(os.environ.get("RECORDS_YELLOW_PERCENT", "20"))
        self.RECORDS_YELLOW_MIN = int(os.environ.get("RECORDS_YELLOW_MIN", "1"))
        # Working days to rectify an upheld bad rating (some provinces use 5) and to handle a complaint.
        self.RECORDS_RECTIFY_DAYS = int(os.environ.get("RECORDS_RECTIFY_DAYS", "15"))
        self.RECORDS_COMPLAINT_DAYS = int(os.environ.get("RECORDS_COMPLAINT_DAYS", "5"))


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
            self.SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://" + self.SQLALCHEMY_DATABASE_URI[len("postgresql://"):]
        self.WTF_CSRF_ENABLED = False
        self.PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # fast in tests only
        for key, value in overrides.items():
            setattr(self, key, value)
