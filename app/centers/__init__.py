from flask import Blueprint

bp = Blueprint("centers", __name__, template_folder="templates")
