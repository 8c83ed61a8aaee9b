"""Pages of the main room: the home page with its to-do list."""

from . import blueprint  # noqa: F401  (registers the routes on app.main.bp)
