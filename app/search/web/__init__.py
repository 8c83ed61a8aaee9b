"""The search page."""

from . import blueprint  # noqa: F401  (registers the routes on app.search.bp)
