from flask import render_template
from flask_login import current_user

from ..auth.permissions import permission_required
from . import bp
from .todo import tasks_for


@bp.route("/")
@permission_required("home.view")
def index():
    return render_template("main/index.html", tasks=tasks_for(current_user))


@bp.app_errorhandler(403)
def forbidden(_error):
    return render_template("errors/error.html", code=403, message="您没有执行此操作的权限。"), 403


@bp.app_errorhandler(404)
def not_found(_error):
    return render_template("errors/error.html", code=404, message="页面或记录不存在。"), 404


@bp.app_errorhandler(413)
def too_large(_error):
    return render_template("errors/error.html", code=413, message="上传的文件超过大小限制。"), 413


@bp.app_errorhandler(500)
def server_error(_error):
    return render_template("errors/error.html", code=500, message="系统出现错误，已记录，请稍后再试。"), 500
