"""HallMark: quality management and document control for administrative service centers."""

import importlib
import logging
import os

from flask import Flask

from .config import Config
from .domains import DOMAINS


class HallMarkFlask(Flask):
    """Flask whose requests commit once, after the view returned (services only flush)."""

    def dispatch_request(self):
        rv = super().dispatch_request()
        from .kernel import commit_request

        commit_request()
        return rv


def create_app(config=None) -> Flask:
    # HALLMARK_INSTANCE names another instance folder (database, uploads, keys, checkpoints), e.g.
    # the empty instance a backup is restored into; default: instance/ next to the app.
    instance = os.environ.get("HALLMARK_INSTANCE")
    app = HallMarkFlask(
        __name__, instance_path=os.path.abspath(instance) if instance else None, instance_relative_config=True
    )
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_object(config if config is not None else Config(app.instance_path))
    configure_logging(app)
    warn_about_generated_secret(app)
    configure_extensions(app)
    configure_domains(app)
    configure_templates(app)
    configure_errors(app)
    configure_cli(app)
    return app


def configure_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        # HallMark's own messages at INFO; libraries (Alembic, jieba) only when something is wrong.
        logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        logging.getLogger("app").setLevel(logging.INFO)


def warn_about_generated_secret(app: Flask) -> None:
    key_file = app.config.get("SECRET_KEY_FILE")
    if key_file and not app.testing:
        logging.getLogger("app").warning(
            "SECRET_KEY 未设置：使用实例目录中生成的会话密钥文件 %s（所有进程共用）。生产环境请通过环境变量设置 SECRET_KEY。",
            key_file,
        )


def configure_extensions(app: Flask) -> None:
    from .extensions import babel, csrf, db, login_manager, migrate

    db.init_app(app)
    from .core import sequences  # noqa: F401  (the number_sequences table every room draws numbers from)

    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        _tune_sqlite(app)
    from .core import cache

    cache.init_app(app)  # before every other request hook: the stamps are read before any query


def _select_locale():
    """Simplified Chinese by default; ?lang=en (kept in the session) once English catalogues exist."""
    from flask import request, session

    lang = request.args.get("lang")
    if lang in ("zh_Hans_CN", "en"):
        session["lang"] = lang
    return session.get("lang") or "zh_Hans_CN"


def _tune_sqlite(app: Flask) -> None:
    """WAL and a busy timeout let two workers write without 'database is locked' errors."""
    from sqlalchemy import event

    from .extensions import db

    with app.app_context():
        engine = db.engine

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()


def configure_domains(app: Flask) -> None:
    for name in DOMAINS:
        package = importlib.import_module(f"app.{name}")
        _import_optional(f"app.{name}.models")
        _import_optional(f"app.{name}.web")  # every room's routes are in web/ (no views.py left)
        app.register_blueprint(package.bp)
        wiring = _import_optional(f"app.{name}.wiring")
        if wiring is not None and hasattr(wiring, "init_app"):
            wiring.init_app(app)


def configure_templates(app: Flask) -> None:
    from . import template_helpers

    template_helpers.init_app(app)


def configure_errors(app: Flask) -> None:
    from . import errors

    errors.init_app(app)


def configure_cli(app: Flask) -> None:
    from . import cli

    cli.register(app)
    for name in DOMAINS:
        module = _import_optional(f"app.{name}.cli")
        if module is not None:
            module.register(app)


def _import_optional(module_name: str):
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None
        raise
