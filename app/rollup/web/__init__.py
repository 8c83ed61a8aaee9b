"""Pages of the roll-up room: the centers side by side, a center's windows, a window's cases."""

from . import blueprint  # noqa: F401  (registers the routes on app.rollup.bp)
