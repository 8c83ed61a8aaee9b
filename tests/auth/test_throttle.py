"""Login resists guessing without locking anyone out (issue 12 item 6)."""

from datetime import timedelta

import pytest

from app.auth.logic.throttle import delay_after, wait_left
from app.auth.models import LoginThrottle
from app.auth.services import AuthError, authenticate
from app.auth.services.login import ThrottleSettings
from app.extensions import db
from tests.conftest import PASSWORD

SETTINGS = ThrottleSettings(
    free_account=5, max_delay_account=60, free_address=20, max_delay_address=900, forget_minutes=60
)


def test_delays_grow_and_are_capped():
    assert [delay_after(n, 5, 60) for n in range(1, 13)] == [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60]
    assert wait_left(6, 1.0, 5, 60, 60) == 1
    assert wait_left(6, 2.5, 5, 60, 60) == 0
    assert wait_left(50, 61 * 60, 5, 60, 60) == 0  # forgotten


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    """The delays are counted in seconds: on a loaded machine a slow attempt would outlast a 1 s
    delay, so the clock stands still unless a test ages the counters itself."""
    from app.auth.services import login
    from app.core.timeutil import utcnow

    now = utcnow()
    monkeypatch.setattr(login, "utcnow", lambda: now)
    return now


def _age_throttle(seconds):
    for row in db.session.scalars(db.select(LoginThrottle)):
        if row.last_failure_at:
            row.last_failure_at -= timedelta(seconds=seconds)
    db.session.commit()


def _try(username, password, address):
    try:
        authenticate(username, password, address, SETTINGS)
        db.session.commit()
        return "ok"
    except AuthError as exc:
        db.session.commit()
        return "wait" if "频繁" in str(exc) else "bad"


def test_a_sprayed_account_is_delayed_never_locked(app, users):
    # An attacker sprays the evaluator's name from many addresses.
    for i in range(30):
        _try("evaluator", "guess%d" % i, f"10.0.{i}.1")
        _age_throttle(61)  # the attacker waits out each delay
    # The owner, a minute after the last guess, signs in at once: at most 60 s of delay, no lock.
    assert _try("evaluator", PASSWORD, "192.168.1.5") == "ok"


def test_spraying_many_accounts_from_one_address_is_slowed(app, users):
    results = [_try(name, "wrong-%d" % i, "203.0.113.9") for i in range(68) for name in [sorted(users)[i % len(users)]]]
    assert results.count("bad") == 20  # the free failures of the address
    assert results.count("wait") == 48  # 68 sprayed attempts: 48 refused unread
    # Another address is not affected.
    assert _try("auditor", PASSWORD, "198.51.100.7") == "ok"


def test_refusal_while_waiting_does_not_read_the_password(app, users):
    for i in range(6):
        _try("auditor", "bad%d" % i, "10.1.1.1")
    assert _try("auditor", PASSWORD, "10.1.1.2") == "wait"  # even the right password waits
    _age_throttle(2)
    assert _try("auditor", PASSWORD, "10.1.1.2") == "ok"


def test_unknown_and_known_names_are_treated_alike(app, users):
    known = [_try("auditor", "bad%d" % i, "10.2.0.%d" % i) for i in range(7)]
    unknown = [_try("nobody-here", "bad%d" % i, "10.3.0.%d" % i) for i in range(7)]
    assert known == unknown == ["bad"] * 5 + ["wait"] * 2


def test_unknown_name_costs_as_much_as_a_known_one(app, users, monkeypatch):
    """The same hash work for an unknown name as for a known one, counted rather than timed (a
    timing belongs in bench/, not in a unit test on a shared machine)."""
    import werkzeug.security

    app.config["PASSWORD_HASH_METHOD"] = "pbkdf2:sha256:200000"
    from app.auth.models import User

    user = db.session.get(User, users["auditor"].id)
    user.set_password(PASSWORD)
    db.session.commit()
    _try("no-such-user", "warm", "10.9.0.1")  # the dummy hash is made once, on first use
    hashed = []
    real = werkzeug.security._hash_internal
    monkeypatch.setattr(
        werkzeug.security,
        "_hash_internal",
        lambda method, salt, password: hashed.append(method) or real(method, salt, password),
    )

    def once(name, i):
        hashed.clear()
        assert _try(name, "wrong", f"10.9.{len(name)}.{i}") == "bad"
        return list(hashed)

    assert once("auditor", 1) == once("no-such-user", 1) == ["pbkdf2:sha256:200000"]


def test_login_page_says_to_wait(client, users):
    for i in range(6):
        client.post("/login", data={"username": "auditor", "password": "bad%d" % i})
    page = client.post("/login", data={"username": "auditor", "password": PASSWORD}).get_data(as_text=True)
    assert "登录尝试过于频繁" in page
