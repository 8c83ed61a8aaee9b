from flask import Blueprint

bp = Blueprint("hall", __name__, template_folder="templates", url_prefix="/hall")
