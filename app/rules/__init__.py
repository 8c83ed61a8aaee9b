from flask import Blueprint

bp = Blueprint("rules", __name__, template_folder="templates", url_prefix="/rules")
