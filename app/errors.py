"""Error pages in Chinese for every error the app answers, registered on the app (not a room)."""

from flask import Flask, abort, render_template, request, session
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from .extensions import db
from .kernel import Conflict, DomainError, StaleEdit


def _page(code: int, message: str):
    return render_template("errors/error.html", code=code, message=message), code


def init_app(app: Flask) -> None:
    app.register_error_handler(403, lambda _e: _page(403, "您没有执行此操作的权限。"))
    app.register_error_handler(404, lambda _e: _page(404, "页面或记录不存在。"))
    app.register_error_handler(
        CSRFError,
        lambda _e: _page(400, "表单已过期或来源无法确认（安全校验未通过），本次提交未生效。请返回刷新页面后重新提交。"),
    )
    app.register_error_handler(400, lambda _e: _page(400, "请求无效，本次提交未生效。"))
    app.register_error_handler(413, lambda _e: _page(413, "上传的文件超过大小限制。"))
    app.register_error_handler(DomainError, refused_at_commit)
    # A stale row or a unique collision that escaped a room's checked flush (an autoflush inside a
    # query, say) is still a refusal with nothing saved, never a 500.
    app.register_error_handler(StaleDataError, lambda e: refused_at_commit(StaleEdit()))
    app.register_error_handler(IntegrityError, lambda e: refused_at_commit(Conflict()))
    app.register_error_handler(500, server_error)
    app.before_request(refuse_nul_characters)


def refuse_nul_characters():
    """A NUL character in a query or form value is refused with the 400 page: no one types one, and
    PostgreSQL cannot store it in text (it would end as a 500). JSON bodies are the API's to check."""
    values = list(request.args.values()) + (list(request.form.values()) if request.form else [])
    if any("\x00" in v for v in values):
        abort(400)


def refused_at_commit(error):
    """A stale row or a unique collision found when the request commits: nothing was saved, so the
    success message the view flashed is dropped and the refusal is shown instead."""
    db.session.rollback()
    session.pop("_flashes", None)
    return _page(409, str(error))


def server_error(_error):
    db.session.rollback()  # the failed transaction must not break the error page itself
    return _page(500, "系统出现错误，已记录，请稍后再试。")
