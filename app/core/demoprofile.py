"""Which demo center the rooms' demo loaders are loading (`flask demo load --city`).

The one-center demo (`flask demo load`) runs every room's `demo.load()` with the default profile:
logins admin, wenjian … and the names the loaders always had. The city demo runs the same loaders
once per center, inside `app.centers.context.acting_in(center)` and `using(profile)`: logins get the
center's prefix (usernames are unique across the installation), the core demo accounts the center's
own invented names, departments the center's place word (市 / 县 / 镇), the random data its own seed
and its own share of the cases. Pure: no flask, no database."""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DemoProfile:
    login_prefix: str = ""  # "" for the one-center demo; e.g. "qx_" for a county
    place: str = "市"  # the first word of the departments' names: 市发展和改革委员会 / 县… / 镇…
    seed: int = 0  # added to every loader's random seed, so each center's data differs
    case_share: float = 1.0  # the share of the one-center demo's cases a day (a township has fewer)
    names: dict[str, str] = field(default_factory=dict)  # base login -> display name (the core accounts)

    def login(self, base: str) -> str:
        return f"{self.login_prefix}{base}"

    def name(self, base: str, default: str) -> str:
        return self.names.get(base, default)

    def department(self, name: str) -> str:
        """市发展和改革委员会 -> 县发展和改革委员会 (a name that starts with 市)."""
        return self.place + name[1:] if name.startswith("市") and self.place != "市" else name


DEFAULT = DemoProfile()
_current: ContextVar[DemoProfile] = ContextVar("hallmark_demo_profile", default=DEFAULT)


def current() -> DemoProfile:
    return _current.get()


def login(base: str) -> str:
    """The username of the demo account `base` (admin, kaoping …) in the center being loaded."""
    return _current.get().login(base)


@contextlib.contextmanager
def using(profile: DemoProfile):
    token = _current.set(profile)
    try:
        yield profile
    finally:
        _current.reset(token)
