from flask import Blueprint

bp = Blueprint("procedures", __name__, template_folder="templates", url_prefix="/procedures")
