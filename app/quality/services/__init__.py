"""Use cases of the quality room, one module per subject. Each takes the acting user, checks the
permission, changes the session, writes the audit trail and flushes; the request (or the CLI
command, or the test) commits once."""
