"""The staff register as the auth room sees it. The records room owns the staff and the window
rosters and imports auth, so auth cannot import it back: records hands in its directory at set-up
(records/wiring.py calls `use_staff_directory`), as auth hands its rules to the kernel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol


@dataclass(frozen=True)
class StaffCard:
    id: int
    name: str
    department: str = ""
    window_id: int | None = None
    window_label: str = ""
    post: str = ""


class StaffDirectory(Protocol):
    def card(self, staff_id: int, on: date) -> StaffCard | None: ...

    def roster(self, on: date, window_id: int | None = None) -> list[StaffCard]: ...

    def windows(self, on: date) -> list[tuple[int, str]]: ...

    def window_of(self, staff_id: int, on: date) -> int | None: ...


class _NoDirectory:
    """Used until (or unless) the records room is set up: nobody is on a roster."""

    def card(self, staff_id, on):
        return None

    def roster(self, on, window_id=None):
        return []

    def windows(self, on):
        return []

    def window_of(self, staff_id, on):
        return None


_directory: list = [_NoDirectory()]


def use_staff_directory(directory: StaffDirectory) -> None:
    _directory[0] = directory


def staff_directory() -> StaffDirectory:
    return _directory[0]
