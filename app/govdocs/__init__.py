from flask import Blueprint

bp = Blueprint("govdocs", __name__, template_folder="templates", url_prefix="/govdocs")
