"""Shared pure helpers (no Flask, no database)."""
