"""Pure rules of the auth room (no Flask, no database): session expiry, throttling, password policy."""
