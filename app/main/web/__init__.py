"""Pages of the main room: the home page with its to-do list."""

from . import home  # noqa: F401  (registers the routes)
