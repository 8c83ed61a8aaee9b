from flask import Blueprint

bp = Blueprint("hall", __name__, template_folder="templates", url_prefix="/hall")
# The hall devices' JSON API (评价器, 排队叫号): token per device, no session, no CSRF.
api_bp = Blueprint("hall_api", __name__, url_prefix="/hall/api/v1")
