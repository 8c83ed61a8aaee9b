"""Pages of the quality room, one module per subject: parse the request, call a service or a
query, flash / redirect / render. Routes are registered on app.quality.bp."""

from . import (  # noqa: F401,E402  (registers the routes)
    audits,
    dashboard,
    nonconformities,
    objectives,
    proposals,
    reviews,
)
