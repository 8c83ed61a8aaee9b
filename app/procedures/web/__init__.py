"""Pages of the procedures room: the document system by ISO level."""

from . import procedures  # noqa: F401  (registers the routes)
