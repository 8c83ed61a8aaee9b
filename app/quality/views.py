"""Discovery (app.configure_domains) imports <room>.views; the routes live in web/."""
from .web import dashboard, nonconformities, objectives, proposals  # noqa: F401
