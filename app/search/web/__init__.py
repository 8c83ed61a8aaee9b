"""The search page."""

from . import search  # noqa: F401  (registers the routes)
