"""Windows in number order everywhere (pages, bulletins, Excel). Pure."""

from __future__ import annotations

import re


def natural_key(text: str) -> tuple:
    """'2号 规划许可' before '13号 道路运输': numbers compared as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text or ""))


def by_window_number(items, attribute: str = "window_name") -> list:
    return sorted(items, key=lambda item: natural_key(getattr(item, attribute)))
