"""Pages of the rules room: the rule list, a rule's articles, the compilation."""

from . import blueprint  # noqa: F401  (registers the routes on app.rules.bp)
