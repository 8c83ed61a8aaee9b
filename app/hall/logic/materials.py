"""一次性告知制: every service item carries its list of required materials (申请材料目录) with
history by date; the 补正 step is a checklist of the list in force on the day, and all that is
missing is told at once in a numbered 一次性告知书.

A later 补正 of the same case that asks for a material which was not on the first notice breaks
the rule (the thing the rule forbids); it is flagged and feeds the scoring (E5 受理、退回不当).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ...core.workdays import add_workdays

FORMS = {"original": "原件", "copy": "复印件", "both": "原件及复印件", "electronic": "电子文件"}
SUPPLEMENT_WITHIN = 5  # *(default)* working days the applicant is given to bring the papers


@dataclass(frozen=True)
class Material:
    key: str  # stable key of the material within the item (survives renames between versions)
    name: str
    form: str = "original"
    count: int = 1
    template: str = ""
    legal_basis: str = ""


def in_force(versions: list[tuple[date, list]], on: date) -> list:
    """The list of the latest version valid on `on`; versions are (valid_from, materials)."""
    current = None
    for valid_from, materials in sorted(versions, key=lambda v: v[0]):
        if valid_from <= on:
            current = materials
    return list(current or [])


def missing(required: list[Material], present_keys: set[str]) -> list[Material]:
    """What the checklist leaves unticked, in the list's order."""
    return [m for m in required if m.key not in present_keys]


def breaches(first_notice_keys: list[str], later_keys: list[str]) -> list[str]:
    """Materials a later notice asks for that the first notice did not list."""
    first = set(first_notice_keys)
    return [k for k in later_keys if k not in first]


def deadline(issued_on: date, within: int = SUPPLEMENT_WITHIN) -> date:
    return add_workdays(issued_on, within)


def notice_number(year: int, seq: int, prefix: str = "告知") -> str:
    """〔〕 number of a notice, e.g. 示范服告知〔2026〕12号."""
    return f"{prefix}〔{year}〕{seq}号"


def parse_form(text: str) -> str:
    text = (text or "").strip()
    for key, label in FORMS.items():
        if text in (key, label):
            return key
    if "原" in text and "复" in text:
        return "both"
    if "复" in text:
        return "copy"
    if "电子" in text:
        return "electronic"
    return "original"
