"""The one password policy, used by every path that sets a password (admin page, own page, reset,
CLI): at least 10 characters, not a common password, not built on the username, not the published
demo password outside the demo. Also the generator of one-time initial passwords."""

import secrets

from .common_passwords import COMMON_PASSWORDS

MIN_LENGTH = 10
DEMO_PASSWORD = "hallmark2026"  # published in the README and printed by `flask demo load`
# No 0/o/1/l/i: an initial password is read off a printed sheet.
_INITIAL_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _plain(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def password_problem(password: str, username: str = "", display_name: str = "", demo: bool = False) -> str | None:
    """None when `password` may be used, else the Chinese reason it is refused."""
    password = password or ""
    if len(password) < MIN_LENGTH:
        return f"密码至少 {MIN_LENGTH} 位。"
    lowered = password.lower()
    plain = _plain(password)
    if lowered in COMMON_PASSWORDS or plain in COMMON_PASSWORDS or len(set(lowered)) <= 2:
        return "这个密码太常见，很容易被猜中，请换一个。"
    if plain.isdigit() and (plain in "01234567890123456789" or plain in "98765432109876543210"):
        return "这个密码太常见，很容易被猜中，请换一个。"
    for word in (username, display_name):
        word = _plain(word or "")
        if len(word) >= 3 and (word in plain or plain in word or word[::-1] in plain):
            return "密码不能包含用户名或姓名。"
    if not demo and lowered == DEMO_PASSWORD:
        return "不能使用公开的演示密码。"
    return None


def initial_password() -> str:
    """A one-time initial password for a printed sheet, e.g. 'k7mq-3tx9-pa4w' (14 characters)."""
    groups = ["".join(secrets.choice(_INITIAL_ALPHABET) for _ in range(4)) for _ in range(3)]
    return "-".join(groups)
