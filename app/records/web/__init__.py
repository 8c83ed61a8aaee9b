"""Pages of the records room, one module per subject: parse the request, call a service or a
query, flash / redirect / render. Routes are registered on app.records.bp."""

from . import cases, dashboard, kinds, lights, org, stats  # noqa: F401  (registers the routes)
