"""Pages of the hall's service procedures, one module per subject; blueprint.py routes them."""

from . import blueprint  # noqa: F401  (registers the routes on app.hall.bp)
