"""The rooms of HallMark, in the order they are set up."""

# One package per domain (room). Each has a blueprint `bp` in __init__.py and may have
# web/ (routes), cli.py (register(app)) and
# wiring.py (init_app(app): its template filters and event listeners).
DOMAINS = (
    "main",
    "centers",  # before every room whose rows belong to a center
    "auth",
    "audit",
    "documents",
    "rules",
    "procedures",
    "records",
    "assessment",
    "govdocs",
    "quality",
    "hall",
    "jobs",
    "rollup",  # results reported up: reads records, hall and assessment of the centers below
    "search",  # last: its demo step rebuilds the index once everything else is loaded
)
