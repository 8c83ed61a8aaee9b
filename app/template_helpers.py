"""Jinja globals and filters shared by every domain's templates."""

from flask import Flask
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError

from .auth.permissions import can
from .auth.privacy import shown
from .auth.roles import ROLE_LABELS
from .centers.queries import current_center_name
from .core.highlight import mark_html
from .core.markdown import render_markdown
from .core.timeutil import format_date_cn, format_datetime_cn


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(ROLE_LABELS=ROLE_LABELS)
    app.jinja_env.filters["cn_date"] = format_date_cn
    app.jinja_env.filters["cn_datetime"] = format_datetime_cn
    app.jinja_env.filters["markdown"] = lambda text: Markup(render_markdown(text))
    app.jinja_env.filters["highlight"] = mark_html

    # Main navigation: (endpoint, label, permission). Entries whose endpoint is not registered
    # are skipped, so a domain can be added without touching the base template.
    nav_items = [
        ("main.index", "首页", "home.view"),
        ("documents.register", "文件登记册", "documents.view"),
        ("rules.index", "规章制度", "documents.view"),
        ("procedures.index", "质量体系", "documents.view"),
        ("documents.to_read", "待签阅", "documents.acknowledge"),
        ("records.index", "业务记录", "records.view"),
        ("assessment.index", "考核评比", "assessment.view"),
        ("govdocs.index", "政府文件", "govdocs.view"),
        ("quality.index", "质量改进", "quality.view"),
        ("hall.index", "窗口服务", "hall.view"),
        ("rollup.index", "三级汇总", "rollup.view"),
        ("search.index", "搜索", "search.query"),
        ("audit.index", "审计追踪", "audit.view"),
        ("auth.users", "用户", "users.manage"),
    ]

    # The menu depends only on the role (and whether someone is signed in and active): computed once
    # per role and worker, not per request.
    menus: dict[tuple, list] = {}
    endpoints = app.view_functions

    def has_endpoint(ep):
        return ep in endpoints

    @app.context_processor
    def inject_nav():
        user = current_user
        key = (
            bool(getattr(user, "is_authenticated", False)),
            bool(getattr(user, "active", True)),
            getattr(user, "role", None),
        )
        items = menus.get(key)
        if items is None:
            items = menus[key] = [(ep, label) for ep, label, perm in nav_items if ep in endpoints and can(user, perm)]
        return {"nav_items": items, "has_endpoint": has_endpoint}

    def _center_name() -> str:
        try:
            return current_center_name()  # the county's own name on a county's pages
        except SQLAlchemyError:  # an error page after the database failed still renders
            return app.config["CENTER_NAME"]

    @app.context_processor
    def inject_permissions():
        return {
            "can": lambda permission, obj=None: can(current_user, permission, obj),
            # personal(record, value, kind): the value, or masked (张** / 138****1234) for whom may not see it
            "personal": lambda obj, value, kind="name": shown(current_user, obj, value, kind),
            "center_name": _center_name(),
        }
