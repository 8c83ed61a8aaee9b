"""What views share when a service refuses: roll back and show the refusal to the user."""

from contextlib import contextmanager

from flask import flash

from .extensions import db


@contextmanager
def refusals_flashed(*errors):
    """A domain refusal (one of `errors`) raised in the block rolls the session back and is shown
    as a red message; the view then carries on after the block (re-shows the form or redirects).
    `errors` are exception classes or tuples of them."""
    errors = tuple(e for group in errors for e in (group if isinstance(group, tuple) else (group,)))
    try:
        yield
    except errors as exc:
        db.session.rollback()
        flash(str(exc), "danger")


def roll_back() -> None:
    """Undo the session's changes after a refusal the view shows itself (e.g. on a form field),
    so the request's commit saves nothing of the refused action."""
    db.session.rollback()


@contextmanager
def refusals_on_field(form, default_field: str, *errors):
    """Like refusals_flashed, but the refusal is shown under a field of `form`: the one the error
    names (`exc.field`), else `default_field`; the session is rolled back first."""
    errors = tuple(e for group in errors for e in (group if isinstance(group, tuple) else (group,)))
    try:
        yield
    except errors as exc:
        roll_back()
        target = getattr(form, getattr(exc, "field", None) or default_field, None) or getattr(form, default_field)
        target.errors = list(target.errors) + [str(exc)]
