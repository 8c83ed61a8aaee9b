"""Use cases of the hall's procedures: take the acting user, check the permission, change the
session, audit, flush (never commit: the request or the CLI command commits once)."""
