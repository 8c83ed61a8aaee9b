from flask import Blueprint

bp = Blueprint("rollup", __name__, template_folder="templates", url_prefix="/rollup")
